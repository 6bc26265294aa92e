"""The vectorised cleaning gives exactly what the Python cleaners (the specification) give.

Every fast form (`FAST_PATHS`) and derived key (`DERIVED_KEYS`) is run against its Python
function on the sample data, synthetic benchmark data, hand-picked edge cases and generated
text (any Unicode, and words and shapes that exercise each rule).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import synth
from matching.addresses import address_numbers, address_words, standardise_address
from matching.cleaning_fast import (
    DERIVED_KEYS,
    FAST_PATHS,
    address_keys,
    clean_distinct,
    fast_path,
    map_distinct,
)
from matching.cleaning_steps import (
    ALIAS_STEP,
    STEPS_BY_ROLE,
    clean_column,
    cleaner_for,
    default_steps,
)
from matching.roles import Role

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
FAST_ROLES = {Role.FIRST_NAME, Role.MIDDLE_NAMES, Role.SURNAME, Role.FULL_NAME,
              Role.DATE_OF_BIRTH, Role.ADDRESS, Role.POSTCODE, Role.EMAIL, Role.NHS_NUMBER,
              Role.UPRN, Role.COMPANY_NAME, Role.OTHER}

EDGE_CASES = [
    # text and addresses
    "", " ", "  Flat 2, St. John's Rd ", "12 ST JOHNS RD", "ST JOHNS WOOD RD", "1 ST 2",
    "23 A HIGH ST", "23 A", "23 A B", "1 A 2 B C", "FLAT 3 45 KINGSLAND RD", "RD", "ST", "ST 5",
    "4 ST ST", "A ST ST X", "12AB 3 C D", "Flt 3 & 4", "N/A", "unknown", "-", "?", "_x_", "a_b",
    "12 Apt 4 Gdns", " ".join(["ST"] * 30), " ".join(str(i) for i in range(40)), "tab\there",
    "line\nbreak", "x\x1cy", "Zoë Lane", "Straße 5", "٣ Road", "ﬁeld Rd", "Ⅻ ST",
    # names
    "Mr Robert O'Brien (known as Bob)", "  zoë   SMITH-JONES ", "Dr. Ann Mc Donald", "BABY BOY",
    "Mary Jones aka Mary Brown", "Rev Fr. Seán Ó Briain", "née Patel", "MC MAC X", "O O O X",
    "A O MC X", "A MC O", "MR", "SIR", "SIR LORD", "LORD SIR X", "RT HON JOHN", "RTHON X",
    "MR & MRS SMITH", "KNOWN MR AS X", "ALSO KNOWN AS", "Twin 2", "BABY OF SMITH", "NK", "X",
    "J. Smith", "A.K.A. Bob", "K/A Bob", "Smith/Jones", 'John "Jack" Smith', "O'", "mc",
    "MESSRS SMITH", "Capt O Neill", "baby girl 1",
    # dates
    "03/04/1984", "3/4/84", "03/25/1984", "25/03/1984", "29/02/1900", "29/02/2000",
    "31/04/2001", "00/00/0000", "0000-01-01", "1984-02-30", "1984-2-3", "1984.02.03",
    "1984/02/03", "12-Mar-1984", "12 mar 1984", "12-Sept-1984", "12-Xyz-1984", "12-MAR-84",
    "30775", "09999", "60001", "10000", "30775.5", "01/01/1900", "1899-12-30", "9999-12-31",
    "31/12/2099", "01/01/1799", "12/03/27", "12/03/99", "19840312", " 03/04/1984", "1984-03-12T10:00",
    # postcodes
    "sw1a1aa", "SW1A 1AA", "e1o 6an", "E1O6AN", "OX1 1AA", "0X1 1AA", "1G1 1AA", "ZZ99 3VZ",
    "E8", "E84", "GIR 0AA", "gir0aa", "W1A 0AX", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH",
    "DN55 1PT", "E1L 6AN", "N1 OAA", "N1 IAA", "N1 LAA", "QQ1 1AA", "E1 6AN X",
    # emails, phones, numbers
    " Ann.Lee@Example.COM ", "mailto:a@b.com", "<a@b.com>", "none@x.com", "a@", "@b", "a@b@c",
    "'a@b'", "A B@C", "943 476 5919", "9434765919", "9434765918", "0000000000", "9434765919.0",
    " 943 476 5919 ", "10008239651.0", "0010008239651", "123456789012345", "00000", "1 2 3",
    "+44 (0)20 7946 0123", "020 7946 0123", "07700 900123",
]
VOCABULARY = [
    "ST", "RD", "AVE", "GDNS", "MR", "MRS", "DR", "SIR", "LORD", "DAME", "MC", "MAC", "O", "AKA",
    "KNOWN", "AS", "NEE", "FORMERLY", "ALSO", "BABY", "BOY", "TWIN", "OF", "1", "23", "007", "A",
    "B", "I", "FLAT", "LONDON", "HIGH", "John", "o'brien", "Smith-Jones", "&", "(Bob)",
    "a.k.a.", "Zoë", "ß", "mailto:", "@", "x@y.com", "<", ">", "E1O", "6AN", "sw1a", "1aa",
    "ZZ99", "12/03/1984", "1984-03-12", "12-Mar-1984", "29/02/1900", "30775", "01/01/1900",
    "9434765919", "0", ".0", "-", "/", ".", ",", "N/A", "UNKNOWN", "\t", "Ⅻ", "٣", "ﬁ", "`",
    "’", '"', "_",
]
SHAPES = [
    r"\A\d{1,2}[-/. ]\d{1,2}[-/. ](\d{2}|\d{4})\Z", r"\A\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\Z",
    r"\A\d{5}(\.\d)?\Z", r"\A\d{1,2}[- ][A-Za-z]{3,4}[- ]\d{2,4}\Z",
    r"\A[A-Z0-9OIL]{2,4} ?[0-9OIL][A-Z]{2}\Z", r"\A[0-9 ]{9,13}(\.0+)?\Z",
    r"\A[a-z.]{0,6}@[a-z.]{0,6}\Z",
]


def _synthetic_values() -> list[str]:
    frames = [*synth.link_job(2_000).values(), *synth.dedupe_job(2_000).values()]
    return _column_values(frames)


def _column_values(frames: list[pl.DataFrame]) -> list[str]:
    values: set[str] = set()
    for frame in frames:
        for column in frame.columns:
            values.update(frame[column].cast(pl.String).drop_nulls().to_list())
    return sorted(values)


def _sample_values() -> list[str]:
    frames = [pl.read_csv(path, infer_schema=False) for path in sorted(SAMPLE_DATA.glob("*.csv"))]
    return _column_values(frames)


def _mismatches(values: list[str]) -> list[tuple[str, str, object, object]]:
    """(function, value, fast result, Python result) wherever they differ."""
    series = pl.Series(values, dtype=pl.String)
    found = []
    for clean, fast in FAST_PATHS.items():
        got = clean_distinct(series, clean, fast).to_list()
        found += [(clean.__name__, v, g, clean(v)) for v, g in zip(values, got, strict=True)
                  if g != clean(v)]
    for key, keys in DERIVED_KEYS.items():
        got = keys(series).to_list()
        found += [(key.__name__, v, g, key(v)) for v, g in zip(values, got, strict=True)
                  if g != key(v)]
    return found


def test_fast_cleaning_equals_python_on_edge_cases() -> None:
    assert _mismatches(sorted(set(EDGE_CASES))) == []


def test_fast_cleaning_equals_python_on_sample_and_synthetic_data() -> None:
    values = sorted(set(_sample_values()) | set(_synthetic_values()))
    assert len(values) > 20_000
    assert _mismatches(values) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=25), min_size=1, max_size=40, unique=True))
def test_fast_cleaning_equals_python_on_any_text(values: list[str]) -> None:
    assert _mismatches(values) == []


_JOINED = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=7).flatmap(
    lambda words: st.sampled_from([" ", "", "  ", "-", ", ", "/"]).map(lambda sep: sep.join(words))
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_JOINED, *(st.from_regex(s) for s in SHAPES)), min_size=1,
                max_size=40, unique=True))
def test_fast_cleaning_equals_python_on_words_and_shapes(values: list[str]) -> None:
    assert _mismatches(values) == []


def _step_choices(role: Role) -> list[tuple[str, ...]]:
    """The default steps, and the default steps with each one turned off."""
    usual = default_steps(role)
    return [usual] + [tuple(s for s in usual if s != off) for off in usual]


@pytest.mark.parametrize("role", list(Role))
def test_clean_column_equals_the_value_cleaner_for_every_step_choice(role: Role) -> None:
    values = [None, *EDGE_CASES, *_sample_values()[:3_000], None]
    series = pl.Series("col", values, dtype=pl.String)
    for steps in _step_choices(role):
        clean = cleaner_for(role, steps)
        cleaned = clean_column(series, role, steps)
        assert cleaned.name == "col"
        assert cleaned.to_list() == [clean(v) for v in values], steps


@pytest.mark.parametrize("role", sorted(FAST_ROLES, key=lambda r: r.value))
def test_default_cleaning_of_common_roles_is_vectorised(role: Role) -> None:
    steps = [s.key for s in STEPS_BY_ROLE[role] if s.default and s.key != ALIAS_STEP]
    assert fast_path(cleaner_for(role, steps)) is not None


def test_map_distinct_keeps_length_order_nulls_and_name() -> None:
    calls: list[str] = []

    def shout(value: str) -> str:
        calls.append(value)
        return value.upper()

    series = pl.Series("x", ["b", None, "a", "b", "a"])
    assert map_distinct(series, shout).to_list() == ["B", None, "A", "B", "A"]
    assert map_distinct(series, shout).name == "x"
    assert sorted(calls) == ["a", "a", "b", "b"]  # once per distinct value per call
    numbers = pl.Series("n", [10008239651.0, None])
    clean: Callable[[str], object] = str.upper
    assert map_distinct(numbers, clean).to_list() == ["10008239651.0", None]


def test_address_keys_equal_cleaning_then_numbers_and_words() -> None:
    values = [None, *EDGE_CASES, *_sample_values()[:3_000], None]
    cleaned, numbers, words = address_keys(pl.Series("a", values, dtype=pl.String),
                                           standardise_address)
    expected = [standardise_address(v) for v in values]
    assert cleaned.to_list() == expected
    assert numbers.to_list() == [address_numbers(v) for v in expected]
    assert words.to_list() == [address_words(v) for v in expected]
