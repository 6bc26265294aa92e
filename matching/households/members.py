"""Who lives where: each record with its person and its property (UPRN or cleaned address).

From the address job (every record is a person; its UPRN is the one given) or from the person
matching (people are the clusters, with the officer's corrections; the UPRN comes from a UPRN
column, or from matching the records' addresses to a reference list). Where there is no UPRN,
the cleaned address stands in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import polars as pl

from matching.address_match.config import RecordsSpec
from matching.address_match.inputs import clean_uprns, record_frame
from matching.address_match.results import decisions
from matching.address_match.run import AddressResult
from matching.config import MatchConfig
from matching.households.grouping import MEMBER_SCHEMA
from matching.loading import LoadedTable
from matching.prepare import combined_source, record_ids
from matching.roles import Role

KEY_SEPARATOR = "\x1f"


def members_from_address_job(result: AddressResult, dataset: str,
                             decided: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each record of an address job as its own person, at its given UPRN or cleaned address."""
    decided = decided if decided is not None else decisions(result)
    with result.workspace.lock:
        parsed = result.con.sql(
            f'SELECT unique_id, address, postcode, address_key FROM "{result.records_table}"'
        ).pl()
    return _members(parsed, decided.select("unique_id", "uprn"), dataset,
                    person=pl.col("unique_id"))


def _members(parsed: pl.DataFrame, uprns: pl.DataFrame, dataset: str | pl.Expr,
             person: pl.Expr) -> pl.DataFrame:
    key = pl.col("address_key")  # flat | number | street words: postcodes are often missing
    frame = parsed.join(uprns, on="unique_id", how="left")
    source = pl.lit(dataset) if isinstance(dataset, str) else dataset
    return frame.select(
        source.alias("source_dataset"), pl.col("unique_id"), person.alias("person_id"),
        pl.col("uprn"), key.alias("address_key"), pl.col("address"),
    ).select(*(pl.col(c).cast(t) for c, t in MEMBER_SCHEMA.items()))


def _role_values(tables: Sequence[LoadedTable], config: MatchConfig, role: Role) -> list[pl.Series]:
    """Per dataset, the values of every column with ``role`` joined (null where none)."""
    columns = [c for c in config.columns if c.role == role]
    out = []
    for index, table in enumerate(tables):
        sources = [s for c in columns for s in c.sources[index]] if columns else []
        out.append(combined_source(table.frame, sources, role.value))
    return out


def person_records(tables: Sequence[LoadedTable], config: MatchConfig) -> LoadedTable:
    """The person files' addresses as one table for the address engine: ``record_key``
    (dataset and ID), ``address``, ``postcode``."""
    addresses = _role_values(tables, config, Role.ADDRESS)
    postcodes = _role_values(tables, config, Role.POSTCODE)
    frames = []
    for index, (table, spec) in enumerate(zip(tables, config.datasets, strict=True)):
        ids = record_ids(table, spec).cast(pl.String)
        frames.append(pl.DataFrame({
            "record_key": spec.name + KEY_SEPARATOR + ids,
            "address": addresses[index], "postcode": postcodes[index]}))
    frame = pl.concat(frames)
    digest = hashlib.sha256(b"".join(t.sha256.encode() for t in tables)).hexdigest()
    return LoadedTable(frame, "people", {c: c for c in frame.columns}, digest, "csv")


def person_records_spec(table: LoadedTable) -> RecordsSpec:
    """How the address engine reads ``person_records``."""
    return RecordsSpec(file_name=table.file_name, address_columns=("address",),
                       id_column="record_key", postcode_column="postcode",
                       sha256=table.sha256, rows=table.frame.height)


def has_addresses(config: MatchConfig) -> bool:
    """Whether the person files have an address (or postcode) column to place people by."""
    return any(c.role in (Role.ADDRESS, Role.POSTCODE) for c in config.columns)


def uprn_columns(config: MatchConfig) -> bool:
    """Whether the person files have a UPRN column."""
    return any(c.role == Role.UPRN for c in config.columns)


def members_from_people(tables: Sequence[LoadedTable], config: MatchConfig,
                        assignments: pl.DataFrame, *,
                        matched: AddressResult | None = None,
                        use_uprn_column: bool = False) -> pl.DataFrame:
    """Each record of the person files with its person (``assignments``: ``source_dataset``,
    ``unique_id``, ``cluster_id``, corrections applied) and its property: the UPRN matched to a
    reference list (``matched``, a job over ``person_records``), or its UPRN column, or else
    its cleaned address."""
    people = person_records(tables, config)
    parsed = record_frame(people, person_records_spec(people)).select(
        "unique_id", "address", "postcode", "address_key")
    if matched is not None:
        uprns = decisions(matched).select("unique_id", "uprn")
    elif use_uprn_column:
        values = pl.concat(_role_values(tables, config, Role.UPRN))
        uprns = pl.DataFrame({"unique_id": people.frame["record_key"],
                              "uprn": clean_uprns(values, "the person files", strict=False)})
    else:
        uprns = pl.DataFrame(schema={"unique_id": pl.String, "uprn": pl.String})
    split = pl.col("unique_id").str.split_exact(KEY_SEPARATOR, 1)
    members = _members(parsed, uprns, pl.lit(""), person=pl.lit(""))
    members = members.with_columns(split.struct.field("field_0").alias("source_dataset"),
                                   split.struct.field("field_1").alias("unique_id"))
    clusters = assignments.select(pl.col("source_dataset").cast(pl.String),
                                  pl.col("unique_id").cast(pl.String),
                                  pl.col("cluster_id").cast(pl.String).alias("_person"))
    return members.join(clusters, on=["source_dataset", "unique_id"], how="left").with_columns(
        pl.coalesce("_person", pl.concat_str("source_dataset", pl.lit(":"), "unique_id"))
        .alias("person_id")).drop("_person").select(list(MEMBER_SCHEMA))
