"""Cleaning as named steps per column: defaults equal the role cleaners, each step can be turned
off on its own, "known as" names get a column of their own, and full names split into parts."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.addresses import standardise_address
from matching.cleaning import CLEANERS
from matching.cleaning_steps import (
    ALIAS_STEP,
    STEPS_BY_ROLE,
    alias_values,
    cleaner_for,
    column_steps,
    default_steps,
    keeps_alias,
)
from matching.comparisons import ALIAS_SUFFIX, comparison_levels
from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    ComparisonKind,
    ComparisonSpec,
    DatasetSpec,
    MatchConfig,
    Transform,
)
from matching.errors import ConfigError
from matching.loading import LoadedTable, read_table
from matching.prepare import cleaning_summary, prepare_table, prepared_column_names
from matching.roles import Role
from matching.settings import comparison_context
from matching.suggest import split_name_column

NAME_VALUES = [
    "Mr Robert O'Brien (known as Bob)", "  zoë   SMITH-JONES ", "Dr. Ann Mc Donald", "BABY BOY",
    "Mary Jones aka Mary Brown", "Rev Fr. Seán Ó Briain", "UNKNOWN", "", "née Patel", "-",
]
OTHER_VALUES = [
    "03/04/1984", "01/01/1900", "e1o 6an", "sw1a1aa", "ZZ99 3VZ", "12 Kingsland Rd", "N/A",
    "943 476 5919", "+44 (0)20 7946 0123", " Ann.Lee@Example.COM ", "male", "10008239651.0",
]


def _all_on(role: Role) -> tuple[str, ...]:
    return tuple(s.key for s in STEPS_BY_ROLE[role] if s.key != ALIAS_STEP)


@pytest.mark.parametrize("role", list(Role))
def test_default_steps_clean_exactly_as_the_role_cleaner(role: Role) -> None:
    usual = standardise_address if role is Role.ADDRESS else CLEANERS[role]
    clean = cleaner_for(role, default_steps(role))
    for value in NAME_VALUES + OTHER_VALUES:
        assert clean(value) == usual(value), value


@pytest.mark.parametrize(
    ("off", "value", "expected"),
    [
        ("known_as", "Robert (Bob) Smith", "ROBERT BOB SMITH"),
        ("titles", "Mr John Smith", "MR JOHN SMITH"),
        ("accents", "Zoë Smith", "ZOË SMITH"),
        ("case", "Zoë Smith", "Zoe Smith"),
        ("punctuation", "O'Brien Smith-Jones", "O'BRIEN SMITH-JONES"),
        ("prefixes", "Ann Mc Donald", "ANN MC DONALD"),
        ("placeholders", "Baby Boy", "BABY BOY"),
    ],
)
def test_each_name_step_can_be_turned_off(off: str, value: str, expected: str) -> None:
    steps = [s for s in default_steps(Role.SURNAME) if s != off]
    assert cleaner_for(Role.SURNAME, default_steps(Role.SURNAME))(value) != expected
    assert cleaner_for(Role.SURNAME, steps)(value) == expected


def test_steps_of_other_roles() -> None:
    dob = cleaner_for(Role.DATE_OF_BIRTH, ["parse_dates"])
    assert dob("01/01/1900") == "1900-01-01"  # placeholders kept when that step is off
    assert cleaner_for(Role.DATE_OF_BIRTH, ["placeholder_dates"])("01/01/1900") is None
    assert cleaner_for(Role.DATE_OF_BIRTH, ["placeholder_dates"])("3/4/84") == "3/4/84"
    assert cleaner_for(Role.POSTCODE, ["postcode_format"])("E1O 6AN") is None
    assert cleaner_for(Role.POSTCODE, ["postcode_format", "postcode_repair"])("e1o6an") == "E10 6AN"
    address = [s for s in default_steps(Role.ADDRESS) if s != "abbreviations"]
    assert cleaner_for(Role.ADDRESS, address)("12 Kingsland Rd.") == "12 KINGSLAND RD"
    assert cleaner_for(Role.ADDRESS, ["case", "abbreviations"])("12 Kingsland rd") == (
        "12 KINGSLAND ROAD"
    )
    assert cleaner_for(Role.OTHER, ["case"])(" n/a ") == " N/A "


@pytest.mark.parametrize("role", list(Role))
def test_no_steps_leave_values_as_they_are(role: Role) -> None:
    for value in NAME_VALUES + OTHER_VALUES:
        assert cleaner_for(role, [])(value) == value


def test_column_steps_follow_the_role_order_and_the_clean_flag() -> None:
    column = ColumnSpec("surname", Role.SURNAME, (("s",),))
    assert column_steps(column) == default_steps(Role.SURNAME)
    chosen = ColumnSpec("surname", Role.SURNAME, (("s",),), cleaning=("case", "titles", "bogus"))
    assert column_steps(chosen) == ("titles", "case")
    assert column_steps(ColumnSpec("surname", Role.SURNAME, (("s",),), clean=False)) == ()
    assert not keeps_alias(column)
    assert keeps_alias(ColumnSpec("f", Role.FIRST_NAME, (("f",),), cleaning=(ALIAS_STEP,)))
    assert not keeps_alias(ColumnSpec("p", Role.POSTCODE, (("p",),), cleaning=(ALIAS_STEP,)))


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=40), role=st.sampled_from(list(Role)), data=st.data())
def test_any_choice_of_steps_never_crashes_and_is_idempotent(
    value: str, role: Role, data: st.DataObject
) -> None:
    keys = [s.key for s in STEPS_BY_ROLE[role]]
    steps = data.draw(st.sets(st.sampled_from(keys)))
    clean = cleaner_for(role, steps)
    once = clean(value)
    assert once is None or isinstance(once, str)
    if once is not None and role is not Role.DATE_OF_BIRTH:
        assert clean(once) == once


# --- "known as" names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "value", "alias"),
    [
        (Role.FIRST_NAME, "Robert (Bob)", "ROBERT"),  # BOB, canonicalised like first names
        (Role.FIRST_NAME, "Mohammed known as Mo", "MO"),
        (Role.FIRST_NAME, "Elizabeth (known as Liz)", "ELIZABETH"),
        (Role.FULL_NAME, "Mary Jones aka Mary Brown", "MARY BROWN"),
        (Role.FULL_NAME, "Robert (Bob) Smith", "BOB"),
        (Role.SURNAME, "Jones nee Patel", "PATEL"),
        (Role.FULL_NAME, "John Smith", None),
        (Role.FULL_NAME, None, None),
    ],
)
def test_alias_values(role: Role, value: str | None, alias: str | None) -> None:
    assert alias_values(role, default_steps(role))(value) == alias


def _table(data: bytes, name: str = "people.csv") -> LoadedTable:
    return read_table(io.BytesIO(data), name)


PEOPLE = b"""ID,Name,Forename
1,"SMITH, John",Robert (Bob)
2,Mr John Paul Smith,Mohammed known as Mo
3,Mary Jones aka Mary Brown,Ann
"""


def _dedupe(columns: tuple[ColumnSpec, ...], **changes: object) -> MatchConfig:
    return MatchConfig(link_type="dedupe_only", datasets=(DatasetSpec("people", "people.csv", "id"),),
                       columns=columns, **changes)  # type: ignore[arg-type]


def test_alias_column_is_prepared_and_compared() -> None:
    forename = ColumnSpec("first_name", Role.FIRST_NAME, (("forename",),),
                          cleaning=(*default_steps(Role.FIRST_NAME), ALIAS_STEP))
    config = _dedupe((forename,), comparisons=(ComparisonSpec("first_name", ComparisonKind.NAME),))
    frame = prepare_table(_table(PEOPLE), config.datasets[0], config, 0)

    assert frame.columns == prepared_column_names(config)
    assert frame["first_name"].to_list() == ["ROBERT", "MOHAMMED", "ANN"]
    assert frame["first_name" + ALIAS_SUFFIX].to_list() == ["ROBERT", "MO", None]
    levels = comparison_levels(config.comparisons[0], comparison_context(config))
    alias_level = next(level for level in levels if "known as" in level.description)
    sql = alias_level.creator.get_comparison_level("duckdb").sql_condition
    assert '"first_name_alias_l" = "first_name_canonical_r"' in sql

    plain = _dedupe((ColumnSpec("first_name", Role.FIRST_NAME, (("forename",),)),))
    assert "first_name" + ALIAS_SUFFIX not in prepared_column_names(plain)


# --- full names split into parts -------------------------------------------------------------


def test_full_name_parts_are_prepared_from_one_column() -> None:
    first = ColumnSpec("first_name", Role.FIRST_NAME, (("name",),), name_parts=("first",))
    surname = ColumnSpec("surname", Role.SURNAME, (("name",),), name_parts=("surname",))
    config = _dedupe((first, surname))
    frame = prepare_table(_table(PEOPLE), config.datasets[0], config, 0)

    assert frame["first_name"].to_list() == ["JOHN", "JOHN", "MARY"]
    assert frame["surname"].to_list() == ["SMITH", "SMITH", "JONES"]
    summary = cleaning_summary(_table(PEOPLE), first, 0)
    assert ("SMITH, John", "JOHN") in summary.examples


def test_split_name_column_for_two_files() -> None:
    parts = _table(b"ref,first_name,middle,last_name,d\nA1,Ann,Marie,Lee,1/2/80\n", "parts.csv")
    whole = _table(b"ID,Full Name,d\nB1,LEE Ann,1/2/80\n", "whole.csv")
    full = ColumnSpec("full_name", Role.FULL_NAME,
                      (("first_name", "middle", "last_name"), ("full_name",)))
    dob = ColumnSpec("date_of_birth", Role.DATE_OF_BIRTH, (("d",), ("d",)))
    config = MatchConfig(
        link_type="link_only",
        datasets=(DatasetSpec("parts", "parts.csv", "ref"), DatasetSpec("whole", "whole.csv", "id")),
        columns=(full, dob),
        blocking=(BlockingRuleSpec((BlockingKey("full_name"),)),
                  BlockingRuleSpec((BlockingKey("full_name", Transform.PHONETIC),
                                    BlockingKey("date_of_birth")))),
        comparisons=(ComparisonSpec("full_name", ComparisonKind.NAME, True),
                     ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH)),
    )

    split = split_name_column(config, "full_name", [parts, whole])

    first, surname = split.column("first_name"), split.column("surname")
    assert [c.name for c in split.columns] == ["first_name", "surname", "date_of_birth"]
    assert first.sources == (("first_name",), ("full_name",))
    assert first.name_parts == (None, "first")
    assert surname.sources == (("last_name",), ("full_name",))
    assert surname.name_parts == (None, "surname")
    assert [r.keys for r in split.blocking] == [
        (BlockingKey("first_name"), BlockingKey("surname")),
        (BlockingKey("first_name", Transform.PHONETIC), BlockingKey("date_of_birth")),
    ]
    assert {c.column for c in split.comparisons} == {"first_name", "surname", "date_of_birth"}
    prepared = prepare_table(whole, split.datasets[1], split, 1)
    assert prepared.select("first_name", "surname").row(0) == ("ANN", "LEE")

    with pytest.raises(ConfigError, match="'date_of_birth' is not a full-name column"):
        split_name_column(config, "date_of_birth", [parts, whole])


def test_summary_counts_follow_the_chosen_steps() -> None:
    table = _table(b"ID,Name\n1,Mr Ann Lee\n2,ANN LEE\n3,Unknown\n")
    column = ColumnSpec("full_name", Role.FULL_NAME, (("name",),))
    everything = cleaning_summary(table, column, 0)
    assert (everything.changed, everything.nulled) == (1, 1)
    only_case = cleaning_summary(table, ColumnSpec("full_name", Role.FULL_NAME, (("name",),),
                                                   cleaning=("case",)), 0)
    assert (only_case.changed, only_case.nulled) == (2, 0)
