"""Reading an uploaded table (CSV, Excel .xlsx or Parquet) into an all-text polars frame.

Every reader here is a pure function of the file's bytes and name, so it can be tested with
``BytesIO`` and used with Streamlit's ``UploadedFile``. Problems a person can fix are raised as
``UploadError`` with a hint; nothing else is caught.

Row numbers in messages follow what a spreadsheet user sees: the header is row 1, so the first
data row is row 2. Messages about the *shape* of a CSV file say "line N" instead: the physical
line of the text file, which differs from the row when a quoted value contains a line break.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import polars as pl

from matching.errors import UploadError
from matching.loading_csv import check_column_count, read_csv_bytes
from matching.loading_excel import MIDNIGHT, SAVE_AS_XLSX, data_sheet, read_sheet, sheet_names
from matching.loading_names import safe_column_names

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "LoadedTable",
    "check_different_files",
    "check_record_ids",
    "likely_sheet",
    "list_sheets",
    "read_path",
    "read_table",
    "safe_column_names",
]

_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
}
_FORMAT_NAMES = {"xlsx": "an Excel workbook", "parquet": "a Parquet file"}
_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WHITESPACE_ONLY = r"^\s*$"
_EXPORT_AGAIN = "Check you exported the data, then upload the file again."


@dataclass(frozen=True)
class LoadedTable:
    """An uploaded table with every value as text and columns under safe internal names."""

    frame: pl.DataFrame
    file_name: str
    original_columns: dict[str, str]
    sha256: str
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: tuple[str, ...] = ()


def read_table(data: bytes | BinaryIO, file_name: str, *, sheet: str | None = None) -> LoadedTable:
    """Read a CSV/TSV/TXT, Excel .xlsx or Parquet file into a ``LoadedTable``.

    Every column becomes text (``pl.String``) so leading zeros survive; empty and
    whitespace-only values become null; fully blank rows are dropped (and counted in
    ``notes``); empty columns are kept. Columns are renamed with ``safe_column_names`` and
    ``original_columns`` maps each new name to its header (a blank header becomes
    "Column <position>").

    Args:
        data: The file's bytes, or a binary file object (read from its start if seekable).
        file_name: The name the person knows the file by; the extension picks the format,
            with magic bytes as a fallback.
        sheet: The Excel sheet to read; ``None`` means the one that looks most like the data
            (see ``likely_sheet``). Ignored for CSV and Parquet.

    Raises:
        UploadError: The file is empty, of an unsupported type, unreadable, or has no data.
    """
    raw = _as_bytes(data)
    if not raw:
        raise UploadError(f"{file_name} is empty (0 bytes).", hint=_EXPORT_AGAIN)
    file_format, notes = _detect_format(raw, file_name)
    digest = hashlib.sha256(raw).hexdigest()
    encoding = delimiter = sheet_name = None
    if file_format == "csv":
        csv = read_csv_bytes(raw, file_name, prefer_tab=file_name.lower().endswith(".tsv"))
        encoding, delimiter, notes = csv.encoding, csv.delimiter, (*notes, *csv.notes)
        frame, original, more = _finish(
            csv.frame, file_name, header_in_first_row=True, blank_rows=csv.skipped_blank_lines
        )
    elif file_format == "xlsx":
        sheet_name, raw_frame, sheet_notes = read_sheet(raw, file_name, sheet)
        notes = (*notes, *sheet_notes)
        subject = f"Sheet '{sheet_name}' in {file_name}"
        frame, original, more = _finish(raw_frame, subject, header_in_first_row=True)
    else:
        frame, original, more = _finish(_read_parquet(raw, file_name), file_name)
    return LoadedTable(
        frame,
        file_name,
        original,
        digest,
        file_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet_name,
        notes=(*notes, *more),
    )


def read_path(path: str | Path, *, sheet: str | None = None) -> LoadedTable:
    """Read a table from disk (for the command line); see ``read_table``."""
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except FileNotFoundError as error:
        raise UploadError(f"There is no file at {file_path}.", hint="Check the path.") from error
    except OSError as error:
        raise UploadError(
            f"{file_path} could not be opened ({error.strerror}).",
            hint="Check the path points to a file you can read.",
        ) from error
    return read_table(data, file_path.name, sheet=sheet)


def list_sheets(data: bytes | BinaryIO, file_name: str) -> list[str]:
    """The sheet names of an Excel workbook, in workbook order; ``[]`` for CSV and Parquet.

    Raises:
        UploadError: As for ``read_table`` when the file is empty or not a readable workbook.
    """
    raw = _as_bytes(data)
    if not raw:
        raise UploadError(f"{file_name} is empty (0 bytes).", hint=_EXPORT_AGAIN)
    if _detect_format(raw, file_name)[0] != "xlsx":
        return []
    return sheet_names(raw, file_name)


def likely_sheet(data: bytes | BinaryIO, file_name: str) -> str | None:
    """The sheet of a workbook that looks most like the data (what ``read_table`` reads when
    no sheet is named); None for CSV and Parquet."""
    raw = _as_bytes(data)
    if not raw or _detect_format(raw, file_name)[0] != "xlsx":
        return None
    return data_sheet(raw, file_name)


def check_different_files(tables: Sequence[LoadedTable]) -> None:
    """Refuse the same data given twice: linking a file with itself pairs every record with its
    own copy, which looks like a result and is not one."""
    for first, second in itertools.combinations(tables, 2):
        if first.sha256 == second.sha256 and first.sheet == second.sheet:
            same = (f"{first.file_name} is given twice" if first.file_name == second.file_name
                    else f"{first.file_name} and {second.file_name} hold exactly the same data")
            raise UploadError(
                f"{same}: linking a file with itself would pair every record with its own "
                "copy.",
                hint="To find duplicates within one file, choose 'Find duplicates in one file' "
                "(on the command line, give the file once). To link two files, give two "
                "different files.")


def check_record_ids(
    frame: pl.DataFrame, column: str, file_name: str, *, label: str | None = None
) -> None:
    """Check ``column`` can identify records: a value on every row and no value twice.

    Row numbers count the header as row 1, so ``frame``'s first row is row 2. (They match
    the spreadsheet when no blank rows were dropped above that row.)

    Args:
        frame: The table, e.g. ``LoadedTable.frame``.
        column: The column's name in ``frame``.
        file_name: The file's name, for the message.
        label: The header the person knows (e.g. from ``original_columns``); default ``column``.

    Raises:
        UploadError: Saying how many rows lack a value and how many values repeat.
    """
    shown = label or column
    if column not in frame.columns:
        raise UploadError(
            f"{file_name} has no column '{shown}'.", hint="Choose one of the file's columns."
        )
    values = frame.get_column(column).cast(pl.String)
    problems = []
    missing = values.is_null() | values.str.contains(_WHITESPACE_ONLY)
    n_missing = int(missing.sum())
    if n_missing:
        first = int(missing.arg_true()[0]) + 2
        problems.append(
            f"1 row in {file_name} has no value in '{shown}' (row {first})."
            if n_missing == 1
            else f"{n_missing:,} rows in {file_name} have no value in '{shown}' "
            f"(first at row {first})."
        )
    present = values.filter(~missing)
    repeated = present.filter(present.is_duplicated()).unique(maintain_order=True)
    if repeated.len():
        examples = ", ".join(_shorten(value) for value in repeated.head(2).to_list())
        count = repeated.len()
        problems.append(
            f"'{shown}' in {file_name} has {count:,} duplicated value"
            + (f": {examples}." if count == 1 else f"s, e.g. {examples}.")
        )
    if problems:
        raise UploadError(
            " ".join(problems),
            hint="Choose a column with a different value on every row, "
            "or let the workbench generate IDs.",
        )


def _as_bytes(data: bytes | BinaryIO) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if data.seekable():
        data.seek(0)
    return data.read()


def _detect_format(data: bytes, file_name: str) -> tuple[str, tuple[str, ...]]:
    """("csv" | "xlsx" | "parquet", notes) from the extension, checked against magic bytes."""
    extension = Path(file_name).suffix.lower()
    if extension == ".xls":
        raise UploadError(
            f"{file_name} is an old-style Excel file (.xls), which the workbench cannot read.",
            hint=SAVE_AS_XLSX,
        )
    by_name = _EXTENSIONS.get(extension)
    if data.startswith(_OLE2_MAGIC) and by_name == "xlsx":
        raise UploadError(
            f"{file_name} is password-protected, so the workbench cannot open it.",
            hint="Open it in Excel, remove the password (File > Info > Protect Workbook), "
            "save, and upload it again.",
        )
    if data.startswith(_OLE2_MAGIC) and by_name is None:
        raise UploadError(
            f"{file_name} is an old-style Excel file (.xls) or a password-protected workbook, "
            "which the workbench cannot read.",
            hint=SAVE_AS_XLSX,
        )
    by_magic = None
    if data.startswith(_ZIP_MAGIC):
        by_magic = "xlsx"
    elif data.startswith(_PARQUET_MAGIC):
        by_magic = "parquet"
    if by_name is None:
        return by_magic or "csv", ()
    if by_name == "csv" and by_magic:
        name = _FORMAT_NAMES[by_magic]
        return by_magic, (f"{file_name} is {name}, not a text file, so it was read as {name}.",)
    return by_name, ()


def _read_parquet(data: bytes, file_name: str) -> pl.DataFrame:
    """The Parquet file with every column as text (dates ISO, whole floats without ".0")."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        raise UploadError(
            f"{file_name} could not be read as a Parquet file.",
            hint="Export the file again (or export it as CSV), then upload the new file.",
        ) from error
    columns = []
    for name, dtype in frame.schema.items():
        if dtype.is_nested() or dtype == pl.Object:
            raise UploadError(
                f"Column '{name}' in {file_name} holds lists or nested values, which the "
                "workbench cannot use.",
                hint="Remove or flatten that column, export the file again, then upload it.",
            )
        columns.append(_as_text(pl.col(name), dtype))
    return frame.select(columns)


