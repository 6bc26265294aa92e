"""Exports: scored pairs, records with cluster IDs and the project file, as CSV, Excel or Parquet."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import polars as pl

from matching.clusters import Clusters, cluster_assignments
from matching.config import MatchConfig
from matching.explain import pairs_above
from matching.pipeline import LinkageResult

PAIR_COLUMNS = [
    "unique_id_l", "unique_id_r", "match_weight", "match_probability",
    "source_dataset_l", "source_dataset_r",
]
CLUSTER_COLUMNS = ["source_dataset", "unique_id", "cluster_id"]


def pairs_table(result: LinkageResult, threshold: float) -> pl.DataFrame:
    """Pairs at or above ``threshold`` with their scores."""
    return pairs_above(result, threshold).select(PAIR_COLUMNS)


def clusters_table(result: LinkageResult, clusters: Clusters) -> pl.DataFrame:
    """Every input record with its cluster ID."""
    return cluster_assignments(result, clusters).select(CLUSTER_COLUMNS)


def project_with_threshold(config: MatchConfig, threshold: float) -> MatchConfig:
    """The project as run, with the threshold that was used written in."""
    return replace(config, threshold_match_weight=threshold)


def project_json(config: MatchConfig) -> str:
    return config.to_json()


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    return without_formulas(frame).write_csv().encode("utf-8")


def to_excel_bytes(frame: pl.DataFrame, *, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    without_formulas(frame).write_excel(buffer, worksheet=sheet, autofit=True)
    return buffer.getvalue()


def to_parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def write_outputs(result: LinkageResult, clusters: Clusters, out_dir: Path) -> dict[str, Path]:
    """Write ``pairs.csv``, ``clusters.csv`` and ``project.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "pairs": out_dir / "pairs.csv",
        "clusters": out_dir / "clusters.csv",
        "project": out_dir / "project.json",
    }
    pairs_table(result, clusters.threshold).write_csv(paths["pairs"])
    clusters_table(result, clusters).write_csv(paths["clusters"])
    config = project_with_threshold(result.config, clusters.threshold)
    paths["project"].write_text(json.dumps(config.to_dict(), indent=2, ensure_ascii=False),
                                encoding="utf-8")
    return paths


#: A text cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_START = r"^[=+\-@\t\r]"


def without_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``)
    get a leading apostrophe, so they open as the text they are (CSV/formula injection)."""
    columns = [
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    ]
    return frame.with_columns(columns) if columns else frame
