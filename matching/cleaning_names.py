"""Name cleaning: titles, aliases, particles, placeholders, full-name splitting, phonetic keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from metaphone import doublemetaphone

from matching.cleaning_text import PLACEHOLDER_TEXT, fold, settled, standardise_text, words
from matching.reference import name_variant_pairs

#: Titles dropped wherever they appear as a whole token (NHS England / ONS dlh_utils style).
TITLES: frozenset[str] = frozenset(
    {"MR", "MRS", "MS", "MISS", "MX", "MSTR", "DR", "REV", "REVD", "PROF", "CLLR", "ESQ", "MESSRS"}
)
#: Titles that are also names (Lord, Master, Hon): dropped only when leading and followed by more.
LEADING_TITLES: frozenset[str] = frozenset(
    {
        "SIR", "DAME", "LADY", "LORD", "MASTER", "DOCTOR", "REVEREND", "PROFESSOR", "FATHER",
        "HON", "RT", "RTHON", "CAPT", "CAPTAIN", "COL", "LT", "SGT", "MAJ",
    }
)  # fmt: skip
#: Prefixes glued to the next token (MC DONALD → MCDONALD).
GLUED_PARTICLES: frozenset[str] = frozenset({"MC", "MAC", "O"})
#: Surname particles kept with the surname when splitting a full name.
SURNAME_PARTICLES: frozenset[str] = frozenset(
    {
        "DE", "DA", "DI", "DU", "DEL", "DELLA", "DOS", "DAS", "VAN", "VON", "DER", "DEN", "LA",
        "LE", "AL", "EL", "UL", "BIN", "BINTI", "BINT", "ABU", "ST", "TER", "TEN",
    }
)  # fmt: skip
_ALIAS_MARKERS = re.compile(r"\bA\s*[./]\s*K\s*[./]\s*A\b\.?|\bK\s*/\s*A\b", re.IGNORECASE)
_BRACKETS = re.compile(r"[(\[{<]([^)\]}>]*)[)\]}>]?")
_QUOTED = re.compile(r"\"([^\"]*)\"?")
_ALIAS_WORDS = frozenset({"AKA", "NEE", "FORMERLY", "PREVIOUSLY"})
_ALIAS_CLAUSE = re.compile(
    r"\b(?:ALSO\s+)?(?:AKA|N[EÉ]E|FORMERLY|PREVIOUSLY|KNOWN\s+AS)\b", re.IGNORECASE
)
PLACEHOLDER_NAME_PATTERN = re.compile(
    r"(BABY|TWIN|TRIPLET|INFANT|NEWBORN|UNBORN|UNNAMED|NO NAME|NONAME|ANON|ANONYMOUS|NOT KNOWN"
    r"|UNKNOWN|NO FORENAME|NO SURNAME|NFN|NSN|FNU|LNU)"
    r"( (BOY|GIRL|MALE|FEMALE|CHILD|ONE|TWO|THREE|FOUR|[0-9]+|[A-D]|I|II|III|OF( .*)?))*"
)
_HAS_BRACKET = re.compile(r"[(\[{<\"]")
_ASCII_LETTERS = re.compile(r"[^A-Z]")
_TRAILING_COMPOUND = re.compile(r"[^\W\d_]+(?:\s*-\s*[^\W\d_]+)+\W*$")


def _split_clauses(value: str) -> tuple[list[str], str | None]:
    """Return the main name words and the alias text ("known as", "aka", "nee", brackets)."""
    text = fold(value)
    if "/" in text or "." in text:
        text = _ALIAS_MARKERS.sub(" AKA ", text)
    bracketed: list[str] = []
    if _HAS_BRACKET.search(text):
        bracketed = [m.group(1) for m in _BRACKETS.finditer(text)]
        bracketed += [m.group(1) for m in _QUOTED.finditer(text)]
        text = _QUOTED.sub(" ", _BRACKETS.sub(" ", text))
    tokens = words(text).split()
    main, alias = tokens, None
    for i, token in enumerate(tokens):
        if token in _ALIAS_WORDS or (token == "KNOWN" and tokens[i + 1 : i + 2] == ["AS"]):
            main = tokens[: i - 1] if i and tokens[i - 1] == "ALSO" else tokens[:i]
            alias = " ".join(tokens[i + (2 if token == "KNOWN" else 1) :])
            break
    if not alias:
        alias = next((_strip_alias_words(b) for b in bracketed if _strip_alias_words(b)), None)
    return main, alias


def _strip_alias_words(text: str) -> str:
    tokens = words(text).split()
    while tokens and tokens[0] in _ALIAS_WORDS | {"ALSO", "KNOWN", "AS", "PREF", "PREFERRED"}:
        tokens = tokens[1:]
    return " ".join(tokens)


@dataclass(frozen=True)
class NameOptions:
    """Which name standardisations `clean_name` applies (all of them by default)."""

    known_as: bool = True  # drop "known as" / aka / nee / bracketed text from the name
    titles: bool = True  # drop titles and honorifics (Mr, Dr, Cllr; a leading Sir or Lady)
    accents: bool = True
    case: bool = True
    punctuation: bool = True  # hyphens, apostrophes and other punctuation
    spaces: bool = True
    prefixes: bool = True  # glue surname prefixes: MC DONALD → MCDONALD, O BRIEN → OBRIEN
    placeholders: bool = True  # BABY BOY, TWIN 1, UNKNOWN → missing


ALL_NAME_OPTIONS = NameOptions()


def _key(token: str) -> str:
    return words(token)


def _drop_titles(tokens: list[str]) -> list[str]:
    tokens = [t for t in tokens if _key(t) not in TITLES]
    while len(tokens) > 1 and _key(tokens[0]) in LEADING_TITLES:
        tokens = tokens[1:]
    return tokens


def _glue_particles(tokens: list[str]) -> list[str]:
    glued: list[str] = []
    i = 0
    while i < len(tokens):
        if _key(tokens[i]) in GLUED_PARTICLES and i + 1 < len(tokens):
            glued.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            glued.append(tokens[i])
            i += 1
    return glued


def _is_placeholder(name: str) -> bool:
    key = words(name)
    return not key or key in PLACEHOLDER_TEXT or PLACEHOLDER_NAME_PATTERN.fullmatch(key) is not None


def _clean_name_once(value: str, options: NameOptions = ALL_NAME_OPTIONS) -> str | None:
    if options.known_as:
        value = " ".join(_split_clauses(value)[0]) if options == ALL_NAME_OPTIONS \
            else _main_text(value)
    text = standardise_text(value, accents=options.accents, case=options.case,
                            punctuation=options.punctuation, spaces=options.spaces)
    tokens = text.split()
    if options.titles:
        tokens = _drop_titles(tokens)
    if options.prefixes:
        tokens = _glue_particles(tokens)
    name = " ".join(tokens) if options.spaces or options.punctuation else text
    if options.placeholders and _is_placeholder(name):
        return None
    return name or None


def clean_name(value: str | None, options: NameOptions = ALL_NAME_OPTIONS) -> str | None:
    """Upper-case name tokens without titles, aliases, apostrophes or hyphens.

    Example: ``clean_name("Mr Robert O'Brien (known as Bob)")`` → ``"ROBERT OBRIEN"``.
    Placeholders (``BABY BOY``, ``TWIN 1``, ``BABY OF SMITH``, ``UNKNOWN``) give None.
    ``options`` turns standardisations off one by one (see `NameOptions`).
    """
    if value is None:
        return None
    return settled(lambda text: _clean_name_once(text, options), str(value))


def is_placeholder_name(value: str | None) -> bool:
    """True for names that stand for "not known yet": BABY BOY, TWIN 1, BABY OF SMITH, UNKNOWN."""
    if value is None:
        return False
    return PLACEHOLDER_NAME_PATTERN.fullmatch(words(str(value))) is not None


def extract_alias(value: str | None) -> str | None:
    """The cleaned "known as" / "aka" / "nee" / bracketed name, or None.

    Example: ``extract_alias("Robert (known as Bob)")`` → ``"BOB"``.
    """
    if value is None:
        return None
    alias = _split_clauses(str(value))[1]
    return clean_name(alias) if alias else None


def _looks_surname_first(raw: str) -> bool:
    """``SMITH John``: an all-capitals first word followed by words in mixed case."""
    raw_words = [w for w in re.split(r"[^\w'-]+", raw) if any(c.isalpha() for c in w)]
    if len(raw_words) < 2 or fold(raw_words[0]).replace("'", "") in TITLES | LEADING_TITLES:
        return False
    first, rest = raw_words[0], raw_words[1:]
    return len(first) > 1 and first.isupper() and not any(w.isupper() for w in rest)


def split_full_name(value: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a full name into (first name, middle names, surname), each cleaned like `clean_name`.

    Handles ``"Mr John Smith"``, ``"SMITH, John"``, ``"SMITH John"`` (capitalised surname first),
    double-barrelled surnames (``"Mary Smith-Jones"`` → ``"SMITH JONES"``) and particles
    (``"Ana de Souza"`` → ``"DE SOUZA"``). A single word is taken as the surname.
    """
    if value is None:
        return None, None, None
    main = _main_text(str(value))
    if "," in main:
        surname_part, _, forename_part = main.partition(",")
        forenames = (clean_name(forename_part) or "").split()
        return (*_first_middle(forenames), clean_name(surname_part))
    tokens = (clean_name(main) or "").split()
    if len(tokens) < 2:
        return None, None, (tokens[0] if tokens else None)
    if _looks_surname_first(main):
        return (*_first_middle(tokens[1:]), tokens[0])
    start = max(1, len(tokens) - _trailing_compound_size(main))
    while start > 1 and tokens[start - 1] in SURNAME_PARTICLES:
        start -= 1
    return (*_first_middle(tokens[:start]), " ".join(tokens[start:]))


