"""The Threshold step of the address job: the least match weight and lead for a UPRN to be
given, and the accuracy measured against known UPRNs."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from matching.address_match.config import DecisionRule
from matching.address_match.evaluate import truth_from_table
from matching.errors import WorkbenchError
from matching.loading import read_table
from ui.address_charts import address_accuracy_chart, weight_gap_chart
from ui.labels import label_counts_text
from ui.privacy import md
from ui.session import AppState
from ui.values import number
from ui.widgets import intro, next_step, show_error

WEIGHT, GAP = "threshold.address_weight", "threshold.address_gap"
NONE = "(none)"


def _set_rule(state: AppState) -> None:
    state.workbench.addresses.set_rule(float(st.session_state[WEIGHT]),
                                       float(st.session_state[GAP]))


def _use(state: AppState, weight: float, gap: float) -> None:
    state.workbench.addresses.set_rule(weight, gap)
    st.session_state[WEIGHT], st.session_state[GAP] = weight, gap


def address_threshold_page(state: AppState) -> None:
    job = state.workbench.addresses
    intro(
        "6. Threshold",
        "A record is given its best candidate's UPRN when two things hold: its **match "
        "weight** is at least the least weight (how strongly the addresses agree; each point "
        "doubles the odds), and it **leads** the next-best property by at least the least lead "
        "(so two flats that fit equally are never guessed between). Records written exactly as "
        "one address of the list are always given it. Raise either to be safer; lower them to "
        "give more UPRNs.",
    )
    if job.result is None:
        st.info("Match the addresses first.")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        st.stop()
    best = job.best()
    weights = best["match_weight"].drop_nulls()
    rule = job.rule
    low = min(-20.0, rule.min_weight, number(weights.min(), 0.0))
    high = float(max(30.0, rule.min_weight))
    if st.session_state.get(WEIGHT) != rule.min_weight:
        st.session_state[WEIGHT] = rule.min_weight
    if st.session_state.get(GAP) != rule.min_gap:
        st.session_state[GAP] = rule.min_gap
    cells: Sequence[DeltaGenerator] = st.columns(2)
    cells[0].slider("Least match weight", min_value=float(round(low)), max_value=float(round(high)),
                    step=0.5,
                    key=WEIGHT, on_change=_set_rule, args=(state,),
                    help="Without a postcode, a record that agrees on flat, number and street "
                         "scores near 0: the starting point is one address out of the whole "
                         "list. A postcode adds about 10.")
    cells[1].slider("Least lead over the runner-up", min_value=0.0, max_value=15.0, step=0.5,
                    key=GAP, on_change=_set_rule, args=(state,),
                    help="A lead of 3 means the best property is 8 times as likely as the next.")
    if (rule.min_weight, rule.min_gap) != (DecisionRule().min_weight, DecisionRule().min_gap):
        st.button("Use the defaults", key="threshold.address_reset", on_click=_use,
                  args=(state, DecisionRule().min_weight, DecisionRule().min_gap))
    summary = job.summary()
    cells = st.columns(4)
    cells[0].metric("Given a UPRN", f"{summary.given:,}", help=f"{summary.share_given:.1%} of "
                    "the records")
    cells[1].metric("Two close candidates", f"{summary.ambiguous:,}")
    cells[2].metric("Too little agreement", f"{summary.weak:,}")
    cells[3].metric("No candidate", f"{summary.none:,}")
    st.plotly_chart(weight_gap_chart(best, rule.min_weight, rule.min_gap),
                    key="threshold.address_scatter")
    st.caption("Each dot is a record's best candidate. Green dots are given their UPRN: right "
               "of the weight line and above the lead line. Dots at the top have no runner-up. "
               "Grey dots near the lines are the ones worth reviewing.")
    _accuracy(state)
    next_step("pages/review.py", "Next: review the close calls")


def _accuracy(state: AppState) -> None:
    job = state.workbench.addresses
    st.subheader("Accuracy measured against known UPRNs")
    records = job.records
    if records is None:  # the page stopped before this when there are no records
        return
    st.caption("Known answers are records whose right UPRN you know: a column of your records "
               "that already holds UPRNs (records the council has matched before), a file, or "
               "your review labels. Records whose property is not in the list count too: "
               "giving them any UPRN is a mistake.")
    options = [NONE, *records.frame.columns]

    def _label(column: str) -> str:
        return column if column == NONE else records.original_columns.get(column, column)

    column = st.selectbox("A column of your records holding known UPRNs", options,
                          format_func=_label, key="threshold.address_truth_column")
    if column != NONE and job.truth_source != f"column {records.original_columns.get(column, column)}":
        try:
            job.set_truth_column(column)
        except WorkbenchError as err:
            show_error(err)
    with st.expander("Or load a file of known UPRNs", icon=":material/upload:"):
        upload = st.file_uploader("record_id and uprn columns", type=["csv", "xlsx", "parquet"],
                                  key=f"threshold.address_truth_file.{state.uploader_generation}")
        if upload is not None and f"file {upload.name}" != job.truth_source:
            try:
                job.set_truth(truth_from_table(read_table(upload.getvalue(), upload.name)),
                              f"file {upload.name}")
            except WorkbenchError as err:
                show_error(err)
    if job.truth is not None:
        st.caption(f"Known answers: {md(job.truth_source)}; " + label_counts_text(job.labels))
    acc = job.accuracy()
    if acc is None or acc.known == 0:
        st.info("No known UPRNs yet: choose a column or a file above, or label records on the "
                "Review page.", icon=":material/info:")
        return
    cells = st.columns(4)
    cells[0].metric("Precision", "—" if acc.precision is None else f"{acc.precision:.1%}",
                    help="Of the UPRNs given to records with a known answer, the share that "
                    "are right.")
    cells[1].metric("Recall", "—" if acc.recall is None else f"{acc.recall:.1%}",
                    help="Of the records whose UPRN is in the list, the share given it.")
    cells[2].metric("Wrong UPRNs given", f"{acc.wrong:,}")
    cells[3].metric("Records with a known answer", f"{acc.known:,}",
                    help=f"{acc.in_list:,} of them have their UPRN in the list.")
    curve = job.accuracy_curve()
    if curve.height:
        st.plotly_chart(address_accuracy_chart(curve, job.rule.min_weight),
                        key="threshold.address_pr")
        # The most right UPRNs at 99 % precision; of equal recall, the safest (highest) weight.
        good = curve.filter(pl.col("precision") >= 0.99).with_columns(
            pl.col("recall").round(3)).sort(["recall", "min_weight"], descending=[True, True])
        if good.height and good["min_weight"][0] != job.rule.min_weight:
            weight = float(good["min_weight"][0])
            st.markdown(f"The least weight giving the most right UPRNs while keeping precision "
                        f"at 99 % or more on these records is **{weight:.1f}** (recall "
                        f"{good['recall'][0]:.1%}).")
            st.button(f"Use {weight:.1f}", key="threshold.address_best", on_click=_use,
                      args=(state, weight, job.rule.min_gap), icon=":material/done_all:")
