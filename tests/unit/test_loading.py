"""Reading uploads: CSV dialects and encodings, Excel, Parquet, headers, and fix-it messages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from matching.errors import UploadError
from matching.loading import (
    LoadedTable,
    check_record_ids,
    likely_sheet,
    list_sheets,
    read_path,
    read_table,
    safe_column_names,
)
from matching.loading_names import RESERVED_NAMES


def _rows(table: LoadedTable) -> list[tuple[str | None, ...]]:
    return table.frame.rows()


def _error(data: bytes, file_name: str, **kwargs: str) -> UploadError:
    with pytest.raises(UploadError) as caught:
        read_table(data, file_name, **kwargs)
    return caught.value


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx built in memory; each sheet is a list of rows written from A1."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)  # keeps "00123" as text
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def test_utf8_csv_keeps_everything_as_text() -> None:
    data = b"Account Ref,Name,Phone\n007,Ann,01234 567890\n008,Bob,\n"
    upload = io.BytesIO(data)
    upload.read()  # a file object is read from its start
    table = read_table(upload, "council_tax.csv")
    assert _rows(table) == [("007", "Ann", "01234 567890"), ("008", "Bob", None)]
    assert table.frame.schema == {"account_ref": pl.String, "name": pl.String, "phone": pl.String}
    assert table.original_columns == {
        "account_ref": "Account Ref",
        "name": "Name",
        "phone": "Phone",
    }
    assert (table.file_format, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.sha256 == hashlib.sha256(data).hexdigest()
    assert table.notes == ()


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = read_table("\ufeffID,Prénom\n1,Zoë\n".encode(), "people.csv")
    assert table.original_columns == {"id": "ID", "prenom": "Prénom"}
    assert table.encoding == "utf-8-sig"
    assert _rows(table) == [("1", "Zoë")]


def test_windows_1252_with_semicolons() -> None:
    data = "Name;Town;Balance\nRenée;Hôtel;£12,50\n".encode("cp1252")
    table = read_table(data, "arrears.csv")
    assert _rows(table) == [("Renée", "Hôtel", "£12,50")]
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.notes == (
        "Read as Windows-1252 (Excel on Windows).",
        "Values are separated by semicolons.",
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("a,b\n1,é\n".encode("utf-16"), "utf-16"), (b"a,b\n1,\x81\xe9\n", "latin-1")],
)
def test_other_encodings(data: bytes, encoding: str) -> None:
    table = read_table(data, "other.csv")
    assert table.encoding == encoding
    assert _rows(table)[0][0] == "1"


@pytest.mark.parametrize(
    ("delimiter", "file_name"), [("\t", "x.tsv"), ("\t", "x.txt"), ("|", "x.csv")]
)
def test_tab_and_pipe_delimiters(delimiter: str, file_name: str) -> None:
    data = f'ID{delimiter}Address\n1{delimiter}"1, High St"\n2{delimiter}2 Low Rd\n'.encode()
    table = read_table(data, file_name)
    assert table.delimiter == delimiter
    assert _rows(table) == [("1", "1, High St"), ("2", "2 Low Rd")]


def test_quoted_fields_with_embedded_newlines() -> None:
    data = (
        b'ID,Address,Postcode\r\n1,"Flat 2\r\n10 High St",N1 1AA\r\n2,"He said ""hi""",E2 2BB\r\n'
    )
    assert _rows(read_table(data, "addresses.csv")) == [
        ("1", "Flat 2\r\n10 High St", "N1 1AA"),
        ("2", 'He said "hi"', "E2 2BB"),
    ]


def test_ragged_row_names_the_line() -> None:
    # ground truth: line 3 starts a record with a quoted line break; line 5 has an extra field.
    data = (
        b"ID,Name,Town,Postcode\n"
        b"1,Ann,Hackney,E8 1AA\n"
        b'2,"Bob\nSmith",Camden,NW1 1AA\n'
        b"3,Cy,Bow,E3 1AA,x\n"
    )
    error = _error(data, "council_tax.csv")
    assert error.message == "Line 5 of council_tax.csv has 5 fields but the header has 4."
    assert error.hint == (
        "Open the file in a text editor and look at line 5. A value that contains a comma or a "
        "line break must be inside double quotes. Fix the line, or save the file again from "
        "Excel, then upload it again."
    )


