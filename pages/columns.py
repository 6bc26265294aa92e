"""Step 2 — Columns: which columns describe the same thing in each file, and which take part."""

import streamlit as st

from matching.errors import WorkbenchError
from matching.suggest import with_columns
from ui.columns_view import add_column_form, cleaning_preview, column_editor
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files, show_error

state = bootstrap("Columns")
require_files(state)
wb = state.workbench
intro(
    "2. Columns",
    "Tell the workbench what each column means. Columns with the same meaning are matched "
    "against each other even when their headers differ (*Forename* and *first_name*). The "
    "suggestions come from the headers and the values; correct anything that looks wrong. "
    "Untick a column to leave it out. Values are cleaned before matching (capitals, spaces, "
    "titles, postcode format, date formats): the originals are kept for display and export.",
)

try:
    columns = column_editor(state)
    extra = add_column_form(state)
    if extra is not None:
        columns = (*columns, extra)
    if columns != wb.config.columns:
        wb.update_config(with_columns(wb.config, columns))
        st.rerun()
except WorkbenchError as err:
    show_error(err)

with st.expander("See how the values are cleaned", icon=":material/cleaning_services:"):
    cleaning_preview(state)

used = [c for c in wb.config.columns if c.use]
st.caption(f"{len(used)} column(s) will be used for matching.")
next_step("pages/blocking.py", "Next: choose which pairs to compare")
