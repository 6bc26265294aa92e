"""Exports: scored pairs, records with cluster IDs, one row per person, labels and the project
file, as CSV, Excel or Parquet. By default only IDs and scores; personal details on request."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl
import xlsxwriter

from matching.clusters import ClusterDecisions, Clusters, apply_decisions, cluster_assignments
from matching.codegen import prepared_file_name, script_for
from matching.config import MatchConfig
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


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """A CSV download for people: no cell, and no column name, runs as a spreadsheet formula."""
    return without_formulas(frame).write_csv().encode("utf-8")


def to_excel_bytes(frame: pl.DataFrame, *, sheet: str = "data") -> bytes:
    """An Excel download: every text cell is stored as text, which Excel never runs, so the
    values are exact (no apostrophe in front of '+44 7700 900875' or '=x')."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    frame.write_excel(book, worksheet=sheet, autofit=True)
    book.close()
    return buffer.getvalue()


def to_parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def write_outputs(result: LinkageResult, clusters: Clusters, out_dir: Path, *,
                  labels: LabelBook | None = None) -> dict[str, Path]:
    """Write ``pairs.csv``, ``clusters.csv`` and ``project.json`` into ``out_dir``, all or
    nothing (``matching.output_files``): exact values, for machines (no spreadsheet guard)."""
    pairs = pairs_table(result, clusters.threshold, labels)
    records = clusters_table(result, clusters, labels=labels)
    config = project_with_threshold(result.config, clusters.threshold)
    text = json.dumps(config.to_dict(), indent=2, ensure_ascii=False)
    paths = write_together(out_dir, {
        "pairs.csv": pairs.write_csv,
        "clusters.csv": records.write_csv,
        "project.json": lambda path: path.write_text(text, encoding="utf-8"),
    })
    return {"pairs": paths["pairs.csv"], "clusters": paths["clusters.csv"],
            "project": paths["project.json"]}


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


#: A text cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_START = r"^[=+\-@\t\r]"


def without_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells and column names that a spreadsheet would run as a formula
    (``=HYPERLINK(...)``, ``@SUM``) get a leading apostrophe, so a CSV file opens as the text it
    is (CSV/formula injection). Column names come from file names and headers, so they count."""
    columns = [
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    ]
    guarded = frame.with_columns(columns) if columns else frame
    return guarded.rename({name: f"'{name}" for name in frame.columns
                           if re.match(FORMULA_START, name)})
