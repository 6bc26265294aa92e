"""UK-aware standardisation of column values, one role at a time.

Every cleaner takes ``str | None`` and returns an upper-case (lower-case for email) string or
None; blanks, placeholders and invalid values become None. Cleaners never raise and are
idempotent. `clean_series` applies a role's cleaner to a Polars column, once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from matching.cleaning_dates import is_placeholder_date, is_sentinel_date, parse_date
from matching.cleaning_ids import (
    clean_code,
    clean_company_number,
    clean_email,
    clean_nhs_number,
    clean_ni_number,
    clean_phone,
    clean_record_id,
    clean_sex,
    clean_uprn,
)
from matching.cleaning_names import (
    canonical_forename,
    clean_name,
    extract_alias,
    is_placeholder_name,
    phonetic_key,
    split_full_name,
)
from matching.cleaning_postcodes import (
    PostcodeParts,
    clean_postcode,
    is_no_fixed_abode,
    postcode_outward,
    postcode_parts,
)
from matching.cleaning_text import clean_text, is_blank, words
from matching.role_registry import ROLES
from matching.roles import Role

__all__ = [
    "CLEANERS",
    "CleaningSummary",
    "PostcodeParts",
    "canonical_forename",
    "clean_code",
    "clean_company_number",
    "clean_email",
    "clean_name",
    "clean_nhs_number",
    "clean_ni_number",
    "clean_phone",
    "clean_postcode",
    "clean_record_id",
    "clean_series",
    "clean_sex",
    "clean_text",
    "clean_uprn",
    "extract_alias",
    "is_no_fixed_abode",
    "is_placeholder_date",
    "is_placeholder_name",
    "is_placeholder_value",
    "parse_date",
    "phonetic_key",
    "postcode_outward",
    "postcode_parts",
    "split_full_name",
    "summarise_cleaning",
]

Cleaner = Callable[[str | None], str | None]
MAX_EXAMPLES = 5
_PLACEHOLDER_DIGITS_MIN = 6


#: Each role's usual cleaner for one value (from the role registry).
CLEANERS: dict[Role, Cleaner] = {role: info.cleaner for role, info in ROLES.items()}


def apply_unique(series: pl.Series, clean: Cleaner) -> pl.Series:
    """Apply ``clean`` once per distinct value of ``series``; same length, order and name, Utf8."""
    text = series.cast(pl.Utf8, strict=False)
    distinct = text.drop_nulls().unique().to_list()
    cleaned = [clean(value) for value in distinct]
    return text.replace_strict(
        pl.Series(distinct, dtype=pl.Utf8),
        pl.Series(cleaned, dtype=pl.Utf8),
        default=None,
        return_dtype=pl.Utf8,
    ).alias(series.name)


def clean_series(series: pl.Series, role: Role) -> pl.Series:
    """The column cleaned with ``CLEANERS[role]``: a Utf8 series with the same length and name.

    Non-text columns are cast to text first (a float UPRN ``10008239651.0`` is handled).
    """
    return apply_unique(series, CLEANERS[role])


@dataclass(frozen=True)
class CleaningSummary:
    """What cleaning did to one column, counted over rows.

    ``changed``: rows whose value was rewritten to a different non-null value. ``nulled``: rows
    that had a non-blank value and now have None. ``examples``: up to 5 distinct
    ``(before, after)`` pairs, most frequent first. ``rows``: how many rows were looked at.
    ``aliases``: rows with a "known as" name, for name columns.
    """

    role: Role
    changed: int
    nulled: int
    examples: tuple[tuple[str, str | None], ...]
    rows: int = 0
    aliases: int = 0


def summarise_cleaning(before: pl.Series, after: pl.Series, role: Role) -> CleaningSummary:
    """Count the rows `clean_series` changed or nulled, with a few examples."""
    frame = pl.DataFrame(
        {"before": before.cast(pl.Utf8, strict=False), "after": after.cast(pl.Utf8, strict=False)}
    )
    had_value = pl.col("before").is_not_null() & (pl.col("before").str.strip_chars() != "")
    nulled = had_value & pl.col("after").is_null()
    changed = had_value & pl.col("after").is_not_null() & (pl.col("after") != pl.col("before"))
    affected = frame.filter(nulled | changed)
    examples = (
        affected.group_by("before", "after")
        .len()
        .sort(["len", "before"], descending=[True, False])
        .head(MAX_EXAMPLES)
    )
    return CleaningSummary(
        role=role,
        changed=frame.select(changed.sum()).item(),
        nulled=frame.select(nulled.sum()).item(),
        examples=tuple(zip(examples["before"], examples["after"], strict=True)),
        rows=frame.height,
    )


def is_placeholder_value(value: str | None) -> bool:
    """True for a non-blank value that stands for "unknown" in any column.

    Covers text placeholders (UNKNOWN, N/A, ``-``, ``?``, TBC), placeholder names (BABY BOY,
    TWIN 1), sentinel dates (01/01/1900, 9999-12-31), pseudo postcodes (ZZ99 3VZ) and one digit
    repeated 6+ times (``00000000000``). None and blank strings give False: they are missing.
    """
    if is_blank(value):
        return False
    text = str(value)
    if clean_text(text) is None or is_placeholder_name(text):
        return True
    if is_sentinel_date(text) or is_no_fixed_abode(text):
        return True
    digits = words(text).replace(" ", "")
    return digits.isdigit() and len(digits) >= _PLACEHOLDER_DIGITS_MIN and len(set(digits)) == 1
