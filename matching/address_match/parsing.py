"""Free-text UK addresses into the parts that decide which property they are.

``parse_address("Flt 3, 45 Kingsland Rd, Dalston, London", "e8 4aa")`` gives the postcode
``E8 4AA``, the flat ``3``, the house number ``45`` and the street words ``KINGSLAND ROAD``
(the trailing places "Dalston" and "London" say nothing once there is a street). Flats are
the usual source of wrong matches, so the flat is kept apart from the house number: "FLAT 3",
"3/45", "GROUND FLOOR FLAT", "ROOM 4" and "3 MARLOWE HOUSE, KINGSLAND ROAD" all name one.
Number ranges ("10-12", "23A-24", "5/6") are kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from matching.address_match.vocabulary import (
    ABBREVIATIONS,
    FLAT_MARKERS,
    FLOOR_CODES,
    FLOORS,
    LONDON_PLACES,
    STOP_WORDS,
)
from matching.cleaning_postcodes import OUTWARD_PATTERN, POSTCODE_IN_TEXT, clean_postcode
from matching.cleaning_text import fold


class Places:
    """Place phrases (tuples of words: ("STOKE", "NEWINGTON")), found by their last word."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.phrases, key=lambda p: (-len(p), p)):
            self._by_last.setdefault(phrase[-1], []).append(phrase)

    def ending_with(self, word: str) -> list[tuple[str, ...]]:
        """The phrases whose last word is ``word``, longest first."""
        return self._by_last.get(word, [])

    def starts_at(self, tokens: list[str], i: int) -> bool:
        """Whether a place phrase starts at ``tokens[i]``."""
        return any(tuple(tokens[i:i + len(p)]) == p for p in self.phrases)

    def __or__(self, other: Places) -> Places:
        return Places(self.phrases | other.phrases)


_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_PUNCTUATION = re.compile(r"[^A-Z0-9/\- ]+")
_JOINED_RANGE = re.compile(r"(?<![A-Z0-9])(\d{1,4}[A-Z]?)\s*([-/])\s*(\d{1,4}[A-Z]?)(?![A-Z0-9])")
_LOOSE_DASH = re.compile(r"(?<!\d)(?<!\d[A-Z])[-/]|[-/](?!\d)")
_GLUED_MARKER = re.compile(r"\b(FLAT|FLT|APT|UNIT|ROOM)(\d)")
_NUMBER_LETTER = re.compile(r"\b(\d{1,4}) ([A-Z])\b(?! *[-/])")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d{1,5}[A-Z]?$")
_RANGE = re.compile(r"^(\d{1,4})([A-Z]?)([-/])(\d{1,4})([A-Z]?)$")
_FLAT_ID = re.compile(r"^(\d{1,4}[A-Z]?|[A-Z]|\d{1,4}[A-Z]?-\d{1,4}[A-Z]?)$")
_WORD = re.compile(r"^[A-Z]+$")
_PARTS = re.compile(r"\d+|[A-Z]+")
#: Words that name a building: a number just before one is a flat in it ("3 MARLOWE HOUSE").
BUILDING_WORDS = frozenset({
    "HOUSE", "COURT", "LODGE", "MANSIONS", "TOWER", "POINT", "BUILDINGS", "HALL", "HEIGHTS",
    "APARTMENTS", "BLOCK", "CHAMBERS", "WORKS", "WHARF", "ESTATE",
})
LONDON = Places(tuple(p.split()) for p in LONDON_PLACES)
NO_PLACES = Places(())


@dataclass(frozen=True)
class ParsedAddress:
    """The parts of one address that say which property it is."""

    text: str | None  # cleaned, abbreviations expanded, postcode taken out
    postcode: str | None  # a full postcode, from its own column or found in the text
    outward: str | None  # the outward code (also when only that was given)
    flat: str | None  # flat, room or floor: "3", "A", "3A", "GF" (ground floor), "B" (basement)
    number: str | None  # house number or range: "45", "23A", "10-12"
    others: tuple[str, ...] = ()  # any further numbers
    words: tuple[str, ...] = ()  # street and building words, trailing places removed

    @property
    def premise(self) -> tuple[str, ...]:
        """Flat, house and other numbers, sorted: the same set however they were written."""
        return tuple(sorted(t for t in (self.flat, self.number, *self.others) if t))


