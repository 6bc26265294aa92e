"""The pieces of "You vs the model": known answers, blind labelling and the results."""

from __future__ import annotations

import polars as pl
import streamlit as st

from matching.errors import WorkbenchError
from matching.explain import pair_reason, pair_record, side_by_side, waterfall
from matching.known_matches import KnownMatches
from matching.labels import PAIR_KEY
from matching.loading import read_path, read_table
from matching.samples import DEDUPE_SAMPLE, LINK_SAMPLE, SAMPLE_DIR
from matching.teaching import TeachingRound
from ui.address_charts import teaching_chart
from ui.address_view import shown_here
from ui.charts import waterfall_chart
from ui.labels import highlight_differences
from ui.page_end import end_page
from ui.privacy import md, shown
from ui.session import AppState
from ui.widgets import show_error


def known_answers(state: AppState) -> None:
    """Ways to give the person job its known answers: the sample's, or a file."""
    wb = state.workbench
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


def pair_records(state: AppState, key: tuple[str, ...], *, addresses: bool) -> pl.DataFrame:
    """The two sides of a pair as rows of a table, as loaded."""
    wb = state.workbench
    if addresses:
        return wb.addresses.pair_view(key[1], key[3])
    assert wb.config is not None
    return side_by_side(wb.tables, wb.config, key)


def _answer(app: AppState, is_match: bool) -> None:
    assert app.teaching is not None
    app.teaching.answer(is_match)


def _back(app: AppState) -> None:
    assert app.teaching is not None
    app.teaching.position = max(app.teaching.position - 1, 0)


def labelling(state: AppState, round_: TeachingRound, *, addresses: bool) -> None:
    """The pair on show, without its score, and the answer buttons."""
    yes, no = (("Same property", "Different properties") if addresses
               else ("Same person", "Different people"))
    position = round_.position
    item = round_.items[position]
    st.progress(len(round_.answers) / len(round_.items),
                text=f"{len(round_.answers)} of {len(round_.items)} pairs answered")
    st.subheader(f"Pair {position + 1} of {len(round_.items)}")
    st.dataframe(highlight_differences(shown(pair_records(state, item.key, addresses=addresses),
                                             state)), hide_index=True, key="teaching.records")
    buttons = st.columns(3)
    buttons[0].button(yes, type="primary", key="teaching.match", icon=":material/check:",
                      on_click=_answer, args=(state, True), use_container_width=True)
    buttons[1].button(no, key="teaching.nonmatch", icon=":material/close:", on_click=_answer,
                      args=(state, False), use_container_width=True)
    buttons[2].button("Back", key="teaching.back", icon=":material/arrow_back:",
                      on_click=_back, args=(state,), disabled=position == 0,
                      use_container_width=True)
    st.caption("No score, no hints: decide from the records alone, as a reviewer would.")


def round_results(state: AppState, round_: TeachingRound, *, addresses: bool,
                  threshold: float) -> None:
    """The officer's score beside the model's, and the pairs where either was wrong."""
    total = len(round_.items)
    outcomes = round_.outcomes()
    st.subheader("How you did")
    cells = st.columns(3)
    cells[0].metric("You", f"{round_.officer_right} of {total} right")
    cells[1].metric("The model", f"{round_.model_right} of {total} right",
                    help="The model says 'match' when it " + (
                        "gives the record that UPRN." if addresses else
                        f"scores the pair at or above the threshold ({threshold:.2f})."))
    cells[2].metric("Disagreed with the truth", f"{(outcomes['who_was_wrong'] != '').sum()}",
                    help="Pairs where you, the model or both were wrong.")
    st.plotly_chart(teaching_chart(round_.officer_right / total, round_.model_right / total),
                    key="teaching.chart")
    table = outcomes.select("pair", pl.col("unique_id_l").alias("record 1"),
                            pl.col("unique_id_r").alias("record 2"), "truth", "you", "model",
                            pl.col("match_weight").round(2).alias("match weight"),
                            "who_was_wrong")
    st.dataframe(shown_here(table, state), hide_index=True, key="teaching.outcomes")
    st.caption("Press **Start a new round** for fresh pairs. Pairs near the threshold are hard "
               "for people and models alike: that is where the Review page puts a person's "
               "judgement to work.")
    wrong = outcomes.filter(pl.col("who_was_wrong") != "")
    if wrong.height == 0:
        st.success("You and the model both got every pair right. Start another round: the "
                   "next one may be harder.")
        end_page(state)
    _disagreement(state, wrong, addresses=addresses)


def _disagreement(state: AppState, wrong: pl.DataFrame, *, addresses: bool) -> None:
    wb = state.workbench
    st.subheader("The pairs where you disagreed")
    whose = dict(zip(wrong["pair"].to_list(), wrong["who_was_wrong"].to_list(), strict=True))
    choice = st.selectbox("Look at a pair", list(whose),
                          format_func=lambda p: f"Pair {p}: {whose[p]} wrong",
                          key="teaching.pick")
    row = wrong.filter(pl.col("pair") == choice).row(0, named=True)
    key = tuple(row[c] for c in PAIR_KEY)
    st.markdown(f"The truth: **{row['truth']}**. You said **{row['you']}**, the model "
                f"**{row['model']}** (match weight {row['match_weight']:.2f}).")
    records = shown(pair_records(state, key, addresses=addresses), state)
    left, right = st.columns([2, 3])
    with left:
        st.dataframe(highlight_differences(records), hide_index=True, key="teaching.pair")
    steps = None
    if addresses:
        steps = wb.addresses.waterfall(key[1], key[3])
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
            st.caption("Each comparison adds evidence for (green) or against (red); the last "
                       "bar is the score the model decided on.")
