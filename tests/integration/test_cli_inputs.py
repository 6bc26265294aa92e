"""The command line with awkward inputs: files with the same name, IDs with leading zeros, and
inputs it must refuse with a clear message (exit code 2, never a traceback)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from matching.cli import main
from matching.config import MatchConfig
from tests.integration.support import (
    COUNCIL_TAX,
    HOUSING_BENEFIT,
    read_text_csv,
    run_cli,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def same_names(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two small files both called people.csv, in different folders. The first file's IDs are
    digits with leading zeros ("0000854", from "CT0000854")."""
    root = tmp_path_factory.mktemp("same_names")
    left, right = root / "council" / "people.csv", root / "benefit" / "people.csv"
    left.parent.mkdir()
    right.parent.mkdir()
    council = read_text_csv(COUNCIL_TAX).head(300)
    council.with_columns(pl.col("Account Ref").str.strip_prefix("CT")).write_csv(left)
    read_text_csv(HOUSING_BENEFIT).head(200).write_csv(right)
    return left, right


@pytest.fixture(scope="module")
def same_names_out(same_names: tuple[Path, Path],
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("same_names_out")
    run = run_cli("auto", *same_names, "--out", out)
    assert run.code == 0, run.stderr
    return out


def test_files_with_the_same_name_get_unique_dataset_names(same_names_out: Path) -> None:
    pairs = read_text_csv(same_names_out / "pairs.csv")
    clusters = read_text_csv(same_names_out / "clusters.csv")
    config = MatchConfig.from_json((same_names_out / "project.json").read_text("utf-8"))

    assert [d.name for d in config.datasets] == ["people", "people_2"]
    assert set(clusters["source_dataset"]) == {"people", "people_2"}
    assert pairs.height > 0
    assert set(pairs.select("source_dataset_l", "source_dataset_r").iter_rows()) <= {
        ("people", "people_2"), ("people_2", "people")
    }


def test_ids_with_leading_zeros_are_kept_as_written(same_names: tuple[Path, Path],
                                                    same_names_out: Path) -> None:
    clusters = read_text_csv(same_names_out / "clusters.csv")
    pairs = read_text_csv(same_names_out / "pairs.csv")
    left_ids = read_text_csv(same_names[0])["Account Ref"].to_list()

    assert left_ids[0] == "0000854"  # ground truth: the first council tax account, CT0000854
    written = clusters.filter(pl.col("source_dataset") == "people")["unique_id"].to_list()
    assert sorted(written) == sorted(left_ids)
    paired = set(pairs.filter(pl.col("source_dataset_l") == "people")["unique_id_l"]) | set(
        pairs.filter(pl.col("source_dataset_r") == "people")["unique_id_r"]
    )
    assert paired and paired <= set(left_ids)


# --- refused inputs -----------------------------------------------------------------------


def _refused(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.err
    return captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.csv"

    err = _refused(capsys, "auto", missing, "--out", tmp_path / "out")

    assert err == f"Error: There is no file at {missing}.\nWhat to do: Check the path.\n"
    assert not (tmp_path / "out").exists()


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    err = _refused(capsys, "auto", empty, "--out", tmp_path / "out")

    assert err == (
        "Error: empty.csv is empty (0 bytes).\n"
        "What to do: Check you exported the data, then upload the file again.\n"
    )


def test_id_column_that_no_file_has(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, "auto", COUNCIL_TAX, HOUSING_BENEFIT, "--id-column", "Case Number",
                   "--out", tmp_path / "out")

    assert err.splitlines()[-2:] == [
        "Error: No input file has a column called 'Case Number'.",
        "What to do: Check the spelling of --id-column (it must match the header in the file).",
    ]


def test_project_file_that_is_not_json(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project.json"
    project.write_text("{oops", encoding="utf-8")

    err = _refused(capsys, "run", project, "--out", tmp_path / "out")

    assert err.startswith("Error: The project file is not valid JSON (line 1).\n")


def test_out_path_that_is_a_file(same_names: tuple[Path, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "results"
    taken.write_text("not a folder", encoding="utf-8")

    err = _refused(capsys, "auto", *same_names, "--out", taken)

    assert err.startswith("Error: ")
