"""End to end as a real process: ``python -m matching auto residents.csv`` finds the people
listed more than once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.integration.support import (
    RESIDENTS,
    ROOT,
    found_dedupe_pairs,
    precision_recall,
    read_project,
    read_text_csv,
    truth_dedupe_pairs,
)

pytestmark = pytest.mark.slow

# Measured on the committed sample (Nov 2026): precision 0.983, recall 0.991.
MIN_PRECISION = 0.95
MIN_RECALL = 0.96


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dedupe")
    done = subprocess.run(
        [sys.executable, "-m", "matching", "auto", str(RESIDENTS), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote " in done.stdout
    return out


def test_duplicates_are_found_accurately(out_dir: Path) -> None:
    pairs = read_text_csv(out_dir / "pairs.csv")

    precision, recall = precision_recall(found_dedupe_pairs(pairs),
                                         truth_dedupe_pairs("residents"))

    assert precision >= MIN_PRECISION, f"precision {precision:.3f}, recall {recall:.3f}"
    assert recall >= MIN_RECALL, f"precision {precision:.3f}, recall {recall:.3f}"


def test_dedupe_outputs_have_the_same_shape_as_link_outputs(out_dir: Path) -> None:
    pairs = read_text_csv(out_dir / "pairs.csv")
    threshold = read_project(out_dir)["threshold_match_weight"]

    assert pairs.columns[:6] == ["unique_id_l", "unique_id_r", "match_weight",
                                 "match_probability", "source_dataset_l", "source_dataset_r"]
    assert set(pairs["source_dataset_l"]) | set(pairs["source_dataset_r"]) == {"residents"}
    assert (pairs["unique_id_l"] != pairs["unique_id_r"]).all()
    assert pairs["match_weight"].cast(pl.Float64).min() >= threshold


def test_clusters_cover_every_resident_once(out_dir: Path) -> None:
    clusters = read_text_csv(out_dir / "clusters.csv")
    ids = read_text_csv(RESIDENTS)["ID"].to_list()

    assert clusters.columns == ["source_dataset", "unique_id", "cluster_id"]
    assert sorted(clusters["unique_id"]) == sorted(ids)
    assert set(clusters["source_dataset"]) == {"residents"}
    assert read_project(out_dir)["link_type"] == "dedupe_only"
