"""Council tax x housing benefit, with heavy household sharing (link, N records per side).

A population of households in one council (a Leeds-like ``LS`` postcode area): couples who
share a surname, adult children and siblings living with parents, twins (same date of birth,
surname and address, different first names), flat-sharers; a household landline and sometimes
one email address used by the whole household. Half the people in each file appear in the
other, each at most once per file. So "same surname, same address, same phone" is common
among pairs that are *not* the same person.

The two files have different headers and different habits: council tax (``ctax``) is an old
system in capitals for half its rows, with forenames that include middle names, no date of
birth for a sixth of accounts and the whole address in one field; housing benefit (``hb``)
is self-declared: nicknames, typos, day/month swaps, address in parts with abbreviations,
postcodes without spaces, a home phone and a mobile. About 10 % of the people in both files
moved between the two extracts (new address and phone), and a few women changed surname.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk

TODAY = 20_089  # days since 1970: 1 January 2025
TYPES = ["single", "couple", "family", "lone_parent", "siblings", "sharers"]
TYPE_P = [0.30, 0.26, 0.21, 0.08, 0.05, 0.10]
TITLES_F = ["Mrs", "Miss", "Ms"]


def _households(rng: np.random.Generator, people: int) -> pl.DataFrame:
    """One row per person: household, position in it and the household's type."""
    h = int(people / 2.0) + 10
    kind = rng.choice(len(TYPES), h, p=TYPE_P)
    kids = rng.choice([1, 2, 3, 4], h, p=[0.42, 0.36, 0.16, 0.06])
    size = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3, kind == 4],
        [1, 2, 2 + kids, 1 + kids, rng.integers(2, 4, h)], rng.integers(2, 6, h))
    while size.sum() < people:  # add households until there are enough people
        size = np.concatenate([size, size[: people // 10 + 1]])
        kind = np.concatenate([kind, kind[: people // 10 + 1]])
    hh = np.repeat(np.arange(len(size)), size)[:people]
    pos = np.arange(people) - np.repeat(np.cumsum(size) - size, size)[:people]
    return pl.DataFrame({"hh": hh, "pos": pos, "kind": kind[hh]})


def population(rng: np.random.Generator, people: int) -> pl.DataFrame:
    """Clean values for ``people`` adults living in households."""
    frame = _households(rng, people)
    n = frame.height
    hh = frame["hh"].to_numpy()
    pos = frame["pos"].to_numpy()
    kind = frame["kind"].to_numpy()
    households = int(hh.max()) + 1
    is_couple_kind = np.isin(kind, [1, 2])
    partner = is_couple_kind & (pos == 1)
    child = ((kind == 2) & (pos >= 2)) | ((kind == 3) & (pos >= 1))
    # Surnames: one per family; partners share it 75 %; sharers each have their own.
    surnames = names.ENGLISH_SURNAMES + names.PLACE_SURNAMES
    family = c.pick(rng, surnames, households, s=0.75)
    own = c.pick(rng, surnames, n, s=0.75)
    surname = family[hh]
    keeps = (kind == 5) | (partner & (rng.random(n) < 0.25)) | (child & (rng.random(n) < 0.06))
    surname = np.where(keeps, own, surname)
    barrel = child & (rng.random(n) < 0.03)
    surname = np.where(barrel, np.char.add(np.char.add(family[hh].astype(str), "-"),
                                           own.astype(str)).astype(object), surname)
    # Sex: partners mostly opposite to the head.
    sex = rng.choice(np.array(["M", "F"]), n)
    head_sex = sex[np.searchsorted(hh, hh)]  # first row of each household is its head
    sex = np.where(partner & (rng.random(n) < 0.95), np.where(head_sex == "M", "F", "M"), sex)
    # Ages (years): heads by type, partners near the head, children 18-40 and 18+ years younger.
    head_age = np.select([kind == 0, np.isin(kind, [2, 3]), kind == 4, kind == 5],
                         [rng.uniform(18, 92, n), rng.uniform(40, 80, n), rng.uniform(18, 45, n),
                          rng.uniform(18, 50, n)], rng.uniform(20, 90, n))
    head_age = head_age[np.searchsorted(hh, hh)]
    age = head_age.copy()
    age = np.where(partner, np.clip(head_age + rng.normal(0, 3.5, n), 18, 99), age)
    kid_age = 18 + rng.random(n) * np.clip(np.minimum(head_age - 36, 22), 0.5, None)
    age = np.where(child, kid_age, age)
    age = np.where((kind == 4) & (pos > 0), np.clip(head_age + rng.normal(0, 4, n), 18, 60), age)
    age = np.where((kind == 5) & (pos > 0), rng.uniform(18, 50, n), age)
    dob = TODAY - (age * 365.25).astype(np.int64) - rng.integers(0, 365, n)
    # Twins: in a quarter of households with two or more children, the first two share a
    # date of birth (and so surname and address).
    first_child = np.where(kind == 2, 2, 1)
    twin_hh = (rng.random(households) < 0.25)
    second = child & (pos == first_child + 1) & twin_hh[hh]
    dob = np.where(second, np.roll(dob, 1), dob)
    first = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    for s, pool in (("M", names.BRITISH_MALE), ("F", names.BRITISH_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, pool, int(m.sum()), s=0.9)
        middle[m] = c.pick(rng, pool, int(m.sum()), s=0.9)
        # twins get different first names: the next name in the pool
        clash = second & m & (first == np.roll(first, 1))
        idx = {w: i for i, w in enumerate(pool)}
        first[clash] = [pool[(idx[w] + 1) % len(pool)] for w in first[clash]]
    middle = np.where((rng.random(n) < 0.35) & (middle != first), middle, None)
    # Homes, landlines (45 % of households) and household emails (12 % of bigger households).
    home = uk.addresses(rng, households)
    landline = c.blank(rng, uk.landlines(rng, households), 0.55)
    size = np.bincount(hh, minlength=households)
    hh_email = c.fmt("{}{}{}@{}", a=np.where(rng.random(households) < 0.5, "the", ""),
                     s=c.ascii_lower(pl.Series(family.astype(str))),
                     b=np.where(rng.random(households) < 0.5, "family",
                                rng.integers(1, 99, households).astype(str)),
                     d=np.array(uk.EMAIL_DOMAINS)[rng.integers(0, 4, households)])
    hh_email = c.where(pl.Series((size > 1) & (rng.random(households) < 0.12)), hh_email,
                       pl.Series([None] * households, dtype=pl.String))
    people_frame = pl.DataFrame({
        "person_id": np.arange(1, n + 1), "hh": hh, "kind": kind, "sex": sex,
        "first": first.astype(str), "middle": pl.Series(middle.tolist(), dtype=pl.String),
        "surname": surname.astype(str), "dob": c.dates(dob),
        "mobile": c.blank(rng, uk.mobiles(rng, n), 0.3),
    })
    people_frame = people_frame.with_columns(
        email=c.blank(rng, uk.personal_emails(rng, people_frame["first"],
                                              people_frame["surname"],
                                              people_frame["dob"].dt.year()), 0.4),
        twin=pl.Series(second | np.roll(second, -1)),
    )
    home = home.with_columns(landline=landline, hh_email=hh_email).with_row_index("hh")
    return people_frame.join(home.with_columns(pl.col("hh").cast(pl.Int64)), on="hh",
                             how="left")


def _move(rng: np.random.Generator, frame: pl.DataFrame, movers: np.ndarray,
          homes: pl.DataFrame) -> pl.DataFrame:
    """``movers`` rows take another household's address, and lose their landline."""
    cols = ["flat", "number", "street", "town", "postcode"]
    new = homes.select(cols).gather(rng.integers(0, homes.height, frame.height))
    m = pl.Series(movers)
    out = frame.with_columns(c.where(m, new[col], frame[col]) for col in cols)
    return out.with_columns(
        landline=c.where(m, pl.Series([None] * frame.height, dtype=pl.String), out["landline"]),
        hh_email=c.where(m, pl.Series([None] * frame.height, dtype=pl.String), out["hh_email"]))


def council_tax(rng: np.random.Generator, p: pl.DataFrame) -> pl.DataFrame:
    n = p.height
    caps = c.mask(rng, n, 0.5)
    forenames = c.where(c.mask(rng, n, 0.6) & p["middle"].is_not_null(),
                        c.fmt("{} {}", f=p["first"], m=p["middle"]), p["first"])
    forenames = c.blank(rng, c.typo(rng, forenames, 0.025), 0.01)
    surname = c.blank(rng, c.typo(rng, p["surname"], 0.025), 0.003)
    title = np.where(p["sex"].to_numpy() == "M", "Mr",
                     np.array(TITLES_F)[rng.integers(0, 3, n)])
    title = np.where(rng.random(n) < 0.02, "Dr", title)
    line = uk.address_line(p)
    address = c.fmt("{}, {}", a=line, t=p["town"])
    address = c.where(c.mask(rng, n, 0.3), line, address)
    phone = c.where(p["landline"].is_not_null() & c.mask(rng, n, 0.7), p["landline"],
                    c.blank(rng, p["mobile"], 0.6))
    email = c.where(p["hh_email"].is_not_null() & c.mask(rng, n, 0.7), p["hh_email"],
                    c.blank(rng, p["email"], 0.55))
    frame = pl.DataFrame({
        "CTAX_ACCOUNT": c.id_strings("8", c.unique_numbers(rng, n, 8), 8),
        "TITLE": c.blank(rng, pl.Series(title), 0.05),
        "FORENAMES": forenames, "SURNAME": surname,
        "DATE_OF_BIRTH": c.blank(rng, c.date_text(rng, p["dob"], "%Y-%m-%d", swap_rate=0.01,
                                                  typo_rate=0.015), 0.17),
        "PROPERTY_ADDRESS": c.typo(rng, address, 0.01),
        "POSTCODE": c.blank(rng, c.typo(rng, p["postcode"], 0.015, keep_first=True), 0.02),
        "TELEPHONE": uk.phone_style(rng, phone, [3, 5, 0, 1]),
        "EMAIL": email,
    })
    upper = ["FORENAMES", "SURNAME", "PROPERTY_ADDRESS", "TITLE", "EMAIL"]
    return frame.with_columns(c.where(caps, frame[col].str.to_uppercase(), frame[col])
                              for col in upper)


def housing_benefit(rng: np.random.Generator, p: pl.DataFrame) -> pl.DataFrame:
    n = p.height
    first = c.replace_some(rng, p["first"], names.NICKNAMES, 0.08)
    first = c.blank(rng, c.typo(rng, first, 0.04), 0.01)
    first = c.where(c.mask(rng, n, 0.1), first.str.to_lowercase(), first)
    surname = p["surname"]
    # a double-barrelled surname given as its first part only
    surname = c.where(c.mask(rng, n, 0.4) & surname.str.contains("-", literal=True),
                      surname.str.split("-").list.first(), surname)
    surname = c.blank(rng, c.typo(rng, surname, 0.035), 0.005)
    flat_missing = c.mask(rng, n, 0.06)
    style = rng.integers(0, 3, n)
    house = pl.DataFrame({"flat": p["flat"], "number": p["number"], "style": style,
                          "miss": flat_missing}).select(
        pl.when(pl.col("flat").is_null() | pl.col("miss")).then(pl.col("number").cast(pl.String))
        .when(pl.col("style") == 0).then(pl.format("Flat {}, {}", "flat", "number"))
        .when(pl.col("style") == 1).then(pl.format("{}/{}", "flat", "number"))
        .otherwise(pl.format("{} {}", "flat", "number"))).to_series()
    street = c.substitute(rng, p["street"], names.STREET_ABBREVIATIONS, 0.35)
    street = c.typo(rng, street, 0.02)
    postcode = c.typo(rng, p["postcode"], 0.025)
    postcode = c.where(c.mask(rng, n, 0.12), postcode.str.replace(" ", "", literal=True),
                       postcode)
    postcode = c.where(c.mask(rng, n, 0.05), postcode.str.to_lowercase(), postcode)
    email = c.where(p["hh_email"].is_not_null() & c.mask(rng, n, 0.6), p["hh_email"],
                    c.blank(rng, p["email"], 0.45))
    return pl.DataFrame({
        "claim_ref": c.id_strings("HB/", c.unique_numbers(rng, n, 6), 6),
        "claimant_forename": first, "claimant_surname": surname,
        "dob": c.blank(rng, c.date_text(rng, p["dob"], "%d/%m/%Y", swap_rate=0.03,
                                        typo_rate=0.02, year_rate=0.01), 0.03),
        "house_no": house, "street": street,
        "town": c.blank(rng, p["town"], 0.35),
        "post_code": c.blank(rng, postcode, 0.02),
        "home_phone": uk.phone_style(rng, c.blank(rng, p["landline"], 0.25), [4, 3, 1, 2]),
        "mobile": uk.phone_style(rng, c.blank(rng, p["mobile"], 0.5), [4, 4, 2, 0]),
        "email_address": c.typo(rng, email, 0.01),
    })


def generate(n: int, *, seed: int = 7) -> c.DataSet:
    rng = np.random.default_rng(seed)
    half = n // 2
    people = population(rng, 3 * half + 2 * (n - 2 * half))
    order = rng.permutation(people.height)
    both, only_a, only_b = order[:half], order[half:n], order[n:n + n - half]
    a_rows = np.concatenate([both, only_a])
    b_rows = np.concatenate([both, only_b])
    a_people = people[a_rows[rng.permutation(len(a_rows))]]
    b_people = people[b_rows]
    homes = people.select("flat", "number", "street", "town", "postcode").unique(
        maintain_order=True)
    in_both = np.zeros(len(b_rows), dtype=bool)
    in_both[:half] = True
    movers = in_both & (rng.random(len(b_rows)) < 0.10)
    b_people = _move(rng, b_people, movers, homes)
    married = in_both & (b_people["sex"].to_numpy() == "F") & (rng.random(len(b_rows)) < 0.02)
    new_names = pl.Series(c.pick(rng, names.ENGLISH_SURNAMES, len(b_rows)).astype(str))
    b_people = b_people.with_columns(surname=c.where(pl.Series(married), new_names,
                                                     b_people["surname"]))
    b_people = b_people[rng.permutation(len(b_rows))]
    ctax = council_tax(rng, a_people)
    hb = housing_benefit(rng, b_people)
    return c.DataSet(
        link_type="link_only",
        files={"ctax": ctax, "hb": hb},
        id_columns={"ctax": "CTAX_ACCOUNT", "hb": "claim_ref"},
        person_ids={"ctax": a_people["person_id"], "hb": b_people["person_id"]},
        description=(f"Council tax x housing benefit, {n:,} records each, half the people in "
                     "both; heavy household sharing (couples, adult children, twins, shared "
                     "landline/email), 10 % moved, nicknames, typos, missing DOB in council tax"),
        params={"n": n, "seed": seed, "overlap": 0.5, "moved": 0.10},
    )