def test_unquoted_line_break_is_reported_not_padded() -> None:
    data = b"ID,Address,Postcode\n1,10 High St\nLondon,N1 1AA\n2,2 Low Rd,E2 2BB\n"
    assert _error(data, "x.csv").message == (
        "Line 2 of x.csv has 2 fields but the header has 3. "
        "2 lines have the wrong number of fields (lines 2, 3)."
    )


@pytest.mark.parametrize(
    "data",
    [b'ID,Name\n1,Ann\n2,"Bob\n3,Cy\n', b'ID,Name,Town\n1,Ann,Bow\n2,"Bob,Bow\n3,Cy,Bow\n'],
)
def test_unclosed_quote(data: bytes) -> None:
    assert _error(data, "x.csv").message == (
        'Line 3 of x.csv has a double quote (") that is never closed, '
        "so the rest of the file would be read as one value."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty (0 bytes)."),
        (b"ID,Name\r\n", "has a header row but no data rows."),
        (b"ID,Name\n,\n  , \n", "has a header row but every row below it is blank."),
        (b"\n \n", "has no data: it contains only blank lines."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "is not a text file, so it cannot be read as CSV.",
        ),
        (
            b"\xef\xbb\xbfID\n\xff\n",
            "is marked as UTF-8 text but contains bytes that are not valid UTF-8 "
            "(first at byte 4).",
        ),
    ],
)
def test_unusable_csv(data: bytes, message: str) -> None:
    error = _error(data, "council_tax.csv")
    assert error.message == f"council_tax.csv {message}"
    assert error.hint


def test_empty_file_hint() -> None:
    assert _error(b"", "council_tax.csv").hint == (
        "Check you exported the data, then upload the file again."
    )


def test_blank_and_whitespace_values_become_null_and_blank_rows_are_dropped() -> None:
    data = b"ID,Name,Notes\n1,Ann,\n,,\n   \n2,  ,\n\n3, Cy ,\n"
    table = read_table(data, "x.csv")
    assert _rows(table) == [("1", "Ann", None), ("2", None, None), ("3", " Cy ", None)]
    assert table.notes == ("Dropped 2 blank rows.",)
    assert table.frame.columns == ["id", "name", "notes"]  # the empty column is kept


def test_file_name_wins_unless_magic_bytes_say_otherwise() -> None:
    book = _workbook({"People": [["ID"], ["1"]]})
    table = read_table(book, "people.csv")
    assert (table.file_format, table.sheet) == ("xlsx", "People")
    assert table.notes[0] == (
        "people.csv is an Excel workbook, not a text file, so it was read as an Excel workbook."
    )
    assert read_table(book, "people").file_format == "xlsx"
    assert read_table(b"ID\n1\n", "export.dat").file_format == "csv"


# --- Excel -----------------------------------------------------------------------------------


def test_xlsx_sheets() -> None:
    book = _workbook({"Residents": [["ID", "Name"], ["1", "Ann"]], "Staff": [["Ref"], ["S1"]]})
    assert list_sheets(book, "book.xlsx") == ["Residents", "Staff"]
    assert list_sheets(b"a\n1\n", "book.csv") == []

    first = read_table(book, "book.xlsx")
    assert (first.sheet, _rows(first), first.file_format) == ("Residents", [("1", "Ann")], "xlsx")
    assert first.notes == ("Read the first sheet, 'Residents'. The workbook also has 'Staff'.",)
    assert _rows(read_table(io.BytesIO(book), "book.xlsx", sheet="Staff")) == [("S1",)]

    error = _error(book, "book.xlsx", sheet="Visitors")
    assert (
        error.message
        == "book.xlsx has no sheet called 'Visitors'. Its sheets are: 'Residents', 'Staff'."
    )
    assert error.hint == "Choose one of those sheets."


def test_xlsx_cells_become_plain_text() -> None:
    rows = [
        ["Ref", "Count", "Rate", "DOB", "Big"],
        ["00123", 123, 1.5, dt.datetime(1980, 5, 17), 12345678901234],
    ]
    table = read_table(_workbook({"Data": rows}), "data.xlsx")
    assert _rows(table) == [("00123", "123", "1.5", "1980-05-17", "12345678901234")]


def test_xlsx_empty_sheet() -> None:
    book = _workbook({"Blank": [], "Data": [["ID"], ["1"]]})
    error = _error(book, "book.xlsx")
    assert error.message == "Sheet 'Blank' in book.xlsx is empty."
    assert error.hint == "Choose the sheet that holds the data: 'Data'."


