"""Reading delimited text (CSV, TSV, pipe): encoding, delimiter, and rows with the wrong shape.

The fast path is pyarrow's multi-threaded CSV reader with every column typed as text. Polars'
reader is as fast but silently pads rows that have too few fields (a line break inside an
unquoted address splits a record in two), whereas pyarrow reports them. Python's ``csv`` module
is used only on small samples and, when pyarrow rejects rows, to find their line numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from matching.errors import UploadError

DELIMITERS = (",", ";", "\t", "|")
# (singular, plural) words for each delimiter, for messages.
DELIMITER_WORDS = {
    ",": ("comma", "commas"),
    ";": ("semicolon", "semicolons"),
    "\t": ("tab", "tabs"),
    "|": ("pipe (|)", "pipes (|)"),
}
_SAMPLE_CHARS = 64 * 1024
#: The most columns a file may have (profiling and suggestions look at every one).
MAX_COLUMNS = 1_000
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
MIXED = "utf-8 and cp1252"
_CP1252_FALLBACK = "matching-cp1252-fallback"
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_ENCODING_NOTES = {
    "utf-16": "Read as UTF-16 (Unicode text).",
    "cp1252": "Read as Windows-1252 (Excel on Windows).",
    "latin-1": "Read as Latin-1; some accented letters or symbols may be wrong. "
    "Saving the file as 'CSV UTF-8' avoids this.",
}
_SAVE_AGAIN_HINT = (
    "Open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then upload the new file."
)


@dataclass(frozen=True)
class RawCsv:
    """A parsed delimited file. ``frame`` holds the header as its first row, all text."""

    frame: pl.DataFrame
    encoding: str
    delimiter: str
    skipped_blank_lines: int
    notes: tuple[str, ...]


def read_csv_bytes(data: bytes, file_name: str, *, prefer_tab: bool = False) -> RawCsv:
    """Parse delimited text, detecting the encoding and the delimiter.

    Raises:
        UploadError: The file is binary, undecodable, blank, or has rows of the wrong length.
    """
    encoding, text = _decode(data, file_name)
    mixed_note = _mixed_note(data, file_name) if encoding == MIXED else None
    if encoding == "utf-8":
        utf8 = pa.py_buffer(data)
    elif encoding == "utf-8-sig":
        utf8 = pa.py_buffer(memoryview(data)[len(_UTF8_BOM) :])
    else:
        utf8 = pa.py_buffer(text.encode("utf-8"))
    if not text or text.isspace():
        raise UploadError(
            f"{file_name} has no data: it contains only blank lines.",
            hint="Check you exported the data, then upload the file again.",
        )
    _reject_binary_text(text[:_SAMPLE_CHARS], file_name)
    delimiter, n_fields = _sniff_delimiter(text, prefer_tab=prefer_tab)
    n_fields = _header_fields(text, delimiter, n_fields)
    check_column_count(n_fields, file_name)

    blank_lines = 0

    def on_invalid_row(row: pa_csv.InvalidRow) -> str:
        """Skip short rows with no values (counted as blank); stop at any other bad row."""
        nonlocal blank_lines
        if row.text.strip(f' \t\r\n"{delimiter}'):
            return "error"
        blank_lines += 1
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.BufferReader(utf8),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                # Only quoted values can hold line breaks; the check is slower, so skip it
                # when the file has no quotes at all.
                newlines_in_values='"' in text,
                invalid_row_handler=on_invalid_row,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(n_fields)},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise _shape_error(text, delimiter, n_fields, file_name) from error
    frame = pl.from_arrow(table, rechunk=False)
    assert isinstance(frame, pl.DataFrame)
    _check_quotes(text, delimiter, file_name, frame[-1, -1] if frame.height else None)
    notes = [_ENCODING_NOTES[encoding]] if encoding in _ENCODING_NOTES else []
    if mixed_note:
        notes.append(mixed_note)
    if delimiter != "," and n_fields > 1:
        notes.append(f"Values are separated by {DELIMITER_WORDS[delimiter][1]}.")
    return RawCsv(
        frame=frame.cast(pl.String),
        encoding=encoding,
        delimiter=delimiter,
        skipped_blank_lines=blank_lines,
        notes=tuple(notes),
    )


def _header_fields(text: str, delimiter: str, sniffed: int) -> int:
    """How many fields the header (the first line) has: the sniffed count, unless the header
    is longer than the sample the delimiter was sniffed from."""
    end = text.find("\n", 0, _SAMPLE_CHARS)
    if end >= 0:
        return sniffed
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    return first.count(delimiter) + 1 if '"' not in first else len(
        next(csv.reader(io.StringIO(first), delimiter=delimiter), []))


def check_column_count(columns: int, subject: str) -> None:
    """Refuse a table with more columns than the workbench profiles and matches in reasonable
    time (a file of thousands of columns would hold up the app for everyone)."""
    if columns > MAX_COLUMNS:
        raise UploadError(
            f"{subject} has {columns:,} columns; the workbench reads files with up to "
            f"{MAX_COLUMNS:,}.",
            hint="Save a copy with only the columns useful for matching (names, dates of "
            "birth, addresses, postcodes, reference numbers), then upload that. If the whole "
            "file is one line, it has lost its line breaks: export it again.",
        )


def _ragged_lines(text: str, delimiter: str, n_fields: int) -> list[tuple[int, int]]:
    """(line number, field count) of each record whose field count differs from the header's.

    Line numbers are 1-based lines of the file (the header is line 1); a record with a quoted
    line break is reported at the line where it starts. Blank lines are ignored.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    bad: list[tuple[int, int]] = []
    start = 1
    try:
        for row in reader:
            if len(row) != n_fields and any(field.strip() for field in row):
                bad.append((start, len(row)))
            start = reader.line_num + 1
    except csv.Error:
        bad.append((start, -1))
    return bad


