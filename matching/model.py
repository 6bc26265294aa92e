"""The trained model in tables people can read: what each level of agreement is worth."""

from __future__ import annotations

import polars as pl

from matching.pipeline import LinkageResult


def model_parameters(result: LinkageResult) -> pl.DataFrame:
    """One row per comparison level: ``comparison``, ``level``, ``m``, ``u``, ``match_weight``.

    ``m`` is how often true matches fall in the level, ``u`` how often random pairs do;
    the weight is log2(m/u). Missing-value levels are left out (they carry no weight).
    """
    with result.workspace.lock:
        chart = result.linker.visualisations.m_u_parameters_chart()
    rows = [r if isinstance(r, dict) else r.as_dict() for r in chart.chart_data]
    out = [
        {
            "comparison": str(r["comparison_name"]),
            "level": str(r["label_for_charts"]),
            "m": r.get("m_probability"),
            "u": r.get("u_probability"),
            "match_weight": r.get("log2_bayes_factor"),
        }
        for r in rows
        if not r.get("is_null_level")
        and r.get("comparison_name") != "probability_two_random_records_match"
    ]
    return pl.DataFrame(out, schema={"comparison": pl.String, "level": pl.String,
                                     "m": pl.Float64, "u": pl.Float64,
                                     "match_weight": pl.Float64})
