"""Warnings before training, in plain English: set-ups that will give weak or misleading weights.

- a compared column that every blocking rule requires to agree (only agreeing pairs are scored);
- columns mostly empty in some file;
- strongly related compared columns (town and postcode): the evidence is counted twice;
- levels never seen among the pairs the rules create: their weight cannot be learned.
Measured on a sample so that this stays fast on large files.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from matching.blocking import column_label
from matching.comparisons import level_case_sql, levels_sql
from matching.config import ComparisonKind, MatchConfig
from matching.database import Workspace
from matching.settings import blocking_rule, comparison_context, rule_columns

MOSTLY_EMPTY = 0.8  # share of records with no value
RELATED = 0.95  # share of records whose value is fixed by the other column's value
MIN_GROUP = 3  # only values shared by this many records say anything about a relation
MIN_RELATED_ROWS = 50
SAMPLE_RECORDS = 20_000
SAMPLE_PAIRS = 20_000


@dataclass(frozen=True)
class SetupWarning:
    """One thing to check before training: what, and why it matters."""

    title: str
    detail: str
    serious: bool = True  # False: worth knowing, often harmless (a rare level)


def _in_every_rule(config: MatchConfig) -> list[SetupWarning]:
    if not config.blocking:
        return []
    required = set.intersection(*(rule_columns(r) for r in config.blocking))
    ctx = comparison_context(config)
    out = []
    for spec in config.comparisons:
        own = {spec.column} | ({spec.other_column} if spec.other_column else set())
        if spec.kind is ComparisonKind.ADDRESS_AND_POSTCODE and ctx.postcode_column:
            own.add(ctx.postcode_column)
        for column in sorted(own & required):
            part = "" if column == spec.column else f" (part of the {column_label(spec.column)} comparison)"
            out.append(SetupWarning(
                f"'{column_label(column)}' is required by every blocking rule and also "
                f"compared{part}",
                "Every pair the rules create already agrees on it, so the model never sees "
                "pairs that differ on it and cannot learn how much agreeing is worth. Add a "
                f"rule that does not use {column_label(column)}, or stop comparing it.",
            ))
    return out


def _mostly_empty(workspace: Workspace, config: MatchConfig,
                  tables: list[str]) -> list[SetupWarning]:
    out = []
    for spec in config.comparisons:
        for name, table in zip((d.name for d in config.datasets), tables, strict=True):
            empty = workspace.con.sql(
                f'SELECT avg(CASE WHEN "{spec.column}" IS NULL THEN 1.0 ELSE 0 END) FROM "{table}"'
            ).fetchall()[0][0]
            if empty is not None and empty >= MOSTLY_EMPTY:
                out.append(SetupWarning(
                    f"'{column_label(spec.column)}' is empty in {empty:.0%} of {name}",
                    "A comparison on a mostly empty column says little and its weights are "
                    "learned from few records. Check the column mapping on the Columns page, "
                    "or stop comparing it.",
                ))
    return out


def _related(workspace: Workspace, config: MatchConfig, tables: list[str]) -> list[SetupWarning]:
    columns = [s.column for s in config.comparisons]
    if len(columns) < 2:
        return []
    union = " UNION ALL ".join(
        f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{t}"' for t in tables
    )
    workspace.con.sql(
        f"CREATE OR REPLACE TEMP TABLE mw_related AS SELECT * FROM ({union}) "
        f"USING SAMPLE {SAMPLE_RECORDS} ROWS (reservoir, 7)"
    )
    found: list[tuple[str, str, float]] = []
    try:
        for a, b in itertools.permutations(columns, 2):
            # Among values of a shared by MIN_GROUP+ records, how often is b the usual b?
            row = workspace.con.sql(f"""
                WITH g AS (SELECT "{a}" AS a, "{b}" AS b, count(*) AS n FROM mw_related
                           WHERE "{a}" IS NOT NULL AND "{b}" IS NOT NULL GROUP BY ALL),
                per_a AS (SELECT a, sum(n) AS rows, max(n) AS top, count(*) AS kinds
                          FROM g GROUP BY a HAVING sum(n) >= {MIN_GROUP})
                SELECT sum(rows), sum(top), count(*) FILTER (WHERE kinds > 1),
                       (SELECT count(DISTINCT b) FROM g) FROM per_a
            """).fetchall()[0]
            rows, top, _, distinct_b = row
            if not rows or rows < MIN_RELATED_ROWS or (distinct_b or 0) < MIN_GROUP:
                continue
            if top / rows >= RELATED and not any({a, b} == {x, y} for x, y, _ in found):
                found.append((a, b, float(top / rows)))
    finally:
        workspace.con.sql("DROP TABLE IF EXISTS mw_related")
    return [
        SetupWarning(
            f"'{column_label(a)}' and '{column_label(b)}' are strongly related",
            f"Records that share a {column_label(a)} almost always share a {column_label(b)} "
            f"too ({share:.0%} in a sample), so agreeing on both is counted as two pieces of "
            "evidence when it is nearly one. The scores will be too confident: consider "
            "comparing only one of them.",
        )
        for a, b, share in found
    ]


def _unseen_levels(workspace: Workspace, config: MatchConfig,
                   tables: list[str]) -> list[SetupWarning]:
    if not config.blocking or not config.comparisons:
        return []
    columns = workspace.con.sql(f'SELECT * FROM "{tables[0]}" LIMIT 0').columns
    select = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
    left, right = (tables[0], tables[1]) if len(tables) == 2 else (tables[0], tables[0])
    order = "" if len(tables) == 2 else " AND l.unique_id < r.unique_id"
    per_rule = max(1, SAMPLE_PAIRS // len(config.blocking))
    parts = [
        f'(SELECT {select} FROM "{left}" l JOIN "{right}" r ON '
        f"({blocking_rule(rule).get_blocking_rule('duckdb').blocking_rule_sql}){order} "
        f"LIMIT {per_rule})"
        for rule in config.blocking
    ]
    ctx = comparison_context(config)
    workspace.con.sql(f"CREATE OR REPLACE TEMP TABLE mw_pairs AS {' UNION ALL '.join(parts)}")
    out = []
    try:
        for spec in config.comparisons:
            levels = levels_sql(spec, ctx)
            seen = {int(i) for (i,) in workspace.con.sql(
                f"SELECT DISTINCT {level_case_sql(levels)} FROM mw_pairs").fetchall()}
            for i, level in enumerate(levels):
                if level.is_null_level or level.sql_condition.strip().upper() == "ELSE":
                    continue
                if i not in seen:
                    out.append(SetupWarning(
                        f"'{column_label(spec.column)}': no pair falls in the level "
                        f"'{level.description}'",
                        "Among the pairs the blocking rules create, no pair was found at this "
                        "level, so its weight cannot be learned and keeps a default. That is "
                        "fine for rare situations; if it should happen often, check the "
                        "cleaning of the column.",
                        serious=False,
                    ))
    finally:
        workspace.con.sql("DROP TABLE IF EXISTS mw_pairs")
    return out


def setup_warnings(workspace: Workspace, config: MatchConfig) -> list[SetupWarning]:
    """Everything worth checking before training, most serious first. The workspace must hold
    the prepared tables for ``config`` (see ``matching.pipeline.load_workspace``)."""
    warnings = _in_every_rule(config)
    with workspace.lock:
        tables = workspace.input_tables
        warnings += _mostly_empty(workspace, config, tables)
        warnings += _related(workspace, config, tables)
        warnings += _unseen_levels(workspace, config, tables)
    return warnings
