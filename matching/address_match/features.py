"""What the model compares and blocks on, computed from the parsed addresses.

* **Spelling repair**: a record's word that no reference address uses is replaced by the
  reference word one or two letters away (KINGSLADN → KINGSLAND), so typos still block and
  compare.
* **Token rarity**: each word carries its information, ``log2(candidates / addresses with the
  word)``, so sharing KINGSLAND says far more than sharing ROAD.
* **Blocking keys**, an inverted index: postcode + number, number + word, postcode + word, and
  each rare word alone. A record is compared only with reference addresses sharing a key, and
  keys shared by too many reference addresses (NUMBER 12 + ROAD) are dropped.
"""

from __future__ import annotations

import math

import duckdb
import polars as pl

#: Keys shared by more reference addresses than this are too common to block on, by kind:
#: postcode + number, postcode + word, number + word, rare word alone.
MAX_BLOCK_SIZE: dict[str, int] = {"P": 400, "W": 400, "N": 150, "R": 60}
#: Words with at most this many letters are never repaired (too many near neighbours).
MIN_REPAIR_LENGTH = 4
#: Rare words per address used for blocking.
RARE_WORDS_FOR_KEYS = 3


def word_counts(reference: pl.DataFrame) -> pl.DataFrame:
    """``word``, ``addresses`` (how many candidate addresses use it), over the pool."""
    return (reference.select(pl.col("words").list.unique()).explode("words")
            .drop_nulls().group_by("words").len()
            .rename({"words": "word", "len": "addresses"}).sort("word"))


def repairs(con: duckdb.DuckDBPyConnection, record_words: pl.Series,
            vocabulary: pl.DataFrame) -> dict[str, str]:
    """Record words unknown to the reference -> the closest reference word (same first letter,
    one edit for words up to 6 letters, two for longer; the commonest wins a tie)."""
    unseen = record_words.explode().drop_nulls().unique()
    unseen = unseen.filter(unseen.str.len_chars() >= MIN_REPAIR_LENGTH)
    unknown = pl.DataFrame({"w": unseen}).join(vocabulary.rename({"word": "w"}), on="w",
                                               how="anti")
    if unknown.height == 0 or vocabulary.height == 0:
        return {}
    con.register("mw_unknown_words", unknown.to_arrow())
    con.register("mw_vocabulary", vocabulary.to_arrow())
    try:
        rows = con.sql("""
            WITH scored AS (
                SELECT u.w, v.word, v.addresses, damerau_levenshtein(u.w, v.word) AS edits
                FROM mw_unknown_words u JOIN mw_vocabulary v
                  ON substr(u.w, 1, 1) = substr(v.word, 1, 1)
                 AND abs(length(u.w) - length(v.word)) <= 2
                 AND length(v.word) >= 4
            )
            SELECT w, arg_min(word, (edits, -addresses::BIGINT, word)) FROM scored
            WHERE edits <= CASE WHEN length(w) <= 6 THEN 1 ELSE 2 END
            GROUP BY w
        """).fetchall()
    finally:
        con.unregister("mw_unknown_words")
        con.unregister("mw_vocabulary")
    return dict(rows)


def with_repaired_words(frame: pl.DataFrame, fixes: dict[str, str]) -> pl.DataFrame:
    """``words`` with repairs applied (order kept, duplicates dropped) and ``address_key``
    (flat, number and words) made again from them."""
    words = pl.col("words")
    if fixes:
        words = words.list.eval(pl.element().replace(fixes))
    frame = frame.with_columns(words.list.unique(maintain_order=True))
    has_address = (pl.col("premise").list.len() > 0) | (pl.col("words").list.len() > 0)
    key = pl.concat_str(pl.col("flat").fill_null(""), pl.lit("|"),
                        pl.col("number").fill_null(""), pl.lit("|"),
                        pl.col("words").list.join(" "))
    return frame.with_columns(pl.when(has_address).then(key).alias("address_key"))


