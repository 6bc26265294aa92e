"""Step 6 — Threshold: the score above which a pair counts as the same person, the review band,
and accuracy measured against labels."""

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from matching.accuracy import (
    KnownPairs,
    best_f1_threshold,
    confusion_at,
    precision_recall_curve,
    too_few_known,
)
from matching.config import ReviewBand
from matching.known_matches import KnownMatches
from matching.loading import LoadedTable
from matching.thresholds import probability_to_weight, weight_to_probability, workload_text
from ui.address_threshold import address_threshold_page
from ui.charts import expected_chart, precision_recall_chart, weight_histogram_chart
from ui.labels import label_counts_text, labels_upload
from ui.page_end import end_page
from ui.session import AppState, bootstrap
from ui.values import number
from ui.widgets import intro, next_step, require_result

SECONDS_PER_PAIR = 20
SLIDER, PROBABILITY, BAND = "threshold.slider", "threshold.probability", "threshold.band"

state = bootstrap("threshold")
if state.workbench.addresses.active:  # the address job has its own threshold
    address_threshold_page(state)
    end_page(state)
config, result = require_result(state)
wb = state.workbench
intro(
    "6. Threshold",
    "Every pair now has a **match weight**: positive means the evidence says *same person*, "
    "negative says *different people*; each point doubles the odds. Choose the weight above "
    "which you accept a pair as a match. Lower thresholds find more matches but let in more "
    "mistakes; higher thresholds are safer but miss more.",
)

hist, curve = wb.score_distribution()
current = float(result.threshold)
low = float(round(min(number(hist["bin_start"].min(), -10.0),
                      result.recommended_threshold - 1, current)))
high = float(round(max(number(hist["bin_end"].max(), 20.0),
                       result.recommended_threshold + 1, current)))


def _truth_label(table: LoadedTable, column: str | None) -> str:
    return "—" if column is None else table.original_columns.get(column, column)


def _use_threshold(app: AppState, weight: float) -> None:
    app.workbench.set_threshold(weight)
    st.session_state[SLIDER] = weight
    st.session_state[PROBABILITY] = weight_to_probability(weight) * 100


def _from_slider(app: AppState) -> None:
    _use_threshold(app, float(st.session_state[SLIDER]))


def _from_probability(app: AppState) -> None:
    weight = probability_to_weight(float(st.session_state[PROBABILITY]) / 100)
    _use_threshold(app, min(max(round(weight, 2), low), high))


# Keep the widgets in step with the threshold, however it was last changed.
if st.session_state.get(SLIDER) != current:
    st.session_state[SLIDER] = current
    st.session_state[PROBABILITY] = weight_to_probability(current) * 100
cells: Sequence[DeltaGenerator] = st.columns([3, 1])
threshold = cells[0].slider("Threshold (match weight)", min_value=low, max_value=high, step=0.1,
                            format="%.2f", key=SLIDER, on_change=_from_slider, args=(state,))
cells[1].number_input("…or as a match probability (%)", min_value=0.001, max_value=99.999,
                      step=1.0, format="%.3f", key=PROBABILITY, on_change=_from_probability,
                      args=(state,), help="The same threshold as a probability: a weight of 0 "
                      "is 50%, each point more doubles the odds.")
st.caption(f"A match weight of {threshold:.2f} is a match probability of "
           f"{weight_to_probability(threshold):.1%}.")

st.info(
    f"**Recommended: {result.recommended_threshold:.2f}.** Chosen without labels: for each "
    "possible threshold the model's own probabilities give the matches it expects to keep, "
    "miss and get wrong; the recommendation is where the balance of these (the F1 score) "
    "is best. It is only as good as the model, so check pairs near it on the Review page.",
    icon=":material/lightbulb:",
)
if threshold != result.recommended_threshold:
    st.button("Use the recommended threshold", key="threshold.reset", on_click=_use_threshold,
              args=(state, result.recommended_threshold))

with st.spinner("Grouping records at this threshold..."):
    summary = wb.threshold_summary(threshold)
    clusters = wb.current_clusters()
