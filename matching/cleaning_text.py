"""Shared text folding for the cleaners: accents, case, punctuation and placeholder values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: Values that mean "no value" in council extracts, after `clean_text` folding.
PLACEHOLDER_TEXT: frozenset[str] = frozenset(
    {
        "UNKNOWN", "UNK", "UNKN", "N A", "NA", "N K", "NK", "NULL", "NONE", "NIL", "NAN",
        "NOT KNOWN", "NOT STATED", "NOT GIVEN", "NOT PROVIDED", "NOT APPLICABLE", "NOT RECORDED",
        "NOT AVAILABLE", "NO DATA", "TBC", "TBA", "TO BE CONFIRMED", "TO BE ADVISED", "X", "XX",
        "XXX", "XXXX", "REFUSED", "WITHHELD", "DECLINED", "BLANK", "EMPTY", "MISSING",
    }
)  # fmt: skip

_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[^\w ]+|_+")
_SPACES = re.compile(r"\s+")
_MAX_PASSES = 4


def fold(value: str) -> str:
    """NFKD-decompose, drop accents and upper-case, keeping punctuation."""
    if value.isascii():
        return value.upper()
    text = _strip_marks(value).upper()
    return _strip_marks(text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(value: str) -> str:
    """Fold, drop apostrophes, turn other punctuation into spaces, collapse spaces and trim."""
    text = fold(value).replace("&", " AND ")
    text = _APOSTROPHES.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def settled(clean: Callable[[str], str | None], value: str) -> str | None:
    """Apply ``clean`` until its output stops changing, so the public cleaners are idempotent."""
    current: str | None = clean(value)
    for _ in range(_MAX_PASSES):
        if current is None:
            return None
        again = clean(current)
        if again == current:
            return current
        current = again
    return current


def _clean_text_once(value: str) -> str | None:
    text = words(value)
    if not text or text in PLACEHOLDER_TEXT:
        return None
    return text


def clean_text(value: str | None) -> str | None:
    """Upper-case letters, digits and single spaces; accents dropped; placeholders become None.

    ``&`` becomes ``AND`` and apostrophes are removed (``ST JOHN'S`` → ``ST JOHNS``); other
    punctuation becomes a space. Letters outside A–Z (e.g. Arabic or Cyrillic script) are kept.

    Example: ``clean_text("  Flat 2, St. John's Rd ")`` → ``"FLAT 2 ST JOHNS RD"``.
    """
    if value is None:
        return None
    return settled(_clean_text_once, str(value))


def is_blank(value: str | None) -> bool:
    """True for None or a string of only whitespace."""
    return value is None or not str(value).strip()