def test_password_protected_workbook() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    error = _error(ole2, "council_tax.xlsx")
    assert (
        error.message == "council_tax.xlsx is password-protected, so the workbench cannot open it."
    )
    assert (
        error.hint
        == "Open it in Excel, remove the password (File > Info > Protect Workbook), save, and "
        "upload it again."
    )


def test_old_excel_and_broken_workbooks() -> None:
    assert _error(b"anything", "old.xls").message == (
        "old.xls is an old-style Excel file (.xls), which the workbench cannot read."
    )
    assert _error(b"PK\x03\x04 not really", "bad.xlsx").message == (
        "bad.xlsx could not be opened as an Excel workbook."
    )


# --- Parquet and paths -----------------------------------------------------------------------


def test_parquet_columns_are_cast_to_text() -> None:
    buffer = io.BytesIO()
    pl.DataFrame(
        {"UPRN": [100023336956, 7], "Score": [2.0, 2.5], "Seen": [dt.date(2024, 1, 2), None]}
    ).write_parquet(buffer)
    table = read_table(buffer.getvalue(), "addresses.parquet")
    assert table.file_format == "parquet"
    assert _rows(table) == [("100023336956", "2", "2024-01-02"), ("7", "2.5", None)]
    assert set(table.frame.schema.values()) == {pl.String}


def test_read_path(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"ID\n1\n")
    assert read_path(path).file_name == "people.csv"
    with pytest.raises(UploadError, match="There is no file at"):
        read_path(tmp_path / "missing.csv")


# --- Column names ----------------------------------------------------------------------------


def test_odd_headers_get_safe_unique_names() -> None:
    data = (
        'Date of Birth,"Owner\'s ""Name""",Prénom,,Select,'
        "2nd Address,Name,name ,DateOfBirth,Straße\n"
    )
    table = read_table((data + "1,2,3,4,5,6,7,8,9,10\n").encode(), "odd.csv")
    assert table.original_columns == {
        "date_of_birth": "Date of Birth",
        "owners_name": 'Owner\'s "Name"',
        "prenom": "Prénom",
        "column_4": "Column 4",
        "select_col": "Select",
        "c_2nd_address": "2nd Address",
        "name": "Name",
        "name_2": "name",
        "date_of_birth_2": "DateOfBirth",
        "strasse": "Straße",
    }
    assert "Column 4 has no header, so it is called 'Column 4'." in table.notes


def test_safe_column_names_edge_cases() -> None:
    assert safe_column_names(
        [None, "  ", "!!!", "Address Line 1", "ORDER", "x" * 80, "x" * 80]
    ) == [
        "column_1",
        "column_2",
        "column_3",
        "address_line_1",
        "order_col",
        "x" * 60,
        "x" * 58 + "_2",
    ]


@given(st.lists(st.one_of(st.none(), st.text(max_size=80)), max_size=30))
def test_safe_column_names_are_unique_valid_identifiers(headers: list[str | None]) -> None:
    names = safe_column_names(headers)
    assert len(names) == len(headers)
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), name
        assert len(name) <= 60
        assert name not in RESERVED_NAMES


# --- Record IDs ------------------------------------------------------------------------------


def test_check_record_ids_accepts_unique_complete_ids() -> None:
    check_record_ids(pl.DataFrame({"ref": ["CT0001", "CT0002"]}), "ref", "council_tax.csv")


def test_check_record_ids_messages() -> None:
    # ground truth: rows 2.. are CT0001, CT0002, -, CT0001, CT0002, -, CT0003, CT0003
    refs = ["CT0001", "CT0002", None, "CT0001", "CT0002", None, "CT0003", "CT0003"]
    with pytest.raises(UploadError) as caught:
        check_record_ids(
            pl.DataFrame({"account_ref": refs}),
            "account_ref",
            "council_tax.csv",
            label="Account Ref",
        )
    assert caught.value.message == (
        "2 rows in council_tax.csv have no value in 'Account Ref' (first at row 4). "
        "'Account Ref' in council_tax.csv has 3 duplicated values, e.g. CT0001, CT0002."
    )
    assert caught.value.hint == (
        "Choose a column with a different value on every row, or let the workbench generate IDs."
    )


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        (["A", None, "B"], "1 row in x.csv has no value in 'ref' (row 3)."),
        (["A", "B", "A"], "'ref' in x.csv has 1 duplicated value: A."),
    ],
)
def test_check_record_ids_single_problem(refs: list[str | None], message: str) -> None:
    with pytest.raises(UploadError) as caught:
        check_record_ids(pl.DataFrame({"ref": refs}), "ref", "x.csv")
    assert caught.value.message == message


