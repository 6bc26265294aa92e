"""US voter roll x driver licence file (link): US name, date, address and phone conventions.

Voters (``voters``): first, middle initial, last, DOB as MM/DD/YYYY, street address, city,
2-letter state, 5-digit ZIP, phone as ``(614) 555-0123``, and the driver licence number for
the 60 % who gave it. Licences (``dmv``): upper case, full middle name, DOB as YYYYMMDD, ZIP+4
for some, phone as ``614.555.0123`` or ``+1 614 555 0123``, licence number for everyone
(2 % mistyped). About 70 % of the voters hold a licence in the file; 8 % of them have moved.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names

NICK = {"William": ["Bill", "Will", "Billy"], "Robert": ["Bob", "Rob", "Bobby"],
        "Richard": ["Rick", "Dick", "Rich"], "James": ["Jim", "Jimmy"], "Michael": ["Mike"],
        "Christopher": ["Chris"], "Joseph": ["Joe"], "Thomas": ["Tom"], "Daniel": ["Dan"],
        "Matthew": ["Matt"], "Anthony": ["Tony"], "Elizabeth": ["Liz", "Beth", "Betsy"],
        "Jennifer": ["Jen", "Jenny"], "Patricia": ["Pat", "Patty", "Trish"],
        "Katherine": ["Kathy", "Kate"], "Margaret": ["Peggy", "Maggie"], "Rebecca": ["Becky"],
        "Jessica": ["Jess"], "Samantha": ["Sam"], "Kimberly": ["Kim"], "Deborah": ["Debbie"],
        "Nicholas": ["Nick"], "Jonathan": ["Jon"], "Timothy": ["Tim"], "Steven": ["Steve"],
        "Kenneth": ["Ken"], "Ronald": ["Ron"], "Donald": ["Don"], "Gregory": ["Greg"]}


def _people(rng: np.random.Generator, n: int) -> pl.DataFrame:
    sex = rng.choice(np.array(["M", "F"]), n)
    first = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    for s, pool in (("M", names.US_MALE), ("F", names.US_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, pool, int(m.sum()), s=0.8)
        middle[m] = c.pick(rng, pool, int(m.sum()), s=0.8)
    middle = np.where(rng.random(n) < 0.8, middle, None)
    last = c.pick(rng, names.US_SURNAMES + names.PLACE_SURNAMES, n, s=0.8)
    lo, hi = c.days(1930, 2006)
    cities = names.US_CITIES
    city = rng.choice(len(cities), n, p=c.zipf_weights(len(cities), 1.0))
    zip_base = 43000 + np.arange(len(cities)) * 37 % 2900
    zips = zip_base[city] + rng.integers(0, 6, n)
    street = c.fmt("{} {} {}", no=rng.integers(1, 9999, n),
                   s=c.pick(rng, names.US_STREETS, n, s=0.6),
                   k=c.pick(rng, names.US_STREET_KINDS, n, s=0.8))
    apt = np.where(rng.random(n) < 0.15, rng.integers(1, 40, n), 0)
    street = c.where(pl.Series(apt > 0), c.fmt("{} Apt {}", s=street, a=apt), street)
    area = np.array(["614", "216", "513", "419", "330", "937", "440", "740", "234", "380"])
    return pl.DataFrame({
        "sex": sex, "first": first.astype(str),
        "middle": pl.Series(middle.tolist(), dtype=pl.String), "last": last.astype(str),
        "dob": c.dates(rng.integers(lo, hi, n)), "street": street,
        "city": np.array(cities)[city], "state": np.full(n, "OH"),
        "zip": pl.Series(zips).cast(pl.String).str.zfill(5),
        "plus4": pl.Series(rng.integers(1, 9999, n)).cast(pl.String).str.zfill(4),
        "area": area[rng.choice(len(area), n, p=c.zipf_weights(len(area), 0.7))],
        "phone7": c.digits(rng, n, 7),
        "licence": c.fmt("{}{}", letter=np.array(list("ABCDEFGHJKLMNPRSTWXYZ"))[
            rng.integers(0, 21, n)], d=pl.Series(c.unique_numbers(rng, n, 7)).cast(pl.String)
            .str.zfill(7)),
    })


def generate(per_file: int = 20_000, *, seed: int = 23) -> c.DataSet:
    rng = np.random.default_rng(seed)
    both = int(per_file * 0.7)
    p = _people(rng, 2 * per_file - both)
    order = rng.permutation(p.height)
    v_rows = order[:per_file]
    d_rows = np.concatenate([order[:both], order[per_file:]])
    v = p[v_rows]
    d = p[d_rows]
    n = v.height
    first = c.typo(rng, c.replace_some(rng, v["first"], NICK, 0.08), 0.03)
    phone_v = c.fmt("({}) {}-{}", a=v["area"], b=v["phone7"].str.slice(0, 3),
                    c=v["phone7"].str.slice(3))
    voters = pl.DataFrame({
        "voter_id": c.id_strings("OH", rng.permutation(n) + 100_000, 8),
        "first_name": first, "middle_initial": v["middle"].str.slice(0, 1),
        "last_name": c.typo(rng, v["last"], 0.03),
        "birth_date": c.blank(rng, c.date_text(rng, v["dob"], "%m/%d/%Y", swap_rate=0.02,
                                               typo_rate=0.01), 0.02),
        "residential_address": c.typo(rng, v["street"], 0.02),
        "city": v["city"], "state": v["state"], "zip_code": v["zip"],
        "phone": c.blank(rng, phone_v, 0.45),
        "drivers_license": c.blank(rng, v["licence"], 0.4),
    })
    m = d.height
    moved = np.zeros(m, dtype=bool)
    moved[:both] = rng.random(both) < 0.08
    new = _people(rng, m)  # a new home and phone, not another person's
    mv = pl.Series(moved)
    d = d.with_columns(c.where(mv, new[col], d[col]) for col in
                       ["street", "city", "zip", "plus4", "area", "phone7"])
    out_of_state = mv & c.mask(rng, m, 0.25)
    d = d.with_columns(state=c.where(out_of_state, pl.Series(
        c.pick(rng, ["PA", "MI", "IN", "KY", "WV", "NY", "FL"], m).astype(str)), d["state"]))
    zip_text = c.where(c.mask(rng, m, 0.3), c.fmt("{}-{}", z=d["zip"], p=d["plus4"]), d["zip"])
    style = rng.integers(0, 3, m)
    phone_d = pl.DataFrame({"a": d["area"], "p": d["phone7"], "s": style}).select(
        pl.when(pl.col("s") == 0).then(pl.format("{}.{}.{}", "a", pl.col("p").str.slice(0, 3),
                                                 pl.col("p").str.slice(3)))
        .when(pl.col("s") == 1).then(pl.format("+1 {} {} {}", "a", pl.col("p").str.slice(0, 3),
                                               pl.col("p").str.slice(3)))
        .otherwise(pl.format("{}{}", "a", "p"))).to_series()
    first_d = c.typo(rng, c.replace_some(rng, d["first"], NICK, 0.03), 0.02)
    street_d = c.substitute(rng, d["street"], [(" Apt ", " # "), (" St", " Street"),
                                               (" Ave", " Avenue"), (" Rd", " Road"),
                                               (" Dr", " Drive")], 0.5)
    dmv = pl.DataFrame({
        "DL_NUMBER": c.typo(rng, d["licence"], 0.02, keep_first=False, digits_only=True),
        "FIRST": first_d.str.to_uppercase(),
        "MIDDLE": c.blank(rng, d["middle"], 0.3).str.to_uppercase(),
        "LAST": c.typo(rng, d["last"], 0.02).str.to_uppercase(),
        "DOB": c.date_text(rng, d["dob"], "%Y%m%d", typo_rate=0.01),
        "ADDRESS": street_d.str.to_uppercase(),
        "CITY": d["city"].str.to_uppercase(), "ST": d["state"], "ZIP": zip_text,
        "PHONE": c.blank(rng, phone_d, 0.5),
        "SEX": d["sex"],
        "RECORD_NO": c.id_strings("D", rng.permutation(m) + 1, 7),
    })
    # the licence number is the file's key, so it is unique; typos may collide: drop those
    dup = dmv["DL_NUMBER"].is_duplicated()
    dmv = dmv.with_columns(DL_NUMBER=c.where(dup, d["licence"], dmv["DL_NUMBER"]))
    return c.DataSet(
        link_type="link_only", files={"voters": voters, "dmv": dmv},
        id_columns={"voters": "voter_id", "dmv": "RECORD_NO"},
        person_ids={"voters": v_rows + 1, "dmv": d_rows + 1},
        description=(f"US voter roll x driver licences, {per_file:,} each, 70 % of voters in "
                     "both; MM/DD/YYYY vs YYYYMMDD, ZIP+4, US phone formats, licence number "
                     "on 60 % of voters (2 % mistyped)"),
        params={"per_file": per_file, "seed": seed, "overlap": 0.7},
    )
