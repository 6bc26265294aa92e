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

#: Letters that NFKD does not split into a base letter plus accents (Ł is not L + a mark).
LETTERS_WITHOUT_MARKS: dict[str, str] = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
}  # fmt: skip
_LETTERS = str.maketrans(LETTERS_WITHOUT_MARKS)
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
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(value: str) -> str:
    """Fold, drop apostrophes, turn other punctuation into spaces, collapse spaces and trim."""
    text = fold(value).replace("&", " AND ")
    text = _APOSTROPHES.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def standardise_text(value: str, *, accents: bool = True, case: bool = True,
                     punctuation: bool = True, spaces: bool = True) -> str:
    """The text with each chosen standardisation; all of them give `words`.

    ``accents``: drop accents (é → e); ``case``: capitals; ``punctuation``: ``&`` → AND,
    apostrophes dropped, other punctuation (hyphens too) → space; ``spaces``: trim and single
    spaces (always done with ``punctuation``).
    """
    if accents and case:
        text = fold(value)
    elif accents:
        text = _strip_marks(value)
    else:
        text = value.upper() if case else value
    if punctuation:
        text = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.replace("&", " AND ")))
    if punctuation or spaces:
        text = _SPACES.sub(" ", text).strip()
    return text


def is_placeholder_text(value: str) -> bool:
    """True for text that means "no value" (UNKNOWN, N/A, ``-``), in any case or punctuation."""
    text = words(value)
    return not text or text in PLACEHOLDER_TEXT


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
