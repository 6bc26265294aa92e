"""Patients with NHS numbers and many twins (dedupe): twins share surname, date of birth,
postcode and usually consecutive NHS numbers, and differ in first name (and often sex)."""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk


def generate(records: int = 20_000, *, seed: int = 19) -> c.DataSet:
    rng = np.random.default_rng(seed)
    people = int(records / 1.45)
    p = uk.people(rng, people, ages=(0, 95), towns=names.UK_TOWNS[:6])
    # Twins: 12 % of people are the second of a pair; they copy the first's family details.
    twin = np.zeros(people, dtype=bool)
    twin[1:] = rng.random(people - 1) < 0.12
    twin[1:] &= ~twin[:-1]
    of = np.where(twin, np.arange(people) - 1, -1)
    copy = ["surname", "dob", "flat", "number", "street", "town", "postcode"]
    prev = p.select(copy).shift(1)
    p = p.with_columns(c.where(pl.Series(twin), prev[col], p[col]) for col in copy)
    clash = twin & (p["first"].to_numpy() == np.roll(p["first"].to_numpy(), 1))
    pool = names.BRITISH_FEMALE + names.BRITISH_MALE
    first = p["first"].to_numpy().copy()
    first[clash] = c.pick(rng, pool, int(clash.sum()))
    p = p.with_columns(first=pl.Series(first.astype(str)),
                       nhs=uk.nhs_numbers(rng, people, consecutive_with=of))
    rows = c.with_duplicates(rng, people, records)
    r = p[rows]
    n = r.height
    fn = c.typo(rng, c.replace_some(rng, r["first"], names.NICKNAMES, 0.07), 0.04)
    sn = c.typo(rng, r["surname"], 0.03)
    moved = c.mask(rng, n, 0.12)
    postcode = c.where(moved, c.shuffle_in(rng, r["postcode"], 1.0), r["postcode"])
    out = pl.DataFrame({
        "patient_id": c.id_strings("P", rng.permutation(n) + 1, 7),
        "nhs_number": c.blank(rng, c.typo(rng, r["nhs"], 0.03, keep_first=False,
                                          digits_only=True), 0.15),
        "forename": c.blank(rng, fn, 0.01),
        "surname": c.blank(rng, sn, 0.005),
        "date_of_birth": c.blank(rng, c.date_text(rng, r["dob"], "%d/%m/%Y", swap_rate=0.02,
                                                  typo_rate=0.02, year_rate=0.005), 0.02),
        "postcode": c.blank(rng, c.typo(rng, postcode, 0.02), 0.04),
        "sex": c.blank(rng, r["sex"], 0.03),
    })
    nhs = out["nhs_number"]
    spaced = c.fmt("{} {} {}", a=nhs.str.slice(0, 3), b=nhs.str.slice(3, 3), c=nhs.str.slice(6))
    out = out.with_columns(nhs_number=c.where(c.mask(rng, n, 0.3) & nhs.is_not_null(), spaced,
                                              nhs))
    return c.DataSet(
        link_type="dedupe_only", files={"nhs_twins": out}, id_columns={"nhs_twins": "patient_id"},
        person_ids={"nhs_twins": rows + 1},
        description=(f"{records:,} patient records, about 1.45 per person, 12 % of people are "
                     "twins (same surname, DOB, postcode, consecutive NHS numbers); NHS number "
                     "15 % missing, 3 % mistyped"),
        params={"records": records, "seed": seed, "twin_share": 0.12},
    )
