"""Date parsing to ISO ``YYYY-MM-DD``: day-first, 2-digit years, month names, Excel serials."""

from __future__ import annotations

import re
from datetime import date, timedelta

#: Default or sentinel dates that mean "not known"; nulled for matching.
PLACEHOLDER_DATES: frozenset[str] = frozenset(
    {"1900-01-01", "1899-12-30", "1899-12-31", "9999-12-31", "1800-01-01"}
)
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (10_000, 60_000)
_MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip
_MONTH_NAMES = frozenset(
    {
        "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "SEPT",
        "OCTOBER", "NOVEMBER", "DECEMBER",
    }
)  # fmt: skip
_TIME = re.compile(
    r"(?:T|\s+)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:AM|PM)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT = re.compile(r"\d{8}")
_DMY = re.compile(r"(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{4}|\d{2})")
_DAY_MONTH_NAME = re.compile(
    r"(\d{1,2})(?:ST|ND|RD|TH)?[-/.,\s]*([A-Z]{3,9})\.?[-/.,\s]*(\d{4}|\d{2})"
)
_MONTH_NAME_DAY = re.compile(r"([A-Z]{3,9})\.?\s+(\d{1,2})(?:ST|ND|RD|TH)?,?\s+(\d{4})")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(year: str, today: date) -> int:
    """Two-digit years pivot on today: a year that would be in the future goes to the 1900s."""
    if len(year) == 4:
        return int(year)
    full = 2000 + int(year)
    return full if full <= today.year else full - 100


def _month_number(name: str) -> int | None:
    month = _MONTHS.get(name[:3])
    if month is None or (len(name) > 3 and name not in _MONTH_NAMES):
        return None
    return month


def _parse_any(text: str, today: date, *, month_first: bool = False) -> date | None:
    """Parse one date string without rejecting sentinels (day-first when ambiguous, unless
    ``month_first``)."""
    text = _TIME.sub("", text.strip().upper()).strip()
    if _SERIAL.fullmatch(text):
        serial = int(float(text))
        low, high = EXCEL_SERIAL_RANGE
        return EXCEL_EPOCH + timedelta(days=serial) if low <= serial <= high else None
    if m := _YMD.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if _COMPACT.fullmatch(text):
        ymd = _make(int(text[:4]), int(text[4:6]), int(text[6:]))
        if ymd is not None and 1800 <= ymd.year <= today.year + 100:
            return ymd
        return _make(int(text[4:]), int(text[2:4]), int(text[:2]))
    if m := _DMY.fullmatch(text):
        year = _full_year(m[3], today)
        first, second = int(m[1]), int(m[2])
        if month_first:
            return _make(year, first, second) or _make(year, second, first)
        return _make(year, second, first) or _make(year, first, second)
    if m := _DAY_MONTH_NAME.fullmatch(text):
        month = _month_number(m[2])
        return _make(_full_year(m[3], today), month, int(m[1])) if month else None
    if m := _MONTH_NAME_DAY.fullmatch(text):
        month = _month_number(m[1])
        return _make(int(m[3]), month, int(m[2])) if month else None
    return None


def parse_date(value: str | None, *, drop_placeholders: bool = True,
               month_first: bool = False) -> str | None:
    """ISO ``YYYY-MM-DD`` for a date in any common UK layout, or None.

    Day-first when ambiguous (``03/04/1984`` → ``1984-04-03``); month-first only when day-first
    is impossible (``03/25/1984``). Two-digit years that would be in the future go to the 1900s.
    Excel serials 10000–60000 are accepted. Sentinels (1900-01-01, 9999-12-31, …), dates before
    1800 and future dates give None; with ``drop_placeholders=False`` they are kept. With
    ``month_first`` ambiguous dates are read the American way (``03/04/1984`` → 1984-03-04).

    Example: ``parse_date("12-Mar-1984")`` → ``"1984-03-12"``.
    """
    if value is None:
        return None
    today = date.today()
    parsed = _parse_any(str(value), today, month_first=month_first)
    if parsed is None:
        return None
    iso = parsed.isoformat()
    if drop_placeholders and (parsed.year < 1800 or parsed > today or iso in PLACEHOLDER_DATES):
        return None
    return iso


def is_placeholder_date(value: str | None) -> bool:
    """True if the value parses to a sentinel date (1900-01-01, 9999-12-31, …) or a future date.

    Accepts ISO text or any layout `parse_date` reads; unparseable values give False.
    """
    if value is None:
        return False
    today = date.today()
    parsed = _parse_any(str(value), today)
    return parsed is not None and (parsed.isoformat() in PLACEHOLDER_DATES or parsed > today)


def is_sentinel_date(value: str | None) -> bool:
    """True if the value parses to a default date such as 01/01/1900 or 9999-12-31."""
    if value is None:
        return False
    parsed = _parse_any(str(value), date.today())
    return parsed is not None and parsed.isoformat() in PLACEHOLDER_DATES
