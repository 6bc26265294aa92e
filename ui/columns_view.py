"""Widgets of the Columns step: one row per common column, adding a column, cleaning preview."""

from __future__ import annotations

import polars as pl
import streamlit as st

from matching.config import ColumnSpec
from matching.roles import Role
from ui.privacy import md, shown
from ui.session import AppState

PREVIEW_ROWS = 5_000  # matches matching.prepare.cleaning_summary
ROLES = [r for r in Role if r is not Role.RECORD_ID]


def _label(state: AppState, index: int, column: str) -> str:
    return state.workbench.tables[index].original_columns.get(column, column)


def column_editor(state: AppState) -> tuple[ColumnSpec, ...]:
    """Edit each common column: use it or not, its meaning, its source columns per file."""
    wb = state.workbench
    assert wb.config is not None
    gen = state.uploader_generation
    files = [t.file_name for t in wb.tables]
    widths = [1, 2, 2] + [3] * len(files)
    header = st.columns(widths)
    for cell, text in zip(header, ["Use", "Column", "Meaning", *files], strict=True):
        cell.markdown(f"**{text}**")
    edited = []
    for spec in wb.config.columns:
        cells = st.columns(widths, vertical_alignment="center")
        use = cells[0].checkbox("Use", value=spec.use, key=f"columns.{gen}.{spec.name}.use",
                                label_visibility="collapsed")
        cells[1].markdown(f"`{spec.name}`")
        role = cells[2].selectbox(
            "Meaning", ROLES, index=ROLES.index(spec.role) if spec.role in ROLES else 0,
            format_func=lambda r: r.label, key=f"columns.{gen}.{spec.name}.role",
            label_visibility="collapsed",
        )
        sources = []
        for i, table in enumerate(wb.tables):
            chosen = cells[3 + i].multiselect(
                f"Columns of {table.file_name}", table.frame.columns,
                default=list(spec.sources[i]),
                format_func=lambda c, i=i: _label(state, i, c),
                key=f"columns.{gen}.{spec.name}.src{i}", label_visibility="collapsed",
                placeholder="(not in this file)",
            )
            sources.append(tuple(chosen))
        usable = use and all(sources)
        edited.append(ColumnSpec(spec.name, role, tuple(sources), use=usable, clean=spec.clean))
    return tuple(edited)


def _new_name(state: AppState, role: Role) -> str:
    assert state.workbench.config is not None
    taken = {c.name for c in state.workbench.config.columns}
    name, n = role.value, 1
    while name in taken:
        n += 1
        name = f"{role.value}_{n}"
    return name


def add_column_form(state: AppState) -> ColumnSpec | None:
    """A form to map a column the suggestions missed."""
    wb = state.workbench
    with (st.expander("Add a column the suggestions missed", icon=":material/add:"),
          st.form("columns.add", clear_on_submit=True, border=False)):
            role = st.selectbox("Meaning", ROLES, format_func=lambda r: r.label)
            sources = [
                st.multiselect(f"Column(s) of {md(t.file_name)}", t.frame.columns,
                               format_func=lambda c, i=i: _label(state, i, c))
                for i, t in enumerate(wb.tables)
            ]
            if not st.form_submit_button("Add column"):
                return None
    if not all(sources):
        st.warning("Pick at least one column from each file.")
        return None
    return ColumnSpec(_new_name(state, role), role, tuple(tuple(s) for s in sources))


def cleaning_preview(state: AppState) -> None:
    """Before and after examples of the cleaning, for each column in use."""
    wb = state.workbench
    assert wb.config is not None
    for spec in wb.config.used_columns:
        for i, table in enumerate(wb.tables):
            summary = state.cleaning_of(i, spec)
            st.markdown(
                f"**{md(spec.name)}** in {md(table.file_name)}: {summary.changed:,} of the first "
                f"{min(PREVIEW_ROWS, table.frame.height):,} values changed, {summary.nulled:,} "
                "set to missing (blank or placeholder)."
            )
            if summary.examples:
                st.dataframe(
                    shown(pl.DataFrame(summary.examples, schema=["before", "after"], orient="row"),
                          state),
                    hide_index=True,
                )
