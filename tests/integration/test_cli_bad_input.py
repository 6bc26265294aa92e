"""Bad input on the command line: a plain message and exit code 2, never a traceback; what the
loader noticed is printed; messages speak of the command line, not of the app's pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.database import MEMORY_LIMIT_ENV
from tests.integration.support import RESIDENTS, run_cli

pytestmark = pytest.mark.slow


def _refused(*args: str | Path) -> str:
    done = run_cli(*args)
    assert done.code == 2, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def test_a_file_of_one_record_says_there_is_nothing_to_compare(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("id,first_name,surname,dob\n1,John,Smith,01/02/1980\n", encoding="utf-8")

    stderr = _refused("auto", one, "--out", tmp_path / "out")

    assert "Error: one.csv holds only 1 record, so there is nothing to find duplicates among." \
        in stderr


def test_copies_of_one_record_are_named_as_the_problem(tmp_path: Path) -> None:
    same = tmp_path / "same.csv"
    rows = ["first_name,surname,dob,postcode"] + ["John,Smith,01/02/1980,E1 6AN"] * 3_000
    same.write_text("\n".join(rows) + "\n", encoding="utf-8")

    stderr = _refused("auto", same, "--out", tmp_path / "out")

    assert "There are no blocking rules" not in stderr
    assert ("Error: Every record in same.csv (3,000 of them) has the same first_name, surname, "
            "dob and postcode: they are copies of one record") in stderr


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "residents copy.csv"
    copy.write_bytes(RESIDENTS.read_bytes())

    stderr = _refused("auto", RESIDENTS, copy, "--out", tmp_path / "out")

    assert stderr.startswith("Error: residents.csv and residents copy.csv hold exactly the same "
                             "data: linking a file with itself would pair every record with its "
                             "own copy.")
    assert not (tmp_path / "out").exists()


def test_a_memory_setting_that_is_not_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "banana")

    stderr = _refused("auto", RESIDENTS, "--out", tmp_path / "out")

    assert f"Error: The setting {MEMORY_LIMIT_ENV} is 'banana', which is not an amount" in stderr


def test_what_the_loader_noticed_is_printed(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    data.write_bytes("id;name;dob\n1;Zoë;01/02/1980\n2;Zoe;01/02/1980\n3;Ann;03/04/1970\n"
                     .encode("cp1252"))

    done = run_cli("auto", data, "--out", tmp_path / "out")

    assert "Note: people.csv: Read as Windows-1252 (Excel on Windows)." in done.stderr
    assert "Note: people.csv: Values are separated by semicolons." in done.stderr


def test_messages_speak_of_the_command_line_not_the_app_pages(tmp_path: Path) -> None:
    shoes = tmp_path / "shoes.csv"
    shoes.write_text("Code,Shoe size\nA1,9\nA2,7\n", encoding="utf-8")

    stderr = _refused("auto", shoes, "--out", tmp_path / "out")

    assert "No columns could be matched" in stderr
    assert "on the Columns page" not in stderr
    assert "in the workbench app (its Columns step)" in stderr
