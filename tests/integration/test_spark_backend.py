"""`python -m matching run PROJECT.json --backend spark` finds the same pairs and clusters as
DuckDB on the sample data (Spark in local mode; the model is trained on DuckDB and its
parameters carried across)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from matching.spark import spark_missing, spark_sql
from tests.integration.support import COUNCIL_TAX, HOUSING_BENEFIT, read_text_csv, run_cli

MISSING = spark_missing()
pytestmark = pytest.mark.slow


def test_duckdb_levels_are_translated_for_spark() -> None:
    assert spark_sql('"first_name_l" = "surname_r" AND substr("dob_l", 1, 4) = substr("dob_r", 1, 4)') == (
        "`first_name_l` = `surname_r` AND SUBSTRING(`dob_l`, 1, 4) = SUBSTRING(`dob_r`, 1, 4)")
    assert spark_sql("jaro_winkler(`a_l`, `a_r`) >= 0.9") == "jaro_winkler(`a_l`, `a_r`) >= 0.9"


def groups(clusters: pl.DataFrame) -> set[frozenset[tuple[str, str]]]:
    """Clusters as sets of records, whatever their numbers."""
    grouped = clusters.group_by("cluster_id").agg(pl.struct("source_dataset", "unique_id"))
    return {frozenset((r["source_dataset"], r["unique_id"]) for r in members)
            for members in grouped["source_dataset"]}


@pytest.mark.skipif(MISSING is not None, reason=f"Spark cannot run here: {MISSING}")
def test_spark_finds_the_same_pairs_and_clusters_as_duckdb(tmp_path: Path) -> None:
    duck, spark = tmp_path / "duckdb", tmp_path / "spark"
    assert run_cli("auto", COUNCIL_TAX, HOUSING_BENEFIT, "--out", duck).code == 0
    run = run_cli("run", duck / "project.json", "--out", spark, "--backend", "spark")
    assert run.code == 0, run.stderr[-3000:]
    assert "Pairs at or above the threshold" in run.stdout
    ours, theirs = read_text_csv(duck / "pairs.csv"), read_text_csv(spark / "pairs.csv")
    assert theirs.columns == ours.columns
    key = ["unique_id_l", "unique_id_r", "source_dataset_l", "source_dataset_r"]
    assert set(theirs.select(key).iter_rows()) == set(ours.select(key).iter_rows())
    joined = ours.join(theirs, on=key, suffix="_spark")
    same = joined.filter((pl.col("match_weight").cast(pl.Float64)
                          - pl.col("match_weight_spark").cast(pl.Float64)).abs() < 1e-6)
    # The same parameters give the same scores, except where Spark's Jaro-Winkler (a Scala
    # function) and DuckDB's disagree on letters such as Ł (5 of 1,589 scored pairs here).
    assert same.height >= 0.99 * joined.height
    duck_clusters, spark_clusters = (read_text_csv(d / "clusters.csv") for d in (duck, spark))
    assert spark_clusters.columns == duck_clusters.columns
    assert groups(spark_clusters) == groups(duck_clusters)
