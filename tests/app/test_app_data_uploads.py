"""Step 1 — Data: real-world uploads (a Windows-1252 semicolon CSV, a workbook with two sheets)
and bad uploads that must not lose what is already loaded."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from tests.app.support import SPLINK_TIMEOUT, joined, no_exception, open_app, state_of, texts
from ui.privacy import md

DEDUPE = "Find duplicates in one file"
CP1252_CSV = (
    "Client Ref;Forename;Surname;Date of Birth;Post Code;Rent\r\n"
    "00123;Zoë;Brontë;03/04/1984;E8 1AA;£100.50\r\n"
    "00456;José;Núñez;12/11/1975;N16 9RN;£85.00\r\n"
    "00789;Renée;O'Brien;01/01/1990;SE17 3EP;£0.00\r\n"
    "00790;Zoe;Bronte;03/04/1984;E8 1AA;£100.50\r\n"
).encode("cp1252")


def _workbook() -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    first.append(["This sheet only has notes"])
    first.append(["Exported 2025-01-31"])
    people = book.create_sheet("People")
    people.append(["Person ID", "First Name", "Last Name", "DOB", "Postcode"])
    people.append(["000417", "Siobhán", "Ní Bhriain", "1980-05-17", "E1 6AN"])
    people.append(["000418", "Ahmed", "Khan", "1975-02-01", "E2 7DG"])
    people.append(["000419", "Siobhan", "Ni Bhriain", "1980-05-17", "E1 6AN"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _dedupe_app():
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    return at


def test_a_windows_1252_semicolon_csv_keeps_accents_symbols_and_leading_zeros() -> None:
    at = _dedupe_app()
    at.file_uploader[0].set_value([("clients.csv", CP1252_CSV, "text/csv")]).run(
        timeout=SPLINK_TIMEOUT)
    no_exception(at)
    table = state_of(at).workbench.tables[0]
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert "Read as Windows-1252 (Excel on Windows)." in texts(at.caption)
    assert "Values are separated by semicolons." in texts(at.caption)
    preview = at.dataframe[0].value
    assert list(preview.columns) == ["Client Ref", "Forename", "Surname", "Date of Birth",
                                     "Post Code", "Rent"]
    assert list(preview["Client Ref"]) == ["00123", "00456", "00789", "00790"]
    assert list(preview["Forename"])[:3] == ["Zoë", "José", "Renée"]
    assert list(preview["Rent"]) == ["£100.50", "£85.00", "£0.00", "£100.50"]
    assert "**clients.csv** — 4 rows, 6 columns" in joined(at.markdown)
    config = state_of(at).workbench.config
    assert config is not None and config.used_columns


def _sheet_picker(at: AppTest) -> Any:
    return next(box for box in at.selectbox if box.label == "Which sheet of people.xlsx?")


def test_a_workbook_opens_on_the_sheet_that_looks_like_data() -> None:
    at = _dedupe_app()
    at.file_uploader[0].set_value([("people.xlsx", _workbook(), "application/vnd.ms-excel")]).run(
        timeout=SPLINK_TIMEOUT)
    no_exception(at)
    picker = _sheet_picker(at)
    assert picker.options == ["Notes", "People"]
    assert picker.value == "People", "the first sheet is notes: the data sheet is chosen"
    wb = state_of(at).workbench
    assert wb.tables[0].sheet == "People"
    preview = at.dataframe[0].value
    assert list(preview["Person ID"]) == ["000417", "000418", "000419"]
    assert list(preview["First Name"]) == ["Siobhán", "Ahmed", "Siobhan"]
    assert list(preview["DOB"]) == ["1980-05-17", "1975-02-01", "1980-05-17"]
    assert "**people.xlsx** — 3 rows, 5 columns" in joined(at.markdown)
    assert wb.config is not None and wb.config.datasets[0].id_column == "person_id"

    # Another sheet, then back: the ID column is suggested afresh for each table.
    _sheet_picker(at).set_value("Notes").run(timeout=SPLINK_TIMEOUT)
    assert wb.tables[0].sheet == "Notes"
    _sheet_picker(at).set_value("People").run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert wb.tables[0].sheet == "People"
    assert wb.config is not None
    assert wb.config.datasets[0].id_column == "person_id", "not the row numbers of Notes"
    assert at.selectbox(key="data.id.0.0").value == "person_id"


def test_a_bad_upload_keeps_the_files_already_loaded() -> None:
    at = _dedupe_app()
    at.file_uploader[0].set_value([("clients.csv", CP1252_CSV, "text/csv")]).run(
        timeout=SPLINK_TIMEOUT)
    wb = state_of(at).workbench
    assert [t.file_name for t in wb.tables] == ["clients.csv"]
    config = wb.config

    at.file_uploader[0].set_value([("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                                    "application/vnd.ms-excel")]).run()
    no_exception(at)
    assert texts(at.error) == ["locked.xlsx is password-protected, so the workbench cannot open it."]
    assert "What to do: " + md("Open it in Excel, remove the password (File > Info > Protect "
                               "Workbook), save, and upload it again.") in texts(at.caption)
    assert "Nothing else changed: the files loaded before are still loaded below." in texts(
        at.caption)
    assert [t.file_name for t in wb.tables] == ["clients.csv"]
    assert wb.config == config


def test_files_with_nothing_in_common_can_still_be_mapped_by_hand() -> None:
    at = open_app()
    left = ("shoes.csv", b"Code;Shoe size\nA1;9\nA2;7\n", "text/csv")
    right = ("hats.csv", b"Ref,Hat colour\nB1,red\nB2,blue\n", "text/csv")
    at.file_uploader[0].set_value([left, right]).run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert "No columns could be matched" in joined(at.error)
    assert "map them by hand" in joined(at.warning)
    wb = state_of(at).workbench
    assert wb.config is not None and not wb.config.used_columns
    at.switch_page("pages/columns.py").run()
    no_exception(at)
    assert "No columns are in use yet" in joined(at.warning)


def test_duplicate_ids_offer_generated_ids() -> None:
    at = _dedupe_app()
    at.file_uploader[0].set_value([("clients.csv", CP1252_CSV, "text/csv")]).run(
        timeout=SPLINK_TIMEOUT)
    at.selectbox(key="data.id.0.0").set_value("date_of_birth").run()
    no_exception(at)
    assert "'Date of Birth' in clients.csv has 1 duplicated value: 03/04/1984." in joined(at.error)
    at.button(key="data.generate.0").click().run()
    no_exception(at)
    config = state_of(at).workbench.config
    assert config is not None and config.datasets[0].id_column is None
    assert not at.error


def test_the_same_file_as_both_files_is_refused() -> None:
    at = open_app()
    data = CP1252_CSV
    at.file_uploader[0].set_value([("clients.csv", data, "text/csv"),
                                   ("clients (1).csv", data, "text/csv")]).run(
        timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert texts(at.error) == [
        "clients.csv and clients (1).csv hold exactly the same data: linking a file with "
        "itself would pair every record with its own copy."]
    assert not state_of(at).workbench.tables


def test_copies_of_one_record_say_what_is_wrong() -> None:
    at = _dedupe_app()
    rows = "first_name,surname,dob,postcode\n" + "John,Smith,01/02/1980,E1 6AN\n" * 2_000
    at.file_uploader[0].set_value([("same.csv", rows.encode(), "text/csv")]).run(
        timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert "Every record in same.csv (2,000 of them) has the same" in joined(at.error)


def test_finding_duplicates_takes_one_file_at_a_time() -> None:
    at = _dedupe_app()
    uploader = at.file_uploader[0]
    assert not uploader.accept_multiple_files, "a new file replaces the one attached"
    uploader.set_value(("broken.csv", b"", "text/csv")).run()
    assert "broken.csv is empty (0 bytes)." in joined(at.error)
    at.file_uploader[0].set_value(("clients.csv", CP1252_CSV, "text/csv")).run(
        timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert "attached" not in joined(at.warning), "the rejected file did not pile up"
    assert [t.file_name for t in state_of(at).workbench.tables] == ["clients.csv"]


def test_too_many_files_for_linking_can_be_removed_at_once() -> None:
    at = open_app()
    files = [(f"f{i}.csv", f"id,name\n{i},A\n".encode(), "text/csv") for i in range(3)]
    at.file_uploader[0].set_value(files).run()
    assert texts(at.warning) == ["Please upload exactly 2 file(s): 3 are attached."]
    at.button(key="data.detach").click().run()
    no_exception(at)
    assert not at.file_uploader[0].value, "a fresh, empty uploader"
    assert not at.warning
