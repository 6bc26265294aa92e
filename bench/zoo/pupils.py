"""School census x another education system (link): a unique pupil number in both files.

UPN-like numbers (``A`` + 12 digits: local authority, school, year, serial) in both files, with
3 % mistyped and 20 % missing in the second; pupils aged 4-16 with names, DOB, gender, school
(a few hundred schools) and postcode. Siblings share surname, postcode and often school;
twins also their date of birth. 12 % changed school between the extracts.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk


def _schools(rng: np.random.Generator, k: int) -> list[str]:
    out = set()
    while len(out) < k:
        patron = c.pick(rng, names.SCHOOL_PATRONS + names.STREET_STEMS, 1, s=0.3)[0]
        kind = c.pick(rng, names.SCHOOL_KINDS, 1, s=0.3)[0]
        out.add(f"{patron} {kind}")
    return sorted(out)


def generate(per_file: int = 20_000, *, seed: int = 41) -> c.DataSet:
    rng = np.random.default_rng(seed)
    both = int(per_file * 0.7)
    total = 2 * per_file - both
    # Families of 1-4 children: same surname and home; siblings 1-6 years apart; 4 % twins.
    size = rng.choice([1, 2, 3, 4], total, p=[0.45, 0.35, 0.15, 0.05])
    fam = np.repeat(np.arange(total), size)[:total]
    pos = np.arange(total) - np.repeat(np.cumsum(size) - size, size)[:total]
    families = int(fam.max()) + 1
    base = uk.people(rng, families, ages=(4, 16), towns=names.UK_TOWNS[:10])
    schools = _schools(rng, 300)
    home_school = rng.choice(len(schools), families, p=c.zipf_weights(len(schools), 0.3))
    p = base[fam]
    gap = np.cumsum(np.where(pos > 0, rng.integers(365, 6 * 365, total), 0))
    gap = gap - gap[np.repeat(np.cumsum(size) - size, size)[:total]]
    twin = (pos == 1) & (rng.random(total) < 0.08)
    gap = np.where(twin, 0, gap)
    dob = c.dates(p["dob"].cast(pl.Int32).to_numpy() + gap)
    sex = rng.choice(np.array(["M", "F"]), total)
    first = np.empty(total, dtype=object)
    for s, pool in (("M", names.BRITISH_MALE), ("F", names.BRITISH_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, pool, int(m.sum()), s=0.6)
    clash = (pos > 0) & (first == np.roll(first, 1))
    first[clash] = c.pick(rng, names.BRITISH_FEMALE + names.BRITISH_MALE, int(clash.sum()))
    school = np.where(rng.random(total) < 0.75, home_school[fam],
                      rng.integers(0, len(schools), total))
    la = rng.integers(300, 940, families)[fam]
    letters = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))
    upn = c.fmt("{}{}{}{}{}", a=letters[rng.integers(0, 23, total)],
                la=la, est=pl.Series(rng.integers(0, 10_000, total)).cast(pl.String).str.zfill(4),
                y=pl.Series(rng.integers(8, 22, total)).cast(pl.String).str.zfill(2),
                s=pl.Series(rng.integers(0, 1000, total)).cast(pl.String).str.zfill(3))
    pupils = pl.DataFrame({"first": first.astype(str), "surname": p["surname"], "dob": dob,
                           "sex": sex, "school": np.array(schools)[school],
                           "postcode": p["postcode"], "upn": upn})
    while pupils["upn"].is_duplicated().any():
        fresh = pupils["upn"].str.slice(0, 10) + c.digits(rng, total, 3)
        pupils = pupils.with_columns(upn=c.where(pupils["upn"].is_duplicated(), fresh,
                                                 pupils["upn"]))
    order = rng.permutation(total)
    rows = {"census": order[:per_file],
            "services": np.concatenate([order[:both], order[per_file:]])}
    r = pupils[rows["census"]]
    census = pl.DataFrame({
        "UPN": r["upn"], "Forename": c.typo(rng, r["first"], 0.02),
        "Surname": c.typo(rng, r["surname"], 0.02),
        "DOB": c.date_text(rng, r["dob"], "%d/%m/%Y", typo_rate=0.005),
        "Gender": r["sex"], "SchoolName": r["school"],
        "Postcode": c.blank(rng, r["postcode"], 0.02),
        "CensusRowID": c.id_strings("C", rng.permutation(per_file) + 1, 6),
    })
    r = pupils[rows["services"]]
    m = r.height
    changed = c.mask(rng, m, 0.12)
    school = c.shuffle_in(rng, r["school"], 1.0, pl.Series(schools))
    moved = c.mask(rng, m, 0.08)
    services = pl.DataFrame({
        "ChildID": c.id_strings("K", rng.permutation(m) + 1, 6),
        "ChildName": c.fmt("{} {}", f=c.typo(rng, c.replace_some(rng, r["first"],
                                                                  names.NICKNAMES, 0.1), 0.04),
                           s=c.typo(rng, r["surname"], 0.03)),
        "DateOfBirth": c.blank(rng, c.date_text(rng, r["dob"], "%Y-%m-%d", swap_rate=0.02,
                                                typo_rate=0.02), 0.03),
        "Sex": c.blank(rng, r["sex"].replace({"M": "Male", "F": "Female"}), 0.05),
        "School": c.blank(rng, c.where(changed, school, r["school"]), 0.1),
        "HomePostcode": c.blank(rng, c.typo(rng, c.where(moved, c.shuffle_in(
            rng, r["postcode"], 1.0), r["postcode"]), 0.02), 0.04),
        "PupilNo": c.blank(rng, c.typo(rng, r["upn"], 0.03, keep_first=False, digits_only=True),
                           0.2),
    })
    return c.DataSet(
        link_type="link_only", files={"census": census, "services": services},
        id_columns={"census": "CensusRowID", "services": "ChildID"},
        person_ids={side: rows[side] + 1 for side in rows},
        description=(f"School census x children's services, {per_file:,} each, 70 % in both; "
                     "UPN in both (3 % typos, 20 % missing in services), siblings and twins, "
                     "school names, full name in one field in services"),
        params={"per_file": per_file, "seed": seed, "overlap": 0.7},
    )
