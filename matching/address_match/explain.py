"""One record's candidates, and how each comparison moved a candidate's score (the waterfall)."""

from __future__ import annotations

from typing import Any

import polars as pl

from matching.address_match.run import AddressResult

WATERFALL_SCHEMA = {"step": pl.String, "description": pl.String, "value_l": pl.String,
                    "value_r": pl.String, "weight": pl.Float64, "kind": pl.String}


def candidates(result: AddressResult, unique_id: str) -> pl.DataFrame:
    """The record's top candidates, best first: ``rank``, ``uprn``, ``address``,
    ``match_weight`` and the ``row_id`` of the scored reference address."""
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT rank, uprn, address, match_weight, row_id
                FROM "{result.candidates_table}" WHERE unique_id = $id ORDER BY rank""",
            params={"id": unique_id}).pl()


def scored_pair(result: AddressResult, unique_id: str, row_id: str) -> dict[str, Any] | None:
    """The whole scored row of a record and one reference address (None if never scored)."""
    if result.predictions is None:
        return None
    with result.workspace.lock:
        rel = result.con.sql(
            f"""SELECT * FROM {result.predictions.physical_name}
                WHERE unique_id_l = $l AND unique_id_r = $r""",
            params={"l": unique_id, "r": row_id})
        rows, columns = rel.fetchall(), rel.columns
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v is not None)
    return str(value)


def waterfall(result: AddressResult, record: dict[str, Any]) -> pl.DataFrame:
    """From the starting point (one address out of the whole list) through each comparison to
    the final match weight: ``step``, ``description``, ``value_l`` (the record),
    ``value_r`` (the list), ``weight`` and ``kind`` (absolute, relative, total)."""
    assert result.linker is not None
    with result.workspace.lock:
        chart = result.linker.visualisations.waterfall_chart([record], filter_nulls=False)
    out = []
    for row in (r if isinstance(r, dict) else r.as_dict() for r in chart.chart_data):
        if row.get("record_number", 0) != 0:
            continue
        name = str(row["column_name"])
        kind = {"Prior": "absolute", "Final score": "total"}.get(name, "relative")
        description = str(row.get("label_for_charts") or "")
        if name == "Prior":
            name, description = "Starting point", "one address out of the whole list"
        elif name == "Final score":
            name, description = "Final match weight", ""
        out.append({"step": {"numbers": "Flat and house number", "street": "Street and building",
                             "postcode": "Postcode"}.get(name, name),
                    "description": description, "value_l": _shown(row.get("value_l")),
                    "value_r": _shown(row.get("value_r")),
                    "weight": float(row.get("log2_bayes_factor") or 0.0), "kind": kind})
    return pl.DataFrame(out, schema=WATERFALL_SCHEMA)
