"""Identifiers and contact details: phone, email, NHS number, NINO, UPRN, sex, company number and
other reference codes."""

from __future__ import annotations

import re

import phonenumbers

from matching.cleaning_text import clean_text, fold, is_placeholder_text, settled

NINO_PATTERN = re.compile(
    r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]?$"
)
COMPANY_PREFIXES: frozenset[str] = frozenset({"SC", "NI", "OC", "SO", "NC", "LP", "FC"})
MIN_PHONE_DIGITS = 9
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_UK_NATIONAL = re.compile(r"\s*\(?0[1-9][0-9 ()\-.]{9,16}\s*")
_TRAILING_ZERO_DECIMAL = re.compile(r"\.0+$")
_SEX = {
    "M": "M", "MALE": "M", "MAN": "M", "BOY": "M", "MR": "M",
    "F": "F", "FEMALE": "F", "WOMAN": "F", "GIRL": "F", "W": "F",
}  # fmt: skip
_NO_EMAIL_LOCAL = frozenset({"none", "noemail", "no.email", "na", "n/a", "unknown", "nil", "x"})


def clean_record_id(value: str | None) -> str | None:
    """The ID with surrounding whitespace removed (case and leading zeros kept); blank → None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _digits(value: str) -> str:
    return _NOT_DIGIT.sub("", fold(value))


def _same_digit(digits: str) -> bool:
    return len(set(digits)) == 1


def _clean_phone_once(value: str) -> str | None:
    digits = _digits(value)
    if len(digits) < MIN_PHONE_DIGITS or _same_digit(digits):
        return None
    if len(digits) == 11 and _UK_NATIONAL.fullmatch(value):
        return digits  # the common case, as phonenumbers would give it, without parsing
    try:
        number = phonenumbers.parse(fold(value), "GB")
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(number):
        return digits
    if number.country_code == 44:
        return "0" + str(number.national_number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_phone(value: str | None) -> str | None:
    """UK numbers as national digits (``"+44 (0)20 7946 0123"`` → ``"02079460123"``), or None.

    Non-UK numbers come back in E.164 (``"+33123456789"``); numbers that don't parse come back as
    their digits. Fewer than 9 digits, or one digit repeated, gives None.
    """
    if value is None:
        return None
    return settled(_clean_phone_once, str(value))


def _clean_email_once(value: str) -> str | None:
    text = re.sub(r"\s+", "", value).lower().removeprefix("mailto:").strip("<>\"'")
    local, at, domain = text.partition("@")
    if not at or not local or not domain or local in _NO_EMAIL_LOCAL:
        return None
    return text


def clean_email(value: str | None) -> str | None:
    """Trimmed, lower-case email without spaces or ``mailto:``; None without an ``@``.

    Obvious "no email" entries (``none@…``, ``noemail@…``) also give None.
    """
    if value is None:
        return None
    return settled(_clean_email_once, str(value))


def nhs_check_digit(first_nine: str) -> int | None:
    """The mod-11 check digit for nine digits (None when the remainder makes it 10: invalid)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def clean_nhs_number(value: str | None) -> str | None:
    """Ten digits with a valid mod-11 check digit, or None (``"943 476 5919"`` → ``"9434765919"``).

    A float artefact ``.0`` is dropped; one digit repeated (``0000000000``) gives None.
    """
    if value is None:
        return None
    digits = _digits(_TRAILING_ZERO_DECIMAL.sub("", str(value).strip()))
    if len(digits) != 10 or _same_digit(digits):
        return None
    return digits if nhs_check_digit(digits[:9]) == int(digits[9]) else None


def clean_ni_number(value: str | None) -> str | None:
    """First 8 characters of a valid National Insurance number (suffix dropped), or None.

    ``"jg 12 34 56 c"`` → ``"JG123456"``. Temporary ``TN`` numbers and invalid prefixes give None.
    """
    if value is None:
        return None
    text = _NOT_ALNUM.sub("", fold(str(value)))
    return text[:8] if NINO_PATTERN.match(text) else None


def clean_uprn(value: str | None) -> str | None:
    """UPRN as 1–12 digits without leading zeros (``"10008239651.0"`` → ``"10008239651"``)."""
    if value is None:
        return None
    text = _TRAILING_ZERO_DECIMAL.sub("", re.sub(r"\s+", "", str(value)))
    if not re.fullmatch(r"[0-9]+", text):
        return None
    text = text.lstrip("0")
    return text if 1 <= len(text) <= 12 else None


def clean_sex(value: str | None) -> str | None:
    """``"M"`` or ``"F"`` from M / MALE / MAN / BOY and F / FEMALE / WOMAN / GIRL; else None."""
    text = clean_text(value)
    return _SEX.get(text) if text else None


def clean_company_number(value: str | None) -> str | None:
    """Companies House number padded to 8 characters, or None.

    ``"123456"`` → ``"00123456"``; ``"sc 1234"`` → ``"SC001234"``.
    Digits-only numbers are padded with zeros; two-letter prefixes (SC, NI, OC, SO, NC, LP, FC …)
    are kept and the digits padded to 6. Other shapes, or all zeros, give None.
    """
    if value is None:
        return None
    text = _NOT_ALNUM.sub("", fold(_TRAILING_ZERO_DECIMAL.sub("", str(value).strip())))
    if re.fullmatch(r"[0-9]{1,8}", text):
        padded = text.zfill(8)
    elif m := re.fullmatch(r"([A-Z]{2})([0-9]{1,6})", text):
        padded = m[1] + m[2].zfill(6)
    elif re.fullmatch(r"[A-Z0-9]{8}", text):
        padded = text
    else:
        return None
    return padded if _digits(padded).strip("0") else None


def clean_code(value: str | None) -> str | None:
    """A reference code as capital letters and digits only, or None.

    ``"ab-123 456.0"`` → ``"AB123456"``; a zip code ``"90210-1234"`` → ``"902101234"``. Blanks,
    placeholders (UNKNOWN, N/A) and one character repeated (``0000000``) give None. Leading zeros
    are kept: they are part of the code.
    """
    if value is None:
        return None
    text = _TRAILING_ZERO_DECIMAL.sub("", str(value).strip())
    if is_placeholder_text(text):
        return None
    code = _NOT_ALNUM.sub("", fold(text))
    if not code or (len(code) >= 3 and _same_digit(code)):
        return None
    return code
