"""Step 1 — Data: load one file to find duplicates, or two to link; choose record IDs."""

import streamlit as st

from matching.config import MatchConfig
from matching.diagnosis import copies_error
from matching.errors import ConfigError, WorkbenchError
from matching.loading import read_path, read_table
from matching.samples import sample_paths
from matching.suggest import adopt_project, unmatched_config
from ui.address_data import address_data_section
from ui.data_view import dataset_panel, detach_uploads, sheet_choice
from ui.page_end import end_page
from ui.privacy import md
from ui.session import bootstrap
from ui.widgets import intro, next_step, show_error

state = bootstrap("data")
wb = state.workbench
intro(
    "1. Data",
    "Load the records you want to match. **One file**: the workbench finds people who appear "
    "more than once in it (for example a residents list). **Two files**: it finds people who "
    "appear in both (for example council tax and housing benefit). CSV, Excel (.xlsx) and "
    "Parquet files work. Your files never leave this computer.",
)
if state.notice:
    st.success(md(state.notice))
    state.notice = None

ADDRESSES = "Match addresses to a reference list"
mode = st.radio("What do you want to do?", ["Link two files", "Find duplicates in one file",
                                            ADDRESSES],
                horizontal=True, key="data.mode",
                index=2 if wb.addresses.active else 0)
if mode == ADDRESSES:
    address_data_section(state)
    end_page(state)
wanted = 2 if mode == "Link two files" else 1

left, right = st.columns([3, 1])
with right:
    st.markdown("**No data to hand?**")
    if st.button("Use sample data", key="data.sample", icon=":material/science:",
                 help="Synthetic London records (no real people) with typos, nicknames and moves."):
        try:
            wb.set_tables([read_path(p) for p in sample_paths(link=wanted == 2)])
            with st.spinner("Suggesting a set-up for the sample data..."):
                wb.suggest()
            state.upload_ids = ()
        except WorkbenchError as err:
            show_error(err)

with left:
    # One file: a new upload replaces the one attached (a rejected file never piles up).
    attached = st.file_uploader(
        "Upload " + ("two files" if wanted == 2 else "one file"),
        type=["csv", "txt", "tsv", "xlsx", "parquet"],
        accept_multiple_files=wanted == 2,
        key=f"data.upload.{wanted}.{state.uploader_generation}",
    )

uploads = list(attached) if isinstance(attached, list) else [attached] if attached else []
if uploads and len(uploads) != wanted:
    count = "1 is" if len(uploads) == 1 else f"{len(uploads)} are"
    st.warning(f"Please upload exactly {wanted} file(s): {count} attached.")
    if len(uploads) > wanted:
        st.button("Remove the attached files", key="data.detach", icon=":material/clear_all:",
                  on_click=detach_uploads, args=(state,))
elif uploads:
    try:
        sheets = [sheet_choice(up) for up in uploads]
        key = tuple(u.file_id for u in uploads) + tuple(str(s) for s in sheets)
        if key != state.upload_ids:
            with st.status("Reading the files...") as status:
                progress = st.progress(0.0)
                tables = []
                for n, (up, sheet) in enumerate(zip(uploads, sheets, strict=True)):
                    status.update(label=f"Reading {up.name}...")
                    tables.append(read_table(up.getvalue(), up.name, sheet=sheet))
                    progress.progress((n + 1) / (len(uploads) + 1))
                state.upload_ids = key
                wb.set_tables(tables)
                status.update(label="Suggesting what each column means...")
                try:
                    if not wb.suggest().blocking and wb.config is not None:
                        show_error(wb.no_rules_error())
                except ConfigError as err:
                    wb.update_config(unmatched_config(tables))
                    show_error(copies_error(tables) or err)
                progress.progress(1.0)
                status.update(label="Files read: " + ", ".join(
                    f"{t.file_name} ({t.frame.height:,} rows)" for t in tables),
                    state="complete", expanded=False)
    except WorkbenchError as err:
        show_error(err)
        if wb.tables:
            st.caption("Nothing else changed: the files loaded before are still loaded below.")

if wb.tables and len(wb.tables) != wanted:
    st.info("The files below were loaded to " + ("link two files" if len(wb.tables) == 2
            else "find duplicates in one file") + ". Upload new files, or press "
            "**Use sample data**, to switch.")
if wb.tables:
    st.divider()
    st.subheader("Your data")
    for index in range(len(wb.tables)):
        dataset_panel(state, index)
    with st.expander("Reuse a saved project", icon=":material/settings_backup_restore:"):
        st.caption("Load a project.json exported from this workbench to reuse its columns, "
                   "rules, comparisons and threshold on the files above.")
        project = st.file_uploader("Project file", type=["json"],
                                   key=f"data.project.{state.uploader_generation}")
        if project is not None and project.file_id != state.project_id:
            try:
                loaded = MatchConfig.from_json(project.getvalue())  # checked field by field
                wb.update_config(adopt_project(loaded, wb.tables))
                state.project_id = project.file_id
                st.success("Project loaded: the set-up now follows the saved project.")
            except WorkbenchError as err:
                show_error(err)
    if wb.config is not None and not wb.config.used_columns:
        st.warning("The workbench found no columns that mean the same thing in both files "
                   "(names, dates of birth, postcodes, reference numbers). On the Columns page, "
                   "map them by hand with **Add a column the suggestions missed**.",
                   icon=":material/warning:")
    if wb.config is not None:
        next_step("pages/columns.py", "Next: check the columns")
