"""The governance pack says what cleaning was actually done, not what is usually done."""

from __future__ import annotations

from matching.config import ColumnSpec
from matching.report import cleaning_done
from matching.roles import Role


def _surname(**changes: object) -> ColumnSpec:
    return ColumnSpec("surname", Role.SURNAME, (("surname",),), **changes)  # type: ignore[arg-type]


def test_the_usual_steps_are_named_as_such() -> None:
    text = cleaning_done(_surname())
    assert text.endswith("(the usual steps)")
    assert "Capitals" in text


def test_steps_the_officer_turned_off_are_not_claimed() -> None:
    text = cleaning_done(_surname(cleaning=("case",)))
    assert text == "Capitals (steps chosen by the officer)"


def test_cleaning_turned_off_says_so() -> None:
    assert cleaning_done(_surname(clean=False)) == (
        "none: cleaning was turned off (values used as loaded)")
    assert cleaning_done(_surname(cleaning=())) == "none: every cleaning step was turned off"
