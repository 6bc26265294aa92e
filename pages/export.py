"""Step 9 — Export: download the matches, the clusters and the project set-up."""

import streamlit as st

from matching.export import (
    clusters_table,
    pairs_table,
    project_with_threshold,
    to_csv_bytes,
    to_excel_bytes,
    to_parquet_bytes,
)
from ui.session import bootstrap
from ui.widgets import intro, require_result

state = bootstrap("Export")
require_result(state)
wb = state.workbench
result = wb.result
intro(
    "9. Export",
    "Download what you need. **Matched pairs** lists every pair at or above the threshold "
    "with its score. **Records with cluster IDs** gives every input record a cluster number: "
    "records with the same number are the same person. The **project file** records exactly "
    "how the matching was set up; load it again to repeat the run on new extracts.",
)

clusters = wb.current_clusters()
fmt = st.radio("File format", ["CSV", "Excel", "Parquet"], horizontal=True, key="export.format")
writers = {"CSV": (to_csv_bytes, "csv", "text/csv"),
           "Excel": (to_excel_bytes, "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "Parquet": (to_parquet_bytes, "parquet", "application/octet-stream")}
write, ext, mime = writers[fmt]
pairs = pairs_table(result, clusters.threshold)
records = clusters_table(result, clusters, wb.decisions)
cells = st.columns(3)
cells[0].download_button(f"Matched pairs ({pairs.height:,})", data=write(pairs),
                         file_name=f"pairs.{ext}", mime=mime, key="export.pairs",
                         icon=":material/download:", on_click="ignore")
cells[1].download_button(f"Records with cluster IDs ({records.height:,})", data=write(records),
                         file_name=f"clusters.{ext}", mime=mime, key="export.clusters",
                         icon=":material/download:", on_click="ignore")
cells[2].download_button("Project file (JSON)",
                         data=project_with_threshold(wb.config, clusters.threshold).to_json(),
                         file_name="project.json", mime="application/json",
                         key="export.project", icon=":material/download:", on_click="ignore")
st.caption("Exports hold record IDs and scores only: look up the personal details in your own "
           "systems. Keep the files somewhere your information-governance rules allow.")
