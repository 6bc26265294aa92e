"""What an address job gives each record, under a decision rule, and how it adds up.

A record gets its best candidate's UPRN when the exact pass found it, or when the candidate's
match weight reaches ``min_weight`` and it leads the next UPRN by ``min_gap`` (a record with a
single candidate has no runner-up). Otherwise it gets none, and the reason says why: the best
was too weak, another address scored almost as well, or nothing in the list came close.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from matching.address_match.config import DecisionRule
from matching.address_match.reasons import comparison_reason, decision_note
from matching.address_match.run import AddressResult

#: Status values: how the record's UPRN was decided.
STATUS_TEXT = {
    "exact": "exact match",
    "matched": "matched",
    "ambiguous": "no UPRN: another address scores almost as well",
    "weak": "no UPRN: best candidate too weak",
    "none": "no UPRN: no candidate",
}
OUTPUT_COLUMNS = ["unique_id", "uprn", "match_weight", "reason"]


@dataclass(frozen=True)
class DecisionSummary:
    """How many records got a UPRN, and why the others did not."""

    records: int
    exact: int
    matched: int
    ambiguous: int
    weak: int
    none: int

    @property
    def given(self) -> int:
        return self.exact + self.matched

    @property
    def share_given(self) -> float:
        return self.given / self.records if self.records else 0.0


def best_candidates(result: AddressResult) -> pl.DataFrame:
    """One row per record: its best candidate, runner-up, gap and the comparison levels."""
    with result.workspace.lock:
        frame = result.con.sql(f"""
            SELECT b.*, r.flat IS NOT NULL AS has_flat
            FROM "{result.best_table}" b JOIN "{result.records_table}" r USING (unique_id)
            ORDER BY b.unique_id
        """).pl()
    return frame


def _status(rule: DecisionRule) -> pl.Expr:
    weight, gap = pl.col("match_weight"), pl.col("gap")
    return (pl.when(pl.col("exact")).then(pl.lit("exact"))
            .when(pl.col("uprn").is_null()).then(pl.lit("none"))
            .when(weight.is_null() | (weight < rule.min_weight)).then(pl.lit("weak"))
            .when(gap.is_not_null() & (gap < rule.min_gap)).then(pl.lit("ambiguous"))
            .otherwise(pl.lit("matched")))


def decisions(result: AddressResult, rule: DecisionRule | None = None,
              best: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every record with what it is given under ``rule`` (default: the job's own).

    Columns: ``unique_id``, ``uprn`` (null: none given), ``match_weight``, ``reason``,
    ``status``, ``candidate_uprn``, ``candidate_address``, ``gap``, ``runner_up_uprn``,
    ``runner_up_address``, ``runner_up_weight``, ``record_address``, ``candidates``.
    """
    rule = rule or result.config.decision
    frame = best if best is not None else best_candidates(result)
    frame = frame.with_columns(_status(rule).alias("status"))
    combos = frame.select("gamma_numbers", "gamma_street", "gamma_postcode", "has_flat").unique()
    combos = combos.with_columns(pl.Series("compared", [
        comparison_reason(*row) for row in combos.iter_rows()], dtype=pl.String))
    frame = frame.join(combos, on=["gamma_numbers", "gamma_street", "gamma_postcode", "has_flat"],
                       how="left", nulls_equal=True)
    notes = [decision_note(s, g, w, r) for s, g, w, r in frame.select(
        "status", "gap", "match_weight", "runner_up_address").iter_rows()]
    frame = frame.with_columns(pl.Series("note", notes, dtype=pl.String))
    reason = (pl.when(pl.col("status") == "none").then(
        pl.lit("No address in the list shares a postcode, number or street word with this record"))
        .when(pl.col("note") == "").then(pl.col("compared"))
        .otherwise(pl.concat_str(pl.col("compared").fill_null("Nothing to compare"),
                                 pl.lit("; "), pl.col("note"))))
    given = pl.col("status").is_in(["exact", "matched"])
    return frame.select(
        "unique_id",
        pl.when(given).then(pl.col("uprn")).alias("uprn"),
        "match_weight",
        reason.alias("reason"),
        "status",
        pl.col("uprn").alias("candidate_uprn"),
        pl.col("address").alias("candidate_address"),
        "gap", "runner_up_uprn", "runner_up_address", "runner_up_weight", "record_address",
        "candidates", "gamma_numbers", "gamma_street", "gamma_postcode",
    )


def summarise(decided: pl.DataFrame) -> DecisionSummary:
    """Counts of each outcome in a ``decisions`` table."""
    counts = dict(decided.group_by("status").len().iter_rows())
    return DecisionSummary(decided.height, int(counts.get("exact", 0)),
                           int(counts.get("matched", 0)), int(counts.get("ambiguous", 0)),
                           int(counts.get("weak", 0)), int(counts.get("none", 0)))


def output_table(decided: pl.DataFrame) -> pl.DataFrame:
    """The four columns of ``addresses.csv``: ``unique_id``, ``uprn``, ``match_weight``, ``reason``."""
    return decided.select(pl.col("unique_id"), pl.col("uprn"),
                          pl.col("match_weight").round(2), pl.col("reason"))
