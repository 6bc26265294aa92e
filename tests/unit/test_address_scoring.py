"""What the address model compares and blocks on, its reasons in words, and accuracy."""

from __future__ import annotations

import duckdb
import polars as pl

from matching.address_match import features
from matching.address_match.config import DecisionRule
from matching.address_match.evaluate import accuracy, accuracy_curve
from matching.address_match.inputs import parsed_frame
from matching.address_match.model import (
    COMPARISONS,
    NUMBERS,
    POSTCODE,
    WORDS,
    AddressComparison,
)
from matching.address_match.parsing import parse_address
from matching.address_match.reasons import PHRASES, comparison_reason, decision_note


def _frame(*addresses: tuple[str, str | None]) -> pl.DataFrame:
    return parsed_frame(parse_address(text, postcode) for text, postcode in addresses)


def test_a_misspelt_word_is_read_as_the_lists_nearest_word() -> None:
    reference = _frame(("12 Kingsland Road", None), ("4 Albion Road", None), ("1 Church St", None))
    counts = features.word_counts(reference)
    fixes = features.repairs(duckdb.connect(), pl.Series([["KINGSLADN", "ROAD"], ["ALBOIN"],
                                                          ["CHRUCH"], ["ZZZZZZ"], ["RAOD"]]),
                             counts)
    # ground truth: transposed and dropped letters are one or two edits away
    assert fixes == {"KINGSLADN": "KINGSLAND", "ALBOIN": "ALBION", "CHRUCH": "CHURCH",
                     "RAOD": "ROAD"}


def test_rare_words_carry_more_information_than_common_ones() -> None:
    reference = _frame(("1 Mare Street", None), ("2 Mare Street", None), ("3 Well Street", None),
                       ("4 Keats Road", None))
    counts = features.word_counts(reference)
    out = features.with_information(reference, counts, reference.height)
    info = {w["w"]: w["i"] for row in out["winfo"].to_list() for w in row}
    assert info["KEATS"] > info["MARE"] > info["STREET"]  # 1, 2 and 3 addresses of 4
    assert out["rare"][0][0] == "MARE"


def test_block_keys_pair_numbers_with_words_and_postcodes_and_drop_common_ones() -> None:
    con = duckdb.connect()
    frame = _frame(("Flat 3, 45 Mare St", "E8 1AA"))
    counts = features.word_counts(frame)
    keyed = features.with_block_keys(con, features.with_information(frame, counts, 1))
    keys = set(keyed["keys"][0])
    assert {"P:E8 1AA:3", "P:E8 1AA:45", "N:45:MARE", "N:3:STREET", "W:E8 1AA:MARE"} <= keys
    many = _frame(*[(f"{n} Mare Street", None) for n in range(1, 201)])
    many = features.with_block_keys(con, features.with_information(
        many, features.word_counts(many), many.height))
    _, trimmed = features.without_common_keys(many, many, {"R": 60, "N": 150, "P": 400, "W": 400})
    assert "R:MARE" not in trimmed["keys"][0] and "N:1:MARE" in trimmed["keys"][0]


def test_every_level_has_a_phrase_and_fixed_weights_are_probabilities() -> None:
    for comparison in COMPARISONS:
        assert len(PHRASES[comparison.name]) == len(comparison.levels)
    fixed = [lv for lv in NUMBERS.levels if not lv.null]
    assert abs(sum(lv.u for lv in fixed) - 1.0) < 1e-9
    assert all(0 < lv.m_probability <= 1 for lv in fixed)


def _gamma(comparison: AddressComparison, label: str) -> int:
    """Splink's gamma for a level: the last level is 0, the first non-null one the highest."""
    index = [lv.label for lv in comparison.levels].index(label)
    return len(comparison.levels) - 1 - index


def test_reasons_read_like_an_officer_would_say_them() -> None:
    same_number = _gamma(NUMBERS, "same flat and house number")
    same_street = _gamma(WORDS, "same street and building words")
    assert comparison_reason(same_number, same_street,
                             _gamma(POSTCODE, "postcode one character out"), False) == \
        "Same house number and street, postcode one letter out"
    assert comparison_reason(same_number, same_street, -1, True) == \
        "Same flat, house number and street, no postcode"
    assert comparison_reason(_gamma(NUMBERS, "different flat at the same number"), same_street,
                             _gamma(POSTCODE, "same postcode"), True) == \
        "Same street and postcode, different flat at the same number"
    assert "scores almost as well (lead 0.5)" in decision_note("ambiguous", 0.5, 3.0, "FLAT 4")
    assert decision_note("matched", 9.0, 12.0, None) == ""


def test_accuracy_counts_right_wrong_and_absent_properties() -> None:
    # ground truth: r1's UPRN is 1; r2's is 2; r3's home is not in the list; r4 unknown
    truth = pl.DataFrame({"unique_id": ["r1", "r2", "r3"], "uprn": ["1", "2", None]})
    given = pl.DataFrame({"unique_id": ["r1", "r2", "r3", "r4"], "uprn": ["1", None, "9", "7"]})
    acc = accuracy(given, truth, pl.Series(["1", "2", "9"]))
    assert (acc.known, acc.in_list, acc.given, acc.correct, acc.wrong) == (3, 2, 2, 1, 1)
    assert acc.precision == 0.5 and acc.recall == 0.5
    wrong = pl.DataFrame({"unique_id": ["r4"], "uprn": ["7"]})
    assert accuracy(given, truth, pl.Series(["1", "2"]), wrong=wrong).wrong == 2


def test_the_accuracy_curve_trades_precision_for_recall() -> None:
    best = pl.DataFrame({"unique_id": ["a", "b", "c", "d"], "uprn": ["1", "2", "3", "9"],
                         "match_weight": [10.0, 5.0, 0.0, -5.0], "gap": [None, 6.0, 4.0, 4.0],
                         "exact": [False, False, False, False]})
    truth = pl.DataFrame({"unique_id": ["a", "b", "c", "d"], "uprn": ["1", "2", "3", "4"]})
    curve = accuracy_curve(best, truth, pl.Series(["1", "2", "3", "4"]), DecisionRule(0, 3))
    lowest, highest = curve.row(0, named=True), curve.row(-1, named=True)
    assert (lowest["given"], lowest["precision"], lowest["recall"]) == (4, 0.75, 0.75)
    assert (highest["given"], highest["precision"], highest["recall"]) == (1, 1.0, 0.25)
