"""Teaching mode, "you against the model", for data whose answers are known.

A round is a handful of pairs drawn from the scored pairs whose truth is known: half true
matches and half not, mostly near the threshold where judging is hard, in random order. The
officer labels them blind; then their accuracy is shown beside the model's (a pair is the
model's "match" when it scores at or above the threshold) and the pairs where either got it
wrong are listed. Each browser tab draws its own round, so a trainer can run it with a cohort
on one shared server.

The pairs come from either job: two person records (``person_pairs``) or a record and a
candidate property (``address_pairs``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import duckdb
import polars as pl

from matching.known_matches import KnownMatches
from matching.labels import PAIR_KEY

#: Pairs within this many match-weight points of the threshold are the hard ones.
HARD_MARGIN = 6.0
PAIR_SCHEMA = {**dict.fromkeys(PAIR_KEY, pl.String), "match_weight": pl.Float64,
               "is_match": pl.Boolean}


@dataclass(frozen=True)
class TeachingItem:
    """One pair of a round: its key, its truth and its score."""

    key: tuple[str, str, str, str]
    is_match: bool
    match_weight: float
    model_match: bool | None = None  # the model's own decision, when not just the threshold


@dataclass
class TeachingRound:
    """A round of blind labelling: the pairs, the officer's answers and the threshold."""

    items: list[TeachingItem]
    threshold: float
    answers: dict[int, bool] = field(default_factory=dict)
    position: int = 0

    @property
    def done(self) -> bool:
        return len(self.answers) == len(self.items)

    def answer(self, is_match: bool) -> None:
        """The officer's answer for the pair on show; moves to the next unanswered pair."""
        self.answers[self.position] = is_match
        later = [i for i in range(len(self.items)) if i not in self.answers]
        self.position = later[0] if later else self.position

    def model_says(self, index: int) -> bool:
        item = self.items[index]
        return item.model_match if item.model_match is not None else \
            item.match_weight >= self.threshold

    @property
    def officer_right(self) -> int:
        return sum(self.answers[i] == item.is_match for i, item in enumerate(self.items)
                   if i in self.answers)

    @property
    def model_right(self) -> int:
        return sum(self.model_says(i) == item.is_match for i, item in enumerate(self.items))

    def outcomes(self) -> pl.DataFrame:
        """One row per pair: ``pair`` (1, 2...), the key, ``truth``, ``you``, ``model``,
        ``match_weight``, and ``who_was_wrong`` (empty when both were right)."""
        rows = []
        for i, item in enumerate(self.items):
            you = self.answers.get(i)
            model = self.model_says(i)
            wrong = [who for who, said in (("you", you), ("the model", model))
                     if said is not None and said != item.is_match]
            rows.append({"pair": i + 1, **dict(zip(PAIR_KEY, item.key, strict=True)),
                         "truth": _word(item.is_match), "you": _word(you),
                         "model": _word(model), "match_weight": item.match_weight,
                         "who_was_wrong": " and ".join(wrong)})
        return pl.DataFrame(rows, schema={"pair": pl.Int64, **dict.fromkeys(PAIR_KEY, pl.String),
                                          "truth": pl.String, "you": pl.String,
                                          "model": pl.String, "match_weight": pl.Float64,
                                          "who_was_wrong": pl.String})


def _word(value: bool | None) -> str:
    return "" if value is None else ("match" if value else "not a match")


