"""You vs the model: label a handful of pairs blind, then compare with the model."""

import polars as pl
import streamlit as st

from matching.errors import WorkbenchError
from matching.explain import pair_reason, pair_record, side_by_side, waterfall
from matching.known_matches import KnownMatches
from matching.labels import PAIR_KEY
from matching.loading import read_path, read_table
from matching.samples import DEDUPE_SAMPLE, LINK_SAMPLE, SAMPLE_DIR
from matching.teaching import address_pairs, draw_round, person_pairs
from ui.address_charts import teaching_chart
from ui.address_view import shown_here
from ui.charts import waterfall_chart
from ui.labels import highlight_differences
from ui.page_end import end_page
from ui.privacy import md, shown
from ui.session import AppState, bootstrap
from ui.widgets import intro, show_error

state = bootstrap("You vs the model")
wb = state.workbench
job = wb.addresses
addresses = job.active
intro(
    "You vs the model",
    "A bootcamp exercise for data whose answers are known (the sample data, or a file with a "
    "truth column). You see a handful of pairs **without the score** and say whether they are "
    + ("the same property" if addresses else "the same person")
    + "; then your accuracy is shown beside the model's on the same pairs, with the pairs "
    "where either of you got it wrong and why the model scored them as it did. Each browser "
    "tab has its own round, so a whole cohort can play on one shared server.",
)

# --- the pairs with known answers ---------------------------------------------------------------
if addresses:
    if job.result is None:
        st.info("Match the addresses first (Addresses page).")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        end_page(state)
    if job.known().height == 0:
        st.info("This exercise needs known UPRNs: use the sample data, or choose a column of "
                "known UPRNs on the Threshold page.")
        end_page(state)
    pairs = address_pairs(job.best(), job.known(), job.decided())
    threshold = job.rule.min_weight
else:
    if wb.result is None or wb.config is None:
        st.info("Train the model first (Train & match page), on the sample data or on files "
                "with a truth column.")
        st.page_link("pages/train.py", label="Go to Train & match",
                     icon=":material/model_training:")
        end_page(state)
    if wb.known_matches is None or len(wb.known_matches) == 0:
        names = tuple(t.file_name for t in wb.tables)
        if names in (LINK_SAMPLE, DEDUPE_SAMPLE) and st.button(
                "Use the sample's answers", key="teaching.sample", icon=":material/science:"):
            wb.known_matches = KnownMatches.from_table(read_path(SAMPLE_DIR / "truth.csv"))
            st.rerun()
        upload = st.file_uploader("Or load the known answers (source_dataset, record_id, "
                                  "person_id; or pairs in Splink's labels format)",
                                  type=["csv", "xlsx", "parquet"],
                                  key=f"teaching.truth.{state.uploader_generation}")
        if upload is not None:
            try:
                wb.known_matches = KnownMatches.from_table(read_table(upload.getvalue(),
                                                                      upload.name))
                st.rerun()
            except WorkbenchError as err:
                show_error(err)
        st.caption("A truth column in the files can also be chosen on the Threshold page.")
        end_page(state)
    result = wb.result
    with result.workspace.lock:
        pairs = person_pairs(result.con, result.predictions_table, wb.known_matches)
    threshold = result.threshold

# --- a round ------------------------------------------------------------------------------------
cells = st.columns([1, 2])
size = int(cells[0].number_input("Pairs in a round", min_value=4, max_value=30, value=10,
                                 step=2, key="teaching.size"))
if cells[1].button("Start a new round", type="primary", key="teaching.start",
                   icon=":material/casino:"):
    state.teaching = draw_round(pairs, threshold, size=size)
    if state.teaching is None:
        st.warning("There are too few pairs with known answers for a round.")
round_ = state.teaching
if round_ is None:
    st.info(f"{pairs.height:,} scored pairs have a known answer. Press **Start a new round**.")
    end_page(state)


def _records(key: tuple[str, ...]) -> pl.DataFrame:
    """The two sides of a pair as rows of a table, as loaded."""
    if addresses:
        return job.pair_view(key[1], key[3])
    assert wb.config is not None
    return side_by_side(wb.tables, wb.config, key)


