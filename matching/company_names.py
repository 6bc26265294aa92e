"""Company names for matching: the same legal form written the same way ("Limited" and "Ltd",
"Public Limited Company" and "PLC"), and no leading "The"."""

from __future__ import annotations

import re

from matching.cleaning_text import clean_text

#: Legal forms and common words, in their usual short form (after ``clean_text``: capitals,
#: "&" as AND, no punctuation).
FORMS: tuple[tuple[str, str], ...] = (
    (r"\bPUBLIC LIMITED COMPANY\b", "PLC"),
    (r"\bLIMITED LIABILITY PARTNERSHIP\b", "LLP"),
    (r"\bCOMMUNITY INTEREST COMPANY\b", "CIC"),
    (r"\bLIMITED\b", "LTD"),
    (r"\bCOMPANY\b", "CO"),
    (r"\bBROTHERS\b", "BROS"),
    (r"\bINCORPORATED\b", "INC"),
    (r"\bCORPORATION\b", "CORP"),
    (r"^THE ", ""),
)
_FORMS = [(re.compile(pattern), short) for pattern, short in FORMS]


def standard_company_name(text: str) -> str:
    """``text`` (already cleaned) with legal forms in one spelling:
    "THE ACME TRADING COMPANY LIMITED" → "ACME TRADING CO LTD"."""
    for pattern, short in _FORMS:
        text = pattern.sub(short, text)
    return " ".join(text.split())


def clean_company_name(value: str | None) -> str | None:
    """A company name cleaned as text, then with its legal form standardised."""
    text = clean_text(value)
    return None if text is None else (standard_company_name(text) or None)
