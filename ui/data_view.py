"""Widgets of the Data step: the sheet picker and a panel per loaded file."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from matching.errors import WorkbenchError
from matching.loading import check_record_ids, likely_sheet, list_sheets
from matching.profiling import profiles_frame
from ui.charts import completeness_chart
from ui.privacy import md, shown
from ui.session import AppState
from ui.widgets import show_error

GENERATE = "(no ID column: number the rows 1, 2, 3...)"
PREVIEW_ROWS = 20


def sheet_choice(upload: UploadedFile) -> str | None:
    """For a workbook with several sheets, the sheet the officer picks (by default the one
    that looks like the data, which is not always the first)."""
    if not upload.name.lower().endswith(".xlsx"):
        return None
    names = list_sheets(upload.getvalue(), upload.name)
    if len(names) <= 1:
        return None
    likely = likely_sheet(upload.getvalue(), upload.name)
    return st.selectbox(f"Which sheet of {md(upload.name)}?", names,
                        index=names.index(likely) if likely in names else 0,
                        key=f"data.sheet.{upload.file_id}")


def detach_uploads(state: AppState) -> None:
    """Empty the uploader (a button callback): a fresh uploader replaces it."""
    state.uploader_generation += 1
    state.upload_ids = ()


def original_headers(frame: pl.DataFrame, originals: dict[str, str]) -> pl.DataFrame:
    """The frame with its columns shown under their original headers."""
    seen: dict[str, int] = {}
    names = []
    for column in frame.columns:
        name = originals.get(column, column) or column
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def dataset_panel(state: AppState, index: int) -> None:
    """A loaded file: size, notes, a preview, and the record ID column."""
    wb = state.workbench
    table = wb.tables[index]
    spec = wb.config.datasets[index] if wb.config else None
    st.markdown(f"**{md(table.file_name)}** — {table.frame.height:,} rows, "
                f"{table.frame.width} columns")
    for note in table.notes:
        st.caption(md(note))
    st.dataframe(shown(original_headers(table.frame.head(PREVIEW_ROWS), table.original_columns),
                       state),
                 hide_index=True, height=250)
    with st.expander(f"What is in each column of {md(table.file_name)}",
                     icon=":material/query_stats:"):
        with st.spinner(f"Looking at every column of {table.frame.height:,} rows...",
                        show_time=True):
            profiles = state.profiles_of(table)
        st.plotly_chart(completeness_chart(profiles), key=f"data.completeness.{index}")
        st.dataframe(shown(profiles_frame(profiles), state), hide_index=True,
                     column_config={"filled": st.column_config.ProgressColumn(
                         "filled", format="percent", min_value=0, max_value=1)})
        st.caption("Placeholders are values such as UNKNOWN, N/A or 01/01/1900 that stand for "
                   "'not known': they are treated as missing when matching.")
    if spec is None or wb.config is None:
        return
    options = [GENERATE, *table.frame.columns]
    widget_key = f"data.id.{index}.{state.uploader_generation}"
    # A new table (another file, or another sheet of it) starts from the ID column suggested
    # for it, not from the choice made for the table before (row numbers for a notes sheet).
    shown_for = (table.sha256, table.sheet)
    if state.id_choice_tables.get(index) != shown_for:
        st.session_state.pop(widget_key, None)
        state.id_choice_tables[index] = shown_for
    current = options.index(spec.id_column) if spec.id_column in options else 0
    choice = st.selectbox(
        f"Which column holds each record's unique ID in {md(table.file_name)}?",
        options, index=current,
        format_func=lambda c: c if c == GENERATE else table.original_columns.get(c, c),
        key=widget_key,
        help="IDs appear in the results so you can find each record in your own system.",
    )
    chosen = None if choice == GENERATE else choice
    if chosen == spec.id_column:
        return
    try:
        if chosen is not None:
            check_record_ids(table.frame, chosen, table.file_name,
                             label=table.original_columns.get(chosen))
    except WorkbenchError as err:
        show_error(err)
        st.button("Number the rows 1, 2, 3... instead", key=f"data.generate.{index}",
                  icon=":material/format_list_numbered:", on_click=_generate_ids,
                  args=(state, index, widget_key))
        return
    datasets = list(wb.config.datasets)
    datasets[index] = replace(spec, id_column=chosen)
    wb.update_config(wb.config.with_changes(datasets=tuple(datasets)))
    st.rerun()


def _generate_ids(state: AppState, index: int, widget_key: str) -> None:
    """Use row numbers as the record IDs of file ``index`` (a button callback)."""
    wb = state.workbench
    assert wb.config is not None
    st.session_state[widget_key] = GENERATE
    datasets = list(wb.config.datasets)
    datasets[index] = replace(datasets[index], id_column=None)
    wb.update_config(wb.config.with_changes(datasets=tuple(datasets)))
