"""Step 9 — Export: the matches, the clusters, a governance pack, the project and its code."""

from collections.abc import Callable

import polars as pl
import streamlit as st

from matching.export import (
    pairs_export,
    people_export,
    project_with_threshold,
    records_export,
    script_bundle,
)
from matching.export_formats import FORMATS, format_labelled
from matching.projects import SESSION_TABLES
from matching.report import governance_report
from ui.address_export import address_export_page, households_download
from ui.page_end import end_page
from ui.session import bootstrap, save_project
from ui.widgets import intro, require_result

state = bootstrap("export")
if state.workbench.addresses.active:  # the address job has its own downloads
    address_export_page(state)
    end_page(state)
config, result = require_result(state)
wb = state.workbench
intro(
    "9. Export",
    "Download what you need. **Matched pairs** lists every pair at or above the threshold "
    "with its score. **Records with cluster IDs** gives every input record a cluster number: "
    "records with the same number are the same person. **One row per person** lists each "
    "person once with their record IDs in each file. The **project file** records exactly "
    "how the matching was set up; load it again to repeat the run on new extracts.",
)

clusters = wb.current_clusters()
fmt = format_labelled(st.radio("File format", [f.label for f in FORMATS.values()], horizontal=True,
                               key="export.format"))
write = fmt.downloader()
personal = st.checkbox(
    "Include personal details (names, dates of birth, addresses...)", key="export.personal",
    help="Off by default: a file with only record IDs and scores reveals nothing about anyone "
         "if it goes astray, and you can look people up in your own systems.",
)
st.caption("By default the files hold **record IDs and scores only**, which are safer to store "
           "and share. Tick the box only if everyone who will receive the files is allowed to "
           "see these personal details." if not personal else
           "The files will hold **personal details**. Keep them where your information-"
           "governance rules allow, and delete them when you no longer need them.")

# The files are built when a button is pressed, not on every rerun of the page.
n_pairs, n_records, n_people = wb.export_counts()
threshold, decisions, labels = clusters.threshold, wb.decisions, wb.labels
decided = wb.decided_labels()
if len(decided) or len(decisions):
    st.info(f"Your decisions are applied: pairs labelled **not a match** ({decided.non_matches:,}) "
            f"are left out, pairs labelled **match** ({decided.matches:,}) are kept whatever their "
            f"score, and your {len(decisions):,} cluster correction(s) are in the cluster IDs. A "
            "**decision** column says which rows a person decided.", icon=":material/fact_check:")


def _kept(frame: pl.DataFrame) -> Callable[[], pl.DataFrame]:
    return lambda: frame


def _file(build: Callable[[], pl.DataFrame]) -> Callable[[], bytes]:
    """The download's bytes, built when the button is pressed."""
    return lambda: write(build())


downloads: list[tuple[str, str, Callable[[], pl.DataFrame]]] = [
    ("pairs", f"Matched pairs ({n_pairs:,})",
     lambda: pairs_export(result, threshold, wb.tables, personal=personal, labels=labels)),
    ("clusters", f"Records with cluster IDs ({n_records:,})",
     lambda: records_export(result, clusters, wb.tables, personal=personal, decisions=decisions,
                            labels=labels)),
    ("people", f"One row per person ({n_people:,})",
     lambda: people_export(result, clusters, wb.tables, personal=personal, decisions=decisions)),
]
for name, (getter, _) in SESSION_TABLES.items():  # review labels, cluster decisions...
    frame = getter(wb)
    if frame is not None and not frame.is_empty():
        downloads.append((name, f"{name.replace('_', ' ').capitalize()} ({frame.height:,})",
                          _kept(frame)))
PER_ROW = 3  # wide enough for each label on one line
cells = [cell for _ in range(0, len(downloads) + 2, PER_ROW) for cell in st.columns(PER_ROW)]
for cell, (name, label, build) in zip(cells, downloads, strict=False):
    cell.download_button(label, data=_file(build), file_name=fmt.file_name(name),
                         mime=fmt.mime, key=f"export.{name}", icon=":material/download:",
                         on_click="ignore")
with cells[len(downloads) + 1]:
    households_download(state, fmt, personal, "export.households")
cells[len(downloads)].download_button("Project file (JSON)",
                          data=project_with_threshold(config, clusters.threshold).to_json(),
                          file_name="project.json", mime="application/json",
                          key="export.project", icon=":material/download:", on_click="ignore")

st.subheader("Governance pack")
st.markdown("One printable page for your information-governance team: why you matched, which "
            "files (with fingerprints that prove which extract was used), how they were cleaned, "
            "blocked and compared, what the model learned, the threshold and why, the results "
            "and the software versions. It holds no personal data.")
notes = state.project.notes if state.project is not None else None
purpose = st.text_area("Purpose of this matching", key="export.purpose",
                       value=notes.purpose if notes else "",
                       placeholder="e.g. Find residents receiving housing benefit who also pay "
                                   "council tax, to check single-person discounts (lawful basis: ...)")
remarks = st.text_area("Notes (optional)", key="export.notes", value=notes.notes if notes else "",
                       placeholder="Anything a reviewer should know: checks you made, caveats.")
reason = st.text_input("Why this threshold? (optional)", key="export.reason",
                       placeholder="e.g. Raised after review: pairs below it were mostly different people.")
if notes is not None and (purpose, remarks) != (notes.purpose, notes.notes):
    notes.purpose, notes.notes = purpose, remarks
    save_project(state)
name = state.project.name if state.project is not None else "Matching project"
st.download_button(
    "Governance pack (HTML)", icon=":material/policy:", key="export.report",
    data=lambda: governance_report(
        wb, name=name, purpose=purpose, notes=remarks, threshold_reason=reason),
    file_name="governance-pack.html", mime="text/html", on_click="ignore",
)

st.subheader("Export as Python")
st.markdown("A script that repeats this run with [Splink](https://moj-analytical-services.github.io/"
            "splink/) on DuckDB, step by step, for analysts who want to take it further. It comes "
            "with the **cleaned** input files it reads, so it holds personal details: tick the box "
            "above to download it.")
st.download_button("Python script and cleaned inputs (zip)", icon=":material/code:",
                   key="export.python", disabled=not personal,
                   data=lambda: script_bundle(wb.tables,
                                              project_with_threshold(config, clusters.threshold),
                                              result.training),
                   file_name="reproduce-matching.zip", mime="application/zip", on_click="ignore")
