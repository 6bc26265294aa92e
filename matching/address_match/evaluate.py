"""Accuracy of the UPRNs given, against UPRNs known to be right.

Known answers are one row per record: ``unique_id`` and ``uprn``, the right UPRN, or null when
the record's property is known not to be in the list. They come from a column of the records
file (records that already carry a UPRN), a truth file (``sample_data/address_truth.csv``) or
the officer's review labels. Per record, as the MoJ's ``uk_address_matcher`` measures it:

* **correct**: the UPRN given is the known one;
* **wrong**: a UPRN was given and it is not the known one (or none should have been);
* precision = correct / UPRNs given; recall = correct / records whose UPRN is in the list.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from matching.address_match.config import DecisionRule
from matching.address_match.inputs import clean_uprns
from matching.errors import UploadError
from matching.loading import LoadedTable

TRUTH_SCHEMA = {"unique_id": pl.String, "uprn": pl.String}


@dataclass(frozen=True)
class AddressAccuracy:
    """Counts over the records with a known answer."""

    known: int  # records with a known answer
    in_list: int  # of those, records whose right UPRN is a candidate in the list
    given: int  # records given a UPRN
    correct: int
    wrong: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.given if self.given else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.in_list if self.in_list else None


def truth_from_column(records: pl.DataFrame, ids: pl.Series, column: str,
                      file_name: str) -> pl.DataFrame:
    """Known answers from a column of the records file holding UPRNs (blank: unknown)."""
    uprns = clean_uprns(records[column], file_name, strict=False)
    return pl.DataFrame({"unique_id": ids.cast(pl.String), "uprn": uprns}).filter(
        pl.col("uprn").is_not_null())


def truth_from_table(table: LoadedTable) -> pl.DataFrame:
    """Known answers from a file: a record ID column (``record_id``, ``unique_id`` or ``id``)
    and ``uprn``; an ``in_reference`` column saying ``no`` marks properties not in the list."""
    columns = {table.original_columns.get(c, c).strip().lower(): c for c in table.frame.columns}
    ident = next((columns[n] for n in ("record_id", "unique_id", "id") if n in columns), None)
    uprn = columns.get("uprn") or columns.get("uprn_true")
    if ident is None or uprn is None:
        raise UploadError(
            f"{table.file_name} is not a file of known UPRNs.",
            hint="It needs a column record_id (the record's ID) and a column uprn (the right "
                 "UPRN, blank if the property is not in the list).")
    frame = table.frame.select(pl.col(ident).alias("unique_id"),
                               clean_uprns(table.frame[uprn], table.file_name, strict=False))
    if "in_reference" in columns:
        absent = table.frame[columns["in_reference"]].str.to_lowercase().is_in(["no", "false", "0"])
        frame = frame.with_columns(pl.when(absent.fill_null(False)).then(None)
                                   .otherwise(pl.col("uprn")).alias("uprn"))
    return frame.filter(pl.col("unique_id").is_not_null())


def accuracy(decided: pl.DataFrame, truth: pl.DataFrame, candidates: pl.Series, *,
             wrong: pl.DataFrame | None = None) -> AddressAccuracy:
    """How the UPRNs in ``decided`` (``unique_id``, ``uprn``) fare against ``truth``.

    ``candidates`` are the UPRNs the list could give (a known UPRN outside it counts as "not in
    the list"). ``wrong`` (``unique_id``, ``uprn``) lists UPRNs known to be wrong for a record
    (a reviewer said so): giving one counts as wrong even when the right one is not known."""
    given = decided.select("unique_id", pl.col("uprn").alias("given"))
    joined = truth.join(given, on="unique_id", how="inner")
    matchable = pl.col("uprn").is_in(candidates.implode())
    is_given = pl.col("given").is_not_null()
    right = is_given & (pl.col("given") == pl.col("uprn")).fill_null(False)
    counts = joined.select(
        pl.len().alias("known"), matchable.sum().alias("in_list"), is_given.sum().alias("given"),
        right.sum().alias("correct"),
    ).row(0)
    known, in_list, given_n, correct = (int(v or 0) for v in counts)
    if wrong is not None and wrong.height:
        flagged = wrong.join(given, on="unique_id").filter(pl.col("uprn") == pl.col("given"))
        extra = flagged.join(truth.select("unique_id"), on="unique_id", how="anti").height
        known, given_n = known + extra, given_n + extra
    return AddressAccuracy(known, in_list, given_n, correct, given_n - correct)


def accuracy_curve(best: pl.DataFrame, truth: pl.DataFrame, candidates: pl.Series,
                   rule: DecisionRule) -> pl.DataFrame:
    """Precision and recall at each minimum weight (the gap rule kept), for a chart:
    ``min_weight``, ``precision``, ``recall``, ``given``."""
    joined = truth.join(best.select("unique_id", pl.col("uprn").alias("candidate"),
                                    "match_weight", "gap", "exact"),
                        on="unique_id", how="inner")
    if joined.height == 0:
        return pl.DataFrame(schema={"min_weight": pl.Float64, "precision": pl.Float64,
                                    "recall": pl.Float64, "given": pl.Int64})
    in_list = int(joined["uprn"].is_in(candidates.implode()).sum())
    clear = (pl.col("gap").is_null() | (pl.col("gap") >= rule.min_gap))
    right = (pl.col("candidate") == pl.col("uprn")).fill_null(False)
    rows = []
    weights = joined["match_weight"].drop_nulls().cast(pl.Float64).to_list()
    low, high = (min(weights), max(weights)) if weights else (-10.0, 10.0)
    steps = [round(low + (high - low) * i / 80, 2) for i in range(81)]
    for threshold in steps:
        given = pl.col("exact") | (pl.col("candidate").is_not_null()
                                   & (pl.col("match_weight") >= threshold) & clear)
        n_given, n_right = joined.select(given.sum().alias("g"), (given & right).sum().alias("r")).row(0)
        rows.append({"min_weight": threshold,
                     "precision": n_right / n_given if n_given else None,
                     "recall": n_right / in_list if in_list else None,
                     "given": int(n_given)})
    return pl.DataFrame(rows, schema={"min_weight": pl.Float64, "precision": pl.Float64,
                                      "recall": pl.Float64, "given": pl.Int64})
