"""Shared pieces of the zoo's generators: seeded corruption on polars Series, dates, writing a set.

Every helper takes the generator's ``numpy.random.Generator`` and works on whole columns at once
(no Python loop over rows), so a million records per side take seconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[2]
ZOO_DIR = ROOT / "bench" / ".data" / "zoo"
EPOCH = date(1970, 1, 1).toordinal()

# QWERTY neighbours: a keying slip hits a key next to the intended one.
_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _ch in enumerate(_row):
        near = [_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)]
        for other in (_r - 1, _r + 1):
            if 0 <= other < len(_ROWS):
                near += [_ROWS[other][j] for j in (_i, _i + 1) if 0 <= j < len(_ROWS[other])]
        NEIGHBOURS[_ch] = "".join(n for n in near if n.isalpha() == _ch.isalpha()) or _ch


@dataclass
class DataSet:
    """A generated set: input frames (file stem -> frame), their ID columns and the truth."""

    link_type: str
    files: dict[str, pl.DataFrame]
    id_columns: dict[str, str]
    person_ids: dict[str, Sequence[Any]]  # file stem -> person per row
    description: str
    params: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> pl.DataFrame:
        return pl.concat([
            pl.DataFrame({
                "source_dataset": [stem] * frame.height,
                "record_id": frame[self.id_columns[stem]].cast(pl.String),
                "person_id": pl.Series(self.person_ids[stem]).cast(pl.String),
            })
            for stem, frame in self.files.items()
        ])

    def write(self, folder: Path, *, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for stem, frame in self.files.items():
            ids = frame[self.id_columns[stem]]
            if ids.n_unique() != frame.height or ids.null_count():
                raise ValueError(f"{name}: {stem}'s record IDs are not unique")
            frame.write_csv(folder / f"{stem}.csv")
        self.truth().write_csv(folder / "truth.csv")
        meta = {
            "name": name,
            "link_type": self.link_type,
            "files": [f"{stem}.csv" for stem in self.files],
            "id_column": {f"{stem}.csv": self.id_columns[stem] for stem in self.files},
            "records": {f"{stem}.csv": frame.height for stem, frame in self.files.items()},
            "description": self.description,
            "params": self.params,
        }
        (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


# --- drawing values ---------------------------------------------------------------------------


def zipf_weights(k: int, s: float = 0.8) -> np.ndarray:
    w = 1 / (np.arange(k) + 1) ** s
    return w / w.sum()


def pick(rng: np.random.Generator, words: Sequence[str], n: int, *, s: float = 0.8) -> np.ndarray:
    """``n`` words, earlier ones more often (Zipf exponent ``s``; 0 = uniform)."""
    arr = np.array(list(words), dtype=object)
    return arr[rng.choice(len(arr), n, p=zipf_weights(len(arr), s))]


def words(text: str) -> list[str]:
    """Space-separated words; ``_`` stands for a space inside one."""
    return [w.replace("_", " ") for w in text.split()]


def id_strings(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """``prefix`` + each number zero-padded to ``width`` digits."""
    return pl.Series(np.asarray(numbers)).cast(pl.String).str.zfill(width).str.replace(
        r"^", prefix)


def dates(days_since_1970: np.ndarray) -> pl.Series:
    return pl.Series(np.asarray(days_since_1970, dtype=np.int32)).cast(pl.Date)


def days(year_from: int, year_to: int) -> tuple[int, int]:
    """Day numbers (since 1970) of 1 January ``year_from`` and 31 December ``year_to``."""
    return date(year_from, 1, 1).toordinal() - EPOCH, date(year_to, 12, 31).toordinal() - EPOCH


# --- corrupting values ------------------------------------------------------------------------


def mask(rng: np.random.Generator, n: int, rate: float) -> pl.Series:
    return pl.Series(rng.random(n) < rate)


def where(condition: pl.Series | np.ndarray, then: pl.Series, otherwise: pl.Series) -> pl.Series:
    cond = pl.Series(condition) if not isinstance(condition, pl.Series) else condition
    return then.zip_with(cond.fill_null(False), otherwise).alias(otherwise.name)


def blank(rng: np.random.Generator, column: pl.Series, rate: float | np.ndarray) -> pl.Series:
    """``column`` with about ``rate`` (a number, or one per row) of its values missing."""
    keep = pl.Series(rng.random(len(column)) >= rate)
    return pl.select(pl.when(keep).then(column)).to_series().alias(column.name)


def typo(rng: np.random.Generator, column: pl.Series, rate: float | np.ndarray, *,
         keep_first: bool = True, digits_only: bool = False) -> pl.Series:
    """One keying slip in about ``rate`` of the values: a letter dropped, doubled, swapped with
    the next one, or replaced by a key next to it (a digit by a digit for ``digits_only``)."""
    n = len(column)
    column = column.cast(pl.String)
    rows = np.flatnonzero(rng.random(n) < rate)
    if not len(rows):
        return column
    k = len(rows)
    frame = pl.DataFrame({
        "s": column.gather(rows),
        "op": rng.integers(0, 4, k),
        "u": rng.random(k),
        "r": rng.integers(0, 1 << 20, k),
        "digit": rng.integers(0, 10, k).astype(str),
    })
    s = pl.col("s")
    length = s.str.len_chars()
    first = 1 if keep_first else 0
    span = (length - first - 1).clip(lower_bound=1)
    p = (first + (pl.col("u") * span).floor().cast(pl.Int64)).clip(upper_bound=length - 1)
    ch = s.str.slice(p, 1)
    nxt = s.str.slice(p + 1, 1)
    lower = ch.str.to_lowercase()
    near = lower.replace_strict(NEIGHBOURS, default=lower)
    sub = near.str.slice(pl.col("r") % near.str.len_chars().clip(lower_bound=1), 1)
    sub = pl.when(ch != lower).then(sub.str.to_uppercase()).otherwise(sub)
    if digits_only:
        sub = pl.when(pl.col("digit") == ch).then(((pl.col("digit").cast(pl.Int64) + 1) % 10)
                                                  .cast(pl.String)).otherwise(pl.col("digit"))
    head, tail = s.str.slice(0, p), s.str.slice(p + 1)
    edited = (
        pl.when(pl.col("op") == 0).then(head + tail)
        .when(pl.col("op") == 1).then(head + ch + ch + tail)
        .when((pl.col("op") == 2) & (nxt != "")).then(head + nxt + ch + s.str.slice(p + 2))
        .otherwise(head + sub + tail)
    )
    if digits_only:  # identifiers keep their length: swap or replace only
        edited = (pl.when((pl.col("op") < 2) & (nxt != "")).then(head + nxt + ch + s.str.slice(p + 2))
                  .otherwise(head + sub + tail))
    out = frame.select(pl.when(length >= 2 + first).then(edited).otherwise(s)).to_series()
    return column.scatter(rows, out).alias(column.name)


def replace_some(rng: np.random.Generator, column: pl.Series, table: dict[str, list[str]],
                 rate: float | np.ndarray) -> pl.Series:
    """For about ``rate`` of the values found in ``table``, one of its alternatives at random."""
    n = len(column)
    frame = pl.DataFrame({"s": column.cast(pl.String), "hit": rng.random(n) < rate,
                          "r": rng.integers(0, 1 << 20, n)})
    keys = list(table)
    alts = pl.col("s").replace_strict(keys, [table[k] for k in keys], default=None,
                                      return_dtype=pl.List(pl.String))
    chosen = alts.list.get(pl.col("r") % alts.list.len().clip(lower_bound=1), null_on_oob=True)
    out = frame.select(
        pl.when(pl.col("hit") & chosen.is_not_null()).then(chosen).otherwise(pl.col("s"))
    ).to_series()
    return out.alias(column.name)


def substitute(rng: np.random.Generator, column: pl.Series, pairs: Sequence[tuple[str, str]],
               rate: float) -> pl.Series:
    """In about ``rate`` of the values, every ``old`` replaced by ``new`` (literal text)."""
    short = column
    for old, new in pairs:
        short = short.str.replace_all(old, new, literal=True)
    return where(mask(rng, len(column), rate), short, column)


def swap(rng: np.random.Generator, a: pl.Series, b: pl.Series, rate: float
         ) -> tuple[pl.Series, pl.Series]:
    """Swap the values of two columns in about ``rate`` of the rows."""
    m = mask(rng, len(a), rate)
    return where(m, b, a).alias(a.name), where(m, a, b).alias(b.name)


def shuffle_in(rng: np.random.Generator, column: pl.Series, rate: float,
               pool: pl.Series | None = None) -> pl.Series:
    """About ``rate`` of the values replaced by a random value of ``pool`` (default: the column)."""
    pool = column if pool is None else pool
    other = pool.gather(rng.integers(0, len(pool), len(column)))
    return where(mask(rng, len(column), rate), other, column)


def date_text(rng: np.random.Generator, dob: pl.Series, fmt: str, *, swap_rate: float = 0.0,
              typo_rate: float = 0.0, year_rate: float = 0.0) -> pl.Series:
    """Dates as text in ``fmt`` (``%d``, ``%m``, ``%Y``), with day/month swaps (days 1-12), a
    slipped day digit and a year off by one or ten."""
    n = len(dob)
    swapped = fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    frame = pl.DataFrame({"d": dob, "sw": rng.random(n) < swap_rate,
                          "ty": rng.random(n) < typo_rate, "yr": rng.random(n) < year_rate,
                          "shift": rng.choice(np.array([-10, -1, 1, 10]), n),
                          "dd": rng.integers(-9, 10, n)})
    d = pl.col("d")
    d = pl.when(pl.col("yr")).then(d.dt.offset_by(pl.format("{}y", pl.col("shift")))).otherwise(d)
    # a slipped digit in the day: 12 -> 13 or 21; stays a valid date
    d = pl.when(pl.col("ty")).then(
        pl.date(d.dt.year(), d.dt.month(), ((d.dt.day() + pl.col("dd") - 1) % 28) + 1)
    ).otherwise(d)
    text = pl.when(pl.col("sw") & (d.dt.day() <= 12)).then(d.dt.strftime(swapped)).otherwise(
        d.dt.strftime(fmt))
    return frame.select(text.alias(dob.name or "date")).to_series()


def digits(rng: np.random.Generator, n: int, width: int) -> pl.Series:
    """``n`` random strings of ``width`` digits."""
    out = np.zeros(n, dtype=np.int64)
    for _ in range(width):
        out = out * 10 + rng.integers(0, 10, n)
    return pl.Series(out).cast(pl.String).str.zfill(width)


def unique_numbers(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """``n`` distinct random integers below ``10**width``."""
    high = 10 ** width
    if high <= 4 * n:
        return rng.permutation(high)[:n]
    out = np.unique(rng.integers(0, high, int(n * 1.2) + 10))
    while len(out) < n:
        out = np.unique(np.concatenate([out, rng.integers(0, high, n)]))
    return rng.permutation(out)[:n]


def fmt(template: str, **columns: pl.Series | np.ndarray) -> pl.Series:
    """``pl.format`` over named columns: ``fmt("{} {}", a=..., b=...)`` (in keyword order)."""
    frame = pl.DataFrame({k: (v if isinstance(v, pl.Series) else pl.Series(v)) for k, v in
                          columns.items()})
    return frame.select(pl.format(template, *columns).alias("out")).to_series()


def ascii_lower(column: pl.Series) -> pl.Series:
    """Lower case letters a-z only (for email user names)."""
    folded = column.str.to_lowercase()
    for accented, plain in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"), ("é", "e"),
                            ("è", "e"), ("ë", "e"), ("ł", "l"), ("ó", "o"), ("ś", "s"),
                            ("ń", "n"), ("ż", "z"), ("ź", "z"), ("ç", "c"), ("ã", "a"),
                            ("í", "i"), ("á", "a"), ("ş", "s"), ("ı", "i"), ("ğ", "g")):
        folded = folded.str.replace_all(accented, plain, literal=True)
    return folded.str.replace_all(r"[^a-z]", "")


def repeat_people(rng: np.random.Generator, people: int, records: int, *,
                  max_each: int = 20) -> np.ndarray:
    """Person index for each of ``records`` rows: every person at least once, the number of
    records per person falling off as a power law (many once, a few up to ``max_each``)."""
    k = np.arange(1, max_each + 1)
    target = records / people
    lo, hi = 0.0, 10.0
    for _ in range(60):  # the exponent whose mean count is the target
        a = (lo + hi) / 2
        p = k ** -a / (k ** -a).sum()
        lo, hi = (a, hi) if (p * k).sum() > target else (lo, a)
    counts = rng.choice(k, people, p=p)
    while (diff := records - counts.sum()) != 0:
        room = np.flatnonzero(counts < max_each) if diff > 0 else np.flatnonzero(counts > 1)
        take = rng.choice(room, min(abs(diff), len(room)), replace=False)
        counts[take] += 1 if diff > 0 else -1
    rows = np.repeat(np.arange(people), counts)
    return rows[rng.permutation(len(rows))]


def with_duplicates(rng: np.random.Generator, people: int, records: int) -> np.ndarray:
    """Person index for each of ``records >= people`` rows: everyone once, then the extra
    rows spread unevenly (most extra people twice, a few three or four times)."""
    extra = rng.permutation(people)[rng.choice(people, records - people, p=zipf_weights(people,
                                                                                         0.3))]
    rows = np.concatenate([np.arange(people), extra])
    return rows[rng.permutation(len(rows))]
