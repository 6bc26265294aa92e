"""A reference list in LPI parts (LLPG / AddressBase) read column by column, without guessing.

The flat is the SAO (its number and suffix, or its text: "FLAT 3", "GROUND FLOOR FLAT"), the
house number the PAO number (ranges kept whole), and the words are the SAO and PAO texts'
words and the street's. Each distinct text is parsed once (streets and building names repeat),
so a list of a million rows reads in seconds.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from matching.address_match.config import ReferenceSpec
from matching.address_match.parsing import (
    NO_PLACES,
    ParsedAddress,
    Places,
    normalise,
    parse_address,
    strip_places,
)
from matching.cleaning_postcodes import clean_postcode, postcode_outward

EMPTY = pl.lit([], dtype=pl.List(pl.String))


def _distinct(column: pl.Series, compute: Callable[[str | None], dict[str, object]],
              schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """One row per distinct value of ``column`` (``value``) with ``compute(value)``'s fields."""
    values = column.unique().to_list()
    rows = [{"value": v, **compute(v)} for v in values]
    return pl.DataFrame(rows, schema={"value": column.dtype, **schema})


def _digits(expr: pl.Expr) -> pl.Expr:
    """A whole number as text ("12", "12.0" → "12"), else null."""
    text = expr.cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "")
    return pl.when(text.str.contains(r"^\d+$")).then(text)


def _number(start: pl.Expr, suffix: pl.Expr, end: pl.Expr, end_suffix: pl.Expr) -> pl.Expr:
    """"23" + "A" ... "24" → "23A-24"; null without a start number."""
    first, last = _digits(start), _digits(end)
    letter = suffix.cast(pl.String).str.strip_chars().str.to_uppercase().fill_null("")
    end_letter = end_suffix.cast(pl.String).str.strip_chars().str.to_uppercase().fill_null("")
    tail = pl.when(last.is_not_null()).then(pl.lit("-") + last + end_letter).otherwise(pl.lit(""))
    return pl.when(first.is_not_null()).then(first + letter + tail)


def _text(column: str) -> pl.Expr:
    """The column, with empty text as null (so joining skips it)."""
    return pl.when(pl.col(column) != "").then(pl.col(column))


def lpi_frame(frame: pl.DataFrame, spec: ReferenceSpec, places: Places) -> pl.DataFrame:
    """``address`` (display) and ``postcode``, ``outward``, ``flat``, ``number``, ``others``,
    ``words`` (see ``inputs.finish_parsed``) of every row of an LPI-style list."""
    columns = spec.lpi.columns()

    def col(field: str) -> pl.Expr:
        return pl.col(columns[field]) if field in columns else pl.lit(None, dtype=pl.String)

    parts = frame.select(
        *(_normalised(frame, columns.get(f), f) for f in ("sao_text", "pao_text", "street")),
        _number(col("sao_start_number"), col("sao_start_suffix"), col("sao_end_number"),
                col("sao_end_suffix")).alias("sao_number"),
        _number(col("pao_start_number"), col("pao_start_suffix"), col("pao_end_number"),
                col("pao_end_suffix")).alias("pao_number"),
        (pl.col(spec.postcode_column).cast(pl.String) if spec.postcode_column
         else pl.lit(None, dtype=pl.String)).alias("postcode_given"),
        (pl.concat_str([pl.col(c).cast(pl.String).str.strip_chars() for c in spec.place_columns],
                       separator=", ", ignore_nulls=True).str.to_uppercase()
         if spec.place_columns else pl.lit(None, dtype=pl.String)).alias("places"),
    )
    parsed_schema = {"flat": pl.String(), "number": pl.String(), "words": pl.List(pl.String())}

    def fields(parsed: ParsedAddress) -> dict[str, object]:
        return {"flat": parsed.flat, "number": parsed.number, "words": list(parsed.words)}

    sao = _distinct(parts["sao_text"], lambda v: fields(parse_address(v, places=NO_PLACES)),
                    parsed_schema).rename({"flat": "sao_flat", "number": "sao_no",
                                           "words": "sao_words"})
    pao = _distinct(parts["pao_text"], lambda v: fields(parse_address(v, places=NO_PLACES)),
                    parsed_schema).rename({"flat": "pao_flat", "number": "pao_no",
                                           "words": "pao_words"})
    street = _distinct(parts["street"], lambda v: {"street_words": strip_places(list(
        parse_address(v, places=NO_PLACES).words), places)}, {"street_words":
                                                                pl.List(pl.String())})
    postcodes = _distinct(parts["postcode_given"], lambda v: {
        "postcode": clean_postcode(v) if v else None,
        "outward": postcode_outward(v) if v else None}, {"postcode": pl.String(),
                                                         "outward": pl.String()})
    joined = (parts.with_row_index("_row")
              .join(sao, left_on="sao_text", right_on="value", how="left", nulls_equal=True)
              .join(pao, left_on="pao_text", right_on="value", how="left", nulls_equal=True)
              .join(street, left_on="street", right_on="value", how="left", nulls_equal=True)
              .join(postcodes, left_on="postcode_given", right_on="value", how="left",
                    nulls_equal=True)
              .sort("_row"))
    flat = pl.coalesce("sao_number", "sao_flat", "sao_no")
    sub = pl.concat_str([_text("sao_text"), pl.col("sao_number")], separator=" ",
                        ignore_nulls=True)
    first_line = pl.concat_str(
        [pl.when(sub != "").then(sub), _text("pao_text"),
         pl.concat_str([pl.col("pao_number"), _text("street")], separator=" ",
                       ignore_nulls=True)], separator=", ", ignore_nulls=True)
    tail = pl.concat_str([_text("places"), pl.coalesce("postcode", pl.col(
        "postcode_given").str.to_uppercase())], separator=" ", ignore_nulls=True)
    display = pl.concat_str([pl.when(first_line != "").then(first_line),
                             pl.when(tail != "").then(tail)], separator=", ", ignore_nulls=True)
    return joined.select(
        pl.when(display != "").then(display).alias("address"),
        "postcode", "outward", flat.alias("flat"),
        pl.coalesce("pao_number", "pao_no").alias("number"),
        pl.when(pl.col("pao_flat").is_not_null() & (pl.col("pao_flat") != flat.fill_null("")))
        .then(pl.concat_list(pl.col("pao_flat"))).otherwise(EMPTY).alias("others"),
        pl.concat_list(pl.col("sao_words").fill_null(EMPTY), pl.col("pao_words").fill_null(EMPTY),
                       pl.col("street_words").fill_null(EMPTY)).alias("words"),
    )


def _normalised(frame: pl.DataFrame, column: str | None, name: str) -> pl.Expr:
    """A text part in capitals without punctuation (each distinct value normalised once)."""
    if column is None:
        return pl.lit(None, dtype=pl.String).alias(name)
    values = frame[column].cast(pl.String)
    mapping = {v: normalise(v) or None for v in values.unique().to_list() if v is not None}
    return pl.col(column).cast(pl.String).replace_strict(mapping, default=None,
                                                         return_dtype=pl.String).alias(name)
