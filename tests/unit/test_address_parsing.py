"""Free-text addresses into flat, house number, street words and postcode."""

from __future__ import annotations

import pytest

from matching.address_match.parsing import (
    normalise,
    number_bounds,
    parse_address,
    places_from,
    premise_parts,
)

DALSTON = places_from(["DALSTON", "LONDON"])


@pytest.mark.parametrize(("text", "postcode", "flat", "number", "words"), [
    # ground truth: how an officer reads each address
    ("Flt 3, 45 Kingsland Rd, Dalston, London", None, "3", "45", ("KINGSLAND", "ROAD")),
    ("3/45 Mare Street", None, "3", "45", ("MARE", "STREET")),
    ("45 Mare Street, Flat 3", None, "3", "45", ("MARE", "STREET")),
    ("3 45 Mare Street", None, "3", "45", ("MARE", "STREET")),
    ("3 Marlowe Ho, Kingsland Road", None, "3", None, ("MARLOWE", "HOUSE", "KINGSLAND", "ROAD")),
    ("Flat 3, Marlowe House, 12 Kingsland Rd", None, "3", "12",
     ("MARLOWE", "HOUSE", "KINGSLAND", "ROAD")),
    ("Ground Floor Flat, 12 St Johns Rd", "N1 2AB", "GF", "12", ("ST", "JOHNS", "ROAD")),
    ("GND FLR FLAT 12 HIGH RD", None, "GF", "12", ("HIGH", "ROAD")),
    ("Basement, 12 High Road", None, "B", "12", ("HIGH", "ROAD")),
    ("Top Floor Flat 3 Amhurst Road", None, "TOP", "3", ("AMHURST", "ROAD")),
    ("Flat A, 23 High Street", None, "A", "23", ("HIGH", "STREET")),
    ("b, 332 ripple rd, barking", None, "B", "332", ("RIPPLE", "ROAD")),
    ("23 A High St", None, None, "23A", ("HIGH", "STREET")),
    ("Room 4, 17 Well Street", None, "4", "17", ("WELL", "STREET")),
    ("Saint Johns Road 4", None, None, "4", ("ST", "JOHNS", "ROAD")),
    ("4 St. John's Rd", None, None, "4", ("ST", "JOHNS", "ROAD")),
    ("12 London Road, London", None, None, "12", ("LONDON", "ROAD")),
])
def test_flat_number_and_street_words(text: str, postcode: str | None, flat: str | None,
                                      number: str | None, words: tuple[str, ...]) -> None:
    parsed = parse_address(text, postcode, places=DALSTON)
    assert (parsed.flat, parsed.number, parsed.words) == (flat, number, words)


@pytest.mark.parametrize(("text", "number"), [
    ("23A-24 Mare St", "23A-24"), ("23a - 24 Mare St", "23A-24"), ("5/6 High St", "5-6"),
    ("10-12 High St", "10-12"), ("92-92A High Road", "92-92A"),
])
def test_number_ranges_stay_whole(text: str, number: str) -> None:
    parsed = parse_address(text)
    assert parsed.number == number and parsed.flat is None


def test_a_slash_between_distant_numbers_is_a_flat_and_a_house() -> None:
    assert (parse_address("3/45 Mare St").flat, parse_address("3/45 Mare St").number) == ("3", "45")


def test_postcode_from_its_column_wins_over_one_in_the_text() -> None:
    parsed = parse_address("12 Mare St, London E8 1AB", "e8 2xy")
    assert parsed.postcode == "E8 2XY" and parsed.outward == "E8"
    assert "E8" not in (parsed.text or "").split()


def test_postcode_inside_the_text_is_found_and_taken_out() -> None:
    parsed = parse_address("12 Main Road, Romford RM1 2AB")
    assert parsed.postcode == "RM1 2AB" and parsed.words == ("MAIN", "ROAD")


def test_an_outward_code_alone_at_the_end_is_kept_as_the_district() -> None:
    parsed = parse_address("Flat3, 12 Main Rd, Romford, RM12")
    assert (parsed.postcode, parsed.outward, parsed.flat, parsed.number) == (None, "RM12", "3", "12")


def test_only_trailing_places_are_dropped() -> None:
    places = places_from(["Stoke Newington", "Leyton"])
    assert parse_address("9 Stoke Newington High St, Stoke Newington, London",
                         places=places).words == ("STOKE", "NEWINGTON", "HIGH", "STREET")
    assert parse_address("9 Church St, Stoke Newington", places=places).words == \
        ("CHURCH", "STREET")


def test_premise_is_the_same_however_flat_and_number_are_written() -> None:
    assert parse_address("Flat 3, 45 Mare St").premise == parse_address("3/45 Mare St").premise \
        == ("3", "45")
    assert premise_parts(["23A", "10-12"]) == ("10", "12", "23", "A")


def test_number_bounds() -> None:
    assert number_bounds("10-12") == (10, 12)
    assert number_bounds("92-92A") == (92, 92)
    assert number_bounds("23A") == (23, 23)
    assert number_bounds(None) == (None, None)


def test_normalise_keeps_numbers_and_joins_letters() -> None:
    assert normalise("  Flat 2, St. John's Rd  ") == "FLAT 2 ST JOHNS RD"
    assert normalise("Zoë Court, 12 a High St") == "ZOE COURT 12A HIGH ST"


def test_empty_text_parses_to_nothing() -> None:
    parsed = parse_address(None)
    assert parsed.text is None and parsed.premise == () and parsed.words == ()
