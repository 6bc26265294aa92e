"""One registry of export formats serves the Export page and the command line."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from matching.export_formats import (
    CSV,
    EXCEL_MAX_ROWS,
    FORMATS,
    PARQUET,
    XLSX,
    ExportError,
    format_labelled,
    format_named,
)


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"unique_id": ["=1+1", "+44 7700 900875", "O'Brien"],
                         "match_weight": [1.5, -2.0, 0.25], "=name": ["a", "b", "c"]})


def test_the_registry_offers_csv_excel_and_parquet_in_that_order() -> None:
    assert list(FORMATS) == ["csv", "xlsx", "parquet"]
    assert [f.label for f in FORMATS.values()] == ["CSV", "Excel", "Parquet"]
    assert [f.file_name("pairs") for f in FORMATS.values()] == [
        "pairs.csv", "pairs.xlsx", "pairs.parquet"]
    assert format_named("xlsx") is XLSX and format_labelled("Parquet") is PARQUET
    assert XLSX.mime.endswith("spreadsheetml.sheet") and CSV.mime == "text/csv"


def test_an_unknown_format_is_refused_with_the_choices() -> None:
    with pytest.raises(ExportError, match="no export format called 'ods'") as raised:
        format_named("ods")
    assert raised.value.hint == "Choose one of: csv, xlsx, parquet."


def test_csv_is_guarded_for_people_and_exact_for_machines(tmp_path: Path) -> None:
    guarded = CSV.to_bytes(_frame()).decode().splitlines()
    assert guarded[0] == "unique_id,match_weight,'=name"
    assert guarded[1].startswith("'=1+1,") and guarded[2].startswith("'+44 7700 900875,")
    CSV.write(_frame(), tmp_path / "pairs.csv", guard=False)
    exact = pl.read_csv(tmp_path / "pairs.csv", infer_schema=False)
    assert exact.columns == ["unique_id", "match_weight", "=name"]
    assert exact["unique_id"].to_list() == _frame()["unique_id"].to_list()


@pytest.mark.parametrize("guard", [True, False])
def test_excel_is_exact_text_that_never_runs_either_way(tmp_path: Path, guard: bool) -> None:
    path = tmp_path / "pairs.xlsx"
    XLSX.write(_frame(), path, guard=guard)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("unique_id", "match_weight", "=name")
    assert [r[0] for r in rows[1:]] == _frame()["unique_id"].to_list()
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert path.read_bytes()[:2] == XLSX.to_bytes(_frame())[:2] == b"PK"


def test_parquet_round_trips_exactly(tmp_path: Path) -> None:
    PARQUET.write(_frame(), tmp_path / "pairs.parquet", guard=True)
    assert pl.read_parquet(tmp_path / "pairs.parquet").equals(_frame())
    assert pl.read_parquet(io.BytesIO(PARQUET.to_bytes(_frame()))).equals(_frame())


def test_a_table_too_big_for_excel_is_refused_in_words() -> None:
    frame = pl.DataFrame({"unique_id": pl.int_range(EXCEL_MAX_ROWS, eager=True)})
    with pytest.raises(ExportError, match="more than an Excel worksheet holds") as raised:
        XLSX.to_bytes(frame)
    assert raised.value.hint == "Choose CSV or Parquet for a table this big."
