"""Sparse people data: 40-60 % of most columns missing, an email column that is mostly empty."""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk


def generate(records: int = 10_000, *, seed: int = 17) -> c.DataSet:
    rng = np.random.default_rng(seed)
    people = int(records * 0.75)
    p = uk.people(rng, people, towns=names.UK_TOWNS[:20])
    rows = c.with_duplicates(rng, people, records)
    r = p[rows]
    n = r.height
    fn = c.typo(rng, c.replace_some(rng, r["first"], names.NICKNAMES, 0.06), 0.04)
    sn = c.typo(rng, r["surname"], 0.04)
    out = pl.DataFrame({
        "person_ref": c.id_strings("S", rng.permutation(n) + 1, 6),
        "forename": c.blank(rng, fn, 0.45),
        "surname": c.blank(rng, sn, 0.40),
        "date_of_birth": c.blank(rng, c.date_text(rng, r["dob"], "%d/%m/%Y", swap_rate=0.02,
                                                  typo_rate=0.02), 0.55),
        "town": c.blank(rng, r["town"], 0.50),
        "postcode": c.blank(rng, c.typo(rng, r["postcode"], 0.02), 0.60),
        "phone": c.blank(rng, uk.phone_style(rng, r["mobile"], [3, 3, 1, 0]), 0.55),
        "email": c.blank(rng, r["email"], 0.93),
    })
    return c.DataSet(
        link_type="dedupe_only", files={"sparse": out}, id_columns={"sparse": "person_ref"},
        person_ids={"sparse": rows + 1},
        description=(f"{records:,} records, about 1.3 per person; names, DOB, town, postcode "
                     "and phone each 40-60 % missing, email 93 % missing"),
        params={"records": records, "seed": seed},
    )
