"""The two inputs of an address job as tables of parsed addresses.

Records keep their own IDs; reference rows get a row number and their cleaned UPRN (``.0``
floats repaired, scientific notation refused). Each reference row also says whether it is a
candidate (the pool): parent shells, garages and parking spaces are left out, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from matching.address_match.config import PoolPolicy, RecordsSpec, ReferenceSpec
from matching.address_match.lpi import lpi_frame
from matching.address_match.parsing import (
    LONDON,
    ParsedAddress,
    Places,
    normalise,
    parse_address,
    places_from,
)
from matching.config import DatasetSpec
from matching.errors import ConfigError, UploadError
from matching.loading import LoadedTable
from matching.prepare import record_ids

PARSED_SCHEMA: dict[str, pl.DataType] = {
    "postcode": pl.String(), "outward": pl.String(), "sector": pl.String(), "flat": pl.String(),
    "number": pl.String(), "num_lo": pl.Int32(), "num_hi": pl.Int32(),
    "premise": pl.List(pl.String()), "parts": pl.List(pl.String()),
    "words": pl.List(pl.String()), "address_key": pl.String(),
}


@dataclass(frozen=True)
class PoolSummary:
    """How many reference rows are candidates, and why the others are not."""

    rows: int
    candidates: int
    uprns: int
    left_out: dict[str, int]  # reason -> rows

    def describe(self) -> str:
        """One sentence for the officer."""
        if not self.left_out:
            return f"All {self.rows:,} addresses of the list are candidates ({self.uprns:,} UPRNs)."
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in self.left_out.items())
        return (f"{self.candidates:,} of the list's {self.rows:,} addresses are candidates "
                f"({self.uprns:,} UPRNs); left out: {reasons}.")


def parsed_frame(parsed: Iterable[ParsedAddress]) -> pl.DataFrame:
    """The parsed parts as columns (see ``PARSED_SCHEMA``)."""
    items = list(parsed)
    return finish_parsed(pl.DataFrame({
        "postcode": pl.Series([p.postcode for p in items], dtype=pl.String),
        "outward": pl.Series([p.outward for p in items], dtype=pl.String),
        "flat": pl.Series([p.flat for p in items], dtype=pl.String),
        "number": pl.Series([p.number for p in items], dtype=pl.String),
        "others": pl.Series([" ".join(p.others) for p in items], dtype=pl.String),
        "words": pl.Series([" ".join(p.words) for p in items], dtype=pl.String),
    }).with_columns(_split("others"), _split("words")))


def _split(column: str) -> pl.Expr:
    """Space-separated text as a list (empty text: an empty list)."""
    return pl.when(pl.col(column) == "").then(pl.lit([], dtype=pl.List(pl.String))) \
        .otherwise(pl.col(column).str.split(" ")).alias(column)


def finish_parsed(base: pl.DataFrame) -> pl.DataFrame:
    """``PARSED_SCHEMA`` from ``postcode``, ``outward``, ``flat``, ``number``, ``others`` and
    ``words`` (lists): the postcode sector, the number's bounds, the premise tokens and parts
    (sorted) and the address key (flat | number | words)."""
    # list.eval(sort) rather than list.sort(): many times faster on millions of short lists
    premise = pl.concat_list(pl.col("flat"), pl.col("number"), pl.col("others")) \
        .list.drop_nulls().list.eval(pl.element().sort())
    first = pl.col("number").str.extract(r"^(\d+)").cast(pl.Int32)
    last = pl.col("number").str.extract(r"(\d+)[A-Z]?$").cast(pl.Int32)
    has_address = (pl.col("premise").list.len() > 0) | (pl.col("words").list.len() > 0)
    key = pl.concat_str(pl.col("flat").fill_null(""), pl.lit("|"), pl.col("number").fill_null(""),
                        pl.lit("|"), pl.col("words").list.join(" "))
    return base.with_columns(premise.alias("premise")).select(
        "postcode", "outward",
        pl.col("postcode").str.slice(0, pl.col("postcode").str.len_chars() - 2).alias("sector"),
        "flat", "number", pl.min_horizontal(first, last).alias("num_lo"),
        pl.max_horizontal(first, last).alias("num_hi"), "premise",
        pl.col("premise").list.join(" ").str.extract_all(r"\d+|[A-Z]+")
        .list.eval(pl.element().sort()).alias("parts"),
        "words", pl.when(has_address).then(key).alias("address_key"),
    ).cast(PARSED_SCHEMA)  # type: ignore[arg-type]


def _joined(frame: pl.DataFrame, columns: Iterable[str], separator: str = ", ") -> pl.Series:
    cols = list(columns)
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ConfigError(f"Column '{missing[0]}' is not in the file any more.",
                          hint="Choose the columns again on the Addresses page.")
    if not cols:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return frame.select(pl.concat_str([pl.col(c).str.strip_chars() for c in cols],
                                      separator=separator, ignore_nulls=True)).to_series()


def record_frame(table: LoadedTable, spec: RecordsSpec, places: Places = LONDON) -> pl.DataFrame:
    """``unique_id``, ``address`` and ``postcode_given`` as loaded, then the parsed parts."""
    if not spec.address_columns:
        raise ConfigError("Choose the column (or columns) that hold each record's address.",
                          hint="Pick them under 'Your records' on the Addresses page.")
    ids = record_ids(table, DatasetSpec(name="records", file_name=spec.file_name,
                                        id_column=spec.id_column))
    address = _joined(table.frame, spec.address_columns)
    given = (table.frame[spec.postcode_column] if spec.postcode_column
             else pl.Series([None] * table.frame.height, dtype=pl.String))
    cache: dict[tuple[str | None, str | None], ParsedAddress] = {}
    parsed = []
    for text, postcode in zip(address.to_list(), given.to_list(), strict=True):
        key = (text, postcode)
        if key not in cache:
            cache[key] = parse_address(text, postcode, places=places)
        parsed.append(cache[key])
    return pl.concat([
        pl.DataFrame({"unique_id": ids.cast(pl.String), "address": address,
                      "postcode_given": given.cast(pl.String)}),
        parsed_frame(parsed),
    ], how="horizontal")


def reference_places(table: LoadedTable, spec: ReferenceSpec) -> Places:
    """Place names from the reference's locality and town columns, with London's."""
    values: list[str | None] = []
    for column in spec.place_columns:
        if column in table.frame.columns:
            values += table.frame[column].unique().to_list()
    return places_from(values) if values else LONDON


def reference_frame(table: LoadedTable, spec: ReferenceSpec,
                    policy: PoolPolicy) -> tuple[pl.DataFrame, PoolSummary]:
    """``row_id``, ``uprn``, ``address`` (display), the parsed parts, ``class``, ``parent``,
    ``in_pool`` and ``left_out`` (why not a candidate); and the pool's summary."""
    frame = table.frame
    if spec.uprn_column not in frame.columns:
        raise ConfigError(f"{table.file_name} has no column '{spec.uprn_column}' for UPRNs.",
                          hint="Choose the UPRN column of the reference list again.")
    if not spec.lpi.used and not spec.address_columns:
        raise ConfigError("Choose the reference list's address: its address column(s), or its "
                          "LPI parts (street, building name and numbers).",
                          hint="Pick them under 'Your reference list' on the Addresses page.")
    uprns = clean_uprns(frame[spec.uprn_column], table.file_name)
    places = reference_places(table, spec)
    postcodes = (frame[spec.postcode_column].to_list()
                 if spec.postcode_column and not spec.lpi.used else [None] * frame.height)
    if spec.lpi.used:
        read = lpi_frame(frame, spec, places)
        display = read["address"]
        parsed = finish_parsed(read.drop("address"))
    else:
        items: list[ParsedAddress] = []
        shown_text: list[str | None] = []
        texts = _joined(frame, spec.address_columns).to_list()
        for text, postcode in zip(texts, postcodes, strict=True):
            item = parse_address(text, postcode, places=places)
            items.append(item)
            shown = normalise(text)
            if item.postcode and item.postcode.replace(" ", "") not in shown.replace(" ", ""):
                shown = f"{shown} {item.postcode}"
            shown_text.append(shown or None)
        display, parsed = pl.Series(shown_text, dtype=pl.String), parsed_frame(items)
    out = pl.concat([
        pl.DataFrame({
            "row_id": pl.Series([f"R{i}" for i in range(1, frame.height + 1)], dtype=pl.String),
            "uprn": uprns, "address": display.alias("address"),
        }),
        parsed,
        pl.DataFrame({
            "class": _upper(frame, spec.class_column),
            "parent": (clean_uprns(frame[spec.parent_column], table.file_name, strict=False)
                       if spec.parent_column else pl.Series([None] * frame.height,
                                                            dtype=pl.String)),
        }),
    ], how="horizontal")
    return _pool(out, policy, has_class=spec.class_column is not None)


