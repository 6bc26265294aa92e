"""Mask personal values for demonstrations and screen-sharing: "John Smith" → "J*** S****".

Masking is for what is shown on a screen, not anonymisation: lengths and first letters stay so
that officers can still follow a walk-through. The shape of a value decides how it is masked:

* dates keep only the year: "23/08/1984" → "**/**/1984", "1984-08-23" → "1984-**-**";
* UK postcodes keep only the outward code: "E1 6AN" → "E1 ***";
* email addresses keep the first letter: "jo.smith@x.gov.uk" → "j*******@*.***.**";
* anything else keeps the first character of each word: "12 High St" → "1* H*** S*".
"""

from __future__ import annotations

import re
from collections.abc import Collection

import polars as pl

MASK = "*"
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")
_POSTCODE = re.compile(r"^\s*([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\s*$")
_EMAIL = re.compile(r"^\s*([^@\s])[^@\s]*@(\S+)\s*$")
_WORD_CHAR = re.compile(r"\w")
_WORD = re.compile(r"\w[\w'’]*")  # O'Brien is one word

#: Columns the engine makes, which are not personal details (scores, labels, its own keys).
NOT_PERSONAL = frozenset({
    "source_dataset", "source_dataset_l", "source_dataset_r", "cluster_id", "cluster_size",
    "match_weight", "match_probability", "decision", "field", "column", "same", "level",
    "file 1", "file 2", "match weight", "match probability", "accepted", "step", "kind",
    "weight", "description", "unique_id", "unique_id_l", "unique_id_r", "record 1", "record 2",
    "source", "record ID",
})


def _stars(text: str) -> str:
    return _WORD_CHAR.sub(MASK, text)


def _mask_words(text: str) -> str:
    return _WORD.sub(lambda m: m.group(0)[0] + MASK * (len(m.group(0)) - 1), text)


def mask_value(value: str | None) -> str | None:
    """``value`` with its personal detail hidden (None and blank stay as they are)."""
    if value is None or not value.strip():
        return value
    if match := _DAY_FIRST.match(value):
        return f"{_stars(match[1])}{match[2]}{_stars(match[3])}{match[2]}{match[4]}"
    if match := _ISO.match(value):
        return f"{match[1]}-{_stars(match[2])}-{_stars(match[3])}"
    if match := _POSTCODE.match(value):
        return f"{match[1].upper()} {MASK * 3}"
    if match := _EMAIL.match(value):
        local = value.strip().split("@", 1)[0]
        return f"{match[1]}{MASK * (len(local) - 1)}@{_stars(match[2])}"
    return _mask_words(value)


def mask_frame(frame: pl.DataFrame, *, keep: Collection[str] = NOT_PERSONAL) -> pl.DataFrame:
    """``frame`` with every text value masked, except in ``keep`` columns and non-text columns."""
    masked = [
        pl.col(name).map_elements(mask_value, return_dtype=pl.String)
        for name, dtype in frame.schema.items()
        if name not in keep and dtype == pl.String
    ]
    return frame.with_columns(masked) if masked else frame
