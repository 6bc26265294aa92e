"""Explaining a scored pair: the pairs worth reviewing, the records side by side, and how each
comparison moved the score (the waterfall)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from matching.config import MatchConfig
from matching.loading import LoadedTable
from matching.pipeline import LinkageResult
from matching.prepare import combined_source, record_ids

PAIR_KEY = ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]


def pairs_near_threshold(result: LinkageResult, threshold: float, *,
                         limit: int = 100, side: str = "both") -> pl.DataFrame:
    """The pairs closest to ``threshold``: the ones a person should look at first.

    ``side`` is "above", "below" or "both".
    """
    where = {"above": "match_weight >= $t", "below": "match_weight < $t"}.get(side, "TRUE")
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT {", ".join(PAIR_KEY)}, match_weight, match_probability
                FROM {result.predictions_table} WHERE {where}
                ORDER BY abs(match_weight - $t), match_weight DESC LIMIT $n""",
            params={"t": threshold, "n": limit},
        ).pl()


def pairs_above(result: LinkageResult, threshold: float) -> pl.DataFrame:
    """Every pair at or above ``threshold``, strongest first."""
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT {", ".join(PAIR_KEY)}, match_weight, match_probability
                FROM {result.predictions_table} WHERE match_weight >= $t
                ORDER BY match_weight DESC, {", ".join(PAIR_KEY)}""",
            params={"t": threshold},
        ).pl()


def pair_record(result: LinkageResult, key: Sequence[str]) -> dict[str, Any]:
    """The whole scored row for one pair (all comparison columns, gammas and weights)."""
    with result.workspace.lock:
        rel = result.con.sql(
            f"""SELECT * FROM {result.predictions_table}
                WHERE source_dataset_l = $a AND unique_id_l = $b
                  AND source_dataset_r = $c AND unique_id_r = $d""",
            params=dict(zip("abcd", key, strict=True)),
        )
        rows = rel.fetchall()
        columns = rel.columns
    if not rows:
        raise KeyError(f"No scored pair {tuple(key)}")
    return dict(zip(columns, rows[0], strict=True))


def waterfall(result: LinkageResult, record: dict[str, Any]) -> pl.DataFrame:
    """How each comparison moved the score, from the prior to the final match weight.

    Columns: ``step`` (prior, each comparison, final), ``description`` (the level reached),
    ``value_l``, ``value_r``, ``weight`` (log2 Bayes factor) and ``kind`` (absolute,
    relative or total, as a waterfall chart draws them).
    """
    with result.workspace.lock:
        chart = result.linker.visualisations.waterfall_chart([record], filter_nulls=False)
    rows = [r if isinstance(r, dict) else r.as_dict() for r in chart.chart_data]
    out = []
    for row in rows:
        if row.get("record_number", 0) != 0:
            continue
        name = str(row["column_name"])
        kind = {"Prior": "absolute", "Final score": "total"}.get(name, "relative")
        description = str(row.get("label_for_charts") or "")
        if name.startswith("tf_"):
            name, description = name[3:], "adjustment for how common the value is"
        elif name == "Prior":
            name, description = "Starting point", "how rare matches are among all pairs"
        elif name == "Final score":
            name, description = "Final match weight", ""
        out.append({
            "step": name,
            "description": description,
            "value_l": None if row.get("value_l") is None else str(row["value_l"]),
            "value_r": None if row.get("value_r") is None else str(row["value_r"]),
            "weight": float(row.get("log2_bayes_factor") or 0.0),
            "kind": kind,
        })
    return pl.DataFrame(out, schema={
        "step": pl.String, "description": pl.String, "value_l": pl.String,
        "value_r": pl.String, "weight": pl.Float64, "kind": pl.String,
    })


def _find_record(tables: Sequence[LoadedTable], config: MatchConfig, source_dataset: str,
                 unique_id: str) -> tuple[int, LoadedTable, pl.DataFrame] | None:
    """The dataset index, its table and the one-row frame of a record, if it exists."""
    for index, (table, spec) in enumerate(zip(tables, config.datasets, strict=True)):
        if spec.name != source_dataset:
            continue
        if spec.id_column is None:  # generated IDs are row numbers from 1
            row = int(unique_id) - 1 if unique_id.isdigit() and unique_id[0] != "0" else -1
            matches = table.frame.slice(row, 1) if 0 <= row < table.frame.height else None
        elif spec.id_column in table.frame.columns:  # IDs were checked when the data was prepared
            matches = table.frame.filter(pl.col(spec.id_column) == unique_id)
        else:
            matches = table.frame.filter(record_ids(table, spec) == unique_id)
        return (index, table, matches.head(1)) if matches is not None and matches.height else None
    return None


def matching_values(tables: Sequence[LoadedTable], config: MatchConfig,
                    source_dataset: str, unique_id: str) -> dict[str, str | None]:
    """A record's values for each column in use, as loaded (before cleaning)."""
    found = _find_record(tables, config, source_dataset, unique_id)
    if found is None:
        return {}
    index, _, row = found
    return {
        column.name: combined_source(row, column.sources[index], column.name)[0]
        for column in config.used_columns
    }


