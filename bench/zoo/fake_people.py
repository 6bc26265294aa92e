"""Shaped like Splink's ``fake_1000``: ``unique_id, first_name, surname, dob, city, email``.

About four records per person, heavily corrupted: typos, first name and surname swapped,
missing values, a different email address (new provider, or a typo), a wrong date of birth
(day, month or year out), another city (moved).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk

CITIES = names.UK_TOWNS[:12] + names.words("London Swansea Cardiff Glasgow Edinburgh Belfast "
                                           "Southampton Portsmouth Norwich Exeter Plymouth")


def generate(records: int, *, seed: int = 13) -> c.DataSet:
    rng = np.random.default_rng(seed + records)
    people = max(1, records // 4)
    p = uk.people(rng, people, ages=(18, 85))
    city = c.pick(rng, CITIES, people, s=0.7).astype(str)
    p = p.with_columns(city=pl.Series(city))
    rows = c.repeat_people(rng, people, records, max_each=9)
    r = p[rows]
    n = r.height
    fn = c.typo(rng, c.replace_some(rng, r["first"], names.NICKNAMES, 0.05), 0.15)
    sn = c.typo(rng, r["surname"], 0.12)
    fn, sn = c.swap(rng, fn, sn, 0.05)
    dob = c.date_text(rng, r["dob"], "%Y-%m-%d", swap_rate=0.05, typo_rate=0.1, year_rate=0.06)
    email = r["email"]
    other = c.fmt("{}@{}", u=email.str.split("@").list.first(),
                  d=np.array(uk.EMAIL_DOMAINS)[rng.integers(0, len(uk.EMAIL_DOMAINS), n)])
    email = c.where(c.mask(rng, n, 0.15), other, email)
    email = c.typo(rng, email, 0.08)
    city_col = c.shuffle_in(rng, r["city"], 0.1, pl.Series(CITIES))
    out = pl.DataFrame({
        "unique_id": pl.Series(rng.permutation(n)).cast(pl.String),
        "first_name": c.blank(rng, fn, 0.12), "surname": c.blank(rng, sn, 0.1),
        "dob": c.blank(rng, dob, 0.12), "city": c.blank(rng, city_col, 0.15),
        "email": c.blank(rng, email, 0.2),
    })
    stem = f"fake_people_{records // 1000}k"
    return c.DataSet(
        link_type="dedupe_only", files={stem: out}, id_columns={stem: "unique_id"},
        person_ids={stem: rows + 1},
        description=(f"Like Splink's fake_1000: {records:,} records, about 4 per person, heavy "
                     "corruption (typos, swapped names, missing values, changed emails and "
                     "dates, moved city)"),
        params={"records": records, "seed": seed + records},
    )
