"""Synthetic London-style data at scale for the benchmarks, with the truth (not run in CI).

    python bench/synth.py --sizes 10k,100k,1m          # writes bench/.data/ (gitignored)

For each size N it writes two jobs, each with ``truth.csv`` (``source_dataset``, ``record_id``,
``person_id``):

- ``link_N/``: ``council_tax.csv`` and ``housing_benefit.csv``, N records each, with different
  headers as two council systems export them; 60 % of the benefit claimants also pay council
  tax. Names carry typos, nicknames and spelling variants, swapped or missing parts; dates of
  birth come in several formats with day/month swaps, typos and placeholders; some people moved
  house; postcodes lose their space or gain letter/digit confusions; values go missing.
- ``dedupe_N/``: ``residents.csv``, N records of about 0.8 N people (full names, NHS numbers).

Everything is drawn from one seeded numpy generator per job, vectorised with numpy and polars
(1M rows per side in a few seconds), reusing the word lists of ``sample_data/pools.py``. Phone
numbers are left out: the Ofcom drama ranges hold only a thousand numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sample_data import pools  # noqa: E402
from sample_data.population import ascii_fold  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent / ".data"
SEED = 2026
LINK_OVERLAP = 0.6
DEDUPE_PEOPLE_SHARE = 0.8
MONTHS = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                   "Dec"])
ABBREVIATIONS = {" Road": " Rd", " Street": " St", " Lane": " Ln", "Flat ": "Flt "}
#: Extra street names (invented combinations) so a million people do not share 35 streets.
STREET_STEMS = [
    "Albert", "Alexandra", "Balfour", "Beaconsfield", "Carlton", "Chestnut", "Clarence",
    "Cromwell", "Denmark", "Elm", "Gladstone", "Grange", "Grove", "Hamilton", "Highbury",
    "Kingston", "Lansdowne", "Linden", "Manor", "Mayfield", "Nelson", "Oakfield", "Palmerston",
    "Park", "Priory", "Queens", "Ravenscroft", "Richmond", "Rosebery", "Salisbury", "Stanley",
    "Tudor", "Victoria", "Warwick", "Wellington", "Windsor",
]
STREET_KINDS = ["Road", "Street", "Lane", "Avenue", "Gardens", "Close", "Grove", "Terrace"]


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1m`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    return f"{n // 1_000}k" if n % 1_000 == 0 else str(n)


def job_dir(kind: str, n: int) -> Path:
    return DATA_DIR / f"{kind}_{size_label(n)}"


def _zipf_weights(k: int) -> np.ndarray:
    w = 1 / (np.arange(k) + 1) ** 0.6
    return w / w.sum()


def _pick(rng: np.random.Generator, words: list[str], n: int) -> np.ndarray:
    """``n`` words from ``words``, earlier words much more often (as ``Population.zipf``)."""
    return np.array(words, dtype=object)[rng.choice(len(words), n, p=_zipf_weights(len(words)))]


def people(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """``n`` clean people: names by group and sex, date of birth, home, NI number, email."""
    groups = [g for g in pools.GROUPS if g != "mixed"]
    weights = np.array([pools.GROUPS[g][0] for g in groups])
    group = rng.choice(len(groups), n, p=weights / weights.sum())
    sex = rng.choice(np.array(["M", "F"]), n)
    forename = np.empty(n, dtype=object)
    middle = np.empty(n, dtype=object)
    surname = np.empty(n, dtype=object)
    for g, name in enumerate(groups):
        in_group = group == g
        family = [w.replace("_", " ") for w in pools.GROUPS[name][3].split()]
        surname[in_group] = _pick(rng, family, int(in_group.sum()))
        for s in ("M", "F"):
            mask = in_group & (sex == s)
            pool = pools.forenames(name, s).split()
            forename[mask] = _pick(rng, pool, int(mask.sum()))
            middle[mask] = _pick(rng, pool, int(mask.sum()))
        women = in_group & (sex == "F")
        if name == "bangladeshi":
            surname[women & (rng.random(n) < 0.5)] = "Begum"
        if name == "sikh":
            singh = in_group & (rng.random(n) < 0.6)
            surname[singh] = np.where(sex[singh] == "M", "Singh", "Kaur")
    middle[(rng.random(n) > 0.2) | (middle == forename)] = None

    born = date(1938, 1, 1).toordinal() + rng.triangular(0, 47 * 365, 69 * 365, n).astype(int)
    # Households of about two people; a building's flats share its postcode.
    households = max(1, int(n / 1.9))
    home = rng.integers(0, households, n)
    hh = _households(np.random.default_rng(rng.integers(1 << 32)), households)
    frame = pl.DataFrame({
        "person_id": np.arange(1, n + 1),
        "sex": sex,
        "forename": forename.astype(str),
        "middle": middle.tolist(),
        "surname": surname.astype(str),
        "dob": born,
        "home": home,
    }, schema_overrides={"middle": pl.String})
    frame = frame.with_columns(pl.col("dob").cast(pl.Int32)).join(
        hh, left_on="home", right_on="household", how="left")
    frame = frame.with_columns(pl.from_epoch(pl.col("dob") - date(1970, 1, 1).toordinal(),
                                             time_unit="d").alias("dob"))
    # NI numbers for adults; emails for 60 %, made unique with the person number.
    prefixes = np.array(pools.NINO_PREFIXES)[rng.integers(0, len(pools.NINO_PREFIXES), n)]
    digits = rng.permutation(1_000_000 * max(1, -(-n // 1_000_000)))[:n] % 1_000_000
    letter = np.array(list("ABCD"))[rng.integers(0, 4, n)]
    domain = np.array(["example.com", "example.org", "example.net"])[rng.integers(0, 3, n)]
    has_email = rng.random(n) < 0.6
    frame = frame.with_columns(
        pl.Series("nino", np.char.add(np.char.add(prefixes, np.char.zfill(digits.astype(str), 6)),
                                      letter)),
        pl.Series("domain", domain),
        pl.Series("has_email", has_email),
    ).with_columns(
        pl.when(pl.col("dob").dt.year() <= 2008).then(pl.col("nino")).alias("nino"),
        pl.when(pl.col("has_email")).then(pl.concat_str([
            _folded(pl.col("forename")), pl.lit("."), _folded(pl.col("surname")),
            pl.col("person_id").cast(pl.String), pl.lit("@"), pl.col("domain"),
        ])).alias("email"),
    ).drop("domain", "has_email", "home")
    return frame


def _folded(column: pl.Expr) -> pl.Expr:
    """Lower-case ASCII letters only, for email user names (``Zoë`` -> ``zoe``)."""
    every = {w.replace("_", " ") for g in pools.GROUPS.values() for part in g[1:] for w in part.split()}
    every |= {"Begum", "Singh", "Kaur"}
    folded = {w: ascii_fold(w).lower() for w in every}
    return column.replace(folded).str.to_lowercase().str.replace_all(r"[^a-z]", "")


def _households(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """``n`` dwellings: street, number, optional flat, locality and a postcode per building."""
    real = pools.STREETS
    made_up = [(f"{stem} {kind}", real[i % len(real)][1], real[i % len(real)][2])
               for i, (stem, kind) in enumerate((s, k) for s in STREET_STEMS for k in STREET_KINDS)]
    streets = real + made_up
    street = rng.integers(0, len(streets), n)
    number = rng.integers(1, 400, n)
    flat = np.where(rng.random(n) < 0.45, rng.integers(1, 25, n), 0)
    names = np.array([s[0] for s in streets], dtype=object)
    outward = np.array([s[1] for s in streets], dtype=object)
    locality = np.array([s[2] for s in streets], dtype=object)
    # One postcode per building, from a hash of (street, number): stable and shared by flats.
    building = street.astype(np.int64) * 1000 + number
    h = (building * 2654435761) % (1 << 32)
    letters = np.array(list(pools.INWARD_LETTERS))
    inward = np.char.add(np.char.add((h % 10).astype(str), letters[(h // 10) % 20]),
                         letters[(h // 200) % 20])
    line = np.char.add(np.char.add(number.astype(str), " "), names[street].astype(str))
    line = np.where(flat > 0, np.char.add(np.char.add(np.char.add("Flat ", flat.astype(str)), ", "),
                                          line), line)
    return pl.DataFrame({
        "household": np.arange(n),
        "address": line,
        "locality": locality[street].astype(str),
        "postcode": np.char.add(np.char.add(outward[street].astype(str), " "), inward),
    })


# --- corruption ------------------------------------------------------------------------------


def _typo(rng: np.random.Generator, values: list[str | None]) -> list[str | None]:
    """One keying slip per value: drop, transpose, double or replace a letter (not the first)."""
    out: list[str | None] = []
    ops = rng.integers(0, 4, len(values))
    pos = rng.random(len(values))
    subs = rng.choice(list("aeiounrst"), len(values))
    for text, op, p, sub in zip(values, ops, pos, subs, strict=True):
        if text is None or len(text) < 4:
            out.append(text)
            continue
        i = 1 + int(p * (len(text) - 2))
        out.append([text[:i] + text[i + 1:], text[:i] + text[i + 1] + text[i] + text[i + 2:],
                    text[:i] + text[i] + text[i:], text[:i] + sub + text[i + 1:]][op])
    return out


def typos(rng: np.random.Generator, column: pl.Series, rate: float) -> pl.Series:
    """``column`` with a typo in about ``rate`` of its values."""
    hit = np.flatnonzero(rng.random(len(column)) < rate)
    if not len(hit):
        return column
    changed = _typo(rng, column.gather(hit).to_list())
    return column.scatter(hit, pl.Series(changed, dtype=pl.String))


def blank(rng: np.random.Generator, column: pl.Series, rate: float) -> pl.Series:
    """``column`` with about ``rate`` of its values missing."""
    return column.zip_with(pl.Series(rng.random(len(column)) >= rate),
                           pl.Series([None], dtype=column.dtype).extend_constant(None,
                                                                                  len(column) - 1))


def variants(rng: np.random.Generator, column: pl.Series, rate: float) -> pl.Series:
    """Nicknames and spelling variants for about ``rate`` of the names that have them."""
    table = {**pools.NICKNAMES, **pools.SPELLINGS}
    keys = list(table)
    pick = {k: table[k][0] for k in keys}
    alt = {k: table[k][-1] for k in keys}
    use = pl.Series(rng.random(len(column)) < rate)
    second = pl.Series(rng.random(len(column)) < 0.5)
    swapped = column.replace(pick).zip_with(second, column.replace(alt))
    return swapped.zip_with(use, column)


def dob_text(rng: np.random.Generator, dob: pl.Series, styles: list[str],
             weights: list[float]) -> pl.Series:
    """Dates of birth as text in the given styles, with swaps, typos and placeholders."""
    n = len(dob)
    frame = pl.DataFrame({"d": dob}).with_columns(
        day=pl.col("d").dt.day(), month=pl.col("d").dt.month(), year=pl.col("d").dt.year())
    swap = pl.Series(rng.random(n) < 0.02) & (frame["day"] <= 12)
    typo = pl.Series(rng.random(n) < 0.02)
    day = frame["month"].zip_with(swap, frame["day"])
    month = frame["day"].zip_with(swap, frame["month"])
    day = (day + typo.cast(pl.Int8)).clip(1, 28).zip_with(typo, day)
    frame = frame.with_columns(day=day, month=month)
    style = rng.choice(len(styles), n, p=np.array(weights) / sum(weights))
    d2 = pl.col("day").cast(pl.String).str.zfill(2)
    m2 = pl.col("month").cast(pl.String).str.zfill(2)
    y = pl.col("year").cast(pl.String)
    rendered = {
        "dmy": pl.concat_str([d2, pl.lit("/"), m2, pl.lit("/"), y]),
        "iso": pl.concat_str([y, pl.lit("-"), m2, pl.lit("-"), d2]),
        "mon": pl.concat_str([d2, pl.lit("-"),
                              pl.col("month").replace_strict(
                                  list(range(1, 13)), list(MONTHS), default=None, return_dtype=pl.String),
                              pl.lit("-"), y]),
    }
    expr = pl.lit(None, dtype=pl.String)
    frame = frame.with_columns(style=pl.Series(style))
    for i, name in enumerate(styles):
        expr = pl.when(pl.col("style") == i).then(rendered[name]).otherwise(expr)
    text = frame.select(expr.alias("dob")).to_series()
    placeholder = pl.Series(rng.random(n) < 0.01)
    text = pl.Series(["01/01/1900"] * n).zip_with(placeholder, text)
    return blank(rng, text, 0.03)


def postcode_text(rng: np.random.Generator, postcode: pl.Series) -> pl.Series:
    """Postcodes as keyed: some without the space, lower case, or O/0 and I/1 confused."""
    n = len(postcode)
    nospace = pl.Series(rng.random(n) < 0.15)
    lower = pl.Series(rng.random(n) < 0.05)
    confused = pl.Series(rng.random(n) < 0.01)
    out = postcode.str.replace(" ", "").zip_with(nospace, postcode)
    out = out.str.to_lowercase().zip_with(lower, out)
    out = out.str.replace("0", "O").str.replace("1", "I").zip_with(confused, out)
    return blank(rng, out, 0.03)


def abbreviate(rng: np.random.Generator, address: pl.Series, rate: float) -> pl.Series:
    use = pl.Series(rng.random(len(address)) < rate)
    short = address
    for long, abbr in ABBREVIATIONS.items():
        short = short.str.replace(long, abbr, literal=True)
    return short.zip_with(use, address)


def moved(rng: np.random.Generator, frame: pl.DataFrame, rate: float) -> pl.DataFrame:
    """About ``rate`` of the people have moved: they take another person's home."""
    n = frame.height
    move = rng.random(n) < rate
    other = rng.integers(0, n, n)
    cols = ["address", "locality", "postcode"]
    new = frame.select(cols)[other]
    mask = pl.Series(move)
    return frame.with_columns(new[c].zip_with(mask, frame[c]).alias(c) for c in cols)


