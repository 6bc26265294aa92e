"""Scale out on Apache Spark: train on DuckDB, score every candidate pair on Spark, cluster
the matched pairs on DuckDB.

The project's configuration builds Splink settings for Spark's SQL dialect (custom comparison
levels written for DuckDB are translated with sqlglot); the parameters the model learned on
DuckDB (prior, m and u) are carried across, so Spark scores pairs exactly as DuckDB would.
Needs ``pyspark`` and Java 17 (local mode here; point ``spark`` at a cluster for more).
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlglot
from splink import DuckDBAPI, Linker
from splink.clustering import cluster_pairwise_predictions_at_threshold

from matching.blocking import check_pair_budget, count_pairs, possible_pairs, rule_pairs
from matching.config import MatchConfig
from matching.database import Workspace, connect
from matching.errors import ConfigError
from matching.export import CLUSTER_COLUMNS, PAIR_COLUMNS
from matching.loading import LoadedTable
from matching.one_to_one import one_record_per_person, rivals_sql
from matching.pipeline import (
    PREDICTION_FLOOR_WEIGHT,
    _no_progress,
    estimated_precision,
    estimated_recall,
    load_workspace,
    scoring_model,
)
from matching.prepare import prepare_tables
from matching.settings import to_settings
from matching.thresholds import recommend_threshold
from matching.training import Progress, TrainingReport, train

INSTALL_HINT = "Install Spark support with 'pip install pyspark==4.3.0' and Java 17, then run again."


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed."
    if shutil.which("java") is None:
        return "Java is not installed (Spark needs Java 17)."
    return None


def spark_sql(condition: str) -> str:
    """A comparison level's SQL for Spark: levels written for DuckDB (double-quoted columns)
    are translated; Splink's own levels are already in Spark's dialect."""
    if '"' not in condition:
        return condition
    return str(sqlglot.transpile(condition, read="duckdb", write="spark")[0])


def spark_model(config: MatchConfig, trained: dict[str, Any]) -> dict[str, Any]:
    """The trained DuckDB model with its SQL rebuilt for Spark from the configuration."""
    target = to_settings(config).create_settings_dict("spark")
    model = copy.deepcopy(trained)
    for trained_comparison, spark_comparison in zip(
            model["comparisons"], target["comparisons"], strict=True):
        for level, spark_level in zip(trained_comparison["comparison_levels"],
                                      spark_comparison["comparison_levels"], strict=True):
            level["sql_condition"] = spark_sql(spark_level["sql_condition"])
    model["blocking_rules_to_generate_predictions"] = target["blocking_rules_to_generate_predictions"]
    model["sql_dialect"] = "spark"
    return model


def train_on_duckdb(tables: Sequence[LoadedTable], config: MatchConfig, workspace: Workspace,
                    progress: Progress = _no_progress) -> tuple[dict[str, Any], TrainingReport]:
    """Train the model exactly as a DuckDB run does, without scoring: (model, report)."""
    load_workspace(workspace, tables, config)
    summary = count_pairs(workspace, config)
    check_pair_budget(summary)
    rows = workspace.input_row_counts()
    with workspace.lock:
        _, sdfs = workspace.splink_inputs()
        linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0],
                        to_settings(config, split_home=False), log_level=logging.WARNING)
        possible = possible_pairs(config, rows)
        report = train(linker, config, rows, possible, progress,
                       candidate_pairs=summary.total_pairs,
                       count_rule=lambda rule: rule_pairs(workspace, config, rule),
                       rules_recall=lambda rules: estimated_recall(workspace, config, rules),
                       rule_precision=lambda rule: estimated_precision(workspace, config, rule))
        linker = scoring_model(linker, config, workspace, possible, report)
        model = linker.misc.save_model_to_json()
        linker.table_management.delete_tables_created_by_splink_from_db()
    return model, report


def local_spark(cores: int = 2, memory: str = "4g") -> Any:
    """A local Spark session on this machine, with Splink's similarity functions loaded."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # listen on this machine only
    return (SparkSession.builder.master(f"local[{cores}]").appName("matching-workbench")
            .config("spark.jars", similarity_jar_location())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", memory)
            .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
            .config("spark.sql.session.timeZone", "UTC")
            # Blocking rules after the first exclude earlier rules' pairs with long predicates;
            # inferring constraints from them makes Spark's optimiser run out of memory.
            .config("spark.sql.constraintPropagation.enabled", "false")
            .getOrCreate())


@dataclass(frozen=True)
class SparkResult:
    """What a Spark run found, as frames shaped like the DuckDB run's outputs."""

    pairs: pl.DataFrame  # pairs at or above the threshold, PAIR_COLUMNS
    clusters: pl.DataFrame  # every record with its cluster, CLUSTER_COLUMNS
    threshold: float
    recommended_threshold: float
    pair_count: int
    training: TrainingReport

    @property
    def multi_clusters(self) -> int:
        sizes = self.clusters.group_by("cluster_id").len()
        return int((sizes["len"] > 1).sum())


