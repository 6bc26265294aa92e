"""Threshold maths on a hand-made table of scored pairs: recommended threshold, summaries,
histogram and the expected-matches curve."""

from __future__ import annotations

import math
from collections.abc import Iterator

import duckdb
import pytest

from matching.thresholds import (
    NEUTRAL_WEIGHT,
    expected_curve,
    probability_to_weight,
    recommend_threshold,
    threshold_summary,
    weight_histogram,
    weight_to_probability,
)
from matching.training import u_sample_size

# ground truth for PAIRS, sorted by weight (total probability 2.3):
#   weight  prob   pairs >= w   expected TP (sum p)   F1 = 2TP / (pairs + 2.3)
#    4.0    0.9        1             0.9              1.8 / 3.3 = 0.545
#    2.0    0.8        2             1.7              3.4 / 4.3 = 0.791
#    1.234  0.5        3             2.2              4.4 / 5.3 = 0.830   <- best
#   -2.0    0.1        4             2.3              4.6 / 6.3 = 0.730
PAIRS = [(4.0, 0.9), (2.0, 0.8), (1.234, 0.5), (-2.0, 0.1)]


def _table(con: duckdb.DuckDBPyConnection, name: str,
           rows: list[tuple[float, float]]) -> str:
    con.execute(f"CREATE TABLE {name} (match_weight DOUBLE, match_probability DOUBLE)")
    if rows:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
    return name


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


# --- weight <-> probability ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "probability"),
    # ground truth: p = 2^w / (1 + 2^w)
    [(0.0, 0.5), (1.0, 2 / 3), (-1.0, 1 / 3), (2.0, 0.8), (10.0, 1024 / 1025)],
)
def test_weight_and_probability_convert_both_ways(weight: float, probability: float) -> None:
    assert weight_to_probability(weight) == pytest.approx(probability)
    assert probability_to_weight(probability) == pytest.approx(weight)


def test_extreme_weights_and_probabilities_do_not_overflow() -> None:
    assert weight_to_probability(-5000.0) == 0.0
    assert weight_to_probability(5000.0) == 1.0
    # probabilities of exactly 0 and 1 are clipped to 1e-12 from the ends: log2(1e12) = 39.86
    assert probability_to_weight(0.0) == pytest.approx(-math.log2(1e12), abs=1e-3)
    assert probability_to_weight(1.0) == pytest.approx(math.log2(1e12), abs=1e-3)


# --- recommended threshold ----------------------------------------------------------------


def test_recommended_threshold_maximises_expected_f1(con: duckdb.DuckDBPyConnection) -> None:
    assert recommend_threshold(con, _table(con, "pairs", PAIRS)) == 1.23  # rounded to 0.01


def test_recommended_threshold_with_tied_weights(con: duckdb.DuckDBPyConnection) -> None:
    # ground truth: thresholds 3 (4 pairs, TP 3.6) F1 = 7.2 / 7.7 = 0.935;
    # -3 (5 pairs, TP 3.7) F1 = 7.4 / 8.7 = 0.851. The tie must not split the group.
    rows = [(3.0, 0.9)] * 4 + [(-3.0, 0.1)]
    assert recommend_threshold(con, _table(con, "tied", rows)) == 3.0