def names(rng: np.random.Generator, frame: pl.DataFrame, *, typo_rate: float) -> pl.DataFrame:
    """Forename and surname as one system holds them: variants, typos, swaps, middle names."""
    n = frame.height
    fn = variants(rng, frame["forename"], 0.12)
    fn = frame["middle"].zip_with(pl.Series(rng.random(n) < 0.03) & frame["middle"].is_not_null(),
                                  fn)
    fn = typos(rng, fn, typo_rate)
    sn = typos(rng, frame["surname"], typo_rate)
    swap = pl.Series(rng.random(n) < 0.01)
    fn, sn = sn.zip_with(swap, fn), fn.zip_with(swap, sn)
    return frame.with_columns(forename=blank(rng, fn, 0.01), surname=blank(rng, sn, 0.005))


# --- jobs ------------------------------------------------------------------------------------


def link_job(n: int, seed: int = SEED) -> dict[str, pl.DataFrame]:
    """Council tax and housing benefit extracts of ``n`` records each, and the truth."""
    rng = np.random.default_rng(seed)
    shared = int(n * LINK_OVERLAP)
    pop = people(rng, 2 * n - shared)
    ct_people = pop.slice(0, n)
    hb_people = pl.concat([pop.slice(n - shared, shared), pop.slice(n, n - shared)])
    hb_people = hb_people[rng.permutation(n)]

    ct = names(rng, ct_people, typo_rate=0.03)
    title = np.where(ct["sex"].to_numpy() == "M", "Mr",
                     np.array(["Mrs", "Ms", "Miss"])[rng.integers(0, 3, n)])
    ct = ct.with_columns(
        pl.Series("Account Ref", np.char.add("CT", np.char.zfill(np.arange(1, n + 1).astype(str),
                                                                 8))),
        pl.Series("Title", title),
        dob_text(rng, ct["dob"], ["dmy"], [1]).alias("Date of Birth"),
        abbreviate(rng, ct["address"], 0.3).alias("Address Line 1"),
        blank(rng, ct["locality"], 0.3).alias("Address Line 2"),
        postcode_text(rng, ct["postcode"]).alias("Postcode"),
        blank(rng, ct["email"], 0.3).alias("Email"),
    ).rename({"forename": "Forename", "surname": "Surname"})
    council_tax = ct.select("Account Ref", "Title", "Forename", "Surname", "Date of Birth",
                            "Address Line 1", "Address Line 2", "Postcode", "Email")

    hb = moved(rng, hb_people, 0.12)
    hb = names(rng, hb, typo_rate=0.04)
    hb = hb.with_columns(
        pl.Series("claim_id", np.char.add("HB", np.char.zfill(
            rng.permutation(n).astype(str), 7))),
        hb["forename"].str.to_uppercase().alias("first_name"),
        hb["surname"].str.to_uppercase().alias("last_name"),
        dob_text(rng, hb["dob"], ["iso", "dmy", "mon"], [5, 3, 2]).alias("dob_text"),
        blank(rng, hb["sex"], 0.05).alias("sex"),
        pl.concat_str([abbreviate(rng, hb["address"], 0.3), hb["locality"]], separator=", ")
        .alias("address_text"),
        postcode_text(rng, hb["postcode"]).alias("post_code"),
        blank(rng, hb["nino"], 0.2).alias("ni_number"),
    )
    housing_benefit = hb.select("claim_id", "first_name", "last_name",
                                pl.col("dob_text").alias("dob"), "sex",
                                pl.col("address_text").alias("address"), "post_code", "ni_number")
    truth = pl.concat([
        pl.DataFrame({"source_dataset": "council_tax", "record_id": council_tax["Account Ref"],
                      "person_id": ct_people["person_id"]}),
        pl.DataFrame({"source_dataset": "housing_benefit", "record_id": housing_benefit["claim_id"],
                      "person_id": hb_people["person_id"]}),
    ])
    return {"council_tax": council_tax, "housing_benefit": housing_benefit, "truth": truth}


def nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct NHS numbers in the 999 test range with a valid modulus-11 check digit."""
    body = 999_000_000 + rng.permutation(1_000_000)[: min(n, 1_000_000)]
    body = np.resize(body, n)
    digits = (body[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = (11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11
    number = np.char.add(body.astype(str), (check % 10).astype(str))
    return np.where(check == 10, None, number)


def dedupe_job(n: int, seed: int = SEED + 1) -> dict[str, pl.DataFrame]:
    """A residents list of ``n`` records, about one in five a second record of someone."""
    rng = np.random.default_rng(seed)
    unique = int(n * DEDUPE_PEOPLE_SHARE)
    pop = people(rng, unique)
    pop = pop.with_columns(pl.Series("nhs", nhs_numbers(rng, unique).tolist(), dtype=pl.String))
    rows = np.concatenate([np.arange(unique), rng.integers(0, unique, n - unique)])
    rows = rows[rng.permutation(n)]
    recs = pop[rows]
    recs = moved(rng, recs, 0.08)
    recs = names(rng, recs, typo_rate=0.04)
    recs = recs.with_columns(address=abbreviate(rng, recs["address"], 0.3))
    text = recs.select(
        full=pl.concat_str(["forename", "surname"], separator=" ", ignore_nulls=True),
        address=pl.concat_str(["address", "locality"], separator=", "))
    residents = pl.DataFrame({
        "ID": np.char.add("R", np.char.zfill(np.arange(1, n + 1).astype(str), 8)),
        "Full Name": text["full"].replace("", None),
        "DOB": dob_text(rng, recs["dob"], ["dmy", "iso", "mon"], [6, 2, 2]),
        "Address": text["address"],
        "Postcode": postcode_text(rng, recs["postcode"]),
        "NHS Number": blank(rng, recs["nhs"], 0.4),
    })
    truth = pl.DataFrame({"source_dataset": "residents", "record_id": residents["ID"],
                          "person_id": recs["person_id"]})
    return {"residents": residents, "truth": truth}


def ensure(kind: str, n: int, *, force: bool = False) -> Path:
    """The folder of job ``kind`` ("link" or "dedupe") at size ``n``, generated if missing."""
    folder = job_dir(kind, n)
    if (folder / "truth.csv").exists() and not force:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    frames = link_job(n) if kind == "link" else dedupe_job(n)
    for name, frame in frames.items():
        frame.write_csv(folder / f"{name}.csv")
    return folder


def input_files(kind: str, n: int) -> list[Path]:
    folder = ensure(kind, n)
    names = ["council_tax", "housing_benefit"] if kind == "link" else ["residents"]
    return [folder / f"{name}.csv" for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k", help="records per side, e.g. 10k,100k,1m")
    parser.add_argument("--kinds", default="link,dedupe")
    parser.add_argument("--force", action="store_true", help="regenerate existing files")
    args = parser.parse_args()
    for n in (parse_size(s) for s in args.sizes.split(",")):
        for kind in args.kinds.split(","):
            start = time.perf_counter()
            folder = ensure(kind, n, force=args.force)
            print(f"{folder.relative_to(ROOT)}: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
