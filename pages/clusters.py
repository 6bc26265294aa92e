"""Step 8 — Clusters: records grouped by the accepted pairs (one group per person), checked and
corrected by a person."""

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from matching.clusters import ClusterDecisions, cluster_size_counts, spring_layout, weakest_link
from matching.explain import records_view
from matching.reviewed import reviewed_links
from ui.charts import cluster_network_chart, cluster_size_chart
from ui.labels import PAIR_LABELS
from ui.privacy import shown
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_result

RANKINGS = {"size": "largest first", "weakness": "weakest first (fewest links, weakest link)"}

state = bootstrap("clusters")
config, result = require_result(state)
wb = state.workbench
intro(
    "8. Clusters",
    "Pairs above the threshold are joined into **clusters**: each cluster is one person as "
    "far as the workbench can tell. A record that matched nothing is a cluster of one. Very "
    "large clusters usually mean the threshold is too low or a blocking value is shared by "
    "many people (for example a hostel address), and *weak* clusters hang together by one "
    "doubtful link: check them first, and take out records that do not belong.",
)

with st.spinner("Grouping records..."):
    clusters = wb.current_clusters()
cells: Sequence[DeltaGenerator] = st.columns(4)
cells[0].metric("Records", f"{clusters.records:,}")
cells[1].metric("Clusters of two or more", f"{clusters.multi_clusters:,}")
cells[2].metric("Threshold (match weight)", f"{clusters.threshold:.2f}")
cells[3].metric("Your corrections", f"{len(wb.decisions):,}",
                help="Records taken out of clusters and clusters split. They are applied here "
                "(counts, chart and network) and to the export.")
decided = wb.decided_labels()
if len(decided) or len(wb.decisions):
    st.caption(f"These clusters include your decisions: {decided.matches:,} pair(s) labelled "
               f"match, {decided.non_matches:,} labelled not a match (they never hold a "
               f"cluster together) and {len(wb.decisions):,} correction(s).")
st.plotly_chart(cluster_size_chart(cluster_size_counts(result, clusters)), key="clusters.sizes")
st.caption("How to read it: most people should be in clusters of one or two (one record in "
           "each file). A long tail of big clusters is a warning sign.")
if clusters.chains_split:
    st.info(
        f"**{clusters.chains_split:,} cluster(s) were held together only by chains of links** "
        f"({clusters.records_in_chains:,} records in all): each record matched a few others "
        "but not the rest, as when A matches B, B matches C and C matches D although A and D "
        "have nothing in common. They were split where their links are weakest, keeping the "
        "strongest. Look at the weakest clusters below to check the parts.",
        icon=":material/link_off:")

rank = st.radio("Order clusters", list(RANKINGS), format_func=RANKINGS.get, horizontal=True,
                key="clusters.rank")
ranking = wb.cluster_ranking(rank)
if ranking.height == 0:
    st.info("No records were matched at this threshold. Lower it on the Threshold page.")
    st.stop()
described = {
    row["cluster_id"]: (f"Cluster {row['cluster_id']} — {row['cluster_size']} records · "
                        f"{row['density']:.0%} of pairs linked · weakest link "
                        + ("— (joined by a reviewer)" if row["weakest_link"] is None
                           else f"{row['weakest_link']:.2f}"))
    for row in ranking.iter_rows(named=True)
}
choice = st.selectbox(f"Look at a cluster ({RANKINGS[rank].split(' (')[0]})", list(described),
                      format_func=lambda c: described[c], key="clusters.pick")
members, scored_links = wb.cluster_detail(choice)
links = reviewed_links(scored_links, members, wb.labels)
keys = [(str(s), str(u)) for s, u in members.iter_rows()]
records = records_view(wb.tables, config, keys)

index = {key: i for i, key in enumerate(keys)}
strongest = max((w for w in links["match_weight"] if w is not None), default=0.0)
edges = [
    (index[(str(r["source_dataset_l"]), str(r["unique_id_l"]))],
     index[(str(r["source_dataset_r"]), str(r["unique_id_r"]))],
     strongest if r["match_weight"] is None else float(r["match_weight"]),
     bool(r["above_threshold"]))
    for r in links.iter_rows(named=True)
]
positions = spring_layout(len(keys), [(i, j, w) for i, j, w, _ in edges])
hover = [" · ".join(str(v) for v in row if v) for row in shown(records, state).iter_rows()]
st.markdown("**Records in this cluster**")
st.dataframe(shown(records, state), hide_index=True, key="clusters.records")
st.plotly_chart(cluster_network_chart([u for _, u in keys], positions, edges, hover=hover),
                key="clusters.network")
st.caption("How to read it: each dot is a record, each line a scored pair. Thick green lines "
           "are strong evidence; thin red or dotted lines are weak. A cluster held together by "
           "one weak line is probably two people.")
st.markdown("**Links between them** (pairs scored by the model)")
st.dataframe(links.rename({**PAIR_LABELS, "label": "your label"}, strict=False),
             hide_index=True, key="clusters.links")

# --- corrections -----------------------------------------------------------------------------
st.subheader("Correct this cluster")
accepted = [((str(r["source_dataset_l"]), str(r["unique_id_l"])),
             (str(r["source_dataset_r"]), str(r["unique_id_r"])),
             # a pair a reviewer called a match is never the weakest link
             float("inf") if r["label"] == "match" or r["match_weight"] is None
             else float(r["match_weight"]))
            for r in links.iter_rows(named=True) if r["above_threshold"]]
staying = keys
weak = weakest_link(staying, accepted)
if weak is not None and weak.match_weight == float("inf"):
    weak = None  # every link holding it together was confirmed by a reviewer
note = st.text_input("Why (optional, kept with the decision)", key="clusters.note")


def _decide(decisions: ClusterDecisions, action: str, chosen: list[tuple[str, str]]) -> None:
    decisions.add(action, chosen, str(st.session_state.get("clusters.note") or ""))


def _undo(decisions: ClusterDecisions) -> None:
    decisions.undo()


cells = st.columns(2)
with cells[0]:
    position = st.selectbox("Record", range(len(staying)),
                            format_func=lambda i: f"{staying[i][1]} ({staying[i][0]})",
                            key=f"clusters.record.{choice}", disabled=len(staying) < 2)
    out = staying[position] if position is not None and position < len(staying) else None
    st.button("Take this record out of the cluster", key="clusters.remove",
              icon=":material/person_remove:", disabled=len(staying) < 2 or out is None,
              on_click=_decide, args=(wb.decisions, "remove", [out]))
with cells[1]:
    if weak is not None:
        st.markdown(f"The weakest link is **{weak.record_l[1]} – {weak.record_r[1]}** "
                    f"(match weight {weak.match_weight:.2f}). Cutting it separates "
                    + ", ".join(k[1] for k in weak.cut_off) + ".")
    st.button("Split at the weakest link", key="clusters.split", icon=":material/content_cut:",
              disabled=weak is None, on_click=_decide,
              args=(wb.decisions, "split", list(weak.cut_off) if weak else []))

if len(wb.decisions):
    with st.expander(f"All your corrections ({len(wb.decisions)})", icon=":material/history:"):
        st.dataframe(wb.decisions_frame(), hide_index=True, key="clusters.decisions")
        st.button("Undo the last correction", key="clusters.undo", icon=":material/undo:",
                  on_click=_undo, args=(wb.decisions,))
    st.caption("Corrections are applied to the counts, the chart and the cluster IDs in the "
               "export: records taken out get a cluster of their own.")
next_step("pages/export.py", "Next: export the results")