def _as_text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype.is_float():
        whole = column.is_finite() & (column == column.round(0)) & (column.abs() < 1e15)
        return (
            pl.when(whole)
            .then(column.cast(pl.Int64).cast(pl.String))
            .otherwise(column.cast(pl.String))
        )
    if dtype == pl.Date:
        return column.dt.to_string("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return column.dt.to_string("%Y-%m-%d %H:%M:%S").str.replace(MIDNIGHT, "$1")
    return column.cast(pl.String)


def _finish(
    frame: pl.DataFrame,
    subject: str,
    *,
    header_in_first_row: bool = False,
    blank_rows: int = 0,
) -> tuple[pl.DataFrame, dict[str, str], tuple[str, ...]]:
    """Name columns safely, turn whitespace-only values into nulls and drop blank rows."""
    check_column_count(frame.width, subject)
    if frame.width == 0:
        raise UploadError(
            f"{subject} has no columns.",
            hint="Check the file has a header row with column names, then upload it again.",
        )
    headers: Sequence[str | None] = frame.row(0) if header_in_first_row else frame.columns
    body = frame.slice(1) if header_in_first_row else frame
    no_rows_hint = (
        "Check you exported the data rows as well as the column names, then upload the file again."
    )
    if body.height == 0:
        raise UploadError(f"{subject} has a header row but no data rows.", hint=no_rows_hint)

    cleaned = [" ".join(header.split()) if header else "" for header in headers]
    names = safe_column_names(cleaned)
    original = {
        name: header or f"Column {position}"
        for position, (name, header) in enumerate(zip(names, cleaned, strict=True), start=1)
    }
    body = body.rename(dict(zip(body.columns, names, strict=True))).with_columns(
        pl.when(pl.col(name).str.strip_chars().str.len_bytes() == 0)
        .then(None)
        .otherwise(pl.col(name))
        .alias(name)
        for name in names
    )
    kept = body.filter(~pl.all_horizontal(pl.all().is_null()))
    if kept.height == 0:
        raise UploadError(
            f"{subject} has a header row but every row below it is blank.", hint=no_rows_hint
        )

    notes = []
    unnamed = [original[name] for name, header in zip(names, cleaned, strict=True) if not header]
    if unnamed:
        notes.append(
            f"{unnamed[0]} has no header, so it is called '{unnamed[0]}'."
            if len(unnamed) == 1
            else f"{len(unnamed)} columns have no header, so they are named by position: "
            + ", ".join(unnamed)
            + "."
        )
    dropped = body.height - kept.height + blank_rows
    if dropped:
        notes.append(f"Dropped {dropped:,} blank row{'s' if dropped != 1 else ''}.")
    return kept, original, tuple(notes)


def _shorten(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
