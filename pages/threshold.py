"""Step 6 — Threshold: the score above which a pair counts as the same person."""

import streamlit as st

from matching.thresholds import threshold_summary, weight_to_probability
from ui.charts import expected_chart, weight_histogram_chart
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_result

state = bootstrap("Threshold")
require_result(state)
wb = state.workbench
result = wb.result
intro(
    "6. Threshold",
    "Every pair now has a **match weight**: positive means the evidence says *same person*, "
    "negative says *different people*; each point doubles the odds. Choose the weight above "
    "which you accept a pair as a match. Lower thresholds find more matches but let in more "
    "mistakes; higher thresholds are safer but miss more.",
)

hist, curve = wb.score_distribution()
low = float(min(hist["bin_start"].min(), result.recommended_threshold - 1)) if hist.height else -10.0
high = float(max(hist["bin_end"].max(), result.recommended_threshold + 1)) if hist.height else 20.0
threshold = st.slider("Threshold (match weight)", min_value=float(round(low)),
                      max_value=float(round(high)),
                      value=float(result.threshold), step=0.5, format="%.2f",
                      key="threshold.slider")
if threshold != result.threshold:
    wb.set_threshold(threshold)
st.caption(f"A match weight of {threshold:.2f} is a match probability of "
           f"{weight_to_probability(threshold):.1%}.")

st.info(
    f"**Recommended: {result.recommended_threshold:.2f}.** Chosen without labels: for each "
    "possible threshold the model's own probabilities give the matches it expects to keep, "
    "miss and get wrong; the recommendation is where the balance of these (the F1 score) "
    "is best. It is only as good as the model, so check pairs near it on the Review page.",
    icon=":material/lightbulb:",
)
if threshold != result.recommended_threshold and st.button("Use the recommended threshold",
                                                           key="threshold.reset"):
    wb.set_threshold(result.recommended_threshold)
    st.session_state.pop("threshold.slider", None)
    st.rerun()

with st.spinner("Grouping records at this threshold..."):
    with result.workspace.lock:
        summary = threshold_summary(result.con, result.predictions_table, threshold)
    clusters = wb.current_clusters()
cells = st.columns(4)
cells[0].metric("Pairs accepted as matches", f"{summary.pairs_above:,}")
cells[1].metric("Groups of records (clusters)", f"{clusters.multi_clusters:,}",
                help="People found in more than one record.")
cells[2].metric("Records matched to another", f"{clusters.records_in_multi:,}",
                help=f"Out of {clusters.records:,} records.")
cells[3].metric("Model's expected precision", f"{summary.expected_precision:.1%}",
                help="Estimated by the model, not measured: label pairs to measure it.")
st.plotly_chart(weight_histogram_chart(hist, threshold), key="threshold.histogram")
st.caption("Green bars are accepted at this threshold. Pairs on the left are different people "
           "who happened to share a blocking value; true matches sit on the right. The fewer "
           "pairs near the threshold, the easier the choice.")
st.plotly_chart(expected_chart(curve, threshold), key="threshold.expected")
st.caption("These are the model's own estimates, not counts of checked pairs.")
next_step("pages/review.py", "Next: review pairs near the threshold")
