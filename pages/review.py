"""Step 7 — Review: look at pairs near the threshold and see why each scored as it did."""

import streamlit as st

from matching.explain import pair_record, pairs_near_threshold, side_by_side, waterfall
from ui.charts import waterfall_chart
from ui.labels import PAIR_LABELS
from ui.privacy import md, shown
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_result

state = bootstrap("Review")
require_result(state)
wb = state.workbench
result = wb.result
threshold = result.threshold
intro(
    "7. Review",
    "The pairs closest to the threshold are the ones the model is least sure about. Pick a "
    "pair to see the two records side by side and how each comparison pushed the score up "
    "or down. If many pairs just above the threshold are wrong, raise it; if many just below "
    "are right, lower it.",
)

side = st.radio("Show pairs", ["both", "above", "below"], horizontal=True,
                format_func={"both": "either side of the threshold", "above": "just above",
                             "below": "just below"}.get, key="review.side")
pairs = pairs_near_threshold(result, threshold, limit=200, side=side)
if pairs.height == 0:
    st.info("There are no pairs on that side of the threshold.")
    st.stop()
table = pairs.with_columns(
    (pairs["match_weight"] >= threshold).replace_strict({True: "match", False: "not a match"})
    .alias("decision")
)
event = st.dataframe(table.rename(PAIR_LABELS, strict=False), hide_index=True,
                     on_select="rerun", selection_mode="single-row", key="review.pairs", height=300)
rows = event["selection"]["rows"] if event else []
index = rows[0] if rows else 0
key = tuple(str(v) for v in pairs.row(index)[:4])
st.subheader(f"Pair {index + 1}: {md(key[1])} and {md(key[3])}")
left, right = st.columns([2, 3])
with left:
    st.dataframe(shown(side_by_side(wb.tables, wb.config, key), state)
                 .rename({"record_1": "first record", "record_2": "second record"}),
                 hide_index=True)
with right:
    steps = waterfall(result, pair_record(result, key))
    st.plotly_chart(waterfall_chart(steps), key="review.waterfall")
st.caption("The first bar is the starting point (how rare matches are); each comparison adds "
           "or subtracts; the last bar is the final match weight.")
next_step("pages/clusters.py", "Next: see the groups of records")
