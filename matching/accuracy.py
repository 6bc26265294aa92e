"""Accuracy measured against known answers: review labels, a labels file or a truth column.

Every known pair has a match weight (``None`` when the blocking rules never scored it, so it
can never be accepted) and ``is_match``. At a threshold ``t`` a pair is accepted when its
weight is at least ``t``; true and false positives and negatives follow, and from them
precision (of the accepted pairs, the share that are right), recall (of the true matches, the
share accepted) and F1 (their harmonic mean).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from matching.config import MatchConfig
from matching.labels import PAIR_KEY
from matching.loading import LoadedTable
from matching.prepare import record_ids

SCORE_SCHEMA = {"match_weight": pl.Float64, "is_match": pl.Boolean}


@dataclass(frozen=True)
class KnownPairs:
    """Pairs whose truth is known, with their scores.

    ``scores`` has ``match_weight`` (null = never scored) and ``is_match``.
    ``unscored_matches`` counts further true matches that were never scored (known from a
    truth column without listing them).
    """

    scores: pl.DataFrame
    unscored_matches: int = 0

    @property
    def matches(self) -> int:
        return int(self.scores["is_match"].sum()) + self.unscored_matches

    @property
    def non_matches(self) -> int:
        return self.scores.height - int(self.scores["is_match"].sum())

    def __len__(self) -> int:
        return self.scores.height + self.unscored_matches


@dataclass(frozen=True)
class Confusion:
    """Counts of right and wrong decisions at one threshold."""

    threshold: float
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float | None:
        accepted = self.true_positives + self.false_positives
        return self.true_positives / accepted if accepted else None

    @property
    def recall(self) -> float | None:
        matches = self.true_positives + self.false_negatives
        return self.true_positives / matches if matches else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / denominator if denominator else None


def confusion_at(known: KnownPairs, threshold: float) -> Confusion:
    """The confusion matrix when pairs at or above ``threshold`` are accepted."""
    frame = known.scores
    accepted = frame["match_weight"].fill_null(float("-inf")) >= threshold
    truth = frame["is_match"]
    tp = int((accepted & truth).sum())
    fp = int((accepted & ~truth).sum())
    fn = int((~accepted & truth).sum()) + known.unscored_matches
    tn = int((~accepted & ~truth).sum())
    return Confusion(threshold, tp, fp, fn, tn)


def precision_recall_curve(known: KnownPairs) -> pl.DataFrame:
    """Precision, recall and F1 with the threshold at each known pair's weight (highest first).

    Columns: ``threshold``, ``true_positives``, ``false_positives``, ``false_negatives``,
    ``precision``, ``recall``, ``f1``.
    """
    scored = known.scores.filter(pl.col("match_weight").is_not_null())
    matches = known.matches
    curve = (
        scored.group_by("match_weight")
        .agg(pl.col("is_match").sum().alias("tp"), (~pl.col("is_match")).sum().alias("fp"))
        .sort("match_weight", descending=True)
        .select(
            pl.col("match_weight").alias("threshold"),
            pl.col("tp").cum_sum().cast(pl.Int64).alias("true_positives"),
            pl.col("fp").cum_sum().cast(pl.Int64).alias("false_positives"),
        )
        .with_columns((matches - pl.col("true_positives")).alias("false_negatives"))
    )
    accepted = pl.col("true_positives") + pl.col("false_positives")
    return curve.with_columns(
        (pl.col("true_positives") / accepted).alias("precision"),
        pl.when(matches > 0).then(pl.col("true_positives") / matches).alias("recall"),
        pl.when(matches > 0).then(
            2 * pl.col("true_positives") / (accepted + matches)
        ).alias("f1"),
    )


def best_f1_threshold(known: KnownPairs) -> Confusion | None:
    """The threshold (one of the known pairs' weights) with the highest F1; the highest such
    threshold on a tie. None when no known pair is a scored match."""
    curve = precision_recall_curve(known).filter(pl.col("f1").is_not_null() & (pl.col("f1") > 0))
    if curve.height == 0:
        return None
    best = curve.sort(["f1", "threshold"], descending=[True, True]).row(0, named=True)
    return confusion_at(known, float(best["threshold"]))


#: Fewer known pairs than this (or fewer known matches or non-matches than ``MIN_EACH``) cannot
#: measure precision and recall: one pair more or less moves them by several points.
MIN_KNOWN_PAIRS = 50
MIN_EACH = 10
REVIEW_BAND_CAVEAT = (
    "Review labels come mostly from the review band, the hardest pairs, so they test where the "
    "threshold sits rather than the accuracy over the whole file.")


def too_few_known(known: KnownPairs) -> str | None:
    """Why ``known`` is too small to measure accuracy or choose a threshold by, in words; None
    when it is big enough."""
    if len(known) >= MIN_KNOWN_PAIRS and known.matches >= MIN_EACH and \
            known.non_matches >= MIN_EACH:
        return None
    return (f"Only {len(known):,} pairs have a known answer ({known.matches:,} matches, "
            f"{known.non_matches:,} not matches): too few to measure accuracy or choose a "
            f"threshold by. At least {MIN_KNOWN_PAIRS} are needed, with {MIN_EACH} or more of "
            "each; until then, treat these figures as a rough indication only.")


# --- where the known pairs come from ---------------------------------------------------------


def scores_for_labels(con: duckdb.DuckDBPyConnection, table: str,
                      decided: pl.DataFrame) -> KnownPairs:
    """Scores of labelled pairs (``PAIR_KEY`` + ``is_match``), matched in either record order."""
    if decided.height == 0:
        return KnownPairs(pl.DataFrame(schema=SCORE_SCHEMA))
    con.register("mw_known_labels", decided.select([*PAIR_KEY, "is_match"]).to_arrow())
    try:
        frame = con.sql(
            f"""
            SELECT k.is_match,
                   (SELECT max(p.match_weight) FROM {table} p
                    WHERE (p.source_dataset_l::VARCHAR = k.source_dataset_l
                           AND p.unique_id_l::VARCHAR = k.unique_id_l
                           AND p.source_dataset_r::VARCHAR = k.source_dataset_r
                           AND p.unique_id_r::VARCHAR = k.unique_id_r)
                       OR (p.source_dataset_l::VARCHAR = k.source_dataset_r
                           AND p.unique_id_l::VARCHAR = k.unique_id_r
                           AND p.source_dataset_r::VARCHAR = k.source_dataset_l
                           AND p.unique_id_r::VARCHAR = k.unique_id_l)) AS match_weight
            FROM mw_known_labels k
            """
        ).pl()
    finally:
        con.unregister("mw_known_labels")
    return KnownPairs(frame.select(pl.col("match_weight").cast(pl.Float64),
                                   pl.col("is_match").cast(pl.Boolean)))


def truth_frame(tables: Sequence[LoadedTable], config: MatchConfig,
                columns: Sequence[str | None]) -> pl.DataFrame:
    """Each record's value of a truth column (internal name per file; records without a value
    are left out): ``source_dataset``, ``unique_id``, ``truth``."""
    parts = []
    for table, spec, column in zip(tables, config.datasets, columns, strict=True):
        if column is None or column not in table.frame.columns:
            continue
        parts.append(pl.DataFrame({
            "source_dataset": pl.Series([spec.name] * table.frame.height, dtype=pl.String),
            "unique_id": record_ids(table, spec),
            "truth": table.frame[column].cast(pl.String).str.strip_chars(),
        }).filter(pl.col("truth").is_not_null() & (pl.col("truth") != "")))
    if not parts:
        return pl.DataFrame(schema={"source_dataset": pl.String, "unique_id": pl.String,
                                    "truth": pl.String})
    return pl.concat(parts)


def true_pair_count(truth: pl.DataFrame, link_only: bool) -> int:
    """How many pairs share a truth value: across files only when linking."""
    if link_only:
        per_file = truth.group_by("truth", "source_dataset").len()
        total = per_file.group_by("truth").agg(
            ((pl.col("len").sum() ** 2 - (pl.col("len") ** 2).sum()) / 2).alias("pairs"))
    else:
        total = truth.group_by("truth").len().select(
            (pl.col("len") * (pl.col("len") - 1) / 2).alias("pairs"))
    return int(total["pairs"].sum() or 0)


def scores_for_truth(con: duckdb.DuckDBPyConnection, table: str, truth: pl.DataFrame, *,
                     link_only: bool) -> KnownPairs:
    """Every scored pair with both records in ``truth``, labelled by whether their truth values
    agree; true pairs the blocking rules never scored are counted in ``unscored_matches``."""
    con.register("mw_truth", truth.to_arrow())
    try:
        frame = con.sql(
            f"""
            SELECT p.match_weight, l.truth = r.truth AS is_match
            FROM {table} p
            JOIN mw_truth l ON p.source_dataset_l::VARCHAR = l.source_dataset
                           AND p.unique_id_l::VARCHAR = l.unique_id
            JOIN mw_truth r ON p.source_dataset_r::VARCHAR = r.source_dataset
                           AND p.unique_id_r::VARCHAR = r.unique_id
            """
        ).pl()
    finally:
        con.unregister("mw_truth")
    frame = frame.select(pl.col("match_weight").cast(pl.Float64),
                         pl.col("is_match").cast(pl.Boolean))
    scored_matches = int(frame["is_match"].sum())
    unscored = max(0, true_pair_count(truth, link_only) - scored_matches)
    return KnownPairs(frame, unscored)
