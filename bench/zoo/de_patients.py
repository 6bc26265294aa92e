"""German patient register with duplicates (dedupe): German headers and conventions.

``Vorname, Nachname, Geburtsdatum`` (DD.MM.YYYY), ``Straße, Hausnummer, PLZ`` (5 digits),
``Ort``, ``Geschlecht`` (w/m/d). Umlauts written three ways (Müller, Mueller, Muller; ß or
ss), double-barrelled surnames given in full or in part, house numbers with letters (12a).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names

UMLAUT_TRANSCRIBED = [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                      ("Ü", "Ue"), ("ß", "ss")]
UMLAUT_DROPPED = [("ä", "a"), ("ö", "o"), ("ü", "u"), ("Ä", "A"), ("Ö", "O"), ("Ü", "U"),
                  ("ß", "ss")]


def generate(records: int = 10_000, *, seed: int = 29) -> c.DataSet:
    rng = np.random.default_rng(seed)
    people = int(records * 0.8)
    sex = rng.choice(np.array(["w", "m"]), people)
    first = np.empty(people, dtype=object)
    for s, pool in (("m", names.DE_MALE), ("w", names.DE_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, pool, int(m.sum()), s=0.8)
    surname = c.pick(rng, names.DE_SURNAMES, people, s=0.7).astype(str)
    second = c.pick(rng, names.DE_SURNAMES, people, s=0.7).astype(str)
    barrel = (rng.random(people) < np.where(sex == "w", 0.12, 0.03)) & (second != surname)
    surname = np.where(barrel, np.char.add(np.char.add(surname, "-"), second), surname)
    lo, hi = c.days(1930, 2020)
    towns = names.DE_TOWNS
    town = rng.choice(len(towns), people, p=c.zipf_weights(len(towns), 0.9))
    plz = (np.arange(len(towns)) * 1093 + 1067) % 98000 + 1000
    streets = [s + k for s in names.DE_STREETS for k in names.DE_STREET_KINDS]
    p = pl.DataFrame({
        "sex": sex, "first": first.astype(str), "surname": surname,
        "dob": c.dates(rng.integers(lo, hi, people)),
        "street": c.pick(rng, streets, people, s=0.5).astype(str),
        "number": c.fmt("{}{}", n=rng.integers(1, 180, people),
                        l=np.where(rng.random(people) < 0.1, np.array(list("abc"))[
                            rng.integers(0, 3, people)], "")),
        "plz": pl.Series(plz[town] + rng.integers(0, 40, people)).cast(pl.String).str.zfill(5),
        "town": np.array(towns)[town],
    })
    rows = c.with_duplicates(rng, people, records)
    r = p[rows]
    n = r.height
    vorname = c.substitute(rng, r["first"], UMLAUT_TRANSCRIBED, 0.25)
    vorname = c.substitute(rng, vorname, UMLAUT_DROPPED, 0.1)
    vorname = c.typo(rng, vorname, 0.04)
    # Karl-Heinz / Karl Heinz / Karlheinz
    vorname = c.substitute(rng, vorname, [("-", " ")], 0.3)
    nachname = c.substitute(rng, r["surname"], UMLAUT_TRANSCRIBED, 0.25)
    nachname = c.substitute(rng, nachname, UMLAUT_DROPPED, 0.1)
    part = c.mask(rng, n, 0.35) & nachname.str.contains("-", literal=True)
    which = pl.Series(rng.random(n) < 0.5)
    nachname = c.where(part, c.where(which, nachname.str.split("-").list.first(),
                                     nachname.str.split("-").list.last()), nachname)
    nachname = c.typo(rng, nachname, 0.04)
    strasse = c.substitute(rng, r["street"], [("straße", "str."), ("Straße", "Str.")], 0.4)
    strasse = c.substitute(rng, strasse, [("ß", "ss")], 0.2)
    # 10 % moved: a new address (a fresh draw, not another patient's home)
    moved = c.mask(rng, n, 0.1)
    new_town = rng.choice(len(towns), n, p=c.zipf_weights(len(towns), 0.9))
    other = pl.DataFrame({
        "street": c.pick(rng, streets, n, s=0.5).astype(str),
        "number": pl.Series(rng.integers(1, 180, n)).cast(pl.String),
        "plz": pl.Series(plz[new_town] + rng.integers(0, 40, n)).cast(pl.String).str.zfill(5),
        "town": np.array(towns)[new_town],
    })
    out = pl.DataFrame({
        "PatNr": c.id_strings("", rng.permutation(n) + 100_001, 6),
        "Nachname": c.blank(rng, nachname, 0.005),
        "Vorname": c.blank(rng, vorname, 0.01),
        "Geburtsdatum": c.blank(rng, c.date_text(rng, r["dob"], "%d.%m.%Y", swap_rate=0.01,
                                                 typo_rate=0.02, year_rate=0.01), 0.02),
        "Geschlecht": c.blank(rng, r["sex"], 0.04),
        "Straße": c.typo(rng, c.where(moved, other["street"], strasse), 0.02),
        "Hausnummer": c.where(moved, other["number"], r["number"]),
        "PLZ": c.blank(rng, c.typo(rng, c.where(moved, other["plz"], r["plz"]), 0.015,
                                   digits_only=True, keep_first=False), 0.02),
        "Ort": c.where(moved, other["town"], r["town"]),
    })
    return c.DataSet(
        link_type="dedupe_only", files={"de_patients": out}, id_columns={"de_patients": "PatNr"},
        person_ids={"de_patients": rows + 1},
        description=(f"German patient register, {records:,} records of {people:,} people; "
                     "German headers, DD.MM.YYYY, 5-digit PLZ, umlaut variants (ü/ue/u), "
                     "double-barrelled surnames in part"),
        params={"records": records, "seed": seed},
    )
