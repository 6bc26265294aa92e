"""Safe internal column names for uploaded headers of any shape."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from matching.cleaning_text import LETTERS_WITHOUT_MARKS

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_NAME_LENGTH = 60

# SQL keywords (DuckDB's reserved words and a few common ones) and the columns Splink adds
# itself. A header that cleans to one of these gets a "_col" suffix.
_RESERVED_WORDS = """
    all analyse analyze and any array as asc asymmetric both by case cast check collate column
    constraint create cross current_catalog current_date current_role current_time
    current_timestamp current_user default deferrable delete desc describe distinct do drop
    else end except exists false fetch for foreign from full grant group having in initially
    inner insert intersect into is join key lateral leading left like limit localtime
    localtimestamp natural not null offset on only or order outer pivot placing primary
    qualify references returning right select session_user show some summarize symmetric table
    then to trailing true union unique unpivot update user using value values variadic when
    where window with
    unique_id source_dataset match_key match_weight match_probability cluster_id
"""
RESERVED_NAMES = frozenset(_RESERVED_WORDS.split())

_LETTERS = str.maketrans({**LETTERS_WITHOUT_MARKS, "&": " and "})
_QUOTES = re.compile(r"['\"`´‘’“”]")
_CAMEL_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")
_VALID = re.compile(r"[a-z_][a-z0-9_]*")


def safe_column_names(headers: Sequence[str | None]) -> list[str]:
    """Map headers to unique lower snake_case ASCII names that are safe in SQL.

    Accents are stripped ("Prénom" → "prenom"), spaces and punctuation become "_"
    ("Date of Birth" → "date_of_birth"), a blank header becomes "column_<position>" (1-based),
    a leading digit gets a "c_" prefix, SQL reserved words and Splink's own column names get a
    "_col" suffix ("Order" → "order_col"), names are cut to 60 characters, and repeats get
    "_2", "_3", ...

    Args:
        headers: The headers in column order; ``None`` counts as blank.

    Returns:
        One name per header, in the same order, each matching ``[a-z_][a-z0-9_]*``.
    """
    names: list[str] = []
    used: set[str] = set()
    for position, header in enumerate(headers, start=1):
        base = _base_name(header) or f"column_{position}"
        name, copy = base, 1
        while name in used:
            copy += 1
            suffix = f"_{copy}"
            name = base[: MAX_NAME_LENGTH - len(suffix)].rstrip("_") + suffix
        used.add(name)
        names.append(name)
    return names


def is_safe_name(name: str) -> bool:
    """Whether ``name`` is a valid internal column name (pattern, length and not reserved)."""
    return (
        _VALID.fullmatch(name) is not None
        and len(name) <= MAX_NAME_LENGTH
        and name not in RESERVED_NAMES
    )


def _base_name(header: str | None) -> str:
    """The cleaned name for one header, or "" when nothing usable is left."""
    if header is None:
        return ""
    text = _QUOTES.sub("", header.translate(_LETTERS))
    text = _CAMEL_ACRONYM.sub(r"\1_\2", _CAMEL_LOWER_UPPER.sub(r"\1_\2", text))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _NOT_ALLOWED.sub("_", ascii_text.lower()).strip("_")
    if not name:
        return ""
    if name[0].isdigit():
        name = f"c_{name}"
    if name in RESERVED_NAMES:
        name = f"{name}_col"
    if len(name) > MAX_NAME_LENGTH:
        name = name[:MAX_NAME_LENGTH].rstrip("_")
    return name
