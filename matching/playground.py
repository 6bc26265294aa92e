"""The comparison playground: type two values and see which level they fall in.

The values are cleaned exactly as the engine cleans a column (``matching.prepare``), then the
comparison's own level conditions (the SQL Splink runs) are evaluated by DuckDB on a one-row
table holding the two records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import polars as pl

from matching.comparisons import LevelSQL, level_case_sql, levels_sql
from matching.config import ColumnSpec, ComparisonSpec, DatasetSpec, MatchConfig
from matching.database import connect
from matching.loading import LoadedTable
from matching.prepare import prepare_table
from matching.settings import comparison_columns, comparison_context


@dataclass(frozen=True)
class PlaygroundResult:
    """Which level two values fall in, and the values as the model sees them."""

    level_index: int
    levels: tuple[LevelSQL, ...]
    cleaned_left: dict[str, object]
    cleaned_right: dict[str, object]

    @property
    def level(self) -> LevelSQL:
        return self.levels[self.level_index]


def playground_columns(config: MatchConfig, spec: ComparisonSpec) -> list[str]:
    """The columns to type values for: those of the project the comparison reads."""
    read = comparison_columns(spec, comparison_context(config))
    return [c.name for c in config.used_columns if c.name in read]


def which_level(config: MatchConfig, spec: ComparisonSpec, left: Mapping[str, str | None],
                right: Mapping[str, str | None]) -> PlaygroundResult:
    """The level of ``spec`` that records with these values would fall in."""
    names = playground_columns(config, spec)
    columns = tuple(_single_source(config.column(n)) for n in names)
    small = config.with_changes(columns=columns, datasets=(DatasetSpec("a", "playground"),),
                                link_type="dedupe_only")
    raw = pl.DataFrame({n: [_blank(left.get(n)), _blank(right.get(n))] for n in names},
                       schema=dict.fromkeys(names, pl.String))
    table = LoadedTable(frame=raw, file_name="playground", original_columns={}, sha256="",
                        file_format="csv")
    prepared = prepare_table(table, small.datasets[0], small, 0)
    ctx = comparison_context(config)
    levels = levels_sql(spec, ctx)
    pair = pl.DataFrame(
        {f"{c}_{side}": prepared[c][row : row + 1] for c in prepared.columns
         for side, row in (("l", 0), ("r", 1))}
    )
    con = connect(memory_limit="256MB", threads=1)
    try:
        con.register("pair", pair.to_arrow())
        index = con.sql(f"SELECT {level_case_sql(levels)} FROM pair").fetchall()[0][0]
    finally:
        con.close()
    row_l, row_r = prepared.row(0, named=True), prepared.row(1, named=True)
    return PlaygroundResult(int(index), tuple(levels), row_l, row_r)


def _blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def _single_source(column: ColumnSpec) -> ColumnSpec:
    """The column read from one typed-in value of the same name."""
    return replace(column, sources=((column.name,),), use=True)
