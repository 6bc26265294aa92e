"""Known matches: answers about who is who that come from outside the model.

One notion for the whole workbench, kept once per session. The answers come from:

- the officer's **review labels** (always counted);
- an uploaded file of **pairs** in Splink's labels format (``source_dataset_l, unique_id_l,
  source_dataset_r, unique_id_r, clerical_match_score``; a score of 0.5 or more is a match);
- **records with a trusted person ID**, from an uploaded file (``source_dataset, unique_id,
  person_id``) or a column of the loaded files (an NHS number checked by hand, a test data
  set's person ID): records sharing a value are the same person, records with different
  values are not.

The Blocking page checks the rules against the matching pairs (blocking recall); the
Threshold page measures precision and recall at a threshold against all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from matching.accuracy import KnownPairs, true_pair_count, truth_frame
from matching.blocking_recall import (
    LABEL_COLUMNS,
    MATCH_SCORE,
    labels_from_person_ids,
    person_records,
)
from matching.config import MatchConfig
from matching.labels import PAIR_KEY
from matching.loading import LoadedTable

PAIR_SCHEMA: dict[str, type[pl.DataType]] = {
    **dict.fromkeys(PAIR_KEY, pl.String), "clerical_match_score": pl.Float64}
RECORD_SCHEMA: dict[str, type[pl.DataType]] = {
    "source_dataset": pl.String, "unique_id": pl.String, "truth": pl.String}
_SEP = "\x1f"


def _canonical(pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs with their two records in a fixed order, so (a, b) and (b, a) are one pair."""
    left = pl.concat_str("source_dataset_l", "unique_id_l", separator=_SEP)
    right = pl.concat_str("source_dataset_r", "unique_id_r", separator=_SEP)
    swap = left > right
    return pairs.select(
        *(pl.when(swap).then(pl.col(f"{c}_r")).otherwise(pl.col(f"{c}_l")).alias(f"{c}_l")
          for c in ("source_dataset", "unique_id")),
        *(pl.when(swap).then(pl.col(f"{c}_l")).otherwise(pl.col(f"{c}_r")).alias(f"{c}_r")
          for c in ("source_dataset", "unique_id")),
        pl.col("clerical_match_score"),
    ).select(*PAIR_SCHEMA)


