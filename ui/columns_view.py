"""Widgets of the Columns step: one row per common column, adding a column, cleaning preview."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import polars as pl
import streamlit as st

from matching.cleaning_steps import ALIAS_STEP, column_steps, default_steps, steps_for
from matching.config import ColumnSpec, MatchConfig
from matching.roles import Role
from matching.suggest import free_name, split_name_column
from ui.privacy import md, shown
from ui.session import AppState

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
        sources: list[tuple[str, ...]] = []
        for i, table in enumerate(wb.tables):
            chosen = cells[3 + i].multiselect(
                f"Columns of {table.file_name}", table.frame.columns,
                default=list(spec.sources[i]),
                format_func=partial(_label, state, i),
                key=f"columns.{gen}.{spec.name}.src{i}", label_visibility="collapsed",
                placeholder="(not in this file)",
            )
            sources.append(tuple(chosen))
        usable = use and all(sources)
        new = replace(spec, role=role, sources=tuple(sources), use=usable)
        if role != spec.role:
            new = replace(new, cleaning=None)  # the new role's usual cleaning
        if tuple(sources) != spec.sources:
            new = replace(new, name_parts=())
        edited.append(new)
        if any(spec.name_parts):
            parts = [f"{p} name" if p != "surname" else "surname" for p in spec.name_parts if p]
            cells[1].caption(f"the {parts[0]} of a full name")
    return tuple(edited)


def left_out_panel(state: AppState) -> None:
    """Every column of the files that is not used, and why, in plain words."""
    left_out = state.workbench.left_out_columns()
    if not left_out:
        return
    with st.expander(f"Columns not used for matching ({len(left_out)}), and why",
                     icon=":material/visibility_off:"):
        st.caption("Every column is used unless there is a reason not to. To use one anyway, "
                   "tick it above, or add it with **Add a column the suggestions missed**.")
        st.dataframe(
            pl.DataFrame({"File": [c.file_name for c in left_out],
                          "Column": [c.column for c in left_out],
                          "Why it is not used": [c.reason for c in left_out]}),
            hide_index=True, key="columns.left_out",
        )


def _new_name(state: AppState, role: Role) -> str:
    assert state.workbench.config is not None
    return free_name({c.name for c in state.workbench.config.columns}, role.value)


def add_column_form(state: AppState) -> ColumnSpec | None:
    """A form to map a column the suggestions missed."""
    wb = state.workbench
    with (st.expander("Add a column the suggestions missed", icon=":material/add:"),
          st.form("columns.add", clear_on_submit=True, border=False)):
            role = st.selectbox("Meaning", ROLES, format_func=lambda r: r.label)
            sources = [
                st.multiselect(f"Column(s) of {md(t.file_name)}", t.frame.columns,
                               format_func=partial(_label, state, i))
                for i, t in enumerate(wb.tables)
            ]
            if not st.form_submit_button("Add column"):
                return None
    if not all(sources):
        st.warning("Pick at least one column from each file.")
        return None
    return ColumnSpec(_new_name(state, role), role, tuple(tuple(s) for s in sources))


def split_buttons(state: AppState) -> MatchConfig | None:
    """A button per full-name column to split it into first name and surname; the new set-up
    when one is pressed."""
    wb = state.workbench
    assert wb.config is not None
    for spec in wb.config.used_columns:
        if spec.role is not Role.FULL_NAME:
            continue
        if st.button(f"Split {spec.name} into first name and surname",
                     key=f"columns.split.{spec.name}", icon=":material/call_split:",
                     help="Handles titles, middle names and 'SURNAME, Forename'. First names "
                     "and surnames are then compared on their own, swaps and nicknames "
                     "included."):
            return split_name_column(wb.config, spec.name, wb.tables)
    return None


def _step_label(role: Role) -> dict[str, str]:
    return {step.key: step.label for step in steps_for(role)}


def cleaning_editor(state: AppState) -> tuple[ColumnSpec, ...]:
    """For each column in use: its cleaning steps as toggles, and what they change in each file.

    Returns the columns with the chosen steps; a summary is computed only when the choice
    changes (``AppState.cleaning_of``).
    """
    wb = state.workbench
    assert wb.config is not None
    gen = state.uploader_generation
    edited = []
    for spec in wb.config.columns:
        if not spec.use:
            edited.append(spec)
            continue
        with st.container(border=True):
            st.markdown(f"**{md(spec.name)}** · {spec.role.label}")
            labels = _step_label(spec.role)
            current = list(column_steps(spec))
            chosen = st.pills(
                f"Cleaning of {spec.name}", list(labels), selection_mode="multi",
                default=current, format_func=labels.__getitem__,
                key=f"columns.{gen}.{spec.name}.steps.{spec.role.value}",
                label_visibility="collapsed",
            )
            st.caption(" · ".join(f"{s.label}: {s.example}" for s in steps_for(spec.role)))
            for note in state.workbench.cleaning_notes(spec):
                st.info(note, icon=":material/shield:")
            edited.append(_with_steps(spec, chosen))
            _cleaning_results(state, spec)
    return tuple(edited)


def _with_steps(spec: ColumnSpec, chosen: list[str]) -> ColumnSpec:
    """``spec`` with the chosen steps (None when they are the role's usual ones)."""
    order = [s.key for s in steps_for(spec.role)]
    steps = tuple(sorted(chosen, key=order.index))
    if steps == column_steps(spec):
        return spec
    return replace(spec, clean=True,
                   cleaning=None if steps == default_steps(spec.role) else steps)


def _cleaning_results(state: AppState, spec: ColumnSpec) -> None:
    for i, table in enumerate(state.workbench.tables):
        summary = state.cleaning_of(i, spec)
        sampled = "the first " if summary.rows < table.frame.height else ""
        st.markdown(
            f"{md(table.file_name)}: **{summary.changed + summary.nulled:,} of {sampled}"
            f"{summary.rows:,} values changed** ({summary.nulled:,} of them set to missing: "
            "blank, placeholder or invalid)."
        )
        if summary.aliases and ALIAS_STEP not in column_steps(spec):
            st.caption(f"{summary.aliases:,} values hold a 'known as' name, e.g. \"Robert "
                       "(Bob)\". Turn on **'Known as' names in their own column** to compare "
                       "them with the other records' names.")
        if summary.examples:
            st.dataframe(
                shown(pl.DataFrame(summary.examples, schema=["before", "after"], orient="row"), state),
                hide_index=True, key=f"columns.examples.{spec.name}.{i}",
            )