def _basic(value: str | None) -> str:
    """Capitals, no accents or punctuation (slashes and dashes kept), single spaces."""
    if not value:
        return ""
    text = fold(str(value)).replace("&", " AND ")
    text = _APOSTROPHES.sub("", text)
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def _shaped(text: str) -> str:
    """Ranges joined ("23 A - 24" → "23A-24"), loose dashes dropped, "FLAT3" → "FLAT 3"."""
    text = _JOINED_RANGE.sub(r"\1\2\3", text)
    text = _LOOSE_DASH.sub(" ", text)
    text = _GLUED_MARKER.sub(r"\1 \2", text)
    text = _SPACES.sub(" ", text).strip()
    return _NUMBER_LETTER.sub(r"\1\2", text)


def normalise(value: str | None) -> str:
    """Capitals, no accents or punctuation, ranges joined ("23 A - 24" → "23A-24")."""
    return _shaped(_basic(value))


def places_from(values: Iterable[str | None]) -> Places:
    """Place phrases (localities, towns) from reference columns, plus London and its boroughs."""
    found = {tuple(normalise(v).split()) for v in values if v}
    return LONDON | Places(p for p in found if p and all(_WORD.match(w) for w in p))


def _expand(tokens: list[str], places: Places) -> list[str]:
    """Abbreviations expanded; ST is STREET after a street name, SAINT (kept as ST) before a name."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token in FLOOR_CODES and (i == 0 or (i + 1 < len(tokens) and tokens[i + 1] in {"FLAT", "FLT"})):
            out.extend(FLOOR_CODES[token].split())
        elif token == "ST":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            saint = (bool(_WORD.match(nxt)) and nxt not in FLAT_MARKERS
                     and ABBREVIATIONS.get(nxt) not in FLAT_MARKERS
                     and not places.starts_at(tokens, i + 1))
            out.append("ST" if saint else "STREET")
        else:
            out.append(ABBREVIATIONS.get(token, token))
    return out


def strip_places(words: list[str], places: Places) -> list[str]:
    """Drop place names at the end ("... KINGSLAND ROAD DALSTON LONDON" → "... KINGSLAND ROAD")."""
    while words:
        for place in places.ending_with(words[-1]):
            n = len(place)
            if len(words) > n and tuple(words[-n:]) == place:
                words = words[:-n]
                break
        else:
            return words
    return words


def _take_postcode(text: str, postcode: str | None) -> tuple[str, str | None, str | None]:
    """The text without its postcode; the full postcode and outward code, if any."""
    found = clean_postcode(postcode) if postcode else None
    outward = found.split()[0] if found else None
    matches = list(POSTCODE_IN_TEXT.finditer(text))
    for match in reversed(matches):
        candidate = clean_postcode(match.group(0))
        if candidate:
            text = (text[:match.start()] + " " + text[match.end():]).strip()
            if found is None:
                found, outward = candidate, candidate.split()[0]
            break
    tokens = text.split()
    if tokens and OUTWARD_PATTERN.match(tokens[-1]) and any(c.isdigit() for c in tokens[-1]) \
            and len(tokens) > 1 and tokens[-2] not in FLAT_MARKERS:
        outward = outward or tokens[-1]
        text = " ".join(tokens[:-1])
    if outward is None and postcode:
        compact = normalise(postcode).replace(" ", "")
        outward = compact if OUTWARD_PATTERN.match(compact) else None
    return _SPACES.sub(" ", text).strip(), found, outward


def _floor(tokens: list[str], i: int) -> tuple[str, int] | None:
    """A floor phrase starting at ``i`` ("GROUND FLOOR FLAT", "BASEMENT"): its code and length."""
    j = i
    two = " ".join(tokens[i:i + 2])
    if two in FLOORS:
        code, j = FLOORS[two], i + 2
    elif tokens[i] in FLOORS:
        code, j = FLOORS[tokens[i]], i + 1
    else:
        return None
    has_floor = j < len(tokens) and tokens[j] == "FLOOR"
    j += has_floor
    has_flat = j < len(tokens) and tokens[j] == "FLAT"
    j += has_flat
    standalone = code == "B" and (i == 0 or tokens[i - 1] == "FLAT")
    if not (has_floor or has_flat or standalone or (i > 0 and tokens[i - 1] == "FLAT")):
        return None
    return code, j - i


def _split_range(token: str, have_flat: bool) -> tuple[str | None, list[str]]:
    """A range or a "flat/house" token: (flat or None, numbers)."""
    match = _RANGE.match(token)
    if not match:
        return None, [token]
    a, a_letter, sep, b, b_letter = match.groups()
    low, high = int(a), int(b)
    first, second = a + a_letter, b + b_letter
    if sep == "-" and low <= high:
        return None, [f"{first}-{second}"]
    if sep == "/" and (0 < high - low <= 2 or (low == high and a_letter != b_letter)):
        return None, [f"{first}-{second}"]
    if sep == "/" and not have_flat:
        return first, [second]
    return None, [first, second]


def parse_address(text: str | None, postcode: str | None = None, *,
                  places: Places = LONDON) -> ParsedAddress:
    """The parts of a free-text address; ``postcode`` (its own column) wins over one in the text.

    ``places`` are place phrases (tuples of words) dropped from the end of the address.
    """
    cleaned, found, outward = _take_postcode(_basic(text), postcode)
    cleaned = _shaped(cleaned)
    tokens = _expand(cleaned.split(), places)
    flat: str | None = None
    floor: str | None = None
    numbers: list[str] = []
    words: list[str] = []
    flat_before: dict[int, bool] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        floor_found = _floor(tokens, i)
        if floor_found is not None:
            floor = floor or floor_found[0]
            i += floor_found[1]
            continue
        if token in FLAT_MARKERS:
            j = i + 1
            while j < len(tokens) and tokens[j] in {"NO", "NUMBER"}:
                j += 1
            if j < len(tokens) and _FLAT_ID.match(tokens[j]) and flat is None:
                flat = tokens[j]
                i = j + 1
                continue
            i += 1
            continue
        if _NUMBER.match(token) or _RANGE.match(token):
            slash_flat, found_numbers = _split_range(token, flat is not None)
            if slash_flat is not None:
                flat = slash_flat
            for number in found_numbers:
                flat_before[len(numbers)] = _names_building(tokens, i)
                numbers.append(number)
            i += 1
            continue
        if len(token) == 1 and token.isalpha() and flat is None and i + 1 < len(tokens) \
                and _NUMBER.match(tokens[i + 1]) and (i == 0 or tokens[i - 1] in FLAT_MARKERS):
            flat = token  # "B, 332 RIPPLE ROAD": flat B
        elif _WORD.match(token) and token not in STOP_WORDS:
            words.append(token)
        i += 1
    if flat is None and floor is None and len(numbers) >= 2:
        flat, numbers = numbers[0], numbers[1:]
    elif flat is None and floor is None and len(numbers) == 1 and flat_before.get(0):
        flat, numbers = numbers[0], []
    if flat is None:
        flat = floor
    words = strip_places(words, places)
    return ParsedAddress(
        text=" ".join(tokens) or None,
        postcode=found,
        outward=outward,
        flat=flat,
        number=numbers[-1] if numbers else None,
        others=tuple(numbers[:-1]),
        words=tuple(words),
    )


def _names_building(tokens: list[str], i: int) -> bool:
    """Whether the number at ``i`` is a flat in a named building followed by its street
    ("3 MARLOWE HOUSE KINGSLAND ROAD": flat 3), not a house number ("3 MARLOWE ROAD")."""
    for j in range(i + 1, min(i + 4, len(tokens))):
        if not _WORD.match(tokens[j]):
            return False
        if tokens[j] in BUILDING_WORDS:
            return any(_WORD.match(t) and t not in STOP_WORDS for t in tokens[j + 1:])
    return False


def number_bounds(number: str | None) -> tuple[int | None, int | None]:
    """The lowest and highest house number a number or range covers ("10-12" → 10, 12)."""
    if not number:
        return None, None
    digits = [int(d) for d in re.findall(r"\d+", number)]
    return (min(digits), max(digits)) if digits else (None, None)


def premise_parts(tokens: Iterable[str]) -> tuple[str, ...]:
    """The digits and letters of premise tokens, sorted ("23A", "FLAT B" → "23", "A", "B")."""
    return tuple(sorted(p for t in tokens for p in _PARTS.findall(t)))
