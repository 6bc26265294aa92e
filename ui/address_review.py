"""The Review step of the address job: a person checks the close calls, record by record."""

from __future__ import annotations

import polars as pl
import streamlit as st

from matching.address_match.session import label_key
from matching.labels import Verdict
from ui.address_view import shown_here
from ui.charts import waterfall_chart
from ui.labels import VERDICT_ICONS, highlight_differences, labels_download, labels_upload
from ui.privacy import md, shown
from ui.session import AppState
from ui.widgets import intro, next_step

SECONDS_PER_RECORD = 20
ORDERS = {"close": "closest calls first", "given": "UPRNs given, weakest first",
          "none": "no UPRN, strongest candidate first"}
POSITION = "review.address_position"


def address_queue(state: AppState, order: str, size: int) -> pl.DataFrame:
    """Records worth a look: their best candidate is near the least weight or lead."""
    job = state.workbench.addresses
    rule = job.rule
    decided = job.decided().filter(pl.col("candidate_uprn").is_not_null()
                                   & ~pl.col("status").eq("exact"))
    closeness = pl.min_horizontal((pl.col("match_weight") - rule.min_weight).abs(),
                                  (pl.col("gap").fill_null(99.0) - rule.min_gap).abs())
    if order == "given":
        queue = decided.filter(pl.col("uprn").is_not_null()).sort("match_weight")
    elif order == "none":
        queue = decided.filter(pl.col("uprn").is_null()).sort("match_weight", descending=True)
    else:
        queue = decided.with_columns(closeness.alias("_close")).sort("_close").drop("_close")
    return queue.head(size)


def _record(state: AppState, unique_id: str, uprn: str, verdict: Verdict, note_key: str,
            size: int) -> None:
    state.workbench.addresses.labels.set(label_key(unique_id, uprn), verdict,
                                         str(st.session_state.get(note_key) or ""))
    st.session_state[POSITION] = min(int(st.session_state.get(POSITION, 0)) + 1, size - 1)


def _move(step: int, size: int) -> None:
    st.session_state[POSITION] = min(max(int(st.session_state.get(POSITION, 0)) + step, 0),
                                     size - 1)


def address_review_page(state: AppState) -> None:
    job = state.workbench.addresses
    intro(
        "7. Review",
        "Check the close calls: records whose best candidate is near the least weight or "
        "lead. For each, compare the record's address with the list's and say whether the "
        "UPRN is right. Your labels count as known answers on the Threshold page and go into "
        "the export.",
    )
    if job.result is None:
        st.info("Match the addresses first.")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        st.stop()
    controls = st.columns([3, 1, 1])
    order = controls[0].radio("Which records first", list(ORDERS), format_func=ORDERS.get,
                              horizontal=True, key="review.address_order")
    size = int(controls[1].number_input("Records in the queue", min_value=5, max_value=1000,
                                        value=50, step=5, key="review.address_size"))
    blind = controls[2].toggle("Blind mode", key="review.address_blind",
                               help="Hide the score and the reason, so the label is your own "
                                    "judgement.")
    queue = address_queue(state, order, size)
    book = job.labels
    if queue.height == 0:
        st.info("No record is a close call: every record is clearly given a UPRN or clearly "
                "not.")
        labels_download(book, "review.address_download")
        return
    keys = [label_key(u, c) for u, c in queue.select("unique_id", "candidate_uprn").iter_rows()]
    done = sum(1 for k in keys if k in book)
    st.progress(done / len(keys), text=f"{done} of {len(keys)} records in this queue labelled "
                f"(about {max(0, len(keys) - done) * SECONDS_PER_RECORD // 60} minutes left)")
    position = min(int(st.session_state.get(POSITION, 0)), len(keys) - 1)
    row = queue.row(position, named=True)
    unique_id, uprn = row["unique_id"], row["candidate_uprn"]
    heading = f"Record {position + 1} of {len(keys)}"
    if not blind:
        heading += f" · match weight {row['match_weight']:.2f}" + (
            f", lead {row['gap']:.2f}" if row["gap"] is not None else ", no runner-up")
    st.subheader(heading)
    existing = book.get(label_key(unique_id, uprn))
    if existing is not None:
        st.caption(f"You labelled this UPRN: {VERDICT_ICONS[existing.verdict]} "
                   f"**{existing.verdict.value}**" + (f" — {md(existing.note)}"
                                                      if existing.note else ""))
    if not blind:
        st.info(md(row["reason"]), icon=":material/psychology:")
    pair = job.pair_view(unique_id, uprn)
    if row["runner_up_uprn"] is not None:
        runner = job.pair_view(unique_id, row["runner_up_uprn"])
        pair = pl.concat([pair, runner.select(
            pl.lit("runner-up").alias("field"), pl.lit(None, dtype=pl.String).alias("record_1"),
            pl.col("record_2"))[1:]])
    steps = None if blind else job.waterfall(unique_id, uprn)
    st.dataframe(highlight_differences(shown(pair, state)), hide_index=True,
                 key="review.address_pair")
    st.caption("First: the record as written. Second: the list's address for the UPRN offered "
               "(and the runner-up below it).")
    if steps is not None:
        st.plotly_chart(waterfall_chart(steps), key="review.address_waterfall")
    note_key = f"review.address_note.{unique_id}"
    st.text_input("Note (optional)", value=existing.note if existing else "", key=note_key,
                  placeholder="e.g. the flat letter differs")
    buttons = st.columns(5)
    for cell, (label, verdict, icon) in zip(buttons, (
            ("Right UPRN", Verdict.MATCH, ":material/check:"),
            ("Wrong UPRN", Verdict.NON_MATCH, ":material/close:"),
            ("Unsure", Verdict.UNSURE, ":material/help:")), strict=False):
        cell.button(label, key=f"review.address_{verdict.name.lower()}", icon=icon,
                    type="primary" if verdict is Verdict.MATCH else "secondary",
                    on_click=_record, args=(state, unique_id, uprn, verdict, note_key, len(keys)),
                    use_container_width=True)
    buttons[3].button("Back", key="review.address_back", icon=":material/arrow_back:",
                      on_click=_move, args=(-1, len(keys)), disabled=position == 0,
                      use_container_width=True)
    buttons[4].button("Skip", key="review.address_skip", icon=":material/arrow_forward:",
                      on_click=_move, args=(1, len(keys)), disabled=position >= len(keys) - 1,
                      use_container_width=True)
    with st.expander(f"All your labels ({len(book):,})", icon=":material/label:"):
        if len(book):
            frame = book.frame().select(pl.col("unique_id_l").alias("record"),
                                        pl.col("unique_id_r").alias("uprn"), "label", "note")
            st.dataframe(shown_here(frame, state), hide_index=True, key="review.address_labels")
        labels_download(book, "review.address_download")
        state.labels_upload_id = labels_upload(book, "review.address_upload",
                                               state.labels_upload_id)
    next_step("pages/households.py", "Next: see the households")
