"""Reading one sheet of an Excel workbook (.xlsx) as text, through fastexcel (calamine)."""

from __future__ import annotations

import fastexcel
import polars as pl

from matching.errors import UploadError

MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$"
SAVE_AS_XLSX = (
    "Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV UTF-8, "
    "then upload the new file."
)


def sheet_names(data: bytes, file_name: str) -> list[str]:
    """The workbook's sheet names, in workbook order."""
    return list(_open_workbook(data, file_name).sheet_names)


def _open_workbook(data: bytes, file_name: str) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(data)
    except fastexcel.FastExcelError as error:
        raise UploadError(
            f"{file_name} could not be opened as an Excel workbook.", hint=SAVE_AS_XLSX
        ) from error


def read_sheet(
    data: bytes, file_name: str, sheet: str | None
) -> tuple[str, pl.DataFrame, tuple[str, ...]]:
    """(sheet name, all-text frame with the header as its first row, notes).

    Calamine turns every cell into text: numbers in their shortest form ("123", "1.5"),
    dates as "YYYY-MM-DD HH:MM:SS" (shortened here to the date when the time is midnight),
    booleans as "true"/"false", and error cells such as #N/A into null.
    """
    reader = _open_workbook(data, file_name)
    names = list(reader.sheet_names)
    if sheet is not None and sheet not in names:
        raise UploadError(
            f"{file_name} has no sheet called '{sheet}'. Its sheets are: {_quoted(names)}.",
            hint="Choose one of those sheets.",
        )
    name = sheet if sheet is not None else names[0]
    try:
        frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    except fastexcel.FastExcelError as error:
        raise UploadError(
            f"Sheet '{name}' in {file_name} could not be read.", hint=SAVE_AS_XLSX
        ) from error
    others = [other for other in names if other != name]
    if frame.height == 0 or frame.width == 0:
        raise UploadError(
            f"Sheet '{name}' in {file_name} is empty.",
            hint=f"Choose the sheet that holds the data: {_quoted(others)}."
            if others
            else "Check the workbook was saved with its data, then upload it again.",
        )
    notes: tuple[str, ...] = ()
    if sheet is None and others:
        notes = (f"Read the first sheet, '{name}'. The workbook also has {_quoted(others)}.",)
    frame = frame.with_columns(pl.all().cast(pl.String).str.replace(MIDNIGHT, "$1"))
    return name, frame, notes


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