def test_no_pairs_or_no_evidence_gives_the_neutral_threshold(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert recommend_threshold(con, _table(con, "empty", [])) == NEUTRAL_WEIGHT
    assert recommend_threshold(con, _table(con, "zeros", [(-40.0, 0.0)])) == NEUTRAL_WEIGHT


# --- summary at a threshold ---------------------------------------------------------------


def test_threshold_summary_counts_and_expectations(con: duckdb.DuckDBPyConnection) -> None:
    summary = threshold_summary(con, _table(con, "pairs", PAIRS), 1.234)

    # ground truth: three pairs at or above 1.234 (the threshold itself counts as above)
    assert (summary.pairs_above, summary.pairs_total) == (3, 4)
    assert summary.expected_matches_above == pytest.approx(0.9 + 0.8 + 0.5)
    assert summary.expected_false_matches_above == pytest.approx(0.1 + 0.2 + 0.5)
    assert summary.expected_missed_below == pytest.approx(0.1)
    assert summary.expected_precision == pytest.approx(2.2 / 3)
    assert summary.expected_recall == pytest.approx(2.2 / 2.3)


def test_threshold_summary_above_every_pair(con: duckdb.DuckDBPyConnection) -> None:
    summary = threshold_summary(con, _table(con, "pairs", PAIRS), 10.0)

    assert (summary.pairs_above, summary.expected_matches_above) == (0, 0.0)
    assert summary.expected_missed_below == pytest.approx(2.3)
    assert summary.expected_precision == 1.0  # nothing accepted, nothing wrong
    assert summary.expected_recall == 0.0


def test_threshold_summary_of_no_pairs(con: duckdb.DuckDBPyConnection) -> None:
    summary = threshold_summary(con, _table(con, "empty", []), 0.0)

    assert (summary.pairs_above, summary.pairs_total) == (0, 0)
    assert (summary.expected_precision, summary.expected_recall) == (1.0, 1.0)


# --- histogram and curve ------------------------------------------------------------------


def test_weight_histogram_bins(con: duckdb.DuckDBPyConnection) -> None:
    table = _table(con, "pairs", [*PAIRS, (1.9, 0.79), (-0.5, 0.4)])

    one = weight_histogram(con, table)
    two = weight_histogram(con, table, bin_width=2.0)

    # ground truth: floor(w / width) * width; -0.5 falls in [-1, 0) and [-2, 0)
    assert one.rows() == [(-2.0, -1.0, 1), (-1.0, 0.0, 1), (1.0, 2.0, 2), (2.0, 3.0, 1),
                          (4.0, 5.0, 1)]
    assert two.rows() == [(-2.0, 0.0, 2), (0.0, 2.0, 2), (2.0, 4.0, 1), (4.0, 6.0, 1)]
    assert one.columns == ["bin_start", "bin_end", "pairs"]


def test_expected_curve_accumulates_from_the_top(con: duckdb.DuckDBPyConnection) -> None:
    curve = expected_curve(con, _table(con, "pairs", PAIRS), bin_width=2.0)

    # ground truth: bins -2 (0.1), 0 (0.5), 2 (0.8), 4 (0.9); totals run from the highest bin
    assert curve.columns == ["threshold", "pairs_above", "expected_matches_above",
                             "expected_missed_below"]
    assert curve["threshold"].to_list() == [-2.0, 0.0, 2.0, 4.0]
    assert curve["pairs_above"].to_list() == [4, 3, 2, 1]
    assert curve["expected_matches_above"].to_list() == pytest.approx([2.3, 2.2, 1.7, 0.9])
    assert curve["expected_missed_below"].to_list() == pytest.approx([0.0, 0.1, 0.6, 1.4])


def test_curve_agrees_with_summary_at_each_bin_edge(con: duckdb.DuckDBPyConnection) -> None:
    table = _table(con, "pairs", PAIRS)

    for row in expected_curve(con, table).iter_rows(named=True):
        summary = threshold_summary(con, table, row["threshold"])
        assert summary.pairs_above == row["pairs_above"]
        assert summary.expected_matches_above == pytest.approx(row["expected_matches_above"])
        assert summary.expected_missed_below == pytest.approx(row["expected_missed_below"])


# --- three bands ---------------------------------------------------------------------------


def test_band_counts_split_the_pairs_by_hand(con: duckdb.DuckDBPyConnection) -> None:
    from matching.thresholds import band_counts

    table = _table(con, "banded", PAIRS)
    # weights 4.0, 2.0, 1.234, -2.0 with a band from 1.234 (in) to 4.0 (out: accepted)
    bands = band_counts(con, table, 1.234, 4.0)
    assert (bands.accept, bands.review, bands.reject) == (1, 2, 1)
    assert bands.review_minutes() == pytest.approx(2 * 20 / 60)
    assert bands.review_minutes(seconds_per_pair=30) == pytest.approx(1.0)
    empty = band_counts(con, table, 5.0, 5.0)
    assert (empty.accept, empty.review, empty.reject) == (0, 0, 4)


@pytest.mark.parametrize(("minutes", "text"), [
    (0.4, "under a minute"), (1.0, "about 1 minute"), (12.2, "about 12 minutes"),
    (210, "about 3.5 hours"), (60 * 30, "about 4 working days (7.5 hours each)"),
])
def test_workload_in_words(minutes: float, text: str) -> None:
    from matching.thresholds import workload_text

    assert workload_text(minutes) == text


def test_training_report_in_plain_english() -> None:
    from matching.training import TrainingReport

    report = TrainingReport(prior=0.0012, prior_estimated=True, u_max_pairs=1_000_000,
                            em_rules=["Date of birth is the same", "Postcode is the same"],
                            em_iterations=[7, 25], max_iterations=25,
                            not_observed=["phone: Exact match"])
    assert report.not_converged == ["Postcode is the same"]
    assert report.summary() == [
        "The share of random pairs that match (0.0012) was estimated from pairs that agree on "
        "the strictest rules (which find about 70% of true matches).",
        "How often values agree by chance (u) was measured on 1,000,000 random pairs: an "
        "estimate from a sample, which is very close when the sample is large.",
        "How often true matches agree (m) was learned from pairs with date of birth is the same "
        "in 7 rounds of expectation maximisation.",
        "How often true matches agree (m) was learned from pairs with postcode is the same in "
        "25 rounds of expectation maximisation.",
        "Training on 'Postcode is the same' stopped at the limit of 25 rounds before it "
        "settled: its values may be slightly off.",
        "Some levels were never seen in the training pairs and keep default values (they "
        "matter only if such pairs are common): phone: Exact match.",
    ]
    assert "set from the file sizes" in TrainingReport().summary()[0]


@pytest.mark.parametrize(
    ("possible", "records", "expected"),
    [
        (45_000, 300, 45_000),  # small data: every pair
        (100_000_000, 20_000, 300_000),  # 10k x 10k: the floor
        (10_000_000_000, 200_000, 1_000_000),  # 100k x 100k: 10 per record reaches the cap
        (1_000_000_000_000, 2_000_000, 1_000_000),  # 1M x 1M: the cap
        (5_000_000_000, 60_000, 600_000),  # in between: 10 per record
    ],
)
def test_u_sample_grows_with_the_data_within_bounds(possible: int, records: int,
                                                    expected: int) -> None:
    assert u_sample_size(possible, records) == expected
