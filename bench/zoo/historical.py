"""Shaped like Splink's ``historical_50k``: people born 1750-1920, each appearing 1 to 20 times.

Columns ``unique_id, full_name, first_and_surname, first_name, surname, dob, birth_place,
postcode_fake, gender, occupation``, all lower case. Heavy corruption: names missing or
mistyped, clerks' abbreviations (``wm``, ``thos``, ``geo``), dates missing, year-only (written
as 1 January) or a few days/years out, birth places spelt differently or replaced by where
the person lived, fake postcodes changed, occupations missing or described differently.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk

ABBREVIATIONS = {
    "william": ["wm", "will", "wil"], "thomas": ["thos", "tom"], "george": ["geo"],
    "james": ["jas", "jim"], "charles": ["chas", "charlie"], "edward": ["edw", "ed", "ted"],
    "benjamin": ["benj", "ben"], "john": ["jno", "jack"], "joseph": ["jos", "joe"],
    "richard": ["richd", "dick"], "samuel": ["saml", "sam"], "robert": ["robt", "bob"],
    "frederick": ["fredk", "fred"], "elizabeth": ["eliz", "betsy", "eliza", "bessie"],
    "margaret": ["margt", "peggy"], "mary": ["polly", "molly"], "henry": ["hy", "harry"],
    "alfred": ["alf"], "albert": ["bert"], "catherine": ["kate", "katherine"],
    "sarah": ["sally", "sara"], "ann": ["anne", "annie", "hannah"], "hannah": ["ann", "anna"],
    "isabella": ["isabel", "bella"], "susan": ["susanna", "susannah"],
}


def generate(records: int = 50_000, *, people: int = 12_000, seed: int = 11) -> c.DataSet:
    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["male", "female"]), people, p=[0.7, 0.3])
    first = np.empty(people, dtype=object)
    middle = np.empty(people, dtype=object)
    for s, pool in (("male", names.OLD_MALE), ("female", names.OLD_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, [w.lower() for w in pool], int(m.sum()), s=1.0)
        middle[m] = c.pick(rng, [w.lower() for w in pool], int(m.sum()), s=1.0)
    middle = np.where(rng.random(people) < 0.45, middle, None)
    surname = c.pick(rng, [w.lower() for w in names.OLD_SURNAMES + names.PLACE_SURNAMES], people,
                     s=0.7)
    lo, hi = c.days(1750, 1920)
    dob = rng.integers(lo, hi, people)
    place = c.pick(rng, names.PLACES, people, s=0.9)
    home = uk.addresses(rng, people, towns=[t for t in names.UK_TOWNS if t != "Bath"],
                        per_unit=3)
    occupation = c.pick(rng, names.OCCUPATIONS, people, s=0.6)
    person = pl.DataFrame({
        "first": first.astype(str), "middle": pl.Series(middle.tolist(), dtype=pl.String),
        "surname": surname.astype(str), "dob": c.dates(dob), "place": place.astype(str),
        "postcode": home["postcode"].str.to_lowercase(), "sex": sex,
        "occupation": occupation.astype(str),
    })
    rows = c.repeat_people(rng, people, records, max_each=20)
    r = person[rows]
    n = r.height
    fn = c.replace_some(rng, r["first"], ABBREVIATIONS, 0.08)
    fn = c.typo(rng, fn, 0.08)
    sn = c.typo(rng, r["surname"], 0.08)
    mid = c.blank(rng, r["middle"], 0.3)
    fn_s, sn_s = c.swap(rng, fn, sn, 0.01)
    full = pl.DataFrame({"f": fn_s, "m": mid, "s": sn_s}).select(
        pl.concat_str("f", "m", "s", separator=" ", ignore_nulls=True)).to_series()
    first_sur = pl.DataFrame({"f": fn_s, "s": sn_s}).select(
        pl.concat_str("f", "s", separator=" ", ignore_nulls=True)).to_series()
    # dates: year only (1 January), days or a year out, missing
    d = r["dob"]
    frame = pl.DataFrame({"d": d, "yo": rng.random(n) < 0.08, "dd": rng.integers(-20, 21, n),
                          "near": rng.random(n) < 0.07})
    dob = frame.select(
        pl.when(pl.col("yo")).then(pl.date(pl.col("d").dt.year(), 1, 1))
        .when(pl.col("near")).then(pl.col("d") + pl.duration(days=pl.col("dd")))
        .otherwise(pl.col("d")).dt.strftime("%Y-%m-%d")).to_series()
    dob = c.where(c.mask(rng, n, 0.04),
                  c.date_text(rng, d, "%Y-%m-%d", year_rate=1.0, typo_rate=0.3), dob)
    place = c.replace_some(rng, r["place"], names.PLACE_VARIANTS, 0.35)
    place = c.shuffle_in(rng, place, 0.05, pl.Series(names.PLACES))
    postcode = r["postcode"]
    changed = postcode.str.slice(0, postcode.str.len_chars() - 2) + c.fmt(
        "{}{}", a=np.array(list(names.INWARD_LETTERS.lower()))[rng.integers(0, 20, n)],
        b=np.array(list(names.INWARD_LETTERS.lower()))[rng.integers(0, 20, n)])
    postcode = c.where(c.mask(rng, n, 0.1), changed, postcode)
    occupation = c.replace_some(rng, r["occupation"], names.OCCUPATION_VARIANTS, 0.3)
    occupation = c.shuffle_in(rng, occupation, 0.08, pl.Series(names.OCCUPATIONS))
    out = pl.DataFrame({
        "unique_id": c.id_strings("h", rng.permutation(n) + 1, 6),
        "full_name": c.blank(rng, full.replace("", None), 0.02),
        "first_and_surname": c.blank(rng, first_sur.replace("", None), 0.02),
        "first_name": c.blank(rng, fn, 0.07),
        "surname": c.blank(rng, sn, 0.05),
        "dob": c.blank(rng, dob, 0.14),
        "birth_place": c.blank(rng, place, 0.15),
        "postcode_fake": c.blank(rng, postcode, 0.2),
        "gender": c.blank(rng, r["sex"], 0.1),
        "occupation": c.blank(rng, occupation, 0.35),
    })
    return c.DataSet(
        link_type="dedupe_only", files={"historical_50k": out},
        id_columns={"historical_50k": "unique_id"},
        person_ids={"historical_50k": rows + 1},
        description=(f"Like Splink's historical_50k: {records:,} records of {people:,} people "
                     "born 1750-1920 (1 to 20 records each, skewed), lower case, heavy "
                     "corruption (names, abbreviations, partial dates, place variants)"),
        params={"records": records, "people": people, "seed": seed},
    )
