"""UK households for the zoo: addresses in postcode units, landlines, emails, NHS numbers."""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names

EMAIL_DOMAINS = ["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com",
                 "sky.com", "icloud.com", "live.co.uk"]


def addresses(rng: np.random.Generator, n: int, *, area: str = "LS", districts: int = 29,
              town: str = "Leeds", per_unit: int = 14, flat_share: float = 0.25,
              towns: list[str] | None = None) -> pl.DataFrame:
    """``n`` distinct dwellings: ``flat``, ``number``, ``street``, ``town``, ``postcode``.

    Dwellings sit in postcode units of about ``per_unit``; each unit is one street (a run of
    house numbers) or, for ``flat_share`` of units, one block of flats sharing a number. With
    ``towns``, each unit is in one of them (bigger towns first), with its postcode area.
    """
    units = max(20, n // per_unit)
    if towns:
        unit_town = c.pick(rng, towns, units, s=0.7).astype(str)
        unit_area = np.array([names.UK_POSTCODE_AREAS[t] for t in unit_town])
    else:
        unit_town = np.full(units, town)
        unit_area = np.full(units, area)
    streets = np.array([f"{s} {k}" for k in names.STREET_KINDS for s in names.STREET_STEMS],
                       dtype=object)
    letters = np.array(list(names.INWARD_LETTERS))
    district = rng.choice(np.arange(1, districts + 1), units, p=c.zipf_weights(districts, 0.4))
    unit_street = streets[rng.choice(len(streets), units, p=c.zipf_weights(len(streets), 0.5))]
    postcode = c.fmt("{}{} {}{}{}", a=unit_area, d=district,
                     s=rng.integers(0, 10, units), l1=letters[rng.integers(0, 20, units)],
                     l2=letters[rng.integers(0, 20, units)])
    block = rng.random(units) < flat_share
    block_number = rng.integers(1, 300, units)
    start = rng.integers(1, 120, units)
    unit = rng.integers(0, units, n)
    frame = pl.DataFrame({"unit": unit}).with_row_index("dwelling").with_columns(
        rank=pl.col("dwelling").rank("ordinal").over("unit").cast(pl.Int64))
    u = frame["unit"].to_numpy()
    rank = frame["rank"].to_numpy()
    is_flat = block[u]
    number = np.where(is_flat, block_number[u], start[u] + 2 * (rank - 1))
    return pl.DataFrame({
        "flat": pl.Series(np.where(is_flat, rank, 0)).replace(0, None),
        "number": number,
        "street": unit_street[u].astype(str),
        "town": unit_town[u],
        "postcode": postcode.gather(u),
        "unit": u,
    })


def address_line(frame: pl.DataFrame, *, flat_style: str = "Flat {}, ") -> pl.Series:
    """``Flat 3, 12 Elm Court`` or ``12 Elm Court``."""
    flat = pl.format(flat_style.replace("{}", "{}"), pl.col("flat"))
    street = pl.format("{} {}", pl.col("number"), pl.col("street"))
    return frame.select(
        pl.when(pl.col("flat").is_not_null()).then(flat + street).otherwise(street)
    ).to_series()


def landlines(rng: np.random.Generator, n: int, code: str = "0113") -> pl.Series:
    """Distinct made-up landline numbers in one dialling code, e.g. ``0113 2461234``."""
    body = c.unique_numbers(rng, n, 7) % 8_000_000 + 2_000_000
    return pl.Series(body).cast(pl.String).str.replace(r"^", code)


def mobiles(rng: np.random.Generator, n: int) -> pl.Series:
    """Distinct made-up UK mobile numbers, ``07`` + 9 digits."""
    return pl.Series(c.unique_numbers(rng, n, 9)).cast(pl.String).str.zfill(9).str.replace(
        r"^", "07")


def phone_style(rng: np.random.Generator, phone: pl.Series, weights: list[float]) -> pl.Series:
    """UK numbers as people write them: ``01132461234``, ``0113 246 1234``, ``+44 113 246 1234``,
    ``(0113) 2461234`` (by ``weights``)."""
    n = len(phone)
    style = rng.choice(4, n, p=np.array(weights) / sum(weights))
    frame = pl.DataFrame({"p": phone, "style": style})
    p = pl.col("p")
    mobile = p.str.starts_with("07")
    spaced = pl.when(mobile).then(p.str.slice(0, 5) + " " + p.str.slice(5)).otherwise(
        p.str.slice(0, 4) + " " + p.str.slice(4, 3) + " " + p.str.slice(7))
    intl = pl.when(mobile).then("+44 " + p.str.slice(1, 4) + " " + p.str.slice(5)).otherwise(
        "+44 " + p.str.slice(1, 3) + " " + p.str.slice(4, 3) + " " + p.str.slice(7))
    bracket = pl.when(mobile).then(p).otherwise("(" + p.str.slice(0, 4) + ") " + p.str.slice(4))
    out = (pl.when(pl.col("style") == 1).then(spaced).when(pl.col("style") == 2).then(intl)
           .when(pl.col("style") == 3).then(bracket).otherwise(p))
    return frame.select(out.alias(phone.name)).to_series()


def personal_emails(rng: np.random.Generator, first: pl.Series, surname: pl.Series,
                    year: pl.Series) -> pl.Series:
    """``jane.smith@``, ``jsmith74@``, ``janesmith1974@``, ``smithj12@`` at a common domain."""
    n = len(first)
    frame = pl.DataFrame({
        "f": c.ascii_lower(first), "s": c.ascii_lower(surname), "y": year.cast(pl.String),
        "nn": rng.integers(1, 100, n).astype(str), "style": rng.integers(0, 5, n),
        "dom": np.array(EMAIL_DOMAINS)[rng.choice(len(EMAIL_DOMAINS), n,
                                                  p=c.zipf_weights(len(EMAIL_DOMAINS), 1.0))],
    })
    f, s, y, nn = pl.col("f"), pl.col("s"), pl.col("y"), pl.col("nn")
    user = (pl.when(pl.col("style") == 0).then(f + "." + s)
            .when(pl.col("style") == 1).then(f.str.slice(0, 1) + s + y.str.slice(2))
            .when(pl.col("style") == 2).then(f + s + y)
            .when(pl.col("style") == 3).then(s + f.str.slice(0, 1) + nn)
            .otherwise(f + "_" + s + nn))
    return frame.select((user + "@" + pl.col("dom")).alias("email")).to_series()


def nhs_numbers(rng: np.random.Generator, n: int, *, consecutive_with: np.ndarray | None = None
                ) -> pl.Series:
    """Distinct NHS numbers with a valid modulus-11 check digit (bodies whose check would be
    10 are skipped). ``consecutive_with[i] >= 0`` makes row i's body follow that row's (twins
    registered one after the other)."""
    body = _valid_bodies(400_000_000 + c.unique_numbers(rng, n, 8) * 3)
    if consecutive_with is not None:
        follow = consecutive_with >= 0
        body[follow] = _valid_bodies(body[consecutive_with[follow]] + 1)
    check = _check_digits(body)
    return pl.Series(body * 10 + check).cast(pl.String)


def _check_digits(body: np.ndarray) -> np.ndarray:
    digit_matrix = (body[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    return (11 - (digit_matrix * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11


def _valid_bodies(body: np.ndarray) -> np.ndarray:
    """Each body, or the next number up whose check digit is not 10."""
    body = body.copy()
    while (bad := _check_digits(body) == 10).any():
        body[bad] += 1
    return body


def valid_nhs(number: str) -> bool:
    if len(number) != 10 or not number.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(number[9])


def people(rng: np.random.Generator, n: int, *, ages: tuple[float, float] = (18, 90),
           towns: list[str] | None = None, today: int = 20_089) -> pl.DataFrame:
    """``n`` independent UK people with clean values: ``person_id, sex, first, middle,
    surname, dob, flat, number, street, town, postcode, mobile, email``."""
    sex = rng.choice(np.array(["M", "F"]), n)
    first = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    for s, pool in (("M", names.BRITISH_MALE), ("F", names.BRITISH_FEMALE)):
        m = sex == s
        first[m] = c.pick(rng, pool, int(m.sum()), s=0.9)
        middle[m] = c.pick(rng, pool, int(m.sum()), s=0.9)
    middle = np.where((rng.random(n) < 0.4) & (middle != first), middle, None)
    surname = c.pick(rng, names.ENGLISH_SURNAMES + names.PLACE_SURNAMES, n, s=0.75)
    age = rng.uniform(ages[0], ages[1], n)
    dob = today - (age * 365.25).astype(np.int64)
    towns = [t.replace("_", " ") for t in towns] if towns else None
    home = addresses(rng, n, towns=towns)
    frame = pl.DataFrame({
        "person_id": np.arange(1, n + 1), "sex": sex, "first": first.astype(str),
        "middle": pl.Series(middle.tolist(), dtype=pl.String), "surname": surname.astype(str),
        "dob": c.dates(dob), "mobile": mobiles(rng, n),
    }).hstack(home.drop("unit"))
    return frame.with_columns(email=personal_emails(rng, frame["first"], frame["surname"],
                                                    frame["dob"].dt.year()))
