"""Suggest what each column means (its `Role`) from its header and a sample of its values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
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
from matching.roles import Role

#: Share of non-empty sample values that must fit a pattern for the contents to decide.
CONTENT_THRESHOLD = 0.8
SAMPLE_SIZE = 1_000
MAX_BIRTH_AGE = 120
#: Roles a file may sensibly hold more than one column of.
REPEATABLE_ROLES = frozenset({Role.ADDRESS, Role.PHONE, Role.EMAIL, Role.OTHER})

# Header rules, checked in order on the normalised header (" first name ") and its compact form
# ("firstname"). The first match wins, so specific rules come before general ones.
_ID_HEADER = (
    r" (id|ref|reference|key|urn|number|no|num|nr) |^(id|ref|urn|key)$"
    r"|(person|client|claim|case|customer|account|acct|member|record|student|pupil|tenant"
    r"|elector|resident|unique|row|household|family|property|patient)(id|ref|no|num|number)$"
)
_HEADER_RULES: tuple[tuple[Role, str], ...] = (
    (Role.NHS_NUMBER, r" nhs |^nhs"),
    (Role.NI_NUMBER, r" nino | ni (number|no|num) |national ?insurance|^ni$|^nin$|^nino"),
    (Role.UPRN, r"uprn|unique property ref"),
    (Role.EMAIL, r" e ?mail|^e ?mail"),
    (Role.DATE_OF_BIRTH, r"(date|day) of birth|birth ?(date|day)|^dob|^bdate$| dob | d o b |born"),
    (Role.OTHER, r" date | dt | dod | death|timestamp| time "),
    (Role.POSTCODE, r"post ?code|postal ?code| pcode |^pcode|^pc$| zip|outcode"),
    (Role.PHONE, r"phone| tel |^tel|mobile| mob |landline|contact (no|number|num)"),
    (Role.SEX, r" sex | gender "),
    (Role.COMPANY_NUMBER, r"company ?(number|no|num|reg)|companies house|^crn$| crn |^coyno"),
    (Role.COMPANY_NAME, r"(company|business|trading|organi[sz]ation|org|firm|employer) ?name"
                        r"|^(company|business|organi[sz]ation|employer)$"),
    (Role.MIDDLE_NAMES, r"middle|^mname|other ?fore ?names|second ?name|^mi$"),
    (Role.FIRST_NAME, r"fore ?names?|first ?name|given ?names?|christian|^fname|^f name|^first$|prenom"),
    (Role.SURNAME, r"surname|last ?name|family ?name|^lname|^l name|^sname|^last$|^nom$|nom de famille"),
    (Role.OTHER, r"user ?name|file ?name|^title$| title |nick ?name|^alias"),
    (Role.ADDRESS, r" addr| add \d| street| road | house | building| flat | town | city "
                   r"| locality| premises| dwelling| line \d| district | county | lpi"
                   r"|property name"),
    (Role.FULL_NAME, r" name |^name$|^(client|person|customer|resident|applicant|claimant"
                     r"|tenant|pupil|student|patient|member)name"),
    (Role.RECORD_ID, _ID_HEADER),
)  # fmt: skip
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_CHARS = re.compile(r"[+(]?[0-9][0-9 ()+\-.]{8,20}")
_STREET = re.compile(
    r"\b\d+[A-Z]?\b.*\b(ROAD|RD|STREET|ST|AVENUE|AVE|LANE|LN|CLOSE|DRIVE|DR|WAY|GARDENS|GDNS"
    r"|COURT|CT|PLACE|PL|HOUSE|ESTATE|GROVE|TERRACE|CRESCENT|SQUARE|HILL|PARK|FLAT|WALK|MEWS)\b"
)


def normalise_header(column_name: str) -> str:
    """Lower-case words of a header, space-padded: ``"FirstName_1"`` → ``" first name 1 "``."""
    folded = unicodedata.normalize("NFKD", str(column_name))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    text = _CAMEL.sub(" ", folded).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    return f" {' '.join(text.split())} "


def _header_role(column_name: str) -> Role | None:
    spaced = normalise_header(column_name)
    compact = spaced.replace(" ", "")
    for role, pattern in _HEADER_RULES:
        if re.search(pattern, spaced) or re.search(pattern, compact):
            return role
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


def _suggest(column_name: str, values: Sequence[str | None]) -> tuple[Role, int]:
    """The role and how sure we are: 2 from a specific header, 1 from contents, 0 a guess."""
    header = _header_role(column_name)
    if header is not None and header is not Role.RECORD_ID:
        return header, 2
    content = content_role(values)
    if header is Role.RECORD_ID:
        return (content, 1) if content in _OVERRIDE_ID_HEADER else (Role.RECORD_ID, 2)
    if content is not None:
        return content, 1
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
    if _header_role(name) is not Role.RECORD_ID:
        return False
    if not isinstance(values, pl.Series):
        values = pl.Series([None if v is None else str(v) for v in values], dtype=pl.String)
    texts = values.cast(pl.String, strict=False).str.strip_chars()
    texts = texts.filter(texts.is_not_null() & (texts != ""))
    return texts.len() > 0 and texts.n_unique() == texts.len()


def suggest_roles(columns: Mapping[str, Sequence[str | None]]) -> dict[str, Role]:
    """A role for every column, in the given order, without clashing duplicates.

    Address, phone and email may repeat ("Address Line 1", "Address Line 2"). For other roles
    the first column with the strongest evidence keeps it and the rest become OTHER. With no
    ID column, the first unassigned column that `looks_like_id_column` becomes RECORD_ID.
    """
    scored = {name: _suggest(name, values) for name, values in columns.items()}
    roles = {name: role for name, (role, _) in scored.items()}
    for role in set(roles.values()) - REPEATABLE_ROLES:
        holders = [name for name in columns if roles[name] is role]
        if role is Role.RECORD_ID:
            holders.sort(key=lambda n: not looks_like_id_column(n, columns[n]))
        keeper = max(holders, key=lambda n: scored[n][1])  # first of the strongest
        for name in holders:
            if name != keeper:
                roles[name] = Role.OTHER
    if Role.RECORD_ID not in roles.values():
        for name, values in columns.items():
            if roles[name] is Role.OTHER and looks_like_id_column(name, values):
                roles[name] = Role.RECORD_ID
                break
    return roles