# --- limits ----------------------------------------------------------------------------------


def test_a_file_with_too_many_columns_is_refused_before_it_is_parsed() -> None:
    header = ",".join(f"c{i}" for i in range(5_000))
    error = _error((header + "\n" + header + "\n").encode(), "wide.csv")
    assert error.message == "wide.csv has 5,000 columns; the workbench reads files with up to 1,000."
    assert "only the columns useful for matching" in (error.hint or "")
    book = _workbook({"Wide": [[f"c{i}" for i in range(1_200)], ["x"] * 1_200]})
    assert _error(book, "wide.xlsx").message.startswith(
        "Sheet 'Wide' in wide.xlsx has 1,200 columns")


def test_a_file_on_one_enormous_line_is_refused_by_its_column_count() -> None:
    # A file that lost its line breaks: the header is the whole file, far beyond the sample
    # the delimiter is guessed from (it used to say "20000001 fields but the header has 6554").
    data = ("name," * 200_000 + "last").encode()
    error = _error(data, "one_line.csv")
    assert error.message == (
        "one_line.csv has 200,001 columns; the workbench reads files with up to 1,000.")
    assert "it has lost its line breaks" in (error.hint or "")


def test_a_wide_file_within_the_limit_loads() -> None:
    header = ",".join(f"c{i}" for i in range(1_000))
    table = read_table((header + "\n" + header + "\n").encode(), "wide.csv")
    assert table.frame.width == 1_000


# --- silent wrong results, now said out loud ---------------------------------------------------


def test_a_file_mixing_utf8_and_windows_1252_keeps_both_and_says_so() -> None:
    # ground truth: lines 2 and 4 are UTF-8, lines 3 and 5 Windows-1252 (two systems' exports)
    data = ("id,name\n1,Zoë\n".encode() + "2,Zoë\n".encode("cp1252") + "3,Renée\n".encode()
            + "4,José\n".encode("cp1252"))
    table = read_table(data, "mixed.csv")
    assert _rows(table) == [("1", "Zoë"), ("2", "Zoë"), ("3", "Renée"), ("4", "José")]
    assert table.notes == (
        "Most of mixed.csv is UTF-8 text, but some lines are not (lines 3, 5): those lines were "
        "read as Windows-1252 (Excel on Windows). Check the accented letters on them; saving "
        "the whole file as 'CSV UTF-8' avoids this.",)


def test_a_plain_windows_1252_file_is_still_read_as_one() -> None:
    table = read_table("id,name\n1,Zoë\n2,Renée\n".encode("cp1252"), "cp.csv")
    assert _rows(table) == [("1", "Zoë"), ("2", "Renée")]
    assert table.notes == ("Read as Windows-1252 (Excel on Windows).",)


def _openpyxl_workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook as openpyxl writes it: formulas are saved without their results."""
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_formulas_without_saved_results_are_reported_not_silently_empty() -> None:
    rows: list[list[object]] = [["ID", "Name", "Full name"]]
    rows += [[f"{i}", f"N{i}", f'=B{i + 2}&" X"'] for i in range(3)]
    table = read_table(_openpyxl_workbook({"People": rows}), "formulas.xlsx")
    assert table.frame["full_name"].to_list() == [None, None, None]
    assert table.notes == (
        "3 cells of sheet 'People' hold formulas whose results were never saved in the file "
        "(first at C2), so they are empty here. Open the workbook in Excel, let it calculate, "
        "save it, and load it again.",)


def test_formulas_with_saved_results_need_no_note() -> None:
    book = _workbook({"People": [["ID", "Name"], ["1", "Ann"]]})
    assert read_table(book, "plain.xlsx").notes == ()


def test_a_workbook_opening_on_notes_is_read_from_its_data_sheet() -> None:
    book = _openpyxl_workbook({
        "Read me": [["Claims extract"], ["Run 2026-01-31 by the revenues team"]],
        "Claims": [["Claim Number", "Name", "DOB"], ["C1", "Ann", "1980-01-02"],
                   ["C2", "Bob", "1975-03-04"]],
    })
    table = read_table(book, "claims.xlsx")
    assert table.sheet == "Claims"
    assert table.notes == ("Read the sheet 'Claims', which looks like the data (the first "
                           "sheet, 'Read me', does not). The workbook also has 'Read me'.",)
    assert likely_sheet(book, "claims.xlsx") == "Claims"
    assert likely_sheet(b"a\n1\n", "plain.csv") is None
