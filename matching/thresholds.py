"""Choosing a threshold: the distribution of match weights and what the model expects at each.

A match weight ``w`` and a match probability ``p`` say the same thing: p = 2^w / (1 + 2^w).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import polars as pl

#: Used when there are no pairs to learn from: a probability of 0.5.
NEUTRAL_WEIGHT = 0.0


def weight_to_probability(weight: float) -> float:
    """The match probability for a match weight."""
    return 1.0 / (1.0 + 2.0 ** (-weight)) if weight > -1000 else 0.0


def probability_to_weight(probability: float) -> float:
    """The match weight for a match probability (clipped away from 0 and 1)."""
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


@dataclass(frozen=True)
class ThresholdSummary:
    """What a threshold means for the scored pairs, counted and as the model expects."""

    threshold: float
    pairs_above: int
    pairs_total: int
    expected_matches_above: float
    expected_false_matches_above: float
    expected_missed_below: float

    @property
    def expected_precision(self) -> float:
        return self.expected_matches_above / self.pairs_above if self.pairs_above else 1.0

    @property
    def expected_recall(self) -> float:
        found = self.expected_matches_above
        total = found + self.expected_missed_below
        return found / total if total else 1.0


def recommend_threshold(con: duckdb.DuckDBPyConnection, table: str) -> float:
    """The match weight that maximises the F1 score the model itself expects.

    Each pair's match probability is the model's estimate that it is a true match. Above a
    threshold t the expected true matches are the sum of probabilities (TP) and the expected
    false matches the count minus that (FP); below it, the expected missed matches are the
    sum of probabilities (FN). F1 = 2TP / (2TP + FP + FN) = 2TP / (pairs above + all
    probabilities). No labels are needed; the answer is only as good as the model.
    """
    rows = con.sql(
        f"""
        WITH ranked AS (
            SELECT match_weight AS w,
                   sum(match_probability) OVER (ORDER BY match_weight DESC
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS tp,
                   row_number() OVER (ORDER BY match_weight DESC) AS n
            FROM {table}
        ), total AS (SELECT sum(match_probability) AS p FROM {table})
        SELECT w, 2 * tp / (n + total.p) AS f1
        FROM ranked, total
        WHERE total.p > 0
        ORDER BY f1 DESC, w DESC
        LIMIT 1
        """
    ).fetchall()
    if not rows:
        return NEUTRAL_WEIGHT
    # Rounded down, so the pair that sets the threshold stays at or above it.
    return math.floor(float(rows[0][0]) * 100) / 100


def threshold_summary(con: duckdb.DuckDBPyConnection, table: str,
                      threshold: float) -> ThresholdSummary:
    """Counts and model expectations at ``threshold`` (a match weight)."""
    row = con.sql(
        f"""
        SELECT count(*) FILTER (WHERE match_weight >= $t),
               count(*),
               coalesce(sum(match_probability) FILTER (WHERE match_weight >= $t), 0),
               coalesce(sum(1 - match_probability) FILTER (WHERE match_weight >= $t), 0),
               coalesce(sum(match_probability) FILTER (WHERE match_weight < $t), 0)
        FROM {table}
        """,
        params={"t": threshold},
    ).fetchall()[0]
    return ThresholdSummary(threshold, int(row[0]), int(row[1]), float(row[2]),
                            float(row[3]), float(row[4]))


def weight_histogram(con: duckdb.DuckDBPyConnection, table: str, *,
                     bin_width: float = 1.0) -> pl.DataFrame:
    """Pairs per match-weight bin: ``bin_start``, ``bin_end``, ``pairs``."""
    return con.sql(
        f"""
        SELECT floor(match_weight / $w) * $w AS bin_start,
               floor(match_weight / $w) * $w + $w AS bin_end,
               count(*) AS pairs
        FROM {table}
        GROUP BY ALL ORDER BY bin_start
        """,
        params={"w": bin_width},
    ).pl()


def expected_curve(con: duckdb.DuckDBPyConnection, table: str, *,
                   bin_width: float = 1.0) -> pl.DataFrame:
    """For thresholds at each bin edge: pairs above, expected matches found and missed."""
    return con.sql(
        f"""
        WITH bins AS (
            SELECT floor(match_weight / $w) * $w AS t, count(*) AS n,
                   sum(match_probability) AS p
            FROM {table} GROUP BY ALL
        )
        SELECT t AS threshold,
               sum(n) OVER (ORDER BY t DESC) AS pairs_above,
               sum(p) OVER (ORDER BY t DESC) AS expected_matches_above,
               sum(p) OVER () - sum(p) OVER (ORDER BY t DESC) AS expected_missed_below
        FROM bins ORDER BY t
        """,
        params={"w": bin_width},
    ).pl()


@dataclass(frozen=True)
class BandCounts:
    """Pairs in the three bands: accepted without review, for clerical review, rejected."""

    lower: float
    upper: float
    accept: int
    review: int
    reject: int

    def review_minutes(self, seconds_per_pair: float = 20.0) -> float:
        """How long reviewing every pair in the band would take, in minutes."""
        return self.review * seconds_per_pair / 60.0


def band_counts(con: duckdb.DuckDBPyConnection, table: str, lower: float,
                upper: float) -> BandCounts:
    """Pairs at or above ``upper`` (accept), from ``lower`` up to ``upper`` (review) and below
    ``lower`` (reject)."""
    row = con.sql(
        f"""SELECT count(*) FILTER (WHERE match_weight >= $hi),
                   count(*) FILTER (WHERE match_weight >= $lo AND match_weight < $hi),
                   count(*) FILTER (WHERE match_weight < $lo)
            FROM {table}""",
        params={"lo": lower, "hi": upper},
    ).fetchall()[0]
    return BandCounts(lower, upper, int(row[0]), int(row[1]), int(row[2]))


def workload_text(minutes: float) -> str:
    """A review time in words: "about 5 minutes", "about 3.5 hours", "about 2 working days"."""
    if minutes < 1:
        return "under a minute"
    if minutes < 90:
        return f"about {minutes:.0f} minute{'s' if round(minutes) != 1 else ''}"
    hours = minutes / 60
    if hours < 15:
        return f"about {hours:.1f} hours"
    return f"about {hours / 7.5:.0f} working days (7.5 hours each)"