def _check_quotes(text: str, delimiter: str, file_name: str, last_value: str | None) -> None:
    """Raise when a quoted value is never closed (so the rest of the file became one value).

    ``last_value`` is the last field that was read, if known: pyarrow reads an unclosed quote
    to the end of the file, so then it is everything after that quote. Python's slower parser
    is needed only when that shortcut cannot decide.
    """
    if text.count('"') % 2 == 0:
        return
    if last_value and '"' not in last_value:
        quote = len(text) - len(last_value) - 1
        if quote < 0 or not text.endswith(last_value) or text[quote] != '"':
            return
        line = text.count("\n", 0, quote) + 1
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        line = 1
        while True:
            try:
                next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "unexpected end of data" in str(error):
                    break
                return  # text after a closing quote: pyarrow accepts it, and so do we
            line = reader.line_num + 1
    raise UploadError(
        f'Line {line} of {file_name} has a double quote (") that is never closed, so the '
        "rest of the file would be read as one value.",
        hint=f"Open the file in a text editor and look at line {line}: add the missing quote "
        "or remove the stray one, or save the file again from Excel, then upload it again.",
    )


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    """(encoding, text): UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, Latin-1."""
    if data.startswith(_UTF16_BOMS):
        return "utf-16", _strict_decode(data, "utf-16", file_name)
    if data.startswith(_UTF8_BOM):
        return "utf-8-sig", _strict_decode(data[len(_UTF8_BOM) :], "utf-8", file_name)
    if b"\x00" in data[:_SAMPLE_CHARS]:
        raise _not_text(file_name)
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not data.decode("utf-8", errors="ignore").isascii():
        # Real UTF-8 letters and bytes that are not UTF-8: lines pasted together from two
        # systems. Reading it all as Windows-1252 would garble the UTF-8 ("Zoë" as "ZoÃ«").
        return MIXED, data.decode("utf-8", errors=_CP1252_FALLBACK)
    try:
        return "cp1252", data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1", data.decode("latin-1")


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as Windows-1252 (Latin-1 for
    the five bytes Windows-1252 leaves undefined)."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in _CP1252_UNDEFINED
                   else chr(b) for b in chunk), error.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid)


