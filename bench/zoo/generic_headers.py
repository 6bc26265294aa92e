"""People data whose headers say nothing (link): ``field1`` .. ``field8``, in a different order
in each file, so every column's meaning has to come from its values.

The eight fields: first name, surname, date of birth (DD/MM/YYYY in one file, YYYY-MM-DD in
the other), sex, address line, town, postcode, mobile phone. The record ID is ``field0``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bench.zoo import common as c
from bench.zoo import names, uk


def generate(per_file: int = 5_000, *, seed: int = 37) -> c.DataSet:
    rng = np.random.default_rng(seed)
    both = int(per_file * 0.6)
    p = uk.people(rng, 2 * per_file - both, towns=names.UK_TOWNS[:15])
    order = rng.permutation(p.height)
    rows = {"left": order[:per_file], "right": np.concatenate([order[:both], order[per_file:]])}
    files = {}
    for side, fmt, seed_order in (("left", "%d/%m/%Y", 0), ("right", "%Y-%m-%d", 1)):
        r = p[rows[side]]
        n = r.height
        moved = c.mask(rng, n, 0.1 if side == "right" else 0.0)
        other = uk.addresses(rng, n, towns=names.UK_TOWNS[:15])  # a new home
        addr = r.select("flat", "number", "street", "town", "postcode")
        addr = addr.with_columns(c.where(moved, other[col], addr[col]) for col in addr.columns)
        values = {
            "first": c.blank(rng, c.typo(rng, c.replace_some(rng, r["first"], names.NICKNAMES,
                                                             0.06), 0.03), 0.01),
            "surname": c.blank(rng, c.typo(rng, r["surname"], 0.03), 0.005),
            "dob": c.blank(rng, c.date_text(rng, r["dob"], fmt, swap_rate=0.02, typo_rate=0.02),
                           0.03),
            "sex": c.blank(rng, r["sex"], 0.05),
            "address": c.typo(rng, c.substitute(rng, uk.address_line(addr),
                                                names.STREET_ABBREVIATIONS, 0.3), 0.02),
            "town": c.blank(rng, addr["town"], 0.2),
            "postcode": c.blank(rng, c.typo(rng, addr["postcode"], 0.02), 0.03),
            "mobile": c.blank(rng, uk.phone_style(rng, r["mobile"], [3, 3, 1, 0]), 0.5),
        }
        keys = list(values)
        shuffled = [keys[i] for i in np.random.default_rng(seed + seed_order).permutation(8)]
        frame = pl.DataFrame({"field0": c.id_strings(side[0], rng.permutation(n) + 1, 5)})
        files[side] = frame.hstack([values[k].alias(f"field{i + 1}")
                                    for i, k in enumerate(shuffled)])
    return c.DataSet(
        link_type="link_only", files=files, id_columns=dict.fromkeys(files, "field0"),
        person_ids={side: rows[side] + 1 for side in files},
        description=(f"People, {per_file:,} per file, 60 % in both, headers field1..field8 in a "
                     "different order per file (names, DOB, sex, address, town, postcode, "
                     "mobile)"),
        params={"per_file": per_file, "seed": seed},
    )