def _number_clusters(assigned: pl.DataFrame) -> pl.DataFrame:
    """Cluster 1 is the largest, as in the DuckDB run."""
    sized = assigned.with_columns(pl.len().over("cluster_id").alias("size"))
    order = (sized.select("cluster_id", "size").unique()
             .sort(["size", "cluster_id"], descending=[True, False])
             .with_row_index("number", offset=1))
    return (sized.join(order.select("cluster_id", "number"), on="cluster_id")
            .select("source_dataset", "unique_id", pl.col("number").cast(pl.Int64).alias("cluster_id"))
            .sort(["cluster_id", "source_dataset", "unique_id"]))


def cluster_pairs(records: pl.DataFrame, scored: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Connected components of the pairs at or above ``threshold``, on DuckDB: only the matched
    pairs come back from Spark, and Spark's iterative clustering is slow on small clusters."""
    key = pl.concat_str("source_dataset", pl.lit("\x1f"), "unique_id")
    nodes = records.select(key.alias("node"))
    edges = scored.filter(pl.col("match_weight") >= threshold).select(
        pl.concat_str("source_dataset_l", pl.lit("\x1f"), "unique_id_l").alias("node_l"),
        pl.concat_str("source_dataset_r", pl.lit("\x1f"), "unique_id_r").alias("node_r"),
    )
    db_api = DuckDBAPI(connection=connect(threads=2))
    try:
        clustered = cluster_pairwise_predictions_at_threshold(
            nodes.to_arrow(), edges.to_arrow(), db_api=db_api, node_id_column_name="node")
        found = clustered.as_duckdbpyrelation().pl()
    finally:
        db_api._con.close()
    parts = found["node"].str.split_exact("\x1f", 1)
    return found.with_columns(source_dataset=parts.struct.field("field_0"),
                              unique_id=parts.struct.field("field_1"))


def run_on_spark(tables: Sequence[LoadedTable], config: MatchConfig, *, spark: Any = None,
                 workspace: Workspace | None = None,
                 progress: Progress = _no_progress) -> SparkResult:
    """Train on DuckDB, then score and cluster every candidate pair on Spark."""
    reason = spark_missing()
    if reason:
        raise ConfigError(f"Cannot run on Spark: {reason}", hint=INSTALL_HINT)
    from splink.backends.spark import SparkAPI

    own_workspace = workspace is None
    workspace = workspace or Workspace()
    try:
        progress(0.0, "Training the model on DuckDB")
        model, report = train_on_duckdb(tables, config, workspace, progress)
        report.one_to_one = one_record_per_person(workspace, config)
    finally:
        if own_workspace:
            workspace.close()
    progress(0.6, "Starting Spark")
    spark = spark or local_spark()
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    frames = prepare_tables(tables, config)
    sdfs = [db_api.register(frame.to_arrow(), dataset_display_name=spec.name,
                            table_name=f"mw_spark_{i}")
            for i, (frame, spec) in enumerate(zip(frames, config.datasets, strict=True))]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], spark_model(config, model),
                    log_level=logging.WARNING)
    progress(0.7, "Scoring the candidate pairs on Spark")
    predictions = linker.inference.predict(threshold_match_weight=PREDICTION_FLOOR_WEIGHT)
    scored = pl.from_arrow(predictions.as_spark_dataframe().select(*PAIR_COLUMNS).toArrow())
    assert isinstance(scored, pl.DataFrame)
    con = connect(threads=2)
    try:
        con.register("mw_scored", scored.to_arrow())
        con.execute("CREATE TABLE mw_pairs AS SELECT * FROM mw_scored")
        if report.one_to_one:  # as the DuckDB run did
            con.execute(rivals_sql("mw_pairs"))
        scored = con.sql(f"SELECT {', '.join(PAIR_COLUMNS)} FROM mw_pairs").pl()
        recommended = recommend_threshold(con, "mw_pairs")
    finally:
        con.close()
    threshold = (recommended if config.threshold_match_weight is None
                 else config.threshold_match_weight)
    progress(0.85, "Clustering the matched pairs")
    ids = [frame.select("source_dataset", "unique_id") for frame in frames]
    assigned = cluster_pairs(pl.concat(ids), scored, threshold)
    pairs = (scored.filter(pl.col("match_weight") >= threshold)
             .sort(["match_weight", "source_dataset_l", "unique_id_l", "source_dataset_r",
                    "unique_id_r"], descending=[True, False, False, False, False])
             .select(PAIR_COLUMNS))
    progress(1.0, "Done")
    return SparkResult(pairs, _number_clusters(assigned).select(CLUSTER_COLUMNS), threshold,
                       recommended, scored.height, report)
