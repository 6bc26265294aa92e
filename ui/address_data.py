"""The Data step of the address job: load the records and the reference list, or the samples."""

from __future__ import annotations

import streamlit as st

from matching.address_match.evaluate import truth_from_table
from matching.address_match.samples import address_sample_paths, address_truth_path
from matching.errors import WorkbenchError
from matching.loading import read_path, read_table
from ui.data_view import original_headers
from ui.privacy import md, shown
from ui.session import AppState
from ui.widgets import next_step, show_error

PREVIEW_ROWS = 10


def _use_sample(state: AppState) -> None:
    wb = state.workbench
    records_path, reference_path = address_sample_paths()
    with st.spinner("Reading the sample register and gazetteer..."):
        wb.start_address_job(read_path(records_path), read_path(reference_path))
        truth = truth_from_table(read_path(address_truth_path()))
        wb.addresses.set_truth(truth, "the sample's known UPRNs (address_truth.csv)")
    state.upload_ids = ()


def address_data_section(state: AppState) -> None:
    """Two uploads (records, reference list) or the sample, then a look at both files."""
    wb = state.workbench
    job = wb.addresses
    st.markdown(
        "Give each record the **UPRN** (unique property reference number) of its address, "
        "from a reference list you hold: your council's gazetteer (an LLPG or AddressBase "
        "extract), or any file with a UPRN and an address on each row. Records need an address "
        "(one column, or address lines); a postcode helps but is optional. Records whose "
        "address is not good enough, or fits two properties equally, get no UPRN and say why.")
    left, right = st.columns([3, 1])
    with right:
        st.markdown("**No data to hand?**")
        if st.button("Use sample data", key="data.address_sample", icon=":material/science:",
                     help="A synthetic electoral register (messy addresses, half without a "
                          "postcode) and a synthetic gazetteer of about 19,000 addresses."):
            try:
                _use_sample(state)
            except WorkbenchError as err:
                show_error(err)
    with left:
        records = st.file_uploader(
            "Your records (with addresses)", type=["csv", "txt", "tsv", "xlsx", "parquet"],
            key=f"data.address_records.{state.uploader_generation}")
        reference = st.file_uploader(
            "Your reference list (UPRNs and addresses)", type=["csv", "txt", "tsv", "xlsx",
                                                               "parquet"],
            key=f"data.address_reference.{state.uploader_generation}")
    if records is not None and reference is not None:
        key = (records.file_id, reference.file_id)
        if key != state.upload_ids:
            try:
                with st.status("Reading the files...") as status:
                    status.update(label=f"Reading {records.name}...")
                    records_table = read_table(records.getvalue(), records.name)
                    status.update(label=f"Reading {reference.name}...")
                    reference_table = read_table(reference.getvalue(), reference.name)
                    status.update(label="Suggesting what each column holds...")
                    wb.start_address_job(records_table, reference_table)
                    state.upload_ids = key
                    status.update(label=f"Files read: {records.name} "
                                  f"({records_table.frame.height:,} rows), {reference.name} "
                                  f"({reference_table.frame.height:,} rows)",
                                  state="complete", expanded=False)
            except WorkbenchError as err:
                show_error(err)
                if job.active:
                    st.caption("Nothing else changed: the files loaded before are still "
                               "loaded below.")
    elif records is not None or reference is not None:
        st.info("Upload both files: the records and the reference list.")
    if not job.active:
        return
    st.divider()
    st.subheader("Your data")
    for table, role in ((job.records, "records"), (job.reference, "reference list")):
        assert table is not None
        st.markdown(f"**{md(table.file_name)}** ({role}) — {table.frame.height:,} rows, "
                    f"{table.frame.width} columns")
        for note in table.notes:
            st.caption(md(note))
        preview = original_headers(table.frame.head(PREVIEW_ROWS), table.original_columns)
        st.dataframe(shown(preview, state), hide_index=True, height=220,
                     key=f"data.address_preview.{role}")
    if job.truth is not None:
        st.caption(f"Known answers: {md(job.truth_source)} ({job.truth.height:,} records). "
                   "They measure the accuracy on the Threshold page and feed "
                   "**You vs the model**.")
    next_step("pages/addresses.py", "Next: check the columns and match the addresses")
