"""``auto`` and ``run`` write their pairs and clusters as CSV (the default, unchanged), Excel or
Parquet, from the one registry of export formats the Export page uses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.integration.support import RESIDENTS, read_text_csv, run_cli

pytestmark = pytest.mark.slow


def _excel(path: Path) -> pl.DataFrame:
    sheet = openpyxl.load_workbook(path, read_only=True).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    return pl.DataFrame([list(r) for r in rows], schema=[str(h) for h in header], orient="row")


def _names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats") / "csv"
    done = run_cli("auto", RESIDENTS, "--out", out)
    assert done.code == 0, done.stderr
    return out


def test_the_default_is_csv_as_before(csv_run: Path) -> None:
    assert _names(csv_run) == ["clusters.csv", "pairs.csv", "project.json"]


def test_auto_writes_excel_with_the_same_rows_as_csv(csv_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("auto", RESIDENTS, "--out", out, "--format", "xlsx")
    assert done.code == 0, done.stderr
    assert _names(out) == ["clusters.xlsx", "pairs.xlsx", "project.json"]
    assert f"Wrote {out / 'pairs.xlsx'}, {out / 'clusters.xlsx'}" in done.stdout
    pairs, clusters = _excel(out / "pairs.xlsx"), _excel(out / "clusters.xlsx")
    csv_pairs, csv_clusters = read_text_csv(csv_run / "pairs.csv"), read_text_csv(csv_run / "clusters.csv")
    assert pairs.columns == csv_pairs.columns and clusters.columns == csv_clusters.columns
    assert pairs["unique_id_l"].cast(pl.String).to_list() == csv_pairs["unique_id_l"].to_list()
    assert pairs["match_weight"].to_list() == pytest.approx(
        csv_pairs["match_weight"].cast(pl.Float64).to_list())
    assert clusters.cast(pl.String).equals(csv_clusters)


def test_run_writes_parquet_and_leaves_no_files_of_the_old_format(csv_run: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("auto", RESIDENTS, "--out", out).code == 0
    done = run_cli("run", out / "project.json", "--out", out, "--format", "parquet")
    assert done.code == 0, done.stderr
    assert _names(out) == ["clusters.parquet", "pairs.parquet", "project.json"]
    pairs = pl.read_parquet(out / "pairs.parquet")
    assert pairs.columns == read_text_csv(csv_run / "pairs.csv").columns
    assert pl.read_parquet(out / "clusters.parquet").cast(pl.String).equals(
        read_text_csv(csv_run / "clusters.csv"))
    back = run_cli("run", out / "project.json", "--out", out)  # csv again, by default
    assert back.code == 0, back.stderr
    assert _names(out) == ["clusters.csv", "pairs.csv", "project.json"]


def test_an_unknown_format_is_refused_by_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_cli("auto", RESIDENTS, "--out", tmp_path, "--format", "ods")
    assert stopped.value.code == 2
