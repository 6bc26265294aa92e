"""Cleaning as a choice of named steps per column, each with a plain-English label and example.

Every role has its steps (`STEPS_BY_ROLE`) and a default choice (`default_steps`) that is exactly
the role's cleaner in `matching.cleaning.CLEANERS` (plus address abbreviations), so a project
that never chose steps cleans as before. `cleaner_for` turns a choice into one value cleaner;
`column_steps` reads a column's choice from the project configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import cache

import polars as pl

from matching.addresses import expand_abbreviations, standardise_address
from matching.cleaning import (
    CLEANERS,
    Cleaner,
    canonical_forename,
    clean_text,
    extract_alias,
)
from matching.cleaning_dates import is_placeholder_date, parse_date
from matching.cleaning_fast import fast_path, map_distinct
from matching.cleaning_names import ALL_NAME_OPTIONS, NameOptions, clean_name
from matching.cleaning_postcodes import clean_postcode
from matching.cleaning_text import is_placeholder_text, settled, standardise_text
from matching.config import ColumnSpec
from matching.roles import Role

NAME_ROLES = frozenset({Role.FIRST_NAME, Role.MIDDLE_NAMES, Role.SURNAME, Role.FULL_NAME})
TEXT_ROLES = frozenset({Role.ADDRESS, Role.COMPANY_NAME, Role.OTHER})
#: The step that keeps "known as" names in a column of their own (``<column>_alias``).
ALIAS_STEP = "alias_column"
ALIAS_ROLES = frozenset({Role.FIRST_NAME, Role.SURNAME, Role.FULL_NAME})


@dataclass(frozen=True)
class CleaningStep:
    """One standardisation an officer can turn on or off, with an example of what it does."""

    key: str
    label: str
    example: str
    default: bool = True


_ACCENTS = CleaningStep("accents", "Remove accents", "Zoë → ZOE")
_CASE = CleaningStep("case", "Capitals", "smith → SMITH")
_SPACES = CleaningStep("spaces", "Trim and single spaces", "'  Ann   Lee ' → 'Ann Lee'")
TEXT_STEPS: tuple[CleaningStep, ...] = (
    _ACCENTS,
    _CASE,
    CleaningStep("punctuation", "Remove punctuation", "St. John's, & → ST JOHNS AND"),
    _SPACES,
    CleaningStep("placeholders", "Placeholders to missing", "UNKNOWN, N/A, - → missing"),
)
NAME_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("known_as", "Remove 'known as' text", "Robert (Bob) Smith → ROBERT SMITH"),
    CleaningStep("titles", "Remove titles", "Mr John Smith, Dr Ann Lee → JOHN SMITH, ANN LEE"),
    _ACCENTS,
    _CASE,
    CleaningStep("punctuation", "Remove hyphens and apostrophes",
                 "O'Brien → OBRIEN, Smith-Jones → SMITH JONES"),
    _SPACES,
    CleaningStep("prefixes", "Join surname prefixes", "Mc Donald → MCDONALD, O Neill → ONEILL"),
    CleaningStep("placeholders", "Placeholder names to missing",
                 "BABY BOY, TWIN 1, UNKNOWN → missing"),
)
ALIAS_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep(ALIAS_STEP, "'Known as' names in their own column",
                 "Robert (Bob) → alias BOB, compared with the other file's names",
                 default=False),
)
STEPS_BY_ROLE: dict[Role, tuple[CleaningStep, ...]] = {
    Role.FIRST_NAME: NAME_STEPS + ALIAS_STEPS,
    Role.MIDDLE_NAMES: NAME_STEPS,
    Role.SURNAME: NAME_STEPS + ALIAS_STEPS,
    Role.FULL_NAME: NAME_STEPS + ALIAS_STEPS,
    Role.DATE_OF_BIRTH: (
        CleaningStep("parse_dates", "Read dates day first",
                     "03/04/1984, 3 Apr 84, 30775 (Excel) → 1984-04-03"),
        CleaningStep("placeholder_dates", "Placeholder dates to missing",
                     "01/01/1900, 9999-12-31, future dates → missing"),
    ),
    Role.SEX: (CleaningStep("sex_codes", "M and F codes", "Male, man, Female → M, M, F"),),
    Role.ADDRESS: (
        *TEXT_STEPS,
        CleaningStep("abbreviations", "Expand abbreviations", "12 Kingsland Rd → 12 KINGSLAND ROAD"),
    ),
    Role.POSTCODE: (
        CleaningStep("postcode_format", "Format and check postcodes",
                     "sw1a1aa → SW1A 1AA; ZZ99 3VZ, E8, invalid → missing"),
        CleaningStep("postcode_repair", "Fix letter and digit slips", "E1O 6AN → E10 6AN"),
    ),
    Role.UPRN: (CleaningStep("uprn_digits", "Digits only", "10008239651.0 → 10008239651"),),
    Role.EMAIL: (CleaningStep("email_tidy", "Lower case, no spaces",
                              " Ann.Lee@Example.COM → ann.lee@example.com"),),
    Role.PHONE: (CleaningStep("phone_uk", "UK phone numbers", "+44 (0)20 7946 0123 → 02079460123"),),
    Role.NHS_NUMBER: (CleaningStep("nhs_check", "Check NHS numbers (mod 11)",
                                   "943 476 5919 → 9434765919; a wrong check digit → missing"),),
    Role.NI_NUMBER: (CleaningStep("ni_check", "Check NI numbers", "jg 12 34 56 c → JG123456"),),
    Role.COMPANY_NAME: TEXT_STEPS,
    Role.COMPANY_NUMBER: (CleaningStep("company_number", "Pad to 8 characters",
                                       "123456, sc 1234 → 00123456, SC001234"),),
    Role.RECORD_ID: (CleaningStep("trim", "Trim spaces", "' 00123 ' → '00123'"),),
    Role.OTHER: TEXT_STEPS,
}


def steps_for(role: Role) -> tuple[CleaningStep, ...]:
    """The steps an officer can choose from for a column with this role, in the order applied."""
    return STEPS_BY_ROLE[role]


def default_steps(role: Role) -> tuple[str, ...]:
    """The steps used unless the officer chooses otherwise: the role's usual cleaning."""
    return tuple(step.key for step in STEPS_BY_ROLE[role] if step.default)


