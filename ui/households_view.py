"""The Households step for the person job: where each record's property comes from."""

from __future__ import annotations

import streamlit as st

from matching.address_match.samples import address_sample_paths
from matching.errors import WorkbenchError
from matching.households.grouping import Households
from matching.households.members import has_addresses, uprn_columns
from matching.households.view import SOURCES, HouseholdView
from matching.loading import read_path, read_table
from ui.page_end import end_page
from ui.privacy import md
from ui.session import AppState
from ui.widgets import show_error


def _reference(state: AppState, view: HouseholdView) -> None:
    """The reference list to place people by: an upload, or the sample gazetteer."""
    cells = st.columns([3, 1])
    with cells[0]:
        upload = st.file_uploader("Your reference list (UPRNs and addresses)",
                                  type=["csv", "txt", "tsv", "xlsx", "parquet"],
                                  key=f"households.reference.{state.uploader_generation}")
    with cells[1]:
        st.markdown("**No list to hand?**")
        use_sample = st.button("Use the sample gazetteer", key="households.sample",
                               icon=":material/science:",
                               help="The synthetic gazetteer holds every home of the sample "
                                    "files.")
    try:
        if upload is not None and (view.reference is None
                                   or view.reference.file_name != upload.name):
            view.set_reference(read_table(upload.getvalue(), upload.name))
        elif use_sample:
            view.set_reference(read_path(address_sample_paths()[1]))
    except WorkbenchError as err:
        show_error(err)
    if view.reference is None:
        st.info("Upload your reference list (an LLPG or AddressBase extract), or use the sample "
                "gazetteer with the sample files.")
        end_page(state)
    st.caption(f"Reference list: {md(view.reference.file_name)} "
               f"({view.reference.frame.height:,} addresses).")


def people_households(state: AppState, view: HouseholdView) -> Households:
    """The matched people's households, from the source the officer picks."""
    wb = state.workbench
    assert wb.config is not None
    st.caption("People are the clusters of the person matching, with your corrections from the "
               "Clusters page.")
    if not has_addresses(wb.config) and not uprn_columns(wb.config):
        st.warning("The files have no address, postcode or UPRN column (set them on the Columns "
                   "page), so people cannot be placed in households.")
        end_page(state)
    sources = [s for s in SOURCES if s != "uprn" or uprn_columns(wb.config)]
    source = st.radio("Where each record's property comes from", sources,
                      format_func=SOURCES.get, horizontal=True, key="households.source",
                      index=sources.index(view.source) if view.source in sources else 0)
    view.source = source
    if source == "reference":
        _reference(state, view)
    try:
        with st.status("Placing people at their properties...", expanded=False) as status:
            bar = st.progress(0.0)

            def _show(fraction: float, message: str) -> None:
                bar.progress(fraction, text=message)

            households = view.for_people(wb, progress=_show)
            status.update(label="People placed at their properties", state="complete")
    except WorkbenchError as err:
        show_error(err)
        end_page(state)
    return households
