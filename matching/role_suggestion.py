"""Suggest what each column means (its `Role`) from its header and a sample of its values.

The header patterns live with each role in ``matching.role_registry``; this module tries them in
order, then looks at the values: first at what single values look like (postcodes, emails,
dates of birth...), then at the column as a whole (reference codes, categories, long text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

import polars as pl

from matching.cleaning import (
    clean_nhs_number,
    clean_ni_number,
    clean_postcode,
    clean_sex,
    is_no_fixed_abode,
    parse_date,
)
from matching.cleaning_postcodes import POSTCODE_IN_TEXT
from matching.reference import name_variant_pairs
from matching.role_registry import COMPOSITE_NAME_HEADER, HEADER_ORDER, ROLES
from matching.roles import Role

#: Share of non-empty sample values that must fit a pattern for the contents to decide.
CONTENT_THRESHOLD = 0.8
SAMPLE_SIZE = 1_000
MAX_BIRTH_AGE = 120
#: Share of values that must be known forenames for a column of single words to be first names.
FORENAME_SHARE = 0.4
#: A column of short words with at most this many distinct values is a category (sex, status).
CATEGORY_MAX_VALUES = 30
#: Reference codes are mostly distinct: at least this share of the sampled values.
CODE_MIN_DISTINCT = 0.5
#: A name column whose values are this often company names ("Ltd", "& Sons") holds companies.
COMPANY_SHARE = 0.3
#: Free text: values this long on average (in words).
FREE_TEXT_WORDS = 5

_ID_HEADER = (
    r" (id|ref|reference|key|urn|number|no|num|nr) |^(id|ref|urn|key)$"
    r"|(person|client|claim|case|customer|account|acct|member|record|student|pupil|tenant"
    r"|elector|resident|unique|row|household|family|property|patient)(id|ref|no|num|number)$"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_CHARS = re.compile(r"[+(]?[0-9][0-9 ()+\-.]{8,20}")
_STREET = re.compile(
    r"\b\d+[A-Z]?\b.*\b(ROAD|RD|STREET|ST|AVENUE|AVE|LANE|LN|CLOSE|DRIVE|DR|WAY|GARDENS|GDNS"
    r"|COURT|CT|PLACE|PL|HOUSE|ESTATE|GROVE|TERRACE|CRESCENT|SQUARE|HILL|PARK|FLAT|WALK|MEWS)\b"
)
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/. ]{2,30}")
_COMPANY = re.compile(
    r"\b(LTD|LIMITED|PLC|LLP|CIC|INC|CORP|CO|COMPANY|& SONS|AND SONS|GROUP|HOLDINGS|SERVICES"
    r"|TRADING|ASSOCIATES|PARTNERS|CONSULTING|SOLUTIONS|ENTERPRISES|INTERNATIONAL)\b")
_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)?")


def normalise_header(column_name: str) -> str:
    """Lower-case words of a header, space-padded: ``"FirstName_1"`` → ``" first name 1 "``."""
    folded = unicodedata.normalize("NFKD", str(column_name))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = _CAMEL.sub(" ", folded).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    return f" {' '.join(text.split())} "


def _matches(pattern: str, spaced: str, compact: str) -> bool:
    return bool(re.search(pattern, spaced) or re.search(pattern, compact))


def header_role(column_name: str) -> Role | None:
    """The role a header names, trying the registry's patterns in order; None if none fits."""
    spaced = normalise_header(column_name)
    compact = spaced.replace(" ", "")
    if _matches(COMPOSITE_NAME_HEADER, spaced, compact):
        return Role.FULL_NAME
    for role in HEADER_ORDER:
        if any(_matches(p, spaced, compact) for p in ROLES[role].headers):
            return role
    if _matches(_ID_HEADER, spaced, compact):
        return Role.RECORD_ID
    return None


def _texts(values: Sequence[Any]) -> list[str]:
    """Up to ``SAMPLE_SIZE`` non-empty values as trimmed text."""
    texts = []
    for value in values:
        text = "" if value is None else str(value).strip()
        if text:
            texts.append(text)
            if len(texts) >= SAMPLE_SIZE:
                break
    return texts


def _share(texts: Sequence[str], test: Any) -> float:
    return sum(1 for t in texts if test(t)) / len(texts) if texts else 0.0


def _is_postcode(text: str) -> bool:
    return clean_postcode(text) is not None or is_no_fixed_abode(text)