def draw_round(pairs: pl.DataFrame, threshold: float, *, size: int = 10,
               seed: int | None = None) -> TeachingRound | None:
    """A round of ``size`` pairs from ``pairs`` (``PAIR_SCHEMA``): half true matches, half
    not, three in four of each near the threshold; None when there are too few pairs."""
    rng = random.Random(seed)
    chosen: list[TeachingItem] = []
    for is_match, wanted in ((True, size - size // 2), (False, size // 2)):
        group = pairs.filter(pl.col("is_match") == is_match)
        near = (pl.col("match_weight") - threshold).abs() <= HARD_MARGIN
        hard, easy = group.filter(near), group.filter(~near)
        n_hard = min(hard.height, round(wanted * 0.75))
        n_easy = min(easy.height, wanted - n_hard)
        n_hard = min(hard.height, wanted - n_easy)
        for frame, n in ((hard, n_hard), (easy, n_easy)):
            for index in rng.sample(range(frame.height), n):
                row = frame.row(index, named=True)
                model = row.get("model_says")
                chosen.append(TeachingItem(tuple(str(row[c]) for c in PAIR_KEY),  # type: ignore[arg-type]
                                           bool(row["is_match"]), float(row["match_weight"]),
                                           None if model is None else bool(model)))
    if len(chosen) < min(size, 2) or len({c.is_match for c in chosen}) < 2:
        return None
    rng.shuffle(chosen)
    return TeachingRound(chosen, threshold)


def person_pairs(con: duckdb.DuckDBPyConnection, predictions: str,
                 known: KnownMatches) -> pl.DataFrame:
    """Scored pairs of person records whose truth is known (``PAIR_SCHEMA``): both records
    have a known person ID, or the pair is in a file of known pairs."""
    frames = []
    if known.records.height:
        con.register("mw_teaching_truth", known.records.to_arrow())
        try:
            frames.append(con.sql(f"""
                SELECT p.source_dataset_l::VARCHAR AS source_dataset_l,
                       p.unique_id_l::VARCHAR AS unique_id_l,
                       p.source_dataset_r::VARCHAR AS source_dataset_r,
                       p.unique_id_r::VARCHAR AS unique_id_r,
                       p.match_weight, l.truth = r.truth AS is_match
                FROM {predictions} p
                JOIN mw_teaching_truth l ON p.source_dataset_l::VARCHAR = l.source_dataset
                                         AND p.unique_id_l::VARCHAR = l.unique_id
                JOIN mw_teaching_truth r ON p.source_dataset_r::VARCHAR = r.source_dataset
                                         AND p.unique_id_r::VARCHAR = r.unique_id
            """).pl())
        finally:
            con.unregister("mw_teaching_truth")
    decided = known.pairs.filter(pl.col("clerical_match_score").is_not_null())
    if decided.height:
        con.register("mw_teaching_pairs", decided.to_arrow())
        try:
            frames.append(con.sql(f"""
                SELECT k.source_dataset_l, k.unique_id_l, k.source_dataset_r, k.unique_id_r,
                       p.match_weight, k.clerical_match_score >= 0.5 AS is_match
                FROM mw_teaching_pairs k JOIN {predictions} p
                  ON (p.source_dataset_l::VARCHAR = k.source_dataset_l
                      AND p.unique_id_l::VARCHAR = k.unique_id_l
                      AND p.source_dataset_r::VARCHAR = k.source_dataset_r
                      AND p.unique_id_r::VARCHAR = k.unique_id_r)
                  OR (p.source_dataset_l::VARCHAR = k.source_dataset_r
                      AND p.unique_id_l::VARCHAR = k.unique_id_r
                      AND p.source_dataset_r::VARCHAR = k.source_dataset_l
                      AND p.unique_id_r::VARCHAR = k.unique_id_l)
            """).pl())
        finally:
            con.unregister("mw_teaching_pairs")
    if not frames:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    return pl.concat([f.cast(PAIR_SCHEMA) for f in frames]).unique(PAIR_KEY, keep="first")  # type: ignore[arg-type]


def address_pairs(best: pl.DataFrame, known: pl.DataFrame,
                  decided: pl.DataFrame) -> pl.DataFrame:
    """Record-and-candidate pairs whose truth is known (``PAIR_SCHEMA`` plus ``model_says``):
    each known record's best candidate and runner-up, a match when it is the record's known
    UPRN; the model says "match" when it gives the record that UPRN (``decided``)."""
    frames = []
    for uprn, weight in (("uprn", "match_weight"), ("runner_up_uprn", "runner_up_weight")):
        frames.append(best.select(
            pl.lit("records").alias("source_dataset_l"), pl.col("unique_id").alias("unique_id_l"),
            pl.lit("reference").alias("source_dataset_r"), pl.col(uprn).alias("unique_id_r"),
            pl.col(weight).alias("match_weight")))
    pairs = pl.concat(frames).filter(pl.col("unique_id_r").is_not_null()
                                     & pl.col("match_weight").is_not_null())
    pairs = pairs.join(known.rename({"unique_id": "unique_id_l", "uprn": "_true"}),
                       on="unique_id_l", how="inner")
    given = decided.select(pl.col("unique_id").alias("unique_id_l"), pl.col("uprn").alias("_given"))
    pairs = pairs.join(given, on="unique_id_l", how="left")
    return pairs.select(
        *PAIR_KEY, pl.col("match_weight").cast(pl.Float64),
        (pl.col("unique_id_r") == pl.col("_true")).fill_null(False).alias("is_match"),
        (pl.col("unique_id_r") == pl.col("_given")).fill_null(False).alias("model_says"),
    ).unique(PAIR_KEY, keep="first", maintain_order=True)
