"""Cleaning as a choice of named steps per column, each with a plain-English label and example.

Every role has its steps (from `matching.role_registry`) and a default choice (`default_steps`)
that is exactly the role's cleaner in `matching.cleaning.CLEANERS` (plus address abbreviations),
so a project that never chose steps cleans as before. `cleaner_for` turns a choice into one
value cleaner; `column_steps` reads a column's choice from the project configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
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
from matching.cleaning_options import (
    ALIAS_STEP,
    ALIAS_STEPS,
    DATE_STEPS,
    NAME_STEPS,
    OTHER_DATE_STEPS,
    TEXT_STEPS,
    CleaningStep,
)
from matching.cleaning_postcodes import clean_postcode
from matching.cleaning_text import is_placeholder_text, settled, standardise_text
from matching.company_names import clean_company_name, standard_company_name
from matching.config import ColumnSpec
from matching.role_registry import ROLES
from matching.roles import Role

__all__ = [
    "ALIAS_ROLES",
    "ALIAS_STEP",
    "STEPS_BY_ROLE",
    "CleaningStep",
    "alias_values",
    "clean_column",
    "cleaner_for",
    "column_steps",
    "default_steps",
    "keeps_alias",
    "steps_for",
]

#: Roles cleaned as names, as free text, and as dates.
NAME_ROLES = frozenset(r for r, info in ROLES.items() if info.cleaning[:len(NAME_STEPS)] == NAME_STEPS)
TEXT_ROLES = frozenset(r for r, info in ROLES.items()
                       if info.cleaning[:len(TEXT_STEPS)] == TEXT_STEPS)
DATE_ROLES = frozenset(r for r, info in ROLES.items()
                       if info.cleaning in (DATE_STEPS, OTHER_DATE_STEPS))
ALIAS_ROLES = frozenset(r for r, info in ROLES.items() if ALIAS_STEPS[0] in info.cleaning)
#: The steps each role offers, in the order applied (from the role registry).
STEPS_BY_ROLE: dict[Role, tuple[CleaningStep, ...]] = {r: i.cleaning for r, i in ROLES.items()}


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
    if role in DATE_ROLES:
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
    text_steps = steps - {"abbreviations", "company_forms"}
    if text_steps == {step.key for step in TEXT_STEPS}:
        tidy: Cleaner = clean_text
    else:
        tidy = _tidy_text(text_steps)
    if "company_forms" in steps:
        return clean_company_name if tidy is clean_text else _company_cleaner(tidy)
    if "abbreviations" not in steps:
        return tidy
    if tidy is clean_text:
        return standardise_address

    def expanded(value: str | None) -> str | None:
        text = tidy(value)
        return None if text is None else expand_abbreviations(text)

    return expanded


def _company_cleaner(tidy: Cleaner) -> Cleaner:
    def company(value: str | None) -> str | None:
        text = tidy(value)
        return None if text is None else (standard_company_name(text) or None)

    return company


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
    month_first = "month_first" in steps
    if "parse_dates" in steps or month_first:
        if drop and not month_first:
            return parse_date  # the default, which has a fast form
        return lambda value: parse_date(value, drop_placeholders=drop, month_first=month_first)
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