def records_view(tables: Sequence[LoadedTable], config: MatchConfig,
                 keys: Sequence[tuple[str, str]]) -> pl.DataFrame:
    """Records as rows, with one column per matching column (values as loaded)."""
    rows = [
        {"source": source, "record ID": uid, **matching_values(tables, config, source, uid)}
        for source, uid in keys
    ]
    schema = {"source": pl.String, "record ID": pl.String}
    schema |= {c.name: pl.String for c in config.used_columns}
    return pl.DataFrame(rows, schema=schema)


def side_by_side(tables: Sequence[LoadedTable], config: MatchConfig,
                 key: Sequence[str]) -> pl.DataFrame:
    """The two records of a pair, one row per matching column: ``field``, ``record_1``,
    ``record_2`` (as loaded) and ``same`` (whether the loaded values are identical)."""
    left = matching_values(tables, config, key[0], key[1])
    right = matching_values(tables, config, key[2], key[3])
    fields = [c.name for c in config.used_columns]
    return pl.DataFrame(
        {
            "field": ["record ID", *fields],
            "record_1": [key[1], *(left.get(f) for f in fields)],
            "record_2": [key[3], *(right.get(f) for f in fields)],
        },
        schema={"field": pl.String, "record_1": pl.String, "record_2": pl.String},
    )


def _short(value: str | None, limit: int = 30) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join_words(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def pair_reason(steps: pl.DataFrame, records: pl.DataFrame | None = None) -> str:
    """One sentence saying why a pair scored as it did, from its waterfall (``steps``).

    Agreeing comparisons come first ("same date of birth and postcode"), then near-agreements
    with the values ("first name similar (Bob ~ Robert)"), disagreements ("address differs
    (1 High St vs 9 Low Rd)") and missing values. ``records`` is the ``side_by_side`` table,
    whose values (as loaded) are quoted; otherwise the waterfall's values are.
    """
    shown: dict[str, tuple[str | None, str | None]] = {}
    if records is not None:
        shown = {f: (a, b) for f, a, b in records.select("field", "record_1", "record_2").iter_rows()}
    same: list[str] = []
    similar: list[str] = []
    differ: list[str] = []
    missing: list[str] = []
    for step, description, value_l, value_r, weight, kind in steps.iter_rows():
        if kind != "relative" or description == "adjustment for how common the value is":
            continue
        label = str(step).replace("_", " ")
        left, right = shown.get(str(step), (value_l, value_r))
        text = str(description or "").lower()
        if text.startswith("missing") or text.startswith("null") or (
                weight == 0 and (not left or not right)):
            missing.append(label)
        elif weight > 0 and (text.startswith("exact") or
                             _short(left).casefold() == _short(right).casefold()):
            same.append(label)
        elif weight > 0:
            similar.append(f"{label} similar ({_short(left)} ~ {_short(right)})")
        elif weight < 0:
            differ.append(f"{label} differs ({_short(left)} vs {_short(right)})")
        else:
            similar.append(f"{label} neutral")
    parts = []
    if same:
        parts.append("same " + _join_words(same))
    parts += similar + differ
    if missing:
        parts.append("no " + _join_words(missing) + " to compare")
    if not parts:
        return "Nothing was compared for this pair."
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