def _upper(frame: pl.DataFrame, column: str | None) -> pl.Series:
    if column is None:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return frame[column].str.strip_chars().str.to_uppercase()


def clean_uprns(series: pl.Series, file_name: str, *, strict: bool = True) -> pl.Series:
    """UPRNs as text of 1 to 12 digits (``10008239651.0`` → ``10008239651``, leading zeros
    dropped); anything else is null. Scientific notation is refused: it has lost digits."""
    values = series.cast(pl.String).str.replace_all(r"\s+", "")
    scientific = values.str.contains(r"(?i)^\d+(\.\d+)?e[+-]?\d+$").fill_null(False)
    if strict and scientific.any():
        example = values.filter(scientific)[0]
        raise UploadError(
            f"{file_name} has UPRNs in scientific notation (such as {example}), which have lost "
            f"their last digits ({int(scientific.sum()):,} rows).",
            hint="Export the list again with the UPRN column formatted as text or as a whole "
                 "number (in Excel: Format Cells > Number, 0 decimal places), then load it again.")
    digits = values.str.replace(r"\.0+$", "").str.strip_chars_start("0")
    valid = digits.str.contains(r"^[0-9]{1,12}$").fill_null(False)
    return pl.select(pl.when(pl.lit(valid)).then(pl.lit(digits))).to_series().alias("uprn")


