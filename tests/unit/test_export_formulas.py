"""Downloads never carry a live spreadsheet formula (CSV/formula injection)."""

from __future__ import annotations

import io

import openpyxl
import polars as pl

from matching.export_formats import to_csv_bytes, to_excel_bytes, without_formulas

RISKY = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
SAFE = ["O'Brien", "E1 6AN", "a=b", "", None, "12-3"]


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"unique_id": RISKY + SAFE, "match_weight": [-2.5] * 12})


def test_text_that_would_run_as_a_formula_gets_an_apostrophe() -> None:
    out = without_formulas(_frame())
    assert out["unique_id"].to_list() == ["'" + v for v in RISKY] + SAFE
    assert out["match_weight"].to_list() == [-2.5] * 12  # numbers are left alone


def test_csv_and_excel_downloads_hold_no_formulas() -> None:
    csv_back = pl.read_csv(io.BytesIO(to_csv_bytes(_frame())), infer_schema=False)
    assert [v for v in csv_back["unique_id"].to_list() if v and v[0] in "=+-@\t\r"] == []
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(_frame()))).active
    assert sheet is not None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_excel_cells_are_text_and_exact_with_no_apostrophe() -> None:
    # Excel never runs a cell stored as text, so the guard is not needed there, and an
    # apostrophe would be part of the value ('+44 7700 900875 instead of the number dialled).
    frame = pl.DataFrame({"phone": ["+44 7700 900875", "=HYPERLINK(\"http://x\")", "@SUM(A1)",
                                    "http://example.org"]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(frame))).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == frame["phone"].to_list()
    assert {c.data_type for c in cells} == {"s"}
    assert not any(c.hyperlink for c in cells)


def test_csv_column_names_get_the_guard_too() -> None:
    # A file called "=cmd|'/c calc'!A1.csv" names the "... IDs" column of the people export.
    frame = pl.DataFrame({"cluster_id": [1], "=cmd|' /c calc'!A1 IDs": ["7"], "-x": ["ok"]})
    header = to_csv_bytes(frame).decode().splitlines()[0]
    assert header == "cluster_id,'=cmd|' /c calc'!A1 IDs,'-x"