def column_steps(column: ColumnSpec) -> tuple[str, ...]:
    """The steps chosen for ``column``, in the order applied (none when cleaning is off)."""
    if not column.clean:
        return ()
    if column.cleaning is None:
        return default_steps(column.role)
    chosen = set(column.cleaning)
    return tuple(step.key for step in STEPS_BY_ROLE[column.role] if step.key in chosen)


def keeps_alias(column: ColumnSpec) -> bool:
    """True when ``column`` keeps "known as" names in a column of their own."""
    return column.role in ALIAS_ROLES and ALIAS_STEP in column_steps(column)


def cleaner_for(role: Role, steps: Iterable[str]) -> Cleaner:
    """One value cleaner doing the chosen steps of ``role`` (unknown steps are ignored)."""
    known = {step.key for step in STEPS_BY_ROLE[role]}
    return _cleaner(role, frozenset(steps) & known - {ALIAS_STEP})


def _identity(value: str | None) -> str | None:
    return value


@cache
def _cleaner(role: Role, steps: frozenset[str]) -> Cleaner:
    if not steps:
        return _identity
    if role in NAME_ROLES:
        return _name_cleaner(steps)
    if role in TEXT_ROLES:
        return _text_cleaner(role, steps)
    if role is Role.DATE_OF_BIRTH:
        return _date_cleaner(steps)
    if role is Role.POSTCODE:
        return _postcode_cleaner(steps)
    return CLEANERS[role]  # roles with one step


def _options(steps: frozenset[str]) -> dict[str, bool]:
    return {f.name: f.name in steps for f in fields(NameOptions)}


def _name_cleaner(steps: frozenset[str]) -> Cleaner:
    options = NameOptions(**_options(steps))
    if options == ALL_NAME_OPTIONS:
        return clean_name  # the default, which has a fast form
    return lambda value: clean_name(value, options)


def _text_cleaner(role: Role, steps: frozenset[str]) -> Cleaner:
    text_steps = steps - {"abbreviations"}
    if text_steps == {step.key for step in TEXT_STEPS}:
        tidy: Cleaner = clean_text
    else:
        tidy = _tidy_text(text_steps)
    if "abbreviations" not in steps:
        return tidy
    if tidy is clean_text:
        return standardise_address

    def expanded(value: str | None) -> str | None:
        text = tidy(value)
        return None if text is None else expand_abbreviations(text)

    return expanded


def _tidy_text(steps: frozenset[str]) -> Cleaner:
    options = {k: k in steps for k in ("accents", "case", "punctuation", "spaces")}
    placeholders = "placeholders" in steps

    def once(text: str) -> str | None:
        if placeholders and is_placeholder_text(text):
            return None
        return standardise_text(text, **options) or None

    return lambda value: None if value is None else settled(once, str(value))


def _date_cleaner(steps: frozenset[str]) -> Cleaner:
    drop = "placeholder_dates" in steps
    if "parse_dates" in steps:
        return parse_date if drop else lambda value: parse_date(value, drop_placeholders=False)
    return lambda value: None if value is None or is_placeholder_date(value) else value


def _postcode_cleaner(steps: frozenset[str]) -> Cleaner:
    if "postcode_format" not in steps:
        return _identity
    if "postcode_repair" in steps:
        return clean_postcode
    return lambda value: clean_postcode(value, repair=False)


def clean_column(series: pl.Series, role: Role, steps: Iterable[str]) -> pl.Series:
    """The column cleaned with the chosen steps: Utf8, same length, order and name.

    Each distinct value is cleaned once; the default steps of most roles run as Polars
    expressions for the common values (see `matching.cleaning_fast`), with identical results."""
    clean = cleaner_for(role, steps)
    return map_distinct(series, clean, fast_path(clean))


def alias_values(role: Role, steps: Iterable[str]) -> Callable[[str | None], str | None]:
    """For a raw name, its "known as" name cleaned like the column (a first name canonicalised,
    so "Robert (Bob)" gives ROBERT's nickname key), or None when it has none."""
    clean = cleaner_for(role, steps)

    def alias(value: str | None) -> str | None:
        found = extract_alias(value)
        if found is None:
            return None
        cleaned = clean(found)
        return canonical_forename(cleaned) if role is Role.FIRST_NAME else cleaned

    return alias
