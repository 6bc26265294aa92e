"""Cleaning never silently destroys a column: a check that would empty much of it is left off
(or the column is compared as a code), and the page and the checks before training say so."""

from __future__ import annotations

import io

from matching.cleaning_guard import (
    MAX_EMPTIED,
    cleaning_notes,
    emptied_columns,
    emptied_share,
    guard_cleaning,
)
from matching.config import ColumnSpec
from matching.loading import LoadedTable, read_table
from matching.roles import Role


def _table(header: str, values: list[str]) -> LoadedTable:
    text = "id," + header + "\n" + "\n".join(f"{i},{v}" for i, v in enumerate(values))
    return read_table(io.BytesIO(text.encode()), "data.csv")


def test_australian_postcodes_are_kept_as_codes() -> None:
    table = _table("postcode", [str(2000 + i) for i in range(50)])  # ground truth: all filled
    column = ColumnSpec("postcode", Role.POSTCODE, (("postcode",),))

    assert emptied_share(table, column, 0, ("postcode_format", "postcode_repair")) == 1.0
    guarded = guard_cleaning(column, [table])
    assert guarded.role is Role.POSTAL_CODE
    assert emptied_columns([guarded], [table]) == []


def test_nhs_numbers_failing_their_check_are_compared_as_codes() -> None:
    # ground truth: 10 of 40 numbers carry a typing error, so their check digit fails
    valid = ["9434765919", "4010232137", "9434765870", "9991234567"]
    values = [valid[i % 4] for i in range(30)] + [f"94347659{i:02d}" for i in range(10)]
    table = _table("nhs", values)
    column = ColumnSpec("nhs_number", Role.NHS_NUMBER, (("nhs",),))

    guarded = guard_cleaning(column, [table])

    assert guarded.role is Role.OTHER_ID
    assert emptied_columns([guarded], [table]) == []


def test_placeholders_do_not_count_as_emptied() -> None:
    values = ["01/02/1980"] * 40 + ["01/01/1900", "UNKNOWN", "N/A"] * 5
    table = _table("dob", values)
    column = ColumnSpec("date_of_birth", Role.DATE_OF_BIRTH, (("dob",),))

    assert emptied_share(table, column, 0, ("parse_dates", "placeholder_dates")) == 0.0
    assert guard_cleaning(column, [table]) == column  # nothing to guard against


def test_dates_that_cannot_be_read_keep_their_values_and_the_page_says_why() -> None:
    values = ["1980-02-01"] * 10 + [f"the {i}th of spring" for i in range(30)]
    table = _table("event", values)
    column = ColumnSpec("event", Role.OTHER_DATE, (("event",),))

    guarded = guard_cleaning(column, [table])

    assert guarded.cleaning is not None and "parse_dates" not in guarded.cleaning
    notes = cleaning_notes(guarded, [table])
    assert len(notes) == 1 and "'Read dates day first' is off" in notes[0]
    assert "75%" in notes[0]  # ground truth: 30 of 40 filled values cannot be read


def test_a_column_the_officer_set_to_empty_itself_is_reported() -> None:
    table = _table("postcode", [str(2000 + i) for i in range(50)])
    forced = ColumnSpec("postcode", Role.POSTCODE, (("postcode",),))  # the usual UK cleaning

    found = emptied_columns([forced], [table])

    assert found == [(forced, 1.0)] and found[0][1] > MAX_EMPTIED
