"""Step 7 — Review: a person checks the pairs the model is least sure about and labels them."""

import polars as pl
import streamlit as st

from matching.explain import pair_reason, pair_record, side_by_side, waterfall
from matching.labels import LabelBook, PairKey, Verdict, next_unlabelled, queue_keys, review_queue
from ui.address_review import address_review_page
from ui.charts import waterfall_chart
from ui.labels import (
    VERDICT_ICONS,
    highlight_differences,
    label_counts_text,
    labels_download,
    labels_upload,
)
from ui.page_end import end_page
from ui.privacy import md, shown
from ui.session import AppState, bootstrap
from ui.widgets import intro, next_step, require_result

SECONDS_PER_PAIR = 20
ORDERS = {"uncertain": "most uncertain first (closest to the threshold)",
          "stratified": "spread evenly across the review band"}

state = bootstrap("review")
if state.workbench.addresses.active:  # the address job has its own review
    address_review_page(state)
    end_page(state)
config, result = require_result(state)
wb = state.workbench
threshold = result.threshold
lower, upper = config.review_band.bounds(threshold)
intro(
    "7. Review",
    "Here a person checks the pairs the model is least sure about: those in the **review "
    f"band** (match weight {lower:.2f} to {upper:.2f}; set it on the Threshold page). For each "
    "pair, compare the two records and say whether they are the same person. Your labels "
    "are kept with the project, measure the model's accuracy on the Threshold page, and can "
    "be downloaded as evidence for your information-governance team.",
)

controls = st.columns([3, 1, 1])
order = controls[0].radio("Which pairs first", list(ORDERS), format_func=ORDERS.get,
                          horizontal=True, key="review.order")
size = int(controls[1].number_input("Pairs in the queue", min_value=5, max_value=1000,
                                    value=50, step=5, key="review.size"))
blind = controls[2].toggle("Blind mode", key="review.blind",
                           help="Hide the score and the model's explanation, so the label is "
                           "your own judgement of the records.")

queue_key = (id(result), lower, upper, threshold, order, size)
if state.review_queue is None or state.review_queue_key != queue_key:
    with result.workspace.lock:
        state.review_queue = review_queue(result.con, result.predictions_table, lower, upper,
                                          threshold=threshold, size=size, order=order)
    state.review_queue_key = queue_key
    state.review_position = next_unlabelled(queue_keys(state.review_queue), wb.labels) or 0
queue = state.review_queue
keys = queue_keys(queue)
book = wb.labels


def _record(app: AppState, pair: PairKey, verdict: Verdict, note_key: str) -> None:
    app.workbench.labels.set(pair, verdict, str(st.session_state.get(note_key) or ""))
    position = app.review_position
    after = next_unlabelled(keys, app.workbench.labels, position + 1)
    app.review_position = after if after is not None else min(position + 1, len(keys) - 1)


def _move(app: AppState, step: int) -> None:
    app.review_position = min(max(app.review_position + step, 0), len(keys) - 1)


def _undo(app: AppState) -> None:
    pair = app.workbench.labels.undo()
    if pair in keys:
        app.review_position = keys.index(pair)


def _labels_panel(book: LabelBook) -> None:
    with st.expander(f"All your labels ({len(book):,})", icon=":material/label:",
                     expanded=not keys):
        st.caption(label_counts_text(book))
        if len(book):
            st.dataframe(book.frame().drop("clerical_match_score"), hide_index=True,
                         key="review.labels")
        labels_download(book, "review.download")
        state.labels_upload_id = labels_upload(book, "review.upload", state.labels_upload_id)


if not keys:
    st.info(f"There are no pairs in the review band ({lower:.2f} to {upper:.2f}). Widen it on "
            "the Threshold page, or move on: every pair is clearly accepted or rejected.")
    _labels_panel(book)
    next_step("pages/clusters.py", "Next: see the groups of records")
    st.stop()

