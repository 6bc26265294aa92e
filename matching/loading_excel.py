"""Reading one sheet of an Excel workbook (.xlsx) as text, through fastexcel (calamine)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import IO
from xml.etree import ElementTree

import fastexcel
import polars as pl

from matching.errors import UploadError

#: Rows looked at to tell a sheet of data from a sheet of notes.
SNIFF_ROWS = 50
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$"
SAVE_AS_XLSX = (
    "Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV UTF-8, "
    "then upload the new file."
)


def sheet_names(data: bytes, file_name: str) -> list[str]:
    """The workbook's sheet names, in workbook order."""
    return list(_open_workbook(data, file_name).sheet_names)


def _data_score(reader: fastexcel.ExcelReader, name: str) -> int:
    """How much a sheet looks like a table: rows with two or more values, among its first."""
    try:
        frame = reader.load_sheet(name, header_row=None, n_rows=SNIFF_ROWS,
                                  dtypes="string").to_polars()
    except fastexcel.FastExcelError:
        return 0
    if frame.width < 2:
        return 0
    return int((frame.select(pl.sum_horizontal(pl.all().is_not_null())) >= 2).sum().item())


def data_sheet(data: bytes, file_name: str) -> str:
    """The sheet that looks most like the data (the first when they look alike): a workbook
    often opens on a sheet of notes or a cover page."""
    reader = _open_workbook(data, file_name)
    names = list(reader.sheet_names)
    if len(names) <= 1:
        return names[0] if names else ""
    scores = [_data_score(reader, name) for name in names]
    return names[scores.index(max(scores))]


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
    name = sheet if sheet is not None else data_sheet(data, file_name)
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
    if sheet is None and others and name == names[0]:
        notes = (f"Read the first sheet, '{name}'. The workbook also has {_quoted(others)}.",)
    elif sheet is None and others:
        notes = (f"Read the sheet '{name}', which looks like the data (the first sheet, "
                 f"'{names[0]}', does not). The workbook also has {_quoted(others)}.",)
    unsaved, first = formulas_without_results(data, name)
    if unsaved:
        notes = (*notes, f"{unsaved:,} cell{'s' if unsaved != 1 else ''} of sheet '{name}' "
                 f"{'hold formulas' if unsaved != 1 else 'holds a formula'} whose results were "
                 f"never saved in the file (first at {first}), so "
                 f"{'they are' if unsaved != 1 else 'it is'} empty here. Open the workbook in "
                 "Excel, let it calculate, save it, and load it again.")
    frame = frame.with_columns(pl.all().cast(pl.String).str.replace(MIDNIGHT, "$1"))
    return name, frame, notes


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the XML file in the workbook that holds it."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.get("Id")}
    paths = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_RELS}}}id"), "")
        if target:
            paths[sheet.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                            else posixpath.normpath(f"xl/{target}"))
    return paths


def formulas_without_results(data: bytes, sheet: str) -> tuple[int, str | None]:
    """Cells of ``sheet`` holding a formula but no saved result (files written by programs
    that never calculate, such as openpyxl), and the first such cell. They read as empty."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            path = _sheet_paths(book).get(sheet)
            if path is None or path not in book.namelist():
                return 0, None
            with book.open(path) as xml:
                if not _mentions_formulas(xml):
                    return 0, None
            count, first = 0, None
            with book.open(path) as xml:
                for _, cell in ElementTree.iterparse(xml):
                    if cell.tag != f"{{{_MAIN}}}c":
                        continue
                    value = cell.find(f"{{{_MAIN}}}v")
                    inline = cell.find(f"{{{_MAIN}}}is")
                    if (cell.find(f"{{{_MAIN}}}f") is not None and inline is None
                            and (value is None or not (value.text or ""))):
                        count += 1
                        first = first or cell.get("r")
                    cell.clear()
            return count, first
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return 0, None


def _mentions_formulas(xml: IO[bytes]) -> bool:
    """A quick look for formula cells before parsing the sheet."""
    tail = b""
    while chunk := xml.read(1 << 20):
        if b"<f>" in tail + chunk or b"<f " in tail + chunk:
            return True
        tail = chunk[-3:]
    return False


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
