"""UK-aware cleaning rules: examples with expected values, odd inputs and properties."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.cleaning import (
    CLEANERS,
    CleaningSummary,
    PostcodeParts,
    canonical_forename,
    clean_code,
    clean_company_number,
    clean_email,
    clean_name,
    clean_nhs_number,
    clean_ni_number,
    clean_phone,
    clean_postcode,
    clean_record_id,
    clean_series,
    clean_sex,
    clean_text,
    clean_uprn,
    extract_alias,
    is_no_fixed_abode,
    is_placeholder_date,
    is_placeholder_name,
    is_placeholder_value,
    parse_date,
    phonetic_key,
    postcode_outward,
    postcode_parts,
    split_full_name,
    summarise_cleaning,
)
from matching.cleaning_postcodes import POSTCODE_PATTERN
from matching.reference import NAME_VARIANTS_PATH
from matching.roles import Role

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)
CLEANER_FUNCTIONS: list[Callable[[str | None], str | None]] = [
    clean_text,
    clean_name,
    parse_date,
    clean_postcode,
    clean_phone,
    clean_email,
    clean_nhs_number,
    clean_ni_number,
    clean_uprn,
    clean_sex,
    clean_company_number,
    clean_record_id,
    canonical_forename,
    postcode_outward,
]


def check(fn: Callable[[str | None], object], cases: list[tuple[str | None, object]]) -> None:
    for given_value, expected in cases:
        assert fn(given_value) == expected, given_value


def test_clean_text() -> None:
    check(
        clean_text,
        [
            ("  Flat 2, St. John's Rd ", "FLAT 2 ST JOHNS RD"),
            ("Café  Crème", "CAFE CREME"),
            ("Smith & Sons Ltd.", "SMITH AND SONS LTD"),
            ("23A - 24", "23A 24"),
            ("ＡＢＣ", "ABC"),  # full-width letters
            ("N/A", None),
            ("unknown", None),
            ("Not Known", None),
            ("-", None),
            ("?", None),
            ("TBC", None),
            ("   ", None),
            ("", None),
            (None, None),
        ],
    )


def test_clean_name() -> None:
    check(
        clean_name,
        [
            ("Robert (known as Bob)", "ROBERT"),
            ("Mr Robert O'Brien", "ROBERT OBRIEN"),
            ("o brien", "OBRIEN"),
            ("MC DONALD", "MCDONALD"),
            ("Mac Donald", "MACDONALD"),
            ("Smith-Jones", "SMITH JONES"),
            ("Mary Smith née Jones", "MARY SMITH"),
            ("Robert aka Bob", "ROBERT"),
            ("Bob a.k.a. Bobby", "BOB"),
            ('John "Jack" Smith', "JOHN SMITH"),
            ("Dr. Ahmed Al-Hassan", "AHMED AL HASSAN"),
            ("Rev Dr Jane Doe", "JANE DOE"),
            ("MSTR ALFIE", "ALFIE"),
            ("Lady Jane", "JANE"),
            ("Lord", "LORD"),  # a surname, not a title, when alone
            ("Rt Hon John Smith", "JOHN SMITH"),
            ("Hon", "HON"),
            ("Zoë", "ZOE"),
            ("José", "JOSE"),
            ("Paweł", "PAWEL"),  # Ł has no mark to drop: "Pawel" and "Paweł" must agree
            ("ŁUKASZ Søren", "LUKASZ SOREN"),
            ("Mr", None),
            ("BABY BOY", None),
            ("Baby Girl", None),
            ("Twin 1", None),
            ("Baby of Smith", None),
            ("UNKNOWN", None),
            ("not known", None),
            ("", None),
            (None, None),
        ],
    )


def test_extract_alias() -> None:
    check(
        extract_alias,
        [
            ("Robert (known as Bob)", "BOB"),
            ("Robert aka Bob", "BOB"),
            ("Robert also known as Bob", "BOB"),
            ("Mary Smith nee Jones", "JONES"),
            ("Robert (Bob)", "BOB"),
            ("Robert", None),
            (None, None),
        ],
    )


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Mr John Smith", ("JOHN", None, "SMITH")),
        ("SMITH, John", ("JOHN", None, "SMITH")),
        ("SMITH, Mr John Paul", ("JOHN", "PAUL", "SMITH")),
        ("SMITH John", ("JOHN", None, "SMITH")),  # capitalised surname first
        ("John Paul Smith", ("JOHN", "PAUL", "SMITH")),
        ("MR JOHN SMITH", ("JOHN", None, "SMITH")),
        ("Mary Smith-Jones", ("MARY", None, "SMITH JONES")),
        ("Ana de Souza", ("ANA", None, "DE SOUZA")),
        ("John Smith, nee Brown", ("JOHN", None, "SMITH")),
        ("Robert (Bob) Smith", ("ROBERT", None, "SMITH")),
        ("Smith", (None, None, "SMITH")),
        ("Baby Boy", (None, None, None)),
        ("", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_split_full_name(full_name: str | None, expected: tuple[str | None, ...]) -> None:
    assert split_full_name(full_name) == expected


def test_parse_date() -> None:
    check(
        parse_date,
        [
            ("1984-03-12", "1984-03-12"),
            ("1984-03-12 00:00:00", "1984-03-12"),
            ("1984-03-12T10:30:00Z", "1984-03-12"),
            ("12/03/1984", "1984-03-12"),  # day first
            ("12-03-1984", "1984-03-12"),
            ("12.03.1984", "1984-03-12"),
            ("12/03/1984 00:00", "1984-03-12"),
            ("1/2/84", "1984-02-01"),
            ("1/2/25", "2025-02-01"),
            ("1/2/27", "1927-02-01"),  # 2027 would be in the future
            ("03/25/1984", "1984-03-25"),  # day-first impossible, so month-first
            ("12-Mar-1984", "1984-03-12"),
            ("12 March 1984", "1984-03-12"),
            ("12th Mar 84", "1984-03-12"),
            ("March 12, 1984", "1984-03-12"),
            ("19840312", "1984-03-12"),
            ("12031984", "1984-03-12"),
            ("30753", "1984-03-12"),  # Excel serial
            ("30753.0", "1984-03-12"),
            ("9999", None),  # below the serial range
            ("31/02/1984", None),
            ("01/01/1900", None),
            ("1900-01-01", None),
            ("1899-12-31", None),
            ("31/12/9999", None),
            ("1800-01-01", None),
            ("2999-01-01", None),
            ("12 Marchish 1984", None),
            ("not a date", None),
            ("", None),
            (None, None),
        ],
    )


def test_parse_date_rejects_tomorrow() -> None:
    tomorrow = date.today() + timedelta(days=1)
    assert parse_date(tomorrow.isoformat()) is None
    assert parse_date(date.today().isoformat()) == date.today().isoformat()


def test_is_placeholder_date() -> None:
    check(
        is_placeholder_date,
        [
            ("1900-01-01", True),
            ("01/01/1900", True),
            ("9999-12-31", True),
            ("2999-05-01", True),
            ("1984-03-12", False),
            ("rubbish", False),
            (None, False),
        ],
    )


def test_clean_postcode() -> None:
    check(
        clean_postcode,
        [
            ("sw1a1aa", "SW1A 1AA"),
            (" SW1A  1AA ", "SW1A 1AA"),
            ("EC1A 1BB", "EC1A 1BB"),
            ("W1A 0AX", "W1A 0AX"),
            ("E1W 1AA", "E1W 1AA"),
            ("N1C 4AG", "N1C 4AG"),
            ("NW1W 7AA", "NW1W 7AA"),
            ("GIR 0AA", "GIR 0AA"),
            ("W1A OAX", "W1A 0AX"),  # letter O repaired to zero in the inward code
            ("E8 IAA", "E8 1AA"),
            ("E8 LAA", "E8 1AA"),
            ("0X1 1AA", "OX1 1AA"),  # zero repaired to letter O in the outward code
            ("E1O 5TG", "E10 5TG"),  # O never follows a digit in an outward code
            ("N1I 1AA", "N11 1AA"),
            ("se15-4ql", "SE15 4QL"),
            ("ZZ99 3VZ", None),  # pseudo: no fixed abode
            ("ZZ99 3WZ", None),
            ("E8", None),  # outward only
            ("E8 1CA", None),  # C never appears in the inward code
            ("QQ1 1AA", None),
            ("SW1A 1AAA", None),
            ("", None),
            (None, None),
        ],
    )


def test_postcode_parts_and_outward() -> None:
    assert postcode_parts("sw1a1aa") == PostcodeParts("SW", "SW1A", "SW1A 1")
    assert postcode_parts("E8 1AA") == PostcodeParts("E", "E8", "E8 1")
    assert postcode_parts("E8") is None
    check(
        postcode_outward,
        [("e8", "E8"), ("SW1A 1AA", "SW1A"), ("N16", "N16"), ("e1o", "E10"), ("XX", None)],
    )


def test_is_no_fixed_abode() -> None:
    check(
        is_no_fixed_abode,
        [("ZZ99 3VZ", True), ("zz993wz", True), ("NFA", True), ("E8 1AA", False), (None, False)],
    )


def test_clean_phone() -> None:
    check(
        clean_phone,
        [
            ("+44 (0)20 7946 0123", "02079460123"),
            ("020 7946 0123", "02079460123"),
            ("0207-946-0123", "02079460123"),
            ("07700 900123", "07700900123"),
            ("+447700900123", "07700900123"),
            ("447700900123", "07700900123"),
            ("0044 7700 900123", "07700900123"),
            ("7700900123", "07700900123"),  # leading zero lost in a spreadsheet
            ("+33 1 23 45 67 89", "+33123456789"),
            ("12345678901234567890123", "12345678901234567890123"),  # unparseable: digits
            ("12345", None),
            ("00000000000", None),
            ("none", None),
            (None, None),
        ],
    )


def test_clean_email() -> None:
    check(
        clean_email,
        [
            ("  John.Smith@Example.COM ", "john.smith@example.com"),
            ("mailto:a@b.com", "a@b.com"),
            ("<a@b.com>", "a@b.com"),
            ("john smith @ example.com", "johnsmith@example.com"),
            ("none@none.com", None),
            ("no email", None),
            ("@", None),
            (None, None),
        ],
    )


def test_clean_nhs_number() -> None:
    check(
        clean_nhs_number,
        [
            ("943 476 5919", "9434765919"),
            ("943-476-5919", "9434765919"),
            ("9434765919.0", "9434765919"),
            ("9434765918", None),  # wrong check digit
            ("943476591", None),  # nine digits
            ("0000000000", None),
            ("4010232137", "4010232137"),
            (None, None),
        ],
    )


def test_clean_ni_number() -> None:
    check(
        clean_ni_number,
        [
            ("JG123456C", "JG123456"),
            ("jg 12 34 56 c", "JG123456"),
            ("JG 12 34 56", "JG123456"),
            ("TN123456A", None),  # temporary number
            ("QQ123456C", None),  # Q is never a first letter
            ("GB123456A", None),
            ("JG123456E", None),  # suffix must be A-D
            ("JG12345", None),
            (None, None),
        ],
    )


def test_clean_uprn() -> None:
    check(
        clean_uprn,
        [
            ("10008239651.0", "10008239651"),
            ("10008239651", "10008239651"),
            ("0010008239651", "10008239651"),
            (" 100 082 ", "100082"),
            ("1.0008E+10", None),  # lossy scientific notation
            ("0", None),
            ("1234567890123", None),
            ("abc", None),
            (None, None),
        ],
    )


def test_clean_sex() -> None:
    check(
        clean_sex,
        [
            ("Male", "M"),
            ("m", "M"),
            ("BOY", "M"),
            ("Female", "F"),
            ("woman", "F"),
            ("Girl", "F"),
            ("U", None),
            ("Unknown", None),
            (None, None),
        ],
    )


def test_clean_company_number() -> None:
    check(
        clean_company_number,
        [
            ("123456", "00123456"),
            ("01234567", "01234567"),
            ("12345678.0", "12345678"),
            ("SC1234", "SC001234"),
            ("sc 001234", "SC001234"),
            ("OC301234", "OC301234"),
            ("0", None),
            ("ABC", None),
            (None, None),
        ],
    )


def test_clean_record_id_keeps_case_and_zeros() -> None:
    check(clean_record_id, [(" 007a ", "007a"), ("  ", None), (None, None)])


def test_phonetic_key() -> None:
    assert phonetic_key("Smith") == "SM0"
    assert phonetic_key("Mohammed") == phonetic_key("Muhammad")
    assert phonetic_key("Mr Smith") == "SM0"
    assert phonetic_key("Иван") is None  # no Latin letters
    assert phonetic_key(None) is None


def test_canonical_forename() -> None:
    check(
        canonical_forename,
        [
            ("Bob", "ROBERT"),
            ("rob", "ROBERT"),
            ("Robbie", "ROBERT"),
            ("Robert", "ROBERT"),
            ("Bill", "WILLIAM"),
            ("Liz", "ELIZABETH"),
            ("Beth", "ELIZABETH"),
            ("Peggy", "MARGARET"),
            ("Mohammed", "MOHAMMED"),
            ("Muhammad", "MOHAMMED"),
            ("Mohamed", "MOHAMMED"),
            ("Mohammad", "MOHAMMED"),
            ("Mary Jane", "MARY"),  # first token only
            ("Ali", "ALI"),
            ("Zara", "ZARA"),  # not in any list: unchanged
            ("Mr Bob", "ROBERT"),
            (None, None),
        ],
    )


def test_name_variant_supplement_is_consistent() -> None:
    with NAME_VARIANTS_PATH.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    variants = [row["variant"] for row in rows]
    assert len(variants) == len(set(variants)), "a variant is listed twice"
    for row in rows:
        assert row["variant"].isalpha() and row["variant"].isupper()
        assert canonical_forename(row["variant"]) == canonical_forename(row["canonical"])


def test_is_placeholder_name() -> None:
    check(
        is_placeholder_name,
        [
            ("Baby Boy", True),
            ("twin 2", True),
            ("Baby of Smith", True),
            ("Baby", True),
            ("Smith", False),
            ("Unknown Smith", False),
            (None, False),
        ],
    )


def test_is_placeholder_value() -> None:
    check(
        is_placeholder_value,
        [
            ("01/01/1900", True),
            ("1900-01-01", True),
            ("UNKNOWN", True),
            ("N/A", True),
            ("-", True),
            ("?", True),
            ("ZZ99 3VZ", True),
            ("00000000000", True),
            ("999 999", True),
            ("BABY BOY", True),
            ("12345", False),
            ("111", False),  # too short to be a filler
            ("John", False),
            ("MR", False),
            ("1984-03-12", False),
            ("", False),
            (None, False),
        ],
    )


def test_cleaners_cover_every_role() -> None:
    assert set(CLEANERS) == set(Role)
    assert CLEANERS[Role.FULL_NAME] is clean_name
    assert CLEANERS[Role.ADDRESS] is clean_text


# --- properties -------------------------------------------------------------------------


@pytest.mark.parametrize("cleaner", CLEANER_FUNCTIONS, ids=lambda f: f.__name__)
@PROPERTY_SETTINGS
@given(value=st.text(max_size=40))
def test_cleaners_never_raise_and_are_idempotent(
    cleaner: Callable[[str | None], str | None], value: str
) -> None:
    once = cleaner(value)
    assert once is None or isinstance(once, str)
    assert cleaner(once) == once


POSTCODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ol-"


@PROPERTY_SETTINGS
@given(value=st.text(alphabet=POSTCODE_ALPHABET, max_size=10))
def test_clean_postcode_output_always_validates(value: str) -> None:
    cleaned = clean_postcode(value)
    assert cleaned is None or POSTCODE_PATTERN.match(cleaned)
    parts = postcode_parts(value)
    assert (parts is None) == (cleaned is None)


@PROPERTY_SETTINGS
@given(day=st.dates(min_value=date(1901, 1, 1), max_value=date(2020, 12, 31)))
def test_parse_date_round_trips_uk_layouts(day: date) -> None:
    for text in (day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d-%b-%Y")):
        assert parse_date(text) == day.isoformat()


@PROPERTY_SETTINGS
@given(value=st.text(max_size=40))
def test_split_full_name_never_raises(value: str) -> None:
    parts = split_full_name(value)
    assert len(parts) == 3
    assert all(p is None or p == p.strip() for p in parts)


# --- columns ----------------------------------------------------------------------------


def test_clean_series_keeps_length_order_name_and_matches_per_value() -> None:
    values = ["sw1a1aa", None, "E8 IAA", "sw1a1aa", "", "ZZ99 3VZ", "E8"]
    series = pl.Series("postcode", values)
    cleaned = clean_series(series, Role.POSTCODE)
    assert cleaned.name == "postcode"
    assert cleaned.dtype == pl.Utf8
    # ground truth: per-value cleaning, same order
    assert cleaned.to_list() == ["SW1A 1AA", None, "E8 1AA", "SW1A 1AA", None, None, None]
    assert cleaned.to_list() == [clean_postcode(v) for v in values]


def test_clean_series_casts_non_text_columns() -> None:
    uprns = pl.Series("uprn", [10008239651.0, None, 12.0])
    assert clean_series(uprns, Role.UPRN).to_list() == ["10008239651", None, "12"]
    dobs = pl.Series("dob", [date(1984, 3, 12), None])
    assert clean_series(dobs, Role.DATE_OF_BIRTH).to_list() == ["1984-03-12", None]


def test_clean_series_matches_per_value_on_random_names() -> None:
    rng = random.Random(42)
    pool = ["Mr Bob Smith", "o'brien", "BABY BOY", "Zoë", None, "mc donald", "  ", "Smith-Jones"]
    values = [rng.choice(pool) for _ in range(500)]
    cleaned = clean_series(pl.Series("name", values), Role.SURNAME)
    assert cleaned.len() == 500
    assert cleaned.to_list() == [clean_name(v) for v in values]


def test_clean_series_empty_and_all_null() -> None:
    assert clean_series(pl.Series("x", [], dtype=pl.Utf8), Role.OTHER).len() == 0
    nulls = clean_series(pl.Series("x", [None, None]), Role.EMAIL)
    assert nulls.to_list() == [None, None]
    assert nulls.dtype == pl.Utf8


def test_summarise_cleaning_counts() -> None:
    before = pl.Series("pc", ["sw1a1aa", "sw1a1aa", "E8 1AA", "ZZ99 3VZ", None, "", "E8"])
    after = clean_series(before, Role.POSTCODE)
    summary = summarise_cleaning(before, after, Role.POSTCODE)
    # ground truth: two rows rewritten (sw1a1aa ×2); ZZ99 and E8 nulled; "" and None had nothing
    assert summary == CleaningSummary(
        role=Role.POSTCODE,
        changed=2,
        nulled=2,
        examples=(("sw1a1aa", "SW1A 1AA"), ("E8", None), ("ZZ99 3VZ", None)),
        rows=7,
    )


def test_summarise_cleaning_caps_examples_at_five() -> None:
    before = pl.Series("n", [f"mr name{i}" for i in range(10)])
    summary = summarise_cleaning(before, clean_series(before, Role.FIRST_NAME), Role.FIRST_NAME)
    assert summary.changed == 10
    assert summary.nulled == 0
    assert len(summary.examples) == 5


def test_codes_keep_letters_and_digits() -> None:
    assert clean_code("ab-123 456.0") == "AB123456"
    assert clean_code("90210-1234") == "902101234"
    assert clean_code("0042") == "0042"  # leading zeros are part of a code
    assert clean_code("0000000") is None  # one character repeated: a placeholder
    assert clean_code("N/A") is None
    assert clean_code("  ") is None
    assert clean_code(None) is None


def test_american_dates_can_be_read_month_first() -> None:
    assert parse_date("03/04/1984") == "1984-04-03"
    assert parse_date("03/04/1984", month_first=True) == "1984-03-04"
    assert parse_date("25/04/1984", month_first=True) == "1984-04-25"  # only one reading


def test_company_names_write_legal_forms_one_way() -> None:
    from matching.company_names import clean_company_name

    assert clean_company_name("The Acme Trading Company Limited") == "ACME TRADING CO LTD"
    assert clean_company_name("Powell & Sons Interiors Ltd.") == \
        clean_company_name("POWELL AND SONS INTERIORS LIMITED")
    assert clean_company_name("Widgets Public Limited Company") == "WIDGETS PLC"
    assert clean_company_name("  ") is None