def _pool(frame: pl.DataFrame, policy: PoolPolicy, *,
          has_class: bool) -> tuple[pl.DataFrame, PoolSummary]:
    """Mark the candidates: every row with a UPRN and an address, except the policy's."""
    reasons = pl.lit(None, dtype=pl.String)
    classes = [c.upper() for c in policy.exclude_classes]
    names = {"PP": "parent shells", "RG": "garages", "RC": "parking spaces",
             "RB": "ancillary buildings", "PS": "streets"}
    conditions: list[tuple[pl.Expr, str]] = [
        (pl.col("uprn").is_null(), "rows without a valid UPRN"),
        (pl.col("address_key").is_null(), "rows without an address"),
    ]
    if has_class:
        for code in classes:
            conditions.append((pl.col("class").str.starts_with(code).fill_null(False),
                               names.get(code, f"class {code}")))
    elif policy.exclude_parents:
        parents = frame["parent"].drop_nulls().unique()
        conditions.append((pl.col("uprn").is_in(parents.implode()),
                           "parent shells (UPRNs other rows name as their parent)"))
    for prefix in policy.exclude_text:
        word = prefix.upper()
        conditions.append((pl.col("address").str.to_uppercase().str.starts_with(word)
                           .fill_null(False), f"addresses starting {word}"))
    for condition, reason in reversed(conditions):
        reasons = pl.when(condition).then(pl.lit(reason)).otherwise(reasons)
    frame = frame.with_columns(reasons.alias("left_out"))
    frame = frame.with_columns(pl.col("left_out").is_null().alias("in_pool"))
    counts = frame.filter(~pl.col("in_pool")).group_by("left_out", maintain_order=True).len()
    pool = frame.filter(pl.col("in_pool"))
    summary = PoolSummary(frame.height, pool.height, pool["uprn"].n_unique(),
                          dict(zip(counts["left_out"].to_list(), counts["len"].to_list(),
                                   strict=True)))
    return frame, summary