def _is_birth_date(text: str) -> bool:
    iso = parse_date(text)
    return iso is not None and int(iso[:4]) >= date.today().year - MAX_BIRTH_AGE


def _is_phone(text: str) -> bool:
    digits = re.sub(r"[^0-9]", "", text)
    if not _PHONE_CHARS.fullmatch(text) or not 10 <= len(digits) <= 13:
        return False
    return digits.startswith(("0", "44", "7")) or text.startswith("+")


def _is_address(text: str) -> bool:
    upper = text.upper()
    return bool(POSTCODE_IN_TEXT.search(upper) or _STREET.search(upper)) and " " in text.strip()


def _is_company(text: str) -> bool:
    return _COMPANY.search(text.upper()) is not None


def _is_code(text: str) -> bool:
    """A reference code: letters and digits, at least three digits, at most one space."""
    return (bool(_CODE.fullmatch(text)) and text.count(" ") <= 1
            and sum(ch.isdigit() for ch in text) >= 3)


@cache
def known_forenames() -> frozenset[str]:
    """Forenames from the offline name lists (upper case)."""
    supplement, pairs = name_variant_pairs()
    return frozenset({*supplement, *supplement.values(), *(n for pair in pairs for n in pair)})


def _is_forename(text: str) -> bool:
    first = text.split()[0].upper() if text.split() else ""
    return first in known_forenames()


_CONTENT_TESTS: tuple[tuple[Role, Any], ...] = (
    (Role.EMAIL, lambda t: _EMAIL.fullmatch(t) is not None),
    (Role.POSTCODE, _is_postcode),
    (Role.NHS_NUMBER, lambda t: clean_nhs_number(t) is not None),
    (Role.NI_NUMBER, lambda t: clean_ni_number(t) is not None),
    (Role.DATE_OF_BIRTH, _is_birth_date),
    (Role.SEX, lambda t: clean_sex(t) is not None),
    (Role.PHONE, _is_phone),
    (Role.ADDRESS, _is_address),
)
#: Content roles strong enough to override an ID-like header ("Ref" full of NHS numbers).
_OVERRIDE_ID_HEADER = frozenset({Role.EMAIL, Role.POSTCODE, Role.NHS_NUMBER, Role.NI_NUMBER})


def content_role(values: Sequence[str | None]) -> Role | None:
    """The role ≥ 80 % of the non-empty values fit (postcodes, emails, NHS numbers …), or None."""
    texts = _texts(values)
    for role, test in _CONTENT_TESTS:
        if texts and _share(texts, test) >= CONTENT_THRESHOLD:
            return role
    return None


def shape_role(values: Sequence[str | None]) -> Role | None:
    """The role the column as a whole suggests when single values say nothing: mostly distinct
    reference codes, known first names, a few repeated words (a category), or long text."""
    texts = _texts(values)
    if not texts:
        return None
    distinct = len(set(texts)) / len(texts)
    if _share(texts, _is_code) >= CONTENT_THRESHOLD and distinct >= CODE_MIN_DISTINCT:
        return Role.OTHER_ID
    wordy = _share(texts, lambda t: _WORDS_ONLY.fullmatch(t) is not None)
    if wordy >= CONTENT_THRESHOLD and _share(texts, _is_forename) >= FORENAME_SHARE:
        return Role.FIRST_NAME
    if wordy >= CONTENT_THRESHOLD and len(set(texts)) <= CATEGORY_MAX_VALUES < len(texts):
        return Role.CATEGORY
    if sum(len(t.split()) for t in texts) / len(texts) >= FREE_TEXT_WORDS:
        return Role.FREE_TEXT
    return None


def _suggest(column_name: str, values: Sequence[str | None]) -> tuple[Role, int]:
    """The role and how sure we are: 2 from a specific header, 1 from contents, 0 a guess."""
    header = header_role(column_name)
    if header is Role.FULL_NAME and _share(_texts(values), _is_company) >= COMPANY_SHARE:
        return Role.COMPANY_NAME, 2  # "Name" over "Acme Ltd", "Smith & Sons"
    if header is Role.POSTCODE:
        # A postcode header over values that are not UK postcodes: zip codes, other countries.
        texts = _texts(values)
        if texts and _share(texts, _is_postcode) < CONTENT_THRESHOLD:
            return Role.POSTAL_CODE, 2
    if header is not None and header is not Role.RECORD_ID:
        return header, 2
    content = content_role(values)
    if header is Role.RECORD_ID:
        return (content, 1) if content in _OVERRIDE_ID_HEADER else (Role.RECORD_ID, 2)
    if content is not None:
        return content, 1
    shape = shape_role(values)
    if shape is not None:
        return shape, 1
    return Role.OTHER, 0


