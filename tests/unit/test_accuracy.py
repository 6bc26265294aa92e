"""Accuracy from known answers, checked against hand-computed values."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from matching.accuracy import (
    KnownPairs,
    best_f1_threshold,
    confusion_at,
    precision_recall_curve,
    scores_for_labels,
    scores_for_truth,
    true_pair_count,
)
from matching.labels import LabelBook, Verdict
from tests.unit.support import scored_pairs

# weights and truth; None = never scored (can never be accepted)
KNOWN = KnownPairs(pl.DataFrame({"match_weight": [5.0, 3.0, 2.0, 0.0, -1.0, None],
                                 "is_match": [True, False, True, True, False, True]}))


def test_confusion_at_a_threshold() -> None:
    # accepted at 1: 5 (match), 3 (not), 2 (match); rejected: 0 (match), -1 (not), None (match)
    c = confusion_at(KNOWN, 1.0)
    assert (c.true_positives, c.false_positives, c.false_negatives, c.true_negatives) == (2, 1, 2, 1)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(2 / 4)
    assert c.f1 == pytest.approx(4 / 7)


def test_a_pair_at_the_threshold_is_accepted() -> None:
    assert confusion_at(KNOWN, 2.0).true_positives == 2


def test_nothing_accepted_has_no_precision() -> None:
    c = confusion_at(KNOWN, 100.0)
    assert c.precision is None and c.recall == 0.0 and c.f1 == 0.0
    empty = confusion_at(KnownPairs(pl.DataFrame(schema={"match_weight": pl.Float64,
                                                         "is_match": pl.Boolean})), 0.0)
    assert empty.precision is None and empty.recall is None and empty.f1 is None


def test_precision_recall_curve_by_hand() -> None:
    curve = precision_recall_curve(KNOWN)
    assert curve["threshold"].to_list() == [5.0, 3.0, 2.0, 0.0, -1.0]
    assert curve["true_positives"].to_list() == [1, 1, 2, 3, 3]
    assert curve["false_positives"].to_list() == [0, 1, 1, 1, 2]
    assert curve["false_negatives"].to_list() == [3, 3, 2, 1, 1]
    assert curve["precision"].to_list() == pytest.approx([1, 1 / 2, 2 / 3, 3 / 4, 3 / 5])
    assert curve["recall"].to_list() == pytest.approx([1 / 4, 1 / 4, 2 / 4, 3 / 4, 3 / 4])
    assert curve["f1"].to_list() == pytest.approx([2 / 5, 2 / 6, 4 / 7, 6 / 8, 6 / 9])


def test_best_f1_threshold_by_hand() -> None:
    best = best_f1_threshold(KNOWN)
    assert best is not None
    assert best.threshold == 0.0 and best.f1 == pytest.approx(0.75)
    no_matches = KnownPairs(pl.DataFrame({"match_weight": [1.0], "is_match": [False]}))
    assert best_f1_threshold(no_matches) is None


def test_unscored_matches_count_as_missed() -> None:
    known = KnownPairs(KNOWN.scores, unscored_matches=2)
    c = confusion_at(known, 1.0)
    assert c.false_negatives == 4 and c.recall == pytest.approx(2 / 6)
    assert known.matches == 6 and known.non_matches == 2 and len(known) == 8


def test_labels_are_found_in_either_order_and_unscored_labels_have_no_weight() -> None:
    con = duckdb.connect()
    table = scored_pairs(con)
    book = LabelBook()
    book.set(("b", "1", "a", "1"), Verdict.MATCH)   # reversed order
    book.set(("a", "2", "b", "2"), Verdict.NON_MATCH)
    book.set(("a", "9", "b", "9"), Verdict.MATCH)   # never scored
    book.set(("a", "3", "b", "3"), Verdict.UNSURE)  # left out
    known = scores_for_labels(con, table, book.decided())
    rows = sorted(known.scores.rows(), key=lambda r: (r[0] is None, r[0] or 0))
    assert rows == [(1.0, False), (6.0, True), (None, True)]
    c = confusion_at(known, 0.0)
    assert (c.true_positives, c.false_positives, c.false_negatives) == (1, 1, 1)


def test_truth_column_pairs_and_counts() -> None:
    truth = pl.DataFrame({
        "source_dataset": ["a", "a", "b", "a", "a", "b", "b"],
        "unique_id":      ["1", "4", "1", "2", "3", "3", "5"],
        "truth":          ["P1", "P1", "P1", "P2", "P3", "P3", "P3"],
    })
    # linking: P1 has 2 x 1 cross-file pairs, P2 none, P3 1 x 2 -> 4
    assert true_pair_count(truth, link_only=True) == 4
    # deduplicating: P1 3 records -> 3 pairs, P3 3 -> 3 pairs
    assert true_pair_count(truth, link_only=False) == 6
    con = duckdb.connect()
    known = scores_for_truth(con, scored_pairs(con), truth, link_only=True)
    # scored pairs with both records known: a1-b1 (P1=P1), a2-b2 (b2 unknown: left out),
    # a3-b3 (P3=P3), a1-b2 (b2 unknown) -> 2 matches scored, 2 more never scored
    assert sorted(known.scores.rows()) == [(-3.0, True), (6.0, True)]
    assert known.unscored_matches == 2
    assert confusion_at(known, 0.0).recall == pytest.approx(1 / 4)