def with_information(frame: pl.DataFrame, counts: pl.DataFrame, candidates: int) -> pl.DataFrame:
    """Adds ``winfo`` (each word with its information, in bits), ``info_total`` and
    ``rare`` (the rarest words the reference knows, for blocking)."""
    total = max(candidates, 1)
    unseen = math.log2(total) + 1.0
    info = counts.with_columns((pl.lit(total, pl.Float64) / pl.col("addresses")).log(2)
                               .alias("info")).select("word", "info")
    indexed = frame.select(pl.int_range(pl.len()).alias("_row"), "words").explode("words")
    joined = indexed.join(info, left_on="words", right_on="word", how="left", maintain_order="left")
    per_row = joined.group_by("_row", maintain_order=True).agg(
        pl.struct(pl.col("words").alias("w"),
                  pl.col("info").fill_null(unseen).alias("i")).filter(
            pl.col("words").is_not_null()).alias("winfo"),
        pl.col("info").fill_null(unseen).filter(pl.col("words").is_not_null()).sum()
        .alias("info_total"),
        pl.col("words").filter(pl.col("info").is_not_null())
        .sort_by(pl.col("info").filter(pl.col("info").is_not_null()), descending=True)
        .head(RARE_WORDS_FOR_KEYS).alias("rare"),
    ).sort("_row")
    return pl.concat([frame, per_row.drop("_row")], how="horizontal")


KEYS_SQL = """
    SELECT * EXCLUDE (_tokens), list_distinct(list_filter(flatten([
        CASE WHEN postcode IS NOT NULL THEN ['P:' || postcode || ':' || t FOR t IN _tokens]
             ELSE [] END,
        flatten([['N:' || t || ':' || w FOR w IN words] FOR t IN _tokens]),
        CASE WHEN postcode IS NOT NULL THEN ['W:' || postcode || ':' || w FOR w IN words]
             ELSE [] END,
        ['R:' || w FOR w IN rare]
    ]), lambda k: k IS NOT NULL)) AS keys
    FROM (
        SELECT *, list_distinct(list_concat(premise,
            CASE WHEN num_lo IS NOT NULL AND num_lo <> num_hi
                 THEN [num_lo::VARCHAR, num_hi::VARCHAR] ELSE [] END)) AS _tokens
        FROM mw_keyed
    )
"""


def with_block_keys(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> pl.DataFrame:
    """Adds ``keys``: postcode + number, number + word, postcode + word and rare words alone
    (see the module docstring)."""
    con.register("mw_keyed", frame.to_arrow())
    try:
        return con.sql(KEYS_SQL).pl()
    finally:
        con.unregister("mw_keyed")


def without_common_keys(records: pl.DataFrame, reference: pl.DataFrame,
                        limits: dict[str, int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both sides without the keys that more reference addresses share than their kind's
    limit (``MAX_BLOCK_SIZE``)."""
    limits = limits or MAX_BLOCK_SIZE
    sizes = (reference.select(pl.col("keys").explode()).drop_nulls().group_by("keys").len()
             .with_columns(pl.col("keys").str.slice(0, 1).alias("kind")))
    limit = pl.col("kind").replace_strict(limits, default=min(limits.values()),
                                          return_dtype=pl.Int64)
    common = sizes.filter(pl.col("len") > limit).select("keys")
    if common.height == 0:
        return records, reference
    return _drop_keys(records, common), _drop_keys(reference, common)


def _drop_keys(frame: pl.DataFrame, common: pl.DataFrame) -> pl.DataFrame:
    indexed = frame.with_row_index("_row")
    kept = (indexed.select("_row", "keys").explode("keys").join(common, on="keys", how="anti")
            .group_by("_row").agg(pl.col("keys").drop_nulls()))
    return (indexed.drop("keys").join(kept, on="_row", how="left").sort("_row")
            .with_columns(pl.col("keys").fill_null(pl.lit([], dtype=pl.List(pl.String))))
            .drop("_row"))
