"""Company register x supplier list (link): business names, company numbers, no people.

``register`` (like Companies House): 8-character company number (``01234567``, ``SC123456``),
registered name in capitals (``HARTLEY & SONS LIMITED``), registered office address, postcode.
``suppliers`` (a council's creditor list): the name as invoiced (``Hartley and Sons Ltd``,
``The`` dropped or added, a trading name ``t/a`` or instead of the registered one), company
number missing for 40 % and leading zeros lost for some, a trading address that differs for
15 %, phone. Group companies share addresses and most of their names
(``Apex Holdings Ltd`` / ``Apex Trading Ltd``): hard non-matches.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk

SUFFIX_FORMS = {"LIMITED": ["Ltd", "Ltd.", "Limited", "LTD"], "PLC": ["plc", "Plc", "P.L.C."],
                "LLP": ["LLP", "L.L.P."]}


def _businesses(rng: np.random.Generator, n: int) -> pl.DataFrame:
    style = rng.integers(0, 4, n)
    surname = c.pick(rng, names.ENGLISH_SURNAMES, n, s=0.8).astype(str)
    word = c.pick(rng, names.BUSINESS_WORDS, n, s=0.5).astype(str)
    sector = c.pick(rng, names.BUSINESS_SECTORS, n, s=0.4).astype(str)
    town = c.pick(rng, names.UK_TOWNS, n, s=0.8).astype(str)
    base = pl.DataFrame({"st": style, "sn": surname, "w": word, "sec": sector, "t": town,
                         "sn2": c.pick(rng, names.ENGLISH_SURNAMES, n).astype(str)}).select(
        pl.when(pl.col("st") == 0).then(pl.format("{} {}", "w", "sec"))
        .when(pl.col("st") == 1).then(pl.format("{} & Sons {}", "sn", "sec"))
        .when(pl.col("st") == 2).then(pl.format("{} & {}", "sn", "sn2"))
        .otherwise(pl.format("{} {}", "t", "sec"))).to_series()
    suffix = rng.choice(np.array(["LIMITED", "PLC", "LLP"]), n, p=[0.9, 0.04, 0.06])
    # Group companies: 10 % are a sibling of the previous company (same stem, same office).
    sibling = np.zeros(n, dtype=bool)
    sibling[1:] = rng.random(n - 1) < 0.10
    group_word = c.pick(rng, names.BUSINESS_GROUP_WORDS, n, s=0).astype(str)
    stem = base.str.split(" ").list.slice(0, 1).list.join(" ")
    sib_name = c.fmt("{} {}", s=stem.shift(1), g=pl.Series(group_word))
    base = c.where(pl.Series(sibling), sib_name, base)
    the = rng.random(n) < 0.08
    base = c.where(pl.Series(the), "The " + base, base)
    prefix = np.where(rng.random(n) < 0.08, np.where(rng.random(n) < 0.6, "SC", "NI"), "")
    digits = c.unique_numbers(rng, n, 7) + 100
    number = c.fmt("{}{}", p=prefix, d=pl.Series(digits).cast(pl.String))
    number = pl.DataFrame({"p": prefix, "num": number, "d": digits}).select(
        pl.when(pl.col("p") == "").then(pl.col("d").cast(pl.String).str.zfill(8))
        .otherwise(pl.col("p") + pl.col("d").cast(pl.String).str.zfill(6).str.slice(-6))
    ).to_series()
    office = uk.addresses(rng, n, towns=names.UK_TOWNS, per_unit=6, flat_share=0.35)
    office = office.with_columns(c.where(pl.Series(sibling), office[col].shift(1), office[col])
                                 for col in ["flat", "number", "street", "town", "postcode"])
    trading = pl.DataFrame({"w": c.pick(rng, names.BUSINESS_WORDS, n).astype(str),
                            "sec": sector}).select(pl.format("{} {}", "w", "sec")).to_series()
    codes = np.array(["0113", "0114", "0115", "0116", "0117", "0118", "0121", "0161", "0151",
                      "0191"])
    phone = pl.Series(codes[rng.integers(0, len(codes), n)]) + uk.landlines(rng, n, "")
    return pl.DataFrame({"name": base, "suffix": suffix, "company_no": number,
                         "trading": trading, "phone": phone}).hstack(
        office.drop("unit"))


def generate(per_file: int = 10_000, *, seed: int = 31) -> c.DataSet:
    rng = np.random.default_rng(seed)
    both = int(per_file * 0.6)
    b = _businesses(rng, 2 * per_file - both)
    order = rng.permutation(b.height)
    r_rows = order[:per_file]
    s_rows = np.concatenate([order[:both], order[per_file:]])
    r = b[r_rows]
    s = b[s_rows]
    reg_name = (r["name"] + " " + r["suffix"]).str.to_uppercase()
    line = uk.address_line(r, flat_style="Unit {}, ")
    register = pl.DataFrame({
        "CompanyNumber": r["company_no"], "CompanyName": reg_name,
        "RegAddress.AddressLine1": line.str.to_uppercase(),
        "RegAddress.PostTown": r["town"].str.to_uppercase(),
        "RegAddress.PostCode": r["postcode"],
        "row_id": c.id_strings("R", rng.permutation(per_file) + 1, 6),
    })
    m = s.height
    suffix = c.replace_some(rng, s["suffix"], SUFFIX_FORMS, 1.0)
    suffix = c.blank(rng, suffix, 0.15)
    name = c.substitute(rng, s["name"], [(" & ", " and ")], 0.4)
    name = c.substitute(rng, name, [("The ", "")], 0.5)
    name = c.where(c.mask(rng, m, 0.03), "The " + name, name)
    name = c.typo(rng, name, 0.04)
    invoiced = pl.DataFrame({"n": name, "s": suffix}).select(
        pl.concat_str("n", "s", separator=" ", ignore_nulls=True)).to_series()
    t_a = c.fmt("{} t/a {}", n=invoiced, t=s["trading"])
    mode = rng.random(m)
    invoiced = c.where(pl.Series(mode < 0.07), t_a,
                       c.where(pl.Series(mode > 0.95), s["trading"], invoiced))
    invoiced = c.where(c.mask(rng, m, 0.2), invoiced.str.to_uppercase(), invoiced)
    number = s["company_no"]
    number = c.where(c.mask(rng, m, 0.15), number.str.strip_chars_start("0"), number)
    number = c.typo(rng, number, 0.02, keep_first=False, digits_only=True)
    moved = c.mask(rng, m, 0.15)
    other = uk.addresses(rng, m, towns=names.UK_TOWNS, per_unit=6)
    addr = s.select("flat", "number", "street", "town", "postcode")
    addr = addr.with_columns(c.where(moved, other[col], addr[col])
                             for col in ["flat", "number", "street", "town", "postcode"])
    line = uk.address_line(addr, flat_style="Unit {} ")
    line = c.substitute(rng, line, names.STREET_ABBREVIATIONS, 0.4)
    suppliers = pl.DataFrame({
        "Supplier No": c.id_strings("V", rng.permutation(m) + 1, 6),
        "Supplier Name": invoiced,
        "Company Reg No": c.blank(rng, number, 0.4),
        "Address": c.fmt("{}, {}", a=line, t=addr["town"]),
        "Post Code": c.blank(rng, c.typo(rng, addr["postcode"], 0.02), 0.03),
        "Telephone": c.blank(rng, uk.phone_style(rng, s["phone"], [2, 3, 1, 1]), 0.3),
    })
    return c.DataSet(
        link_type="link_only", files={"register": register, "suppliers": suppliers},
        id_columns={"register": "row_id", "suppliers": "Supplier No"},
        person_ids={"register": r_rows + 1, "suppliers": s_rows + 1},
        description=(f"Company register x supplier list, {per_file:,} each, 60 % in both; "
                     "Ltd/Limited, &/and, The, trading names, company number missing in 40 % "
                     "of suppliers, group companies at one address"),
        params={"per_file": per_file, "seed": seed, "overlap": 0.6},
    )
