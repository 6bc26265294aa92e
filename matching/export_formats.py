"""The file formats results are written in: CSV, Excel and Parquet, one registry for the Export
page and the command line (``--format``).

Each format knows its file extension, its media type and how to write a table, and carries the
spreadsheet formula guard that suits it:

- **CSV** for people (downloads) puts an apostrophe before text cells, and column names,
  starting with ``= + - @`` (``without_formulas``); CSV for machines (the command line) is
  written exactly.
- **Excel** stores every text cell as text, which Excel never runs as a formula, so the values
  are exact and safe at once.
- **Parquet** is not opened by spreadsheets: written exactly.

To add a format, write a ``Writer`` and add an ``ExportFormat`` to ``FORMATS``: the Export
page's choice of format and the command line's ``--format`` both list what is here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl
import xlsxwriter

from matching.errors import WorkbenchError

#: Where a writer puts a table: a file on disk, or an in-memory buffer.
Target = Path | IO[bytes]
#: Writes a table to a target; ``guard``: make it safe to open in a spreadsheet.
Writer = Callable[[pl.DataFrame, Target, bool], None]

#: A text cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_START = r"^[=+\-@\t\r]"
#: Rows an Excel worksheet holds, the header included.
EXCEL_MAX_ROWS = 1_048_576


class ExportError(WorkbenchError):
    """A table cannot be written in the format asked for (too big for Excel...)."""


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


def _write_csv(frame: pl.DataFrame, target: Target, guard: bool) -> None:
    (without_formulas(frame) if guard else frame).write_csv(target)


def _write_excel(frame: pl.DataFrame, target: Target, guard: bool) -> None:
    """Every text cell stored as text, which Excel never runs, so the values are exact (no
    apostrophe in front of '+44 7700 900875' or '=x'): safe whatever ``guard`` says."""
    del guard  # text cells are the guard
    if frame.height + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"The table has {frame.height:,} rows: more than an Excel worksheet holds "
            f"({EXCEL_MAX_ROWS - 1:,} rows under the header).",
            hint="Choose CSV or Parquet for a table this big.")
    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False})
    frame.write_excel(book, worksheet="data", autofit=True)
    book.close()


def _write_parquet(frame: pl.DataFrame, target: Target, guard: bool) -> None:
    del guard  # spreadsheets do not open Parquet files
    frame.write_parquet(target)


@dataclass(frozen=True)
class ExportFormat:
    """One file format: its name on the command line (``key``), its name on screen
    (``label``), file extension, media type and writer."""

    key: str
    label: str
    extension: str
    mime: str
    writer: Writer

    def file_name(self, stem: str) -> str:
        """``pairs`` → ``pairs.csv``."""
        return f"{stem}.{self.extension}"

    def write(self, frame: pl.DataFrame, path: Path, *, guard: bool) -> None:
        """Write ``frame`` to the file ``path``; ``guard`` for people who open it in a
        spreadsheet, not for machines."""
        self.writer(frame, path, guard)

    def to_bytes(self, frame: pl.DataFrame, *, guard: bool = True) -> bytes:
        """``frame`` as the bytes of a file (a download: guarded unless told otherwise)."""
        buffer = io.BytesIO()
        self.writer(frame, buffer, guard)
        return buffer.getvalue()

    def downloader(self) -> Callable[[pl.DataFrame], bytes]:
        """A download's bytes from a table, with the spreadsheet guard."""
        return lambda frame: self.to_bytes(frame, guard=True)


CSV = ExportFormat("csv", "CSV", "csv", "text/csv", _write_csv)
XLSX = ExportFormat("xlsx", "Excel", "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    _write_excel)
PARQUET = ExportFormat("parquet", "Parquet", "parquet", "application/octet-stream", _write_parquet)

#: Every format, by its command-line name, in the order they are offered.
FORMATS: dict[str, ExportFormat] = {f.key: f for f in (CSV, XLSX, PARQUET)}


def format_named(key: str) -> ExportFormat:
    """The format with this command-line name (``csv``, ``xlsx``, ``parquet``)."""
    try:
        return FORMATS[key]
    except KeyError:
        raise ExportError(f"There is no export format called '{key}'.",
                          hint=f"Choose one of: {', '.join(FORMATS)}.") from None


def format_labelled(label: str) -> ExportFormat:
    """The format with this name on screen (``CSV``, ``Excel``, ``Parquet``)."""
    return next(f for f in FORMATS.values() if f.label == label)


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """A CSV download for people: no cell, and no column name, runs as a spreadsheet formula."""
    return CSV.to_bytes(frame, guard=True)


def to_excel_bytes(frame: pl.DataFrame) -> bytes:
    """An Excel download: every text cell stored as text (exact, never run)."""
    return XLSX.to_bytes(frame)


def to_parquet_bytes(frame: pl.DataFrame) -> bytes:
    return PARQUET.to_bytes(frame)
