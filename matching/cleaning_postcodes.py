"""UK postcodes: normalise to ``OUTWARD INWARD``, repair O/0 and I/1 slips, derive parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching.cleaning_text import clean_text, fold

#: Validation regex from uk-data.md §3 (upper case, single space).
POSTCODE_PATTERN = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2})$"
)
OUTWARD_PATTERN = re.compile(
    r"^(GIR|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY]))$"
)
#: Finds a postcode inside longer text such as an address line.
POSTCODE_IN_TEXT = re.compile(
    r"\b([A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?|GIR) ?([0-9][ABD-HJLNP-UW-Z]{2})\b"
)
PSEUDO_PREFIX = "ZZ99"
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_INWARD_FIRST = {"O": "0", "I": "1", "L": "1"}
_OUTWARD_FIRST = {"0": "O", "1": "I"}
#: O, I and L never follow a digit in an outward code, so there they must be 0 or 1 (E1O → E10).
_LETTER_AFTER_DIGIT = re.compile(r"(?<=[0-9])[OIL]")
_NO_FIXED_ABODE_TEXT = frozenset({"NFA", "NO FIXED ABODE", "NO FIXED ADDRESS", "NO FIXED AB"})


@dataclass(frozen=True)
class PostcodeParts:
    """Blocking keys of a full postcode: area ``SW``, district ``SW1A``, sector ``SW1A 1``."""

    area: str
    district: str
    sector: str


def _compact(value: str) -> str:
    return _NOT_ALNUM.sub("", fold(value))


def _repaired(compact: str, *, repair: bool = True) -> tuple[str, str] | None:
    """Split into (outward, inward) with positional O/0 and I/1 repairs, if 5–7 characters."""
    if not 5 <= len(compact) <= 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    if not repair:
        return outward, inward
    inward = _INWARD_FIRST.get(inward[0], inward[0]) + inward[1:]
    return _repaired_outward(outward), inward


def _repaired_outward(outward: str) -> str:
    outward = _OUTWARD_FIRST.get(outward[0], outward[0]) + outward[1:]
    return _LETTER_AFTER_DIGIT.sub(lambda m: _INWARD_FIRST[m.group(0)], outward)


def clean_postcode(value: str | None, *, repair: bool = True) -> str | None:
    """A valid full postcode as ``"OUTWARD INWARD"`` (``"sw1a1aa"`` → ``"SW1A 1AA"``), or None.

    Repairs a letter O / I / L at the start of the inward code or after a digit in the outward
    code (``E1O`` → ``E10``), and a 0 / 1 at the start of the outward code. Outward-only values
    (``"E8"``), pseudo postcodes (``ZZ99 3VZ``) and anything that fails the uk-data.md §3
    pattern give None; see `postcode_outward`, `is_no_fixed_abode`. ``repair=False`` skips the
    letter/digit repairs.
    """
    if value is None:
        return None
    parts = _repaired(_compact(str(value)), repair=repair)
    if parts is None or parts[0].startswith(PSEUDO_PREFIX):
        return None
    postcode = f"{parts[0]} {parts[1]}"
    return postcode if POSTCODE_PATTERN.match(postcode) else None


def postcode_outward(value: str | None) -> str | None:
    """The outward code of a full postcode or of an outward code alone (``"e8"`` → ``"E8"``)."""
    if value is None:
        return None
    full = clean_postcode(value)
    if full is not None:
        return full.split()[0]
    compact = _compact(str(value))
    if not compact:
        return None
    outward = _repaired_outward(compact)
    return outward if OUTWARD_PATTERN.match(outward) else None


def postcode_parts(value: str | None) -> PostcodeParts | None:
    """Area, district and sector of a full postcode (cleaned first), or None."""
    postcode = clean_postcode(value)
    if postcode is None:
        return None
    outward, inward = postcode.split()
    area = outward[: 2 if outward[1:2].isalpha() else 1] if outward != "GIR" else "GIR"
    return PostcodeParts(area=area, district=outward, sector=f"{outward} {inward[0]}")


def is_no_fixed_abode(value: str | None) -> bool:
    """True for pseudo postcodes ``ZZ99 …`` (3VZ no fixed abode, 3WZ not known) and "NFA" text."""
    if value is None:
        return False
    compact = _compact(str(value))
    if compact.startswith(PSEUDO_PREFIX) and 5 <= len(compact) <= 7:
        return True
    return clean_text(value) in _NO_FIXED_ABODE_TEXT
