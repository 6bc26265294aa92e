"""The Export step of the address job, and the households download both jobs share."""

from __future__ import annotations

import polars as pl
import streamlit as st

from matching.address_match.results import STATUS_TEXT, output_table
from matching.export_formats import FORMATS, ExportFormat, format_labelled
from matching.households.grouping import households_export
from ui.session import AppState
from ui.widgets import intro


def households_download(state: AppState, fmt: ExportFormat, personal: bool, key: str) -> None:
    """One row per household, when the Households page has built them."""
    view = state.households
    if view is None or view.households is None:
        st.caption("One row per household: open the **Households** page first to build them.")
        return
    households = view.households
    write = fmt.downloader()
    st.download_button(f"One row per household ({households.count:,})", icon=":material/download:",
                       data=lambda: write(households_export(households, personal=personal)),
                       file_name=fmt.file_name("households"), mime=fmt.mime, key=key,
                       on_click="ignore")


def _details(state: AppState, personal: bool) -> pl.DataFrame:
    decided = state.workbench.addresses.decided()
    columns = [pl.col("unique_id"), pl.col("uprn"), pl.col("match_weight").round(2),
               pl.col("gap").round(2).alias("lead"),
               pl.col("status").replace_strict(STATUS_TEXT, default=None).alias("outcome"),
               pl.col("reason"), pl.col("candidate_uprn"), pl.col("runner_up_uprn")]
    if personal:
        columns += [pl.col("record_address"), pl.col("candidate_address"),
                    pl.col("runner_up_address")]
    return decided.select(columns)


def address_export_page(state: AppState) -> None:
    job = state.workbench.addresses
    intro(
        "9. Export",
        "Download the UPRNs. **UPRNs for your records** has one row per record: its ID, the "
        "UPRN given (empty where nothing was good enough), the match weight and the reason, "
        "as `python -m matching address` writes it. **Details** adds the outcome, the lead "
        "over the runner-up and the candidates' UPRNs. The **project file** records the "
        "set-up, to repeat the match on a new extract.",
    )
    if job.result is None or job.config is None:
        st.info("Match the addresses first.")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        st.stop()
    fmt = format_labelled(st.radio("File format", [f.label for f in FORMATS.values()],
                                   horizontal=True, key="export.address_format"))
    personal = st.checkbox(
        "Include addresses (the records' and the list's)", key="export.address_personal",
        help="Off by default: IDs and UPRNs reveal nothing if the file goes astray; look "
             "records up in your own systems.")
    write, mime = fmt.downloader(), fmt.mime
    summary = job.summary()
    cells = st.columns(3)
    cells[0].download_button(
        f"UPRNs for your records ({summary.records:,})", icon=":material/download:",
        data=lambda: write(output_table(job.decided())), file_name=fmt.file_name("addresses"),
        mime=mime, key="export.addresses", on_click="ignore")
    cells[1].download_button(
        f"Details ({summary.records:,})", icon=":material/download:",
        data=lambda: write(_details(state, personal)), file_name=fmt.file_name("address_details"),
        mime=mime, key="export.address_details", on_click="ignore")
    with cells[2]:
        households_download(state, fmt, personal, "export.address_households")
    cells = st.columns(3)
    if len(job.labels):
        cells[0].download_button(f"Review labels ({len(job.labels):,})", icon=":material/download:",
                                 data=lambda: write(job.labels.frame()),
                                 file_name=fmt.file_name("address_labels"), mime=mime,
                                 key="export.address_labels", on_click="ignore")
    config = job.config
    cells[1].download_button("Project file (JSON)", data=lambda: config.to_json(),
                             file_name="address_project.json", mime="application/json",
                             key="export.address_project", icon=":material/download:",
                             on_click="ignore")
    st.caption(f"{summary.given:,} of {summary.records:,} records were given a UPRN at least "
               f"weight {job.rule.min_weight:g} with a lead of {job.rule.min_gap:g}.")