decided = wb.decided_labels()
cells = st.columns(4)
cells[0].metric("Pairs accepted as matches", f"{wb.accepted_pairs(threshold):,}",
                help=f"{summary.pairs_above:,} pairs score at or above the threshold"
                + (f"; your review labels add {decided.matches:,} and take out "
                   f"{decided.non_matches:,}." if len(decided) else "."))
cells[1].metric("Groups of records (clusters)", f"{clusters.multi_clusters:,}",
                help="People found in more than one record.")
cells[2].metric("Records matched to another", f"{clusters.records_in_multi:,}",
                help=f"Out of {clusters.records:,} records.")
cells[3].metric("Model's expected precision", f"{summary.expected_precision:.1%}",
                help="Estimated by the model, not measured: label pairs to measure it.")
if len(decided) or len(wb.decisions):
    st.caption(f"These counts include your decisions: pairs you labelled **not a match** "
               f"({decided.non_matches:,}) are never accepted, pairs you labelled **match** "
               f"({decided.matches:,}) always are, and your {len(wb.decisions):,} cluster "
               "correction(s) are applied.")
both = wb.overlap()
if both is not None:
    st.markdown(f"**At this threshold:** {both.in_both:,} people are in both files · "
                f"{both.first_only:,} records only in *{both.first}* · "
                f"{both.second_only:,} records only in *{both.second}*.")

# --- three bands ------------------------------------------------------------------------------
lower, upper = config.review_band.bounds(threshold)


def _from_band(app: AppState) -> None:
    lo, hi = st.session_state[BAND]
    config = app.workbench.config
    if config is not None:  # a callback: the set-up may have gone since the page was drawn
        app.workbench.update_config(replace(config, review_band=ReviewBand(float(lo), float(hi))))


band_value = (min(max(lower, low), high), min(max(upper, low), high))
if st.session_state.get(BAND) != band_value:
    st.session_state[BAND] = band_value
st.subheader("Three bands: accept, review, reject")
st.slider("Review band (match weight)", min_value=low, max_value=high, step=0.1, format="%.2f",
          key=BAND, on_change=_from_band, args=(state,),
          help="Pairs above the band are accepted without review, pairs below it rejected, and "
          "pairs inside it go to a person on the Review page.")
bands = wb.band_counts(lower, upper)
cells = st.columns(3)
cells[0].metric("Accepted without review", f"{bands.accept:,}", help=f"Match weight {upper:.2f} "
                "or more.")
cells[1].metric("For clerical review", f"{bands.review:,}",
                help=f"Match weight from {lower:.2f} up to {upper:.2f}.")
cells[2].metric("Rejected", f"{bands.reject:,}", help=f"Match weight below {lower:.2f}.")
st.caption(f"Reviewing every pair in the band would take {workload_text(bands.review_minutes())} "
           f"at {SECONDS_PER_PAIR} seconds a pair. A sample is usually enough to check the "
           "threshold: label 50 to 100 pairs on the Review page.")
if not lower <= threshold <= upper:
    st.warning("The threshold is outside the review band, so some pairs are decided without "
               "anyone looking at the hardest cases. Move the band around the threshold.")

st.plotly_chart(weight_histogram_chart(hist, threshold, (lower, upper)), key="threshold.histogram")
st.caption("Green bars are accepted at this threshold; the shaded area is the review band. "
           "Pairs on the left are different people who happened to share a blocking value; "
           "true matches sit on the right. The fewer pairs near the threshold, the easier the "
           "choice.")
st.plotly_chart(expected_chart(curve, threshold), key="threshold.expected")
st.caption("These are the model's own estimates, not counts of checked pairs: for each "
           "threshold, how many true matches it expects to keep, to miss and how many wrong "
           "pairs to let in. Label pairs to measure them.")

# --- accuracy from labels ---------------------------------------------------------------------
st.subheader("Accuracy measured against known answers")
sources = {"labels": f"Your review labels ({len(wb.labels):,})",
           "truth": "A column in the data that says who is who"}
