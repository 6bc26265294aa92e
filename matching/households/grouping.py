"""People grouped into households: one household per property.

A property is its UPRN where one was found with confidence; otherwise the cleaned address
(flat, number, street words; the postcode when given), a weaker key. A household counts
*people* (person IDs: clusters from the person matching, with the officer's corrections),
not records, so one person in two files counts once. Addresses with implausibly many people
(hostels, houses in multiple occupation, care homes, or data errors) are flagged, and for two
files the households found in only one of them are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

#: A household with at least this many people is flagged for a look (England's average is 2.4).
DEFAULT_LARGE = 7
MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "source_dataset": pl.String(), "unique_id": pl.String(), "person_id": pl.String(),
    "uprn": pl.String(), "address_key": pl.String(), "address": pl.String(),
}
#: Classification codes (first two letters) that are shared or communal homes.
SHARED_CLASSES = {"RH": "house in multiple occupation", "RI": "care home, hostel or halls"}


@dataclass(frozen=True)
class Households:
    """Every record's household (``members``) and one row per household (``table``)."""

    members: pl.DataFrame  # MEMBER_SCHEMA + household_id, key_kind
    table: pl.DataFrame
    datasets: tuple[str, ...]
    large: int = DEFAULT_LARGE

    @property
    def count(self) -> int:
        return self.table.height

    @property
    def people(self) -> int:
        return int(self.members["person_id"].n_unique()) if self.members.height else 0


