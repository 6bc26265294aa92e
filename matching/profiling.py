"""Column profiles: how full each column is, how varied, its commonest values, the placeholder
values that poison matching, and a one-line verdict in plain English."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from matching.cleaning import is_placeholder_value
from matching.loading import LoadedTable

#: Placeholders are common values by nature, so only the most frequent values are checked.
PLACEHOLDER_CANDIDATES = 50
TOP_VALUES = 5
#: Columns profiled in one parallel pass.
COLUMNS_PER_PASS = 32


@dataclass(frozen=True)
class ColumnProfile:
    """What one column of a loaded file holds."""

    column: str
    label: str
    rows: int
    filled: int
    distinct: int
    top_values: tuple[tuple[str, int], ...]
    placeholders: int
    placeholder_examples: tuple[str, ...]
    shortest: int
    longest: int

    @property
    def real_values(self) -> int:
        """Rows with a value that is not a placeholder (N/A, UNKNOWN, 01/01/1900...)."""
        return self.filled - self.placeholders

    @property
    def completeness(self) -> float:
        """The share of rows with a real value: placeholders count as missing, as they are
        when matching."""
        return self.real_values / self.rows if self.rows else 0.0

    @property
    def verdict(self) -> str:
        """A short judgement of the column's use for matching."""
        filled = f"{self.completeness:.0%} filled"
        if self.real_values == 0 and self.placeholders:
            return (f"{self.label}: only placeholders ({self.placeholder_text}), leave it out")
        if self.filled == 0:
            return f"{self.label}: empty, leave it out"
        if self.completeness < 0.05:
            return f"{self.label}: almost empty ({filled}), little use for matching"
        if self.placeholders > 0.05 * self.filled:
            return (f"{self.label}: {filled}, not counting {self.placeholders:,} placeholders "
                    f"({self.placeholder_text}), which are treated as missing")
        if self.distinct <= 3 and self.rows > 50:
            return f"{self.label}: {filled}, only {self.distinct} distinct values, weak evidence"
        if self.distinct == self.filled and self.filled > 50:
            return f"{self.label}: {filled}, every value different (an ID or free text)"
        return f"{self.label}: {filled}, {self.distinct:,} distinct values, good for matching"

    @property
    def placeholder_text(self) -> str:
        """The placeholders found, commonest first ("N/A, UNKNOWN")."""
        return ", ".join(self.placeholder_examples[:3]) + (
            "…" if len(self.placeholder_examples) > 3 else "")


def profile_column(frame: pl.DataFrame, column: str, label: str) -> ColumnProfile:
    """The profile of one text column."""
    return _profiles(frame, {column: label})[0]


def profile_table(table: LoadedTable) -> list[ColumnProfile]:
    """Profiles of every column of a loaded file, in column order.

    All columns are aggregated in one parallel pass (counts, distinct values, lengths), and the
    commonest values come from a top-k rather than a full sort, so a million rows take seconds.
    """
    labels = {c: table.original_columns.get(c, c) for c in table.frame.columns}
    return _profiles(table.frame, labels)


def _profiles(frame: pl.DataFrame, labels: dict[str, str]) -> list[ColumnProfile]:
    """Profiles in batches of columns: each batch is one parallel pass, and the work grows in
    step with the number of columns (one query over thousands of columns does not)."""
    columns = list(labels)
    return [profile
            for start in range(0, len(columns), COLUMNS_PER_PASS)
            for profile in _profile_batch(frame, columns[start:start + COLUMNS_PER_PASS], labels)]


def _profile_batch(frame: pl.DataFrame, columns: list[str],
                   labels: dict[str, str]) -> list[ColumnProfile]:
    stats = frame.lazy().select(
        expr
        for i, c in enumerate(columns)
        for expr in (
            pl.col(c).count().alias(f"filled{i}"),
            pl.col(c).drop_nulls().n_unique().alias(f"distinct{i}"),
            pl.col(c).str.len_chars().min().alias(f"shortest{i}"),
            pl.col(c).str.len_chars().max().alias(f"longest{i}"),
        )
    )
    tops = [
        frame.lazy().select(pl.col(c).alias("value")).drop_nulls().group_by("value").len("n")
        .top_k(PLACEHOLDER_CANDIDATES, by=["n", "value"], reverse=[False, True])
        .sort(["n", "value"], descending=[True, False])
        for c in columns
    ]
    row, *top_frames = pl.collect_all([stats, *tops])
    values = row.row(0, named=True)
    profiles = []
    for i, (column, top) in enumerate(zip(columns, top_frames, strict=True)):
        placeholders = [(v, n) for v, n in top.iter_rows() if is_placeholder_value(v)]
        profiles.append(ColumnProfile(
            column=column,
            label=labels[column],
            rows=frame.height,
            filled=int(values[f"filled{i}"]),
            distinct=int(values[f"distinct{i}"]),
            top_values=tuple((str(v), int(n)) for v, n in top.head(TOP_VALUES).iter_rows()),
            placeholders=sum(n for _, n in placeholders),
            placeholder_examples=tuple(str(v) for v, _ in placeholders),
            shortest=int(values[f"shortest{i}"] or 0),
            longest=int(values[f"longest{i}"] or 0),
        ))
    return profiles


def profiles_frame(profiles: list[ColumnProfile]) -> pl.DataFrame:
    """Profiles as a table for display: ``filled`` is the share of real values (placeholders
    are counted apart, and named)."""
    return pl.DataFrame(
        {
            "column": [p.label for p in profiles],
            "verdict": [p.verdict for p in profiles],
            "filled": [p.completeness for p in profiles],
            "distinct values": [p.distinct for p in profiles],
            "commonest values": [", ".join(f"{v} ({n:,})" for v, n in p.top_values)
                                 for p in profiles],
            "placeholders": [p.placeholders for p in profiles],
            "placeholder values": [p.placeholder_text for p in profiles],
        },
        schema={"column": pl.String, "verdict": pl.String, "filled": pl.Float64,
                "distinct values": pl.Int64, "commonest values": pl.String,
                "placeholders": pl.Int64, "placeholder values": pl.String},
    )
