"""Cleaning never silently destroys a column.

A cleaning step that checks values (a UK postcode format, an NHS check digit, a date parser)
sets what it cannot read to missing. On the wrong data (Australian postcodes, numbers with
typing errors) that would empty most of a column. So the suggested set-up measures, on a sample,
how many filled values each column's usual cleaning would empty (placeholders such as UNKNOWN
or 01/01/1900 do not count: emptying them is the point) and, above ``MAX_EMPTIED``:

- a reference number that fails its check is compared as a code instead (``OTHER_ID``) and a
  postcode that is not a UK one as a postal code (``POSTAL_CODE``), so typing errors and other
  countries' codes are kept;
- otherwise the steps that empty values are turned off.

The Columns page says which steps are off and why (``cleaning_notes``), and the checks before
training warn about any column the chosen cleaning empties (``emptied_warnings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matching.cleaning import is_placeholder_value
from matching.cleaning_fast import map_distinct
from matching.cleaning_steps import clean_column, column_steps, default_steps, steps_for
from matching.config import ColumnSpec
from matching.loading import LoadedTable
from matching.prepare import source_values
from matching.roles import Role

#: The most a column's cleaning may empty (share of filled, non-placeholder values).
MAX_EMPTIED = 0.05
SAMPLE_ROWS = 5_000
#: Roles whose values are checked, and the role they are compared as when the check fails often.
AS_CODES: dict[Role, Role] = {
    Role.NHS_NUMBER: Role.OTHER_ID, Role.NI_NUMBER: Role.OTHER_ID, Role.UPRN: Role.OTHER_ID,
    Role.COMPANY_NUMBER: Role.OTHER_ID, Role.PHONE: Role.OTHER_ID,
    Role.POSTCODE: Role.POSTAL_CODE,
}


def emptied_share(table: LoadedTable, column: ColumnSpec, index: int,
                  steps: Sequence[str]) -> float:
    """The share of filled, non-placeholder values of dataset ``index`` that cleaning with
    ``steps`` sets to missing (on the first ``SAMPLE_ROWS`` rows)."""
    raw = source_values(table.frame.head(SAMPLE_ROWS), column, index)
    placeholder = map_distinct(raw, lambda v: "y" if is_placeholder_value(v) else None)
    filled = raw.is_not_null() & placeholder.is_null()
    total = int(filled.sum())
    if total == 0:
        return 0.0
    cleaned = clean_column(raw, column.role, steps)
    return int((filled & cleaned.is_null()).sum()) / total


def _worst(tables: Sequence[LoadedTable], column: ColumnSpec, steps: Sequence[str]) -> float:
    return max(emptied_share(t, column, i, steps) for i, t in enumerate(tables))


def guard_cleaning(column: ColumnSpec, tables: Sequence[LoadedTable]) -> ColumnSpec:
    """``column`` with a cleaning that empties at most ``MAX_EMPTIED`` of its filled values:
    as a code where a check would empty it, else without the steps that empty values."""
    if not column.use or _worst(tables, column, default_steps(column.role)) <= MAX_EMPTIED:
        return column
    if column.role in AS_CODES:
        as_code = replace(column, role=AS_CODES[column.role], cleaning=None)
        if _worst(tables, as_code, default_steps(as_code.role)) <= MAX_EMPTIED:
            return as_code
    steps = list(default_steps(column.role))
    for step in steps_for(column.role):
        if step.can_empty and step.key in steps:
            steps.remove(step.key)
            if _worst(tables, column, steps) <= MAX_EMPTIED:
                break
    return replace(column, cleaning=tuple(steps))


def cleaning_notes(column: ColumnSpec, tables: Sequence[LoadedTable]) -> list[str]:
    """For the Columns page: each usual step that is off, and how much it would empty."""
    notes = []
    chosen = set(column_steps(column))
    for step in steps_for(column.role):
        if not step.can_empty or not step.default or step.key in chosen or not column.clean:
            continue
        trial = sorted(chosen | {step.key}, key=[s.key for s in steps_for(column.role)].index)
        worst = _worst(tables, column, trial)
        if worst > MAX_EMPTIED:
            notes.append(f"'{step.label}' is off: it would set {worst:.0%} of the filled values "
                         "to missing, so the values are compared as they are.")
    return notes


def emptied_by_cleaning(column: ColumnSpec, tables: Sequence[LoadedTable]) -> float:
    """The share of filled values the column's chosen cleaning empties (the worst file)."""
    return _worst(tables, column, column_steps(column))


def emptied_columns(columns: Sequence[ColumnSpec],
                    tables: Sequence[LoadedTable]) -> list[tuple[ColumnSpec, float]]:
    """Columns in use whose chosen cleaning empties more than ``MAX_EMPTIED``."""
    found = []
    for column in columns:
        if column.use and column.clean:
            share = emptied_by_cleaning(column, tables)
            if share > MAX_EMPTIED:
                found.append((column, share))
    return found