def build_households(members: pl.DataFrame, datasets: Sequence[str], *,
                     large: int = DEFAULT_LARGE,
                     classes: pl.DataFrame | None = None) -> Households:
    """Group ``members`` (``MEMBER_SCHEMA``) into households.

    ``classes`` (``uprn``, ``class``), from the reference list, names shared homes."""
    members = members.select(*(pl.col(c).cast(t) for c, t in MEMBER_SCHEMA.items()))
    keyed = members.with_columns(
        pl.when(pl.col("uprn").is_not_null()).then(pl.lit("uprn"))
        .when(pl.col("address_key").is_not_null()).then(pl.lit("address"))
        .otherwise(None).alias("key_kind"),
        pl.coalesce(pl.concat_str(pl.lit("U:"), pl.col("uprn")),
                    pl.concat_str(pl.lit("A:"), pl.col("address_key"))).alias("_key"),
    )
    placed = keyed.filter(pl.col("_key").is_not_null())
    per_dataset = [
        pl.col("source_dataset").eq(name).sum().alias(f"records_{name}") for name in datasets]
    table = placed.group_by("_key").agg(
        pl.col("uprn").first(), pl.col("address_key").first(), pl.col("key_kind").first(),
        pl.col("address").drop_nulls().mode().sort().first().alias("address"),
        pl.col("person_id").n_unique().alias("people"), pl.len().alias("records"),
        *per_dataset,
        pl.col("source_dataset").unique().sort().str.join(", ").alias("datasets"),
    ).sort(["people", "records", "_key"], descending=[True, True, False])
    table = table.with_columns(
        pl.format("H{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6))
        .alias("household_id"))
    if classes is not None and classes.height:
        table = table.join(classes.select("uprn", pl.col("class").alias("_class"))
                           .unique("uprn"), on="uprn", how="left")
    else:
        table = table.with_columns(pl.lit(None, dtype=pl.String).alias("_class"))
    table = table.with_columns(_flag(large).alias("flag"))
    members_out = keyed.join(table.select("_key", "household_id"), on="_key", how="left").drop(
        "_key")
    columns = ["household_id", "uprn", "key_kind", "address", "people", "records",
               *[f"records_{n}" for n in datasets], "datasets", "flag"]
    return Households(members_out, table.select(columns), tuple(datasets), large)


def _flag(large: int) -> pl.Expr:
    """Why a household deserves a look, in words (empty when it does not)."""
    kind = pl.col("_class").str.slice(0, 2)
    shared = pl.lit(None, dtype=pl.String)
    for prefix, words in SHARED_CLASSES.items():
        shared = pl.when(kind == prefix).then(pl.lit(words)).otherwise(shared)
    many = pl.when(pl.col("people") >= large).then(
        pl.format("{} people at one address", pl.col("people")))
    weak = pl.when(pl.col("key_kind") == "address").then(pl.lit("no UPRN: grouped by address"))
    return pl.concat_str([many, shared, weak], separator="; ", ignore_nulls=True).fill_null("")


def size_distribution(households: Households) -> pl.DataFrame:
    """``people`` (1, 2, ... 10+) and ``households`` of that size."""
    sizes = households.table.select(
        pl.when(pl.col("people") >= 10).then(pl.lit("10+"))
        .otherwise(pl.col("people").cast(pl.String)).alias("people"),
        pl.col("people").clip(upper_bound=10).alias("_order"))
    return (sizes.group_by("people", "_order").len().sort("_order")
            .select("people", pl.col("len").alias("households")))


def flagged(households: Households) -> pl.DataFrame:
    """Households with implausibly many people, or in shared or communal homes."""
    return households.table.filter(pl.col("flag").str.contains("people at one address|house in "
                                                                "multiple|care home"))


def file_presence(households: Households) -> pl.DataFrame:
    """For two or more files: ``where`` (in all files, only in one) and ``households``."""
    names = households.datasets
    if len(names) < 2:
        return pl.DataFrame(schema={"where": pl.String, "households": pl.UInt32})
    present = [pl.col(f"records_{n}") > 0 for n in names]
    where: pl.Expr = pl.lit("in some files")
    for name, here in reversed(list(zip(names, present, strict=True))):
        others = [p for n, p in zip(names, present, strict=True) if n != name]
        where = pl.when(here & ~pl.any_horizontal(others)).then(pl.lit(f"only in {name}")) \
            .otherwise(where)
    where = pl.when(pl.all_horizontal(present)).then(pl.lit("in every file")).otherwise(where)
    counts = households.table.select(where.alias("where")).group_by("where").len()
    return counts.rename({"len": "households"}).sort("where")


def only_in(households: Households, dataset: str) -> pl.DataFrame:
    """Households with records in ``dataset`` and in no other file."""
    others = [pl.col(f"records_{n}") == 0 for n in households.datasets if n != dataset]
    return households.table.filter((pl.col(f"records_{dataset}") > 0) & pl.all_horizontal(others))


def people_in_several(households: Households) -> pl.DataFrame:
    """People whose records put them in more than one household (moved, or two homes):
    ``person_id``, ``households`` and the household IDs."""
    placed = households.members.filter(pl.col("household_id").is_not_null())
    return (placed.group_by("person_id").agg(
        pl.col("household_id").n_unique().alias("households"),
        pl.col("household_id").unique().sort().str.join(", ").alias("household_ids"))
        .filter(pl.col("households") > 1).sort("person_id"))


def household_members(households: Households, household_id: str) -> pl.DataFrame:
    """The records of one household: ``source_dataset``, ``unique_id``, ``person_id``."""
    return households.members.filter(pl.col("household_id") == household_id).select(
        "source_dataset", "unique_id", "person_id", "address").sort(
        ["person_id", "source_dataset", "unique_id"])


def households_export(households: Households, *, personal: bool = False) -> pl.DataFrame:
    """One row per household: its ID, UPRN, people, records per file and flag; record IDs per
    file; and, with ``personal``, the address."""
    ids = households.members.filter(pl.col("household_id").is_not_null()).group_by(
        "household_id").agg(
        *[pl.col("unique_id").filter(pl.col("source_dataset") == n).sort().str.join("; ")
          .alias(f"ids_{n}") for n in households.datasets],
        pl.col("person_id").unique().sort().str.join("; ").alias("person_ids"))
    out = households.table.join(ids, on="household_id", how="left").sort("household_id")
    if not personal:
        out = out.drop("address")
    return out
