"""Small and awkward inputs still give complete, honest outputs."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.integration.support import run_cli

pytestmark = pytest.mark.slow


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_files_with_nothing_in_common_give_no_pairs_and_every_record_alone(tmp_path: Path) -> None:
    left = _write(tmp_path / "a.csv", "id,first_name,surname,dob\n1,John,Smith,01/02/1980\n"
                                      "2,Jane,Doe,03/04/1990\n")
    right = _write(tmp_path / "b.csv", "id,first_name,surname,dob\nx,Ann,Lee,05/06/1970\n")

    run = run_cli("auto", left, right, "--out", tmp_path / "out", "--id-column", "id")

    assert run.code == 0, run.stderr
    pairs = pl.read_csv(tmp_path / "out" / "pairs.csv", infer_schema=False)
    clusters = pl.read_csv(tmp_path / "out" / "clusters.csv", infer_schema=False)
    assert pairs.height == 0
    assert sorted(clusters["unique_id"]) == ["1", "2", "x"]  # ground truth: three people
    assert clusters["cluster_id"].n_unique() == 3


def test_the_pair_that_sets_the_threshold_is_kept(tmp_path: Path) -> None:
    # ground truth: records 1 and 2 are the same person (Jon is a typo), 3 is someone else
    data = _write(tmp_path / "c.csv", "id,first_name,surname,dob\n1,John,Smith,01/02/1980\n"
                                      "2,Jon,Smith,01/02/1980\n3,Jane,Doe,03/04/1990\n")

    run = run_cli("auto", data, "--out", tmp_path / "out")

    assert run.code == 0, run.stderr
    pairs = pl.read_csv(tmp_path / "out" / "pairs.csv", infer_schema=False)
    assert pairs.select("unique_id_l", "unique_id_r").rows() == [("1", "2")]