def _first_middle(tokens: list[str]) -> tuple[str | None, str | None]:
    return (tokens[0] if tokens else None), (" ".join(tokens[1:]) or None)


def _main_text(raw: str) -> str:
    """The raw text without bracketed or quoted parts and alias clauses, case kept."""
    text = _QUOTED.sub(" ", _BRACKETS.sub(" ", _ALIAS_MARKERS.sub(" aka ", raw)))
    return _ALIAS_CLAUSE.split(text, maxsplit=1)[0].strip(" ,;-")


def _trailing_compound_size(text: str) -> int:
    """How many words the last hyphenated word holds (``"Smith-Jones"`` → 2), else 1."""
    match = _TRAILING_COMPOUND.search(text)
    return len(match.group(0).split("-")) if match else 1


def phonetic_key(value: str | None) -> str | None:
    """Double Metaphone primary code of the first name token (A–Z letters only), or None.

    Example: ``phonetic_key("Smith")`` → ``"SM0"``. Use for blocking, not as evidence.
    """
    name = clean_name(value)
    if name is None:
        return None
    letters = _ASCII_LETTERS.sub("", name.split()[0])
    return (doublemetaphone(letters)[0] or None) if letters else None


def canonical_forename(value: str | None) -> str | None:
    """Canonical form of the first forename token, mapping nicknames and spellings.

    Example: ``canonical_forename("Bob")`` → ``"ROBERT"``; unknown names come back cleaned
    (``"ZARA"``). Uses the offline ``nicknames`` list plus the reviewed UK supplement in
    ``matching/reference/name_variants.csv``, which wins on conflicts.
    """
    name = clean_name(value)
    if name is None:
        return None
    return canonical_of_token(name.split()[0])


