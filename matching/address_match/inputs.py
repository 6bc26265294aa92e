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
from matching.address_match.parsing import (
    LONDON,
    ParsedAddress,
    Places,
    normalise,
    number_bounds,
    parse_address,
    places_from,
    premise_parts,
)
from matching.cleaning_postcodes import clean_postcode, postcode_outward
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
    postcodes = [p.postcode for p in items]
    bounds = [number_bounds(p.number) for p in items]
    premises = [" ".join(p.premise) for p in items]
    frame = pl.DataFrame({
        "postcode": pl.Series(postcodes, dtype=pl.String),
        "outward": pl.Series([p.outward for p in items], dtype=pl.String),
        "flat": pl.Series([p.flat for p in items], dtype=pl.String),
        "number": pl.Series([p.number for p in items], dtype=pl.String),
        "num_lo": pl.Series([b[0] for b in bounds], dtype=pl.Int32),
        "num_hi": pl.Series([b[1] for b in bounds], dtype=pl.Int32),
        "_premise": pl.Series(premises, dtype=pl.String),
        "_parts": pl.Series([" ".join(premise_parts(p.premise)) for p in items], dtype=pl.String),
        "_words": pl.Series([" ".join(p.words) for p in items], dtype=pl.String),
    })
    empty = pl.lit([], dtype=pl.List(pl.String))

    def split(column: str) -> pl.Expr:
        return pl.when(pl.col(column) == "").then(empty).otherwise(pl.col(column).str.split(" "))

    key = pl.concat_str(pl.col("flat").fill_null(""), pl.lit("|"), pl.col("number").fill_null(""),
                        pl.lit("|"), pl.col("_words"))
    has_address = (pl.col("_premise") != "") | (pl.col("_words") != "")
    return frame.select(
        "postcode", "outward",
        pl.when(pl.col("postcode").is_not_null())
        .then(pl.col("postcode").str.slice(0, pl.col("postcode").str.len_chars() - 2))
        .alias("sector"),
        "flat", "number", "num_lo", "num_hi",
        split("_premise").alias("premise"), split("_parts").alias("parts"),
        split("_words").alias("words"), pl.when(has_address).then(key).alias("address_key"),
    )


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


def _number_text(start: str | None, suffix: str | None, end: str | None,
                 end_suffix: str | None) -> str | None:
    """"23" + "A" ... "24" → "23A-24"; None without a start number."""
    first = _digits(start)
    if first is None:
        return None
    text = first + (suffix or "").strip().upper()
    last = _digits(end)
    if last is not None:
        text += "-" + last + (end_suffix or "").strip().upper()
    return text


def _digits(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if text.isdigit() else None


class _LpiReader:
    """Reads LPI rows into parsed parts, remembering fields already parsed (streets and
    building names repeat). One per reference list, so nothing outlives the job."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self._parts: dict[str | None, ParsedAddress] = {}
        self._words: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._text: dict[str | None, str] = {}
        self._postcodes: dict[str | None, tuple[str | None, str | None]] = {}

    def text(self, value: str | None) -> str:
        if value not in self._text:
            self._text[value] = normalise(value)
        return self._text[value]

    def postcode(self, value: str | None) -> tuple[str | None, str | None]:
        """The full postcode and the outward code."""
        if value not in self._postcodes:
            self._postcodes[value] = ((clean_postcode(value), postcode_outward(value)) if value
                                      else (None, None))
        return self._postcodes[value]

    def part(self, text: str | None) -> ParsedAddress:
        if text not in self._parts:
            self._parts[text] = parse_address(text, places=frozenset())
        return self._parts[text]

    def words(self, words: tuple[str, ...]) -> tuple[str, ...]:
        if words not in self._words:
            self._words[words] = parse_address(" ".join(words), places=self.places).words
        return self._words[words]

    def read(self, values: dict[str, str | None],
             postcode: str | None) -> tuple[ParsedAddress, str]:
        """One LPI row as parsed parts and its first line, without guessing its structure."""
        sao_number = _number_text(values.get("sao_start_number"), values.get("sao_start_suffix"),
                                  values.get("sao_end_number"), values.get("sao_end_suffix"))
        pao_number = _number_text(values.get("pao_start_number"), values.get("pao_start_suffix"),
                                  values.get("pao_end_number"), values.get("pao_end_suffix"))
        sao_text = self.text(values.get("sao_text"))
        pao_text = self.text(values.get("pao_text"))
        street = self.text(values.get("street"))
        sao = self.part(" ".join(t for t in (sao_text, sao_number or "") if t) or None)
        flat = sao_number or sao.flat or sao.number
        pao = self.part(pao_text or None)
        words = self.words((*sao.words, *pao.words, *self.part(street or None).words))
        number = pao_number or pao.number
        others = tuple(n for n in (pao.flat,) if n and n != flat)
        text = " ".join(t for t in (sao_text, sao_number if not sao_text else "", pao_text,
                                    pao_number, street) if t)
        full, outward = self.postcode(postcode)
        parsed = ParsedAddress(text=text or None, postcode=full, outward=outward, flat=flat,
                               number=number, others=others, words=words)
        sub = " ".join(t for t in (sao_text, sao_number) if t)
        first_line = ", ".join(t for t in (sub, pao_text,
                                           " ".join(t for t in (pao_number, street) if t)) if t)
        return parsed, first_line


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
    postcodes = (frame[spec.postcode_column].to_list() if spec.postcode_column
                 else [None] * frame.height)
    parsed: list[ParsedAddress] = []
    display: list[str | None] = []
    if spec.lpi.used:
        lpi = spec.lpi.columns()
        values = frame.select(list(lpi.values())).rows()
        place_text = _joined(frame, spec.place_columns).to_list() if spec.place_columns \
            else [None] * frame.height
        reader = _LpiReader(places)
        for row, postcode, place in zip(values, postcodes, place_text, strict=True):
            item, line = reader.read(dict(zip(lpi, row, strict=True)), postcode)
            parsed.append(item)
            tail = " ".join(t for t in (str(place).upper() if place else "",
                                        item.postcode or (postcode or "").upper()) if t)
            display.append(", ".join(t for t in (line, tail) if t) or None)
    else:
        texts = _joined(frame, spec.address_columns).to_list()
        for text, postcode in zip(texts, postcodes, strict=True):
            item = parse_address(text, postcode, places=places)
            parsed.append(item)
            shown = normalise(text)
            if item.postcode and item.postcode.replace(" ", "") not in shown.replace(" ", ""):
                shown = f"{shown} {item.postcode}"
            display.append(shown or None)
    out = pl.concat([
        pl.DataFrame({
            "row_id": pl.Series([f"R{i}" for i in range(1, frame.height + 1)], dtype=pl.String),
            "uprn": uprns, "address": pl.Series(display, dtype=pl.String),
        }),
        parsed_frame(parsed),
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
