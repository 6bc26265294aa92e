"""Saying what is really wrong when the data itself leaves nothing to match on.

When no blocking rule can be suggested, the usual cause is in the data: records that are copies
of each other, or columns where one value covers nearly everyone. "There are no blocking
rules" is true but useless; these messages name the files, the columns and the values.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from matching.blocking import column_label
from matching.config import MatchConfig
from matching.database import Workspace
from matching.errors import ConfigError
from matching.loading import LoadedTable

#: A value shared by more than this share of a file's records cannot split it into groups.
DOMINANT_SHARE = 0.5


def _commonest(workspace: Workspace, table: str, column: str) -> tuple[str | None, int, int]:
    """(the commonest value, how many records have it, how many records there are)."""
    with workspace.lock:
        row = workspace.con.sql(
            f'''SELECT "{column}", count(*) AS n, sum(count(*)) OVER () AS total
                FROM "{table}" GROUP BY ALL ORDER BY n DESC, 1 LIMIT 1''').fetchall()
    if not row:
        return None, 0, 0
    value, count, total = row[0]
    return (None if value is None else str(value)), int(count), int(total)


def _distinct_records(workspace: Workspace, table: str, columns: Sequence[str]) -> int:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with workspace.lock:
        rows = workspace.con.sql(
            f'SELECT count(*) FROM (SELECT DISTINCT {quoted} FROM "{table}")').fetchall()
    return int(rows[0][0])


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _copies(name: str, records: int, columns: Sequence[str]) -> ConfigError:
    return ConfigError(
        f"Every record in {name} ({records:,} of them) has the same {_and(columns)}: they are "
        "copies of one record, so there is nothing to tell them apart and no rule could "
        "choose which pairs to compare.",
        hint="Check the export (it may have repeated one row), or remove the copies, then try "
        "again.")


def copies_error(tables: Sequence[LoadedTable]) -> ConfigError | None:
    """A file whose records are all the same (every column holds one value): nothing can be
    matched in it, whatever the set-up."""
    for table in tables:
        frame = table.frame
        if frame.height < 2 or frame.width == 0:
            continue
        if all(n <= 1 for n in frame.select(pl.all().n_unique()).row(0)):
            labels = [table.original_columns.get(c, c).lower() for c in frame.columns]
            return _copies(table.file_name, frame.height, labels)
    return None


def no_blocking_rules_error(workspace: Workspace, config: MatchConfig,
                            file_names: Sequence[str]) -> ConfigError:
    """Why no blocking rule could be suggested for data already loaded in ``workspace``."""
    columns = [c.name for c in config.used_columns]
    labels = [column_label(c) for c in columns]
    for table, name in zip(workspace.input_tables, file_names, strict=False):
        if columns and _distinct_records(workspace, table, columns) == 1:
            return _copies(name, _commonest(workspace, table, columns[0])[2], labels)
    crowded = []
    for table, name in zip(workspace.input_tables, file_names, strict=False):
        for column, label in zip(columns, labels, strict=True):
            value, count, total = _commonest(workspace, table, column)
            if total and count > DOMINANT_SHARE * total:
                shown = "blank" if value is None else f"'{value}'"
                crowded.append(f"{label} is {shown} in {count:,} of {total:,} records of {name}")
    detail = ("; ".join(crowded[:4]) + ". ") if crowded else ""
    return ConfigError(
        "No blocking rule could be found that keeps the number of pairs to compare "
        f"manageable: no column splits the records into small enough groups. {detail}".strip(),
        hint="Match on columns that tell people apart (a date of birth, a postcode, a "
        "reference number), fill in missing values, or split the file into smaller parts.")