done = sum(1 for k in keys if k in book)
st.progress(done / len(keys), text=f"{done} of {len(keys)} pairs in this queue labelled "
            f"(about {max(0, len(keys) - done) * SECONDS_PER_PAIR // 60} minutes left at "
            f"{SECONDS_PER_PAIR} s a pair)")

position = min(state.review_position, len(keys) - 1)
pair = keys[position]
row = queue.row(position, named=True)
existing = book.get(pair)
heading = f"Pair {position + 1} of {len(keys)}"
if not blind:
    heading += f" · match weight {row['match_weight']:.2f} ({row['match_probability']:.0%})"
st.subheader(heading)
if existing is not None:
    st.caption(f"You labelled this pair: {VERDICT_ICONS[existing.verdict]} "
               f"**{existing.verdict.value}**" + (f" — {existing.note}" if existing.note else ""))

records = shown(side_by_side(wb.tables, config, pair), state)
steps = None if blind else waterfall(result, pair_record(result, pair))
if steps is not None:  # values in it are the officer's data (masked or not): never Markdown
    st.info(md(pair_reason(steps, records)), icon=":material/psychology:")
left, right = st.columns([2, 3]) if steps is not None else (st.container(), None)
with left:
    # A table, not a grid: long values (addresses) wrap instead of being cut off.
    st.table(highlight_differences(records).hide(axis="index"))
    st.caption("Highlighted rows differ between the two records (ignoring case and spaces).")
if right is not None and steps is not None:
    with right:
        st.plotly_chart(waterfall_chart(steps), key="review.waterfall")
        st.caption("The first bar is the starting point (how rare matches are); each "
                   "comparison adds or subtracts; the last bar is the final match weight.")

note_key = f"review.note.{'|'.join(pair)}"
st.text_input("Note (optional)", value=existing.note if existing else "", key=note_key,
              placeholder="e.g. same person, moved from E8 to N16")
buttons = st.columns(6)
buttons[0].button("Match", type="primary", key="review.match", icon=":material/check:",
                  on_click=_record, args=(state, pair, Verdict.MATCH, note_key),
                  use_container_width=True)
buttons[1].button("Not a match", key="review.nonmatch", icon=":material/close:",
                  on_click=_record, args=(state, pair, Verdict.NON_MATCH, note_key),
                  use_container_width=True)
buttons[2].button("Unsure", key="review.unsure", icon=":material/help:",
                  on_click=_record, args=(state, pair, Verdict.UNSURE, note_key),
                  use_container_width=True)
buttons[3].button("Back", key="review.back", icon=":material/arrow_back:", on_click=_move,
                  args=(state, -1), disabled=position == 0, use_container_width=True)
buttons[4].button("Skip", key="review.skip", icon=":material/arrow_forward:", on_click=_move,
                  args=(state, 1), disabled=position >= len(keys) - 1, use_container_width=True)
buttons[5].button("Undo", key="review.undo", icon=":material/undo:", on_click=_undo,
                  args=(state,), disabled=not book.can_undo, use_container_width=True)

with st.expander("The whole queue", icon=":material/list:"):
    overview = queue.select(
        pl.col("unique_id_l").alias("record 1"), pl.col("unique_id_r").alias("record 2"),
        *([] if blind else [pl.col("match_weight").round(2).alias("match weight")]),
        pl.Series("your label", [(book.get(k).verdict.value if k in book else "")  # type: ignore[union-attr]
                                 for k in keys]),
    )
    event = st.dataframe(overview, hide_index=True, on_select="rerun",
                         selection_mode="single-row", key="review.pairs", height=250)
    picked = event["selection"]["rows"] if event else []
    if picked and picked[0] != state.review_position:
        state.review_position = picked[0]
        st.session_state.pop("review.pairs", None)
        st.rerun()

_labels_panel(book)
next_step("pages/clusters.py", "Next: see the groups of records")