@dataclass(frozen=True, eq=False)
class KnownMatches:
    """Pairs known to be the same person or not, and records with a trusted person ID."""

    pairs: pl.DataFrame  # PAIR_SCHEMA, one row per pair (score 1 = same person, 0 = not)
    records: pl.DataFrame  # RECORD_SCHEMA, one row per record with its person ID (``truth``)
    source: str = ""  # where they came from, in words

    @classmethod
    def empty(cls, source: str = "") -> KnownMatches:
        return cls(pl.DataFrame(schema=PAIR_SCHEMA), pl.DataFrame(schema=RECORD_SCHEMA), source)

    @classmethod
    def from_pairs(cls, pairs: pl.DataFrame, source: str) -> KnownMatches:
        """From pair labels in Splink's format (extra columns are ignored)."""
        frame = pairs.select(*(pl.col(c).cast(t) for c, t in PAIR_SCHEMA.items()))
        frame = _canonical(frame.drop_nulls(PAIR_KEY)).unique(PAIR_KEY, keep="last",
                                                               maintain_order=True)
        return cls(frame, pl.DataFrame(schema=RECORD_SCHEMA), source)

    @classmethod
    def from_records(cls, records: pl.DataFrame, source: str) -> KnownMatches:
        """From ``source_dataset, unique_id, truth`` rows (records without a value left out)."""
        frame = records.select(*(pl.col(c).cast(t) for c, t in RECORD_SCHEMA.items()))
        frame = frame.with_columns(pl.col("truth").str.strip_chars()).filter(
            pl.col("truth").is_not_null() & (pl.col("truth") != "")).unique(maintain_order=True)
        return cls(pl.DataFrame(schema=PAIR_SCHEMA), frame, source)

    @classmethod
    def from_columns(cls, tables: Sequence[LoadedTable], config: MatchConfig,
                     columns: Sequence[str | None]) -> KnownMatches:
        """From a column of each loaded file holding a person ID (None: none in that file)."""
        names = [t.original_columns.get(c, c) for t, c in zip(tables, columns, strict=True) if c]
        words = " / ".join(dict.fromkeys(names))
        return cls.from_records(truth_frame(tables, config, columns), f"column {words}")

    @classmethod
    def from_table(cls, table: LoadedTable) -> KnownMatches:
        """From an uploaded file, read by its original headers: pairs in Splink's labels format,
        or one row per record with ``source_dataset``, ``unique_id`` (or ``record_id``) and
        ``person_id``."""
        frame = table.frame.rename({k: v for k, v in table.original_columns.items()
                                    if k in table.frame.columns})
        columns = {c.strip().lower(): c for c in frame.columns}
        source = f"file {table.file_name}"
        if all(c in columns for c in LABEL_COLUMNS):
            return cls.from_pairs(frame.select(
                *(pl.col(columns[c]).cast(pl.String).alias(c) for c in PAIR_KEY),
                pl.col(columns["clerical_match_score"]).cast(pl.Float64, strict=False)
                .alias("clerical_match_score")), source)
        people = person_records(frame)
        return cls.from_records(people.rename({"person_id": "truth"}), source)

    def __len__(self) -> int:
        return self.pairs.height + self.records.height

    def equals(self, other: KnownMatches) -> bool:
        return (self.source == other.source and self.pairs.equals(other.pairs)
                and self.records.equals(other.records))

    def with_labels(self, labels: pl.DataFrame) -> KnownMatches:
        """These answers plus review labels (Splink's format); a label wins for the same pair."""
        if labels.height == 0:
            return self
        labelled = KnownMatches.from_pairs(labels, "")
        pairs = pl.concat([labelled.pairs, self.pairs]).unique(PAIR_KEY, keep="first",
                                                               maintain_order=True)
        words = " and ".join(w for w in (f"{labels.height:,} review label(s)", self.source) if w)
        return KnownMatches(pairs, self.records, words)

    def match_pairs(self, config: MatchConfig) -> pl.DataFrame:
        """Every known matching pair in Splink's labels format (for blocking recall)."""
        matching = self.pairs.filter(pl.col("clerical_match_score") >= MATCH_SCORE)
        people = self.records.rename({"truth": "person_id"})
        implied = _canonical(labels_from_person_ids(people, config))
        return pl.concat([matching, implied]).unique(PAIR_KEY, maintain_order=True).select(
            LABEL_COLUMNS)

    def scores(self, con: duckdb.DuckDBPyConnection, table: str, *,
               link_only: bool) -> KnownPairs:
        """The known pairs with their match weights, for precision and recall.

        Labelled pairs are looked up in the scored pairs (null weight: never scored); every
        scored pair with both records' person IDs known is a match when they agree. True pairs
        implied by person IDs that were never scored are counted in ``unscored_matches``.
        """
        decided = self.pairs.filter(pl.col("clerical_match_score").is_not_null()).select(
            *PAIR_KEY, (pl.col("clerical_match_score") >= MATCH_SCORE).alias("is_match"))
        con.register("mw_known_pairs", decided.to_arrow())
        con.register("mw_known_records", self.records.to_arrow())
        key = """least({p}source_dataset_l::VARCHAR || '\x1f' || {p}unique_id_l::VARCHAR,
                       {p}source_dataset_r::VARCHAR || '\x1f' || {p}unique_id_r::VARCHAR)
                 || '\x1e' ||
                 greatest({p}source_dataset_l::VARCHAR || '\x1f' || {p}unique_id_l::VARCHAR,
                          {p}source_dataset_r::VARCHAR || '\x1f' || {p}unique_id_r::VARCHAR)"""
        try:
            frame = con.sql(f"""
                WITH labelled AS (
                    SELECT k.*, {key.format(p="k.")} AS pair FROM mw_known_pairs k
                ),
                scored AS (
                    SELECT {key.format(p="p.")} AS pair, p.source_dataset_l, p.unique_id_l,
                           p.source_dataset_r, p.unique_id_r, p.match_weight
                    FROM {table} p
                ),
                by_truth AS (
                    SELECT s.pair, s.match_weight, l.truth = r.truth AS is_match
                    FROM scored s
                    JOIN mw_known_records l ON s.source_dataset_l::VARCHAR = l.source_dataset
                                           AND s.unique_id_l::VARCHAR = l.unique_id
                    JOIN mw_known_records r ON s.source_dataset_r::VARCHAR = r.source_dataset
                                           AND s.unique_id_r::VARCHAR = r.unique_id
                )
                SELECT s.match_weight, k.is_match, lt.truth = rt.truth AS truth_match
                FROM labelled k
                LEFT JOIN scored s ON s.pair = k.pair
                LEFT JOIN mw_known_records lt ON k.source_dataset_l = lt.source_dataset
                                              AND k.unique_id_l = lt.unique_id
                LEFT JOIN mw_known_records rt ON k.source_dataset_r = rt.source_dataset
                                              AND k.unique_id_r = rt.unique_id
                UNION ALL
                SELECT t.match_weight, t.is_match, t.is_match
                FROM by_truth t
                WHERE NOT EXISTS (SELECT 1 FROM labelled k WHERE k.pair = t.pair)
            """).pl()
        finally:
            con.unregister("mw_known_pairs")
            con.unregister("mw_known_records")
        counted = int(frame["truth_match"].fill_null(False).sum())
        unscored = max(0, true_pair_count(self.records, link_only) - counted)
        return KnownPairs(frame.select(pl.col("match_weight").cast(pl.Float64),
                                       pl.col("is_match").cast(pl.Boolean)), unscored)

    # --- one table, for saving with the project ------------------------------------------

    def frame(self) -> pl.DataFrame:
        """Pairs and records in one table (unused columns empty), with ``source``."""
        return pl.concat([self.pairs, self.records], how="diagonal").with_columns(
            pl.lit(self.source, dtype=pl.String).alias("source"))

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> KnownMatches:
        source = str(frame["source"][0]) if frame.height and "source" in frame.columns else ""
        is_record = pl.col("truth").is_not_null()
        return cls(frame.filter(~is_record).select(*PAIR_SCHEMA),
                   frame.filter(is_record).select(*RECORD_SCHEMA), source)
