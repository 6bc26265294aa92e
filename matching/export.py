"""Exports: scored pairs, records with cluster IDs, one row per person, labels and the project
file (written in the formats of ``matching.export_formats``). By default only IDs and scores;
personal details on request."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from matching.clusters import ClusterDecisions, Clusters, apply_decisions, cluster_assignments
from matching.codegen import prepared_file_name, script_for
from matching.config import MatchConfig
from matching.export_formats import CSV, FORMATS, ExportFormat, to_parquet_bytes
from matching.labels import LabelBook
from matching.loading import LoadedTable
from matching.output_files import write_together
from matching.pipeline import LinkageResult
from matching.prepare import combined_source, prepare_tables, record_ids
from matching.reviewed import reviewed_pairs, reviewed_records
from matching.training import TrainingReport

PAIR_COLUMNS = [
    "unique_id_l", "unique_id_r", "match_weight", "match_probability",
    "source_dataset_l", "source_dataset_r",
]
CLUSTER_COLUMNS = ["source_dataset", "unique_id", "cluster_id"]


def pairs_table(result: LinkageResult, threshold: float,
                labels: LabelBook | None = None) -> pl.DataFrame:
    """The matched pairs with their scores: at or above ``threshold``, after the review labels
    (with a ``decision`` column when a label applies; see ``matching.reviewed``)."""
    pairs = reviewed_pairs(result, threshold, labels)
    return pairs.select([*PAIR_COLUMNS, *(["decision"] if "decision" in pairs.columns else [])])


def clusters_table(result: LinkageResult, clusters: Clusters,
                   decisions: ClusterDecisions | None = None,
                   labels: LabelBook | None = None) -> pl.DataFrame:
    """Every input record with its cluster ID, after the officer's cluster decisions (and a
    ``decision`` column when a person decided anything)."""
    assignments = cluster_assignments(result, clusters).select(CLUSTER_COLUMNS)
    if decisions is not None:  # no change when ``clusters`` already holds them
        assignments = apply_decisions(assignments, decisions)
    return reviewed_records(assignments, labels, decisions)


def project_with_threshold(config: MatchConfig, threshold: float) -> MatchConfig:
    """The project as run, with the threshold that was used written in."""
    return replace(config, threshold_match_weight=threshold)


def project_json(config: MatchConfig) -> str:
    return config.to_json()


def write_outputs(result: LinkageResult, clusters: Clusters, out_dir: Path, *,
                  labels: LabelBook | None = None, fmt: ExportFormat = CSV) -> dict[str, Path]:
    """Write ``pairs``, ``clusters`` (in the format ``fmt``) and ``project.json`` into
    ``out_dir``, all or nothing (``matching.output_files``)."""
    pairs = pairs_table(result, clusters.threshold, labels)
    records = clusters_table(result, clusters, labels=labels)
    config = project_with_threshold(result.config, clusters.threshold)
    return write_results(out_dir, pairs, records, config, fmt)


def write_results(out_dir: Path, pairs: pl.DataFrame, records: pl.DataFrame, config: MatchConfig,
                  fmt: ExportFormat = CSV) -> dict[str, Path]:
    """The command line's files: ``pairs.<ext>``, ``clusters.<ext>`` and ``project.json``,
    written all or nothing. They are for machines: values exact, with no apostrophes (Excel
    files store text as text, which is safe anyway). A previous run's pairs and clusters in
    another format are removed once the new files are in place, so the folder never holds
    the results of two runs."""
    text = json.dumps(config.to_dict(), indent=2, ensure_ascii=False)
    names = {"pairs": fmt.file_name("pairs"), "clusters": fmt.file_name("clusters"),
             "project": "project.json"}
    paths = write_together(out_dir, {
        names["pairs"]: lambda path: fmt.write(pairs, path, guard=False),
        names["clusters"]: lambda path: fmt.write(records, path, guard=False),
        names["project"]: lambda path: path.write_text(text, encoding="utf-8"),
    })
    for other in FORMATS.values():
        if other != fmt:
            for stem in ("pairs", "clusters"):
                (out_dir / other.file_name(stem)).unlink(missing_ok=True)
    return {key: paths[name] for key, name in names.items()}


KEY = ["source_dataset", "unique_id"]


def matching_values_table(tables: Sequence[LoadedTable], config: MatchConfig) -> pl.DataFrame:
    """Every record's values for the columns in use, as loaded: ``source_dataset``,
    ``unique_id`` and one column per matching column."""
    frames = []
    for index, (table, spec) in enumerate(zip(tables, config.datasets, strict=True)):
        columns = [combined_source(table.frame, column.sources[index], column.name)
                   for column in config.used_columns]
        frames.append(pl.DataFrame([
            pl.Series("source_dataset", [spec.name] * table.frame.height, dtype=pl.String),
            record_ids(table, spec).cast(pl.String).alias("unique_id"), *columns,
        ]))
    return pl.concat(frames, how="vertical")


def source_records_table(tables: Sequence[LoadedTable], config: MatchConfig) -> pl.DataFrame:
    """Every record with all its source columns under their original headers (files with
    different columns are stacked, with blanks where a file lacks a column)."""
    frames = []
    for table, spec in zip(tables, config.datasets, strict=True):
        renamed = {name: table.original_columns.get(name, name) for name in table.frame.columns}
        renamed = {k: (v if v not in [*KEY, "cluster_id"] else f"{v} (in file)")
                   for k, v in renamed.items()}
        frames.append(table.frame.rename(renamed).with_columns(
            pl.lit(spec.name).alias("source_dataset"),
            record_ids(table, spec).cast(pl.String).alias("unique_id"),
        ))
    return pl.concat(frames, how="diagonal")


def pairs_export(result: LinkageResult, threshold: float, tables: Sequence[LoadedTable], *,
                 personal: bool = False, labels: LabelBook | None = None) -> pl.DataFrame:
    """The matched pairs (see ``pairs_table``); with ``personal``, both records' matching
    values."""
    pairs = pairs_table(result, threshold, labels)
    if not personal:
        return pairs
    values = matching_values_table(tables, result.config)
    for side in ("l", "r"):
        named = values.rename({c: f"{c}_{side}" for c in values.columns})
        pairs = pairs.join(named, on=[f"source_dataset_{side}", f"unique_id_{side}"], how="left")
    return pairs


def records_export(result: LinkageResult, clusters: Clusters, tables: Sequence[LoadedTable], *,
                   personal: bool = False, decisions: ClusterDecisions | None = None,
                   labels: LabelBook | None = None) -> pl.DataFrame:
    """Every input record with its cluster ID; with ``personal``, all its source columns."""
    records = clusters_table(result, clusters, decisions, labels)
    if not personal:
        return records
    return records.join(source_records_table(tables, result.config), on=KEY, how="left")


def people_export(result: LinkageResult, clusters: Clusters, tables: Sequence[LoadedTable], *,
                  personal: bool = False, decisions: ClusterDecisions | None = None) -> pl.DataFrame:
    """One row per person (cluster): how many records, and each file's record IDs joined
    with "; "; with ``personal``, the commonest value of each matching column."""
    records = clusters_table(result, clusters, decisions)
    ids = [
        pl.col("unique_id").filter(pl.col("source_dataset") == spec.name).sort()
        .str.join("; ").alias(f"{spec.name} IDs")
        for spec in result.config.datasets
    ]
    aggregates = [pl.len().alias("records"), *ids]
    if personal:
        records = records.join(matching_values_table(tables, result.config), on=KEY, how="left")
        aggregates += [
            pl.col(c.name).drop_nulls().mode().sort().first().alias(c.name)
            for c in result.config.used_columns
        ]
    people = records.group_by("cluster_id").agg(aggregates).sort("cluster_id")
    return people.with_columns(pl.col(pl.String).replace("", None))


def script_bundle(tables: Sequence[LoadedTable], config: MatchConfig,
                  training: TrainingReport | None = None) -> bytes:
    """A zip of the "Export as Python" script and the cleaned inputs it reads (Parquet); with
    the ``training`` report of a run, the script repeats what that run found in the data."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("reproduce_matching.py", script_for(config, training))
        for frame, spec in zip(prepare_tables(tables, config), config.datasets, strict=True):
            bundle.writestr(prepared_file_name(spec.name), to_parquet_bytes(frame))
    return buffer.getvalue()