def canonical_of_token(token: str) -> str | None:
    """The canonical form of one cleaned forename (``"BOB"`` → ``"ROBERT"``), see
    `canonical_forename`."""
    canonical = _canonical_lookup().get(token, token)
    return canonical if clean_name(canonical) == canonical else None


@cache
def _canonical_lookup() -> dict[str, str]:
    """Name → canonical name; names with nicknames of their own stay as they are.

    A pure nickname maps to its alphabetically first full name; the supplement wins. Chains are
    followed to a fixed point, so every canonical name maps to itself.
    """
    supplement, package_pairs = name_variant_pairs()
    canonicals_of: dict[str, set[str]] = {}
    for canonical, nickname in package_pairs:
        canonicals_of.setdefault(nickname, set()).add(canonical)
    fixed = set(supplement.values()) | {canonical for canonical, _ in package_pairs}

    def step(name: str) -> str:
        if name in supplement:
            return supplement[name]
        if name in fixed:
            return name
        return min(canonicals_of[name])

    lookup: dict[str, str] = {}
    for name in set(canonicals_of) | set(supplement) | fixed:
        current, seen = name, {name}
        while (nxt := step(current)) not in seen:
            seen.add(nxt)
            current = nxt
        lookup[name] = current
    return {name: target for name, target in lookup.items() if name != target}