def _mixed_note(data: bytes, file_name: str) -> str:
    """What to tell the officer about a file that is partly UTF-8 and partly not."""
    lines: list[int] = []
    position = 0
    while len(lines) < 6:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            start = position + error.start
            line = data.count(b"\n", 0, start) + 1
            if not lines or lines[-1] != line:
                lines.append(line)
            next_line = data.find(b"\n", start)
            if next_line < 0:
                break
            position = next_line + 1
    shown = ", ".join(str(n) for n in lines[:5]) + (" and more" if len(lines) > 5 else "")
    word = "line" if len(lines) == 1 else "lines"
    return (f"Most of {file_name} is UTF-8 text, but some lines are not ({word} "
            f"{shown}): those lines were read as Windows-1252 (Excel on Windows). Check the "
            "accented letters on them; saving the whole file as 'CSV UTF-8' avoids this.")


def _strict_decode(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UploadError(
            f"{file_name} is marked as {encoding.upper()} text but contains bytes that are not "
            f"valid {encoding.upper()} (first at byte {error.start + 1:,}).",
            hint=_SAVE_AGAIN_HINT,
        ) from error


def _reject_binary_text(sample: str, file_name: str) -> None:
    """Raise when the decoded sample is mostly control characters (a binary file)."""
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if controls > max(2, len(sample) // 100):
        raise _not_text(file_name)


def _not_text(file_name: str) -> UploadError:
    return UploadError(
        f"{file_name} is not a text file, so it cannot be read as CSV.",
        hint="Upload a CSV, Excel (.xlsx) or Parquet file. If the data came from another "
        "system, export it as CSV and upload that file.",
    )


def _sniff_delimiter(text: str, *, prefer_tab: bool) -> tuple[str, int]:
    """(delimiter, header field count) for the delimiter that splits the sample most evenly."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample) < len(text) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best: tuple[tuple[bool, float, int, int], str, int] | None = None
    for rank, delimiter in enumerate(order):
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
        rows = [row for row in reader if any(field.strip() for field in row)]
        if not rows:
            continue
        n_fields = len(rows[0])
        consistency = sum(len(row) == n_fields for row in rows) / len(rows)
        score = (n_fields > 1, consistency, n_fields, -rank)
        if best is None or score > best[0]:
            best = (score, delimiter, n_fields)
    if best is None:
        return order[0], 1
    return best[1], best[2]


def _shape_error(text: str, delimiter: str, n_fields: int, file_name: str) -> UploadError:
    """The error for rows with the wrong number of fields, naming their line numbers."""
    _check_quotes(text, delimiter, file_name, last_value=None)
    bad = _ragged_lines(text, delimiter, n_fields)
    if not bad:
        return UploadError(
            f"{file_name} could not be read as a CSV file.",
            hint="Check it opens correctly in Excel. " + _SAVE_AGAIN_HINT,
        )
    line, count = bad[0]
    if count < 0:
        message = f"Line {line} of {file_name} could not be read."
    else:
        message = (
            f"Line {line} of {file_name} has {count} field{'s' if count != 1 else ''} "
            f"but the header has {n_fields}."
        )
    if len(bad) > 1:
        shown = ", ".join(str(number) for number, _ in bad[:5])
        more = f" and {len(bad) - 5:,} more" if len(bad) > 5 else ""
        message += f" {len(bad):,} lines have the wrong number of fields (lines {shown}{more})."
    separator = DELIMITER_WORDS[delimiter][0]
    return UploadError(
        message,
        hint=f"Open the file in a text editor and look at line {line}. A value that contains "
        f"a {separator} or a line break must be inside double quotes. Fix the line, or save "
        "the file again from Excel, then upload it again.",
    )
