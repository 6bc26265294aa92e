"""The one-sentence reason for a pair's score, from a hand-made waterfall."""

from __future__ import annotations

import polars as pl

from matching.explain import pair_reason

SCHEMA = {"step": pl.String, "description": pl.String, "value_l": pl.String,
          "value_r": pl.String, "weight": pl.Float64, "kind": pl.String}


def _steps(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    return pl.DataFrame(
        [("Starting point", "how rare matches are among all pairs", None, None, -12.0, "absolute"),
         *rows, ("Final match weight", "", None, None, 3.0, "total")],
        schema=SCHEMA, orient="row")


def test_reason_lists_agreements_near_misses_differences_and_gaps() -> None:
    steps = _steps([
        ("first_name", "Similar name (Jaro-Winkler > 0.88)", "BOB, BB", "ROBERT, RBRT", 3.1,
         "relative"),
        ("first_name", "adjustment for how common the value is", "BOB", "ROBERT", 0.2, "relative"),
        ("surname", "Exactly the same name", "SMITH", "SMITH", 6.0, "relative"),
        ("date_of_birth", "Exact match", "1980-01-02", "1980-01-02", 8.0, "relative"),
        ("postcode", "Exact match", "E1 6AN", "E1 6AN", 5.0, "relative"),
        ("address", "Different", "1 HIGH ST", "9 LOW ROAD", -2.5, "relative"),
        ("phone", "Missing", None, "0207", 0.0, "relative"),
    ])
    records = pl.DataFrame({"field": ["record ID", "first_name", "address"],
                            "record_1": ["A1", "Bob", "1 High St"],
                            "record_2": ["B7", "Robert", "9 Low Road"]})
    assert pair_reason(steps, records) == (
        "Same surname, date of birth and postcode; first name similar (Bob ~ Robert); "
        "address differs (1 High St vs 9 Low Road); no phone to compare."
    )
    assert pair_reason(steps).startswith("Same surname, date of birth and postcode; "
                                         "first name similar (BOB, BB ~ ROBERT, RBRT)")


def test_reason_with_one_agreement_and_long_values() -> None:
    long = "Flat 12, Some Very Long Building Name, 123 Street"
    steps = _steps([("surname", "Exactly the same name", "X", "X", 6.0, "relative"),
                    ("address", "Different", long, "2 B Rd", -1.0, "relative")])
    assert pair_reason(steps) == (
        "Same surname; address differs (Flat 12, Some Very Long Build… vs 2 B Rd)."
    )
    assert pair_reason(_steps([])) == "Nothing was compared for this pair."
