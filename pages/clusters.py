"""Step 8 — Clusters: records grouped by the accepted pairs (one group per person)."""

import polars as pl
import streamlit as st

from matching.clusters import cluster_links, cluster_members, cluster_size_counts, largest_clusters
from matching.explain import records_view
from ui.charts import cluster_size_chart
from ui.labels import PAIR_LABELS
from ui.privacy import shown
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_result

state = bootstrap("Clusters")
require_result(state)
wb = state.workbench
result = wb.result
intro(
    "8. Clusters",
    "Pairs above the threshold are joined into **clusters**: each cluster is one person as "
    "far as the workbench can tell. A record that matched nothing is a cluster of one. Very "
    "large clusters usually mean the threshold is too low or a blocking value is shared by "
    "many people (for example a hostel address): check them first.",
)

with st.spinner("Grouping records..."):
    clusters = wb.current_clusters()
cells = st.columns(3)
cells[0].metric("Records", f"{clusters.records:,}")
cells[1].metric("Clusters of two or more", f"{clusters.multi_clusters:,}")
cells[2].metric("Threshold (match weight)", f"{clusters.threshold:.2f}")
st.plotly_chart(cluster_size_chart(cluster_size_counts(result, clusters)), key="clusters.sizes")

biggest = largest_clusters(result, clusters)
if biggest.height == 0:
    st.info("No records were matched at this threshold. Lower it on the Threshold page.")
    st.stop()
choice = st.selectbox(
    "Look at a cluster (largest first)", biggest["cluster_id"].to_list(),
    format_func=lambda c: f"Cluster {c} — "
    f"{biggest.filter(pl.col('cluster_id') == c)['cluster_size'][0]} records",
    key="clusters.pick",
)
members = cluster_members(result, clusters, choice)
records = records_view(wb.tables, wb.config, members.iter_rows())
st.markdown("**Records in this cluster**")
st.dataframe(shown(records, state), hide_index=True)
st.markdown("**Links between them** (pairs scored by the model)")
links = cluster_links(result, clusters, choice).rename(PAIR_LABELS, strict=False)
st.dataframe(links, hide_index=True)
next_step("pages/export.py", "Next: export the results")