def _answer(app: AppState, is_match: bool) -> None:
    assert app.teaching is not None
    app.teaching.answer(is_match)


def _back(app: AppState) -> None:
    assert app.teaching is not None
    app.teaching.position = max(app.teaching.position - 1, 0)


yes, no = ("Same property", "Different properties") if addresses else ("Same person",
                                                                        "Different people")
if not round_.done:
    position = round_.position
    item = round_.items[position]
    st.progress(len(round_.answers) / len(round_.items),
                text=f"{len(round_.answers)} of {len(round_.items)} pairs answered")
    st.subheader(f"Pair {position + 1} of {len(round_.items)}")
    st.dataframe(highlight_differences(shown(_records(item.key), state)), hide_index=True,
                 key="teaching.records")
    buttons = st.columns(3)
    buttons[0].button(yes, type="primary", key="teaching.match", icon=":material/check:",
                      on_click=_answer, args=(state, True), use_container_width=True)
    buttons[1].button(no, key="teaching.nonmatch", icon=":material/close:", on_click=_answer,
                      args=(state, False), use_container_width=True)
    buttons[2].button("Back", key="teaching.back", icon=":material/arrow_back:",
                      on_click=_back, args=(state,), disabled=position == 0,
                      use_container_width=True)
    st.caption("No score, no hints: decide from the records alone, as a reviewer would.")
    end_page(state)

# --- results ------------------------------------------------------------------------------------
total = len(round_.items)
st.subheader("How you did")
cells = st.columns(3)
cells[0].metric("You", f"{round_.officer_right} of {total} right")
cells[1].metric("The model", f"{round_.model_right} of {total} right",
                help="The model says 'match' when it " + ("gives the record that UPRN."
                     if addresses else f"scores the pair at or above the threshold "
                     f"({threshold:.2f})."))
cells[2].metric("Disagreed with the truth", f"{sum(1 for w in round_.outcomes()['who_was_wrong'] if w)}",
                help="Pairs where you, the model or both were wrong.")
st.plotly_chart(teaching_chart(round_.officer_right / total, round_.model_right / total),
                key="teaching.chart")
outcomes = round_.outcomes()
table = outcomes.select("pair", pl.col("unique_id_l").alias("record 1"),
                        pl.col("unique_id_r").alias("record 2"), "truth", "you", "model",
                        pl.col("match_weight").round(2).alias("match weight"), "who_was_wrong")
st.dataframe(shown_here(table, state), hide_index=True, key="teaching.outcomes")
st.caption("Press **Start a new round** for fresh pairs. Pairs near the threshold are hard for "
           "people and models alike: that is where the Review page puts a person's judgement "
           "to work.")
wrong = outcomes.filter(pl.col("who_was_wrong") != "")
if wrong.height == 0:
    st.success("You and the model both got every pair right. Start another round: the next "
               "one may be harder.")
    end_page(state)
st.subheader("The pairs where you disagreed")
choice = st.selectbox("Look at a pair", wrong["pair"].to_list(),
                      format_func=lambda p: f"Pair {p}: " + str(
                          wrong.filter(pl.col("pair") == p)["who_was_wrong"][0]) + " wrong",
                      key="teaching.pick")
row = wrong.filter(pl.col("pair") == choice).row(0, named=True)
key = tuple(row[c] for c in PAIR_KEY)
st.markdown(f"The truth: **{row['truth']}**. You said **{row['you']}**, the model "
            f"**{row['model']}** (match weight {row['match_weight']:.2f}).")
records = shown(_records(key), state)
left, right = st.columns([2, 3])
with left:
    st.dataframe(highlight_differences(records), hide_index=True, key="teaching.pair")
steps = None
if addresses:
    steps = job.waterfall(key[1], key[3])
elif wb.result is not None:
    try:
        steps = waterfall(wb.result, pair_record(wb.result, key))
    except KeyError:
        steps = None
if steps is not None:
    with right:
        if not addresses:
            st.info(md(pair_reason(steps, records)), icon=":material/psychology:")
        st.plotly_chart(waterfall_chart(steps), key="teaching.waterfall")
        st.caption("Each comparison adds evidence for (green) or against (red); the last bar "
                   "is the score the model decided on.")
