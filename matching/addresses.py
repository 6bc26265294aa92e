"""Address text for matching: common abbreviations expanded, and the keys compared on their own
(the house and flat numbers, and the set of words)."""

from __future__ import annotations

import re

from matching.cleaning import clean_text

#: Reviewed abbreviations seen in council extracts (Royal Mail / BS7666 forms).
ABBREVIATIONS: dict[str, str] = {
    "RD": "ROAD", "ST": "STREET", "AVE": "AVENUE", "AV": "AVENUE", "GDNS": "GARDENS",
    "GDN": "GARDEN", "CT": "COURT", "CRT": "COURT", "LN": "LANE", "CRES": "CRESCENT",
    "CRESC": "CRESCENT", "PL": "PLACE", "SQ": "SQUARE", "HSE": "HOUSE", "HO": "HOUSE",
    "DR": "DRIVE", "GR": "GROVE", "GRV": "GROVE", "TER": "TERRACE", "TERR": "TERRACE",
    "CL": "CLOSE", "FLT": "FLAT", "APT": "FLAT", "APARTMENT": "FLAT", "EST": "ESTATE",
    "PK": "PARK", "MT": "MOUNT", "BLDGS": "BUILDINGS", "BLDG": "BUILDING", "WK": "WALK",
    "PDE": "PARADE", "HL": "HILL", "RDS": "ROADS", "MKT": "MARKET", "STN": "STATION",
    "GT": "GREAT", "LT": "LITTLE",
}
#: Words that say nothing about which address it is.
NOISE_WORDS = frozenset({"FLAT", "UNIT", "ROOM", "LONDON", "ENGLAND", "UK", "THE", "OF", "AND"})
_NUMBER = re.compile(r"\d+[A-Z]?\b")


def standardise_address(value: str | None) -> str | None:
    """Clean address text and expand abbreviations ("Flt 3, 45 Kingsland Rd" → "FLAT 3 45
    KINGSLAND ROAD"). "ST" at the start of a street name (a saint) is left alone."""
    text = clean_text(value)
    return None if text is None else expand_abbreviations(text)


def expand_abbreviations(text: str) -> str:
    """Expand abbreviated words of address text ("45 KINGSLAND RD" → "45 KINGSLAND ROAD") and join
    a house number to its letter ("23 A HIGH ST" → "23A HIGH STREET"); other words are kept."""
    tokens = text.split()
    keys = [token.upper() for token in tokens]
    out = []
    for i, (token, key) in enumerate(zip(tokens, keys, strict=True)):
        nxt = keys[i + 1] if i + 1 < len(keys) else ""
        is_saint = key == "ST" and nxt and not nxt.isdigit() and (i == 0 or keys[i - 1].isdigit())
        out.append(token if is_saint or key not in ABBREVIATIONS else ABBREVIATIONS[key])
    joined = " ".join(out)
    return re.sub(r"\b(\d+) ([A-Z])\b(?= )", r"\1\2", joined)  # "23 A HIGH ST" -> "23A HIGH ST"


def address_numbers(value: str | None) -> str | None:
    """The house, flat and building numbers in order ("FLAT 3 45 KINGSLAND ROAD" → "3 45")."""
    if not value:
        return None
    numbers = _NUMBER.findall(value)
    return " ".join(numbers) if numbers else None


def address_words(value: str | None) -> list[str] | None:
    """The distinct words of an address, without numbers and noise words."""
    if not value:
        return None
    found = sorted({w for w in value.split() if w.isalpha() and w not in NOISE_WORDS})
    return found or None
