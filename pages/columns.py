"""Step 2 — Columns: which columns describe the same thing in each file, and how they are cleaned."""

import streamlit as st

from matching.errors import WorkbenchError
from matching.suggest import with_columns
from ui.columns_view import (
    add_column_form,
    cleaning_editor,
    column_editor,
    left_out_panel,
    split_buttons,
)
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files, show_error

state = bootstrap("columns")
config = require_files(state)
wb = state.workbench
intro(
    "2. Columns",
    "Tell the workbench what each column means. Columns with the same meaning are matched "
    "against each other even when their headers differ (*Forename* and *first_name*). The "
    "suggestions come from the headers and the values; correct anything that looks wrong. "
    "Untick a column to leave it out.",
)

try:
    columns = column_editor(state)
    extra = add_column_form(state)
    if extra is not None:
        columns = (*columns, extra)
    if columns != config.columns:
        wb.update_config(with_columns(config, columns))
        st.rerun()
    split = split_buttons(state)
    if split is not None:
        wb.update_config(split)
        st.rerun()
except WorkbenchError as err:
    show_error(err)

used = [c for c in config.columns if c.use]
st.caption(f"{len(used)} column(s) will be used for matching.")
left_out_panel(state)
if not used:
    st.warning("No columns are in use yet, so there is nothing to match on. Tick a column "
               "above, or add one with **Add a column the suggestions missed**: pick the "
               "column of each file that holds the same thing (names, dates of birth, "
               "postcodes, reference numbers).", icon=":material/warning:")

st.subheader("Clean the values")
st.markdown(
    "Before matching, values are standardised so that *Mr John O'Brien* and *JOHN OBRIEN* "
    "agree. Each column has the usual cleaning for its meaning turned on: click a step to turn "
    "it off or on, and see how many values it changes in each file, with examples. The "
    "cleaned values are what the model compares; your original values are kept for display "
    "and export."
)
try:
    cleaned = cleaning_editor(state)
    if cleaned != config.columns:
        wb.update_config(with_columns(config, cleaned))
        st.rerun()
except WorkbenchError as err:
    show_error(err)

next_step("pages/blocking.py", "Next: choose which pairs to compare")