def suggest_role(column_name: str, values: Sequence[str | None]) -> Role:
    """The likely role of a column from its header and a sample of its values.

    A specific header wins ("Postcode", "DOB", "Forename"); contents decide for generic headers
    ("code", "field3"), and override ID-like headers only for emails, postcodes, NHS numbers and
    NI numbers. Example: ``suggest_role("field3", ["E8 1AA", "SW1A 1AA"])`` → ``Role.POSTCODE``.
    """
    return _suggest(column_name, values)[0]


def looks_like_id_column(name: str, values: Sequence[Any] | pl.Series) -> bool:
    """True if the header sounds like an ID (id, ref, number, no, key) and the values are unique.

    Every non-empty value must be distinct, and there must be at least one. Headers that name
    another role ("NHS Number", "Phone No", "House No", "UPRN") give False.
    """
    if header_role(name) is not Role.RECORD_ID:
        return False
    if not isinstance(values, pl.Series):
        values = pl.Series([None if v is None else str(v) for v in values], dtype=pl.String)
    texts = values.cast(pl.String, strict=False).str.strip_chars()
    texts = texts.filter(texts.is_not_null() & (texts != ""))
    return texts.len() > 0 and texts.n_unique() == texts.len()


def _demote(role: Role) -> Role:
    """The role for one more column of ``role`` once a file's column holds it."""
    return Role.OTHER_ID if role is Role.RECORD_ID else ROLES[role].fallback


def suggest_roles(columns: Mapping[str, Sequence[str | None]]) -> dict[str, Role]:
    """A role for every column, in the given order, without clashing duplicates.

    Repeatable roles (address lines, phones, emails, places, categories...) may hold several
    columns. For other roles the first column with the strongest evidence keeps it and the rest
    take the role's fallback ("Previous Surname" is not used; a second date of birth column is
    another date). With no ID column, the first unassigned column that `looks_like_id_column`
    becomes RECORD_ID. A file with first names found from their values and another column of
    name-like words gets that column as its surnames.
    """
    scored = {name: _suggest(name, values) for name, values in columns.items()}
    roles = {name: role for name, (role, _) in scored.items()}
    for _ in range(3):  # a fallback role may itself be taken: settle in a few rounds
        clashes = False
        for role in set(roles.values()):
            if ROLES[role].repeatable or role is Role.OTHER:
                continue
            holders = [name for name in columns if roles[name] is role]
            if len(holders) < 2:
                continue
            clashes = True
            if role is Role.RECORD_ID:
                holders.sort(key=lambda n: not looks_like_id_column(n, columns[n]))
            keeper = max(holders, key=lambda n: scored[n][1])  # first of the strongest
            for name in holders:
                if name != keeper:
                    roles[name] = _demote(role)
        if not clashes:
            break
    if Role.RECORD_ID not in roles.values():
        for name, values in columns.items():
            if roles[name] in (Role.OTHER, Role.OTHER_ID) and looks_like_id_column(name, values):
                roles[name] = Role.RECORD_ID
                break
    _surnames_by_shape(columns, roles, scored)
    return roles


def _surnames_by_shape(columns: Mapping[str, Sequence[str | None]], roles: dict[str, Role],
                       scored: Mapping[str, tuple[Role, int]]) -> None:
    """Where first names were found only from their values and no column is a surname, the
    first column of mostly distinct single words that are not known forenames is the surname."""
    found = [n for n, r in roles.items() if r is Role.FIRST_NAME and scored[n][1] < 2]
    if not found or Role.SURNAME in roles.values() or Role.FULL_NAME in roles.values():
        return
    for name, values in columns.items():
        if roles[name] not in (Role.OTHER, Role.CATEGORY):
            continue
        texts = _texts(values)
        if not texts or len(set(texts)) / len(texts) < 0.3:
            continue
        wordy = _share(texts, lambda t: _WORDS_ONLY.fullmatch(t) is not None)
        if wordy >= CONTENT_THRESHOLD and _share(texts, _is_forename) < FORENAME_SHARE / 2:
            roles[name] = Role.SURNAME
            return