source = st.radio("Add known answers from", list(sources), format_func=sources.get,
                  horizontal=True, key="threshold.source",
                  help="Everything known counts: your review labels, and known matches from a "
                  "file or column given here or on the Blocking page.")
if source == "labels":
    with st.expander("Add labels from a file", icon=":material/upload:"):
        state.labels_upload_id = labels_upload(wb.labels, "threshold.upload",
                                               state.labels_upload_id)
    st.caption(label_counts_text(wb.labels))
else:
    st.caption("Pick, in each file, a column holding the same ID for the same person (for "
               "example an NHS number checked by hand, or a person ID from a test data set).")
    choices: list[str | None] = []
    picks = st.columns(len(wb.tables))
    for index, table in enumerate(wb.tables):
        options: list[str | None] = [None, *table.frame.columns]
        choices.append(picks[index].selectbox(
            f"Truth column in {table.file_name}", options, key=f"threshold.truth.{index}",
            format_func=partial(_truth_label, table)))
    if tuple(choices) != state.truth_columns and (any(choices) or any(state.truth_columns)):
        wb.known_matches = (KnownMatches.from_columns(wb.tables, config, choices)
                            if any(choices) else None)
    state.truth_columns = tuple(choices)
everything = wb.all_known_matches()
known: KnownPairs | None = wb.known_scores() if len(everything) else None
if len(everything):
    st.caption(f"Known answers: {everything.source}.")

if known is None or known.matches == 0 or len(known) == 0:
    st.info("No known matches yet. Label pairs on the Review page (some must be matches), "
            "upload a labels file, or choose a truth column: precision, recall and the best "
            "threshold then appear here.", icon=":material/info:")
else:
    at = confusion_at(known, threshold)

    def _pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    cells = st.columns(4)
    cells[0].metric("Precision", _pct(at.precision),
                    help="Of the known pairs accepted at this threshold, the share that are "
                    "true matches.")
    cells[1].metric("Recall", _pct(at.recall),
                    help="Of the known true matches, the share accepted at this threshold.")
    cells[2].metric("F1", _pct(at.f1), help="The balance of precision and recall (their "
                    "harmonic mean).")
    cells[3].metric("Known pairs", f"{len(known):,}",
                    help=f"{known.matches:,} matches, {known.non_matches:,} not matches.")
    st.dataframe(
        pl.DataFrame({
            "": ["accepted (at or above the threshold)", "rejected (below it)"],
            "true match": [at.true_positives, at.false_negatives],
            "not a match": [at.false_positives, at.true_negatives],
        }),
        hide_index=True, key="threshold.confusion",
    )
    st.caption("The confusion matrix: the top-left and bottom-right cells are right decisions, "
               "the others mistakes (wrong matches and missed matches).")
    best = best_f1_threshold(known)
    pr = precision_recall_curve(known)
    st.plotly_chart(precision_recall_chart(pr, threshold, best.threshold if best else None),
                    key="threshold.pr")
    if source == "labels":
        st.caption("Measured only on the pairs you labelled. They come mostly from the review "
                   "band, the hardest cases, so they test where the threshold sits rather than "
                   "the accuracy over the whole file.")
    too_few = too_few_known(known)
    if too_few:
        st.warning(too_few, icon=":material/warning:")
    if best is not None:
        # Rounded down to two decimals, so the pair that sets it stays accepted.
        best_threshold = math.floor(best.threshold * 100) / 100
        st.markdown(f"The threshold with the best F1 on these pairs is **{best_threshold:.2f}** "
                    f"(precision {_pct(best.precision)}, recall {_pct(best.recall)})"
                    + (", but on too few pairs to rely on." if too_few else "."))
        if round(threshold, 2) != best_threshold:
            st.button(f"Use {best_threshold:.2f}", key="threshold.best", on_click=_use_threshold,
                      args=(state, best_threshold), icon=":material/done_all:")

next_step("pages/review.py", "Next: review pairs in the band")
