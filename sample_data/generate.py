"""Generate the synthetic London sample data shipped with Matching Workbench.

Writes ``council_tax.csv``, ``housing_benefit.csv``, ``residents.csv`` and ``truth.csv`` next
to this file. Everything is invented; README.md describes the files and their corruptions.
Run from the project root with ``python sample_data/generate.py`` (or
``python -m sample_data.generate``): every run rewrites byte-for-byte identical files.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``sample_data`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sample_data import pools
from sample_data.population import Household, Person, Population, ascii_fold

SEED = 2026
OUT_DIR = Path(__file__).resolve().parent
N_HOUSEHOLDS, N_CT, N_HB, N_SHARED = 2700, 2000, 1200, 800
N_RESIDENT_PEOPLE, N_TWICE, N_THRICE = 810, 110, 40  # 810 + 110 + 2 * 40 = 1,000 rows
MOVED_RATE = 0.12  # share of linked people whose HB address differs from their CT address
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ABBREVIATIONS = {" Road": " Rd", " Street": " St", " Lane": " Ln", "Flat ": "Flt "}
HEADERS = {
    "council_tax": ["Account Ref", "Title", "Forename", "Surname", "Date of Birth",
                    "Address Line 1", "Address Line 2", "Postcode", "Phone", "Email"],
    "housing_benefit": ["claim_id", "first_name", "last_name", "dob", "sex", "address",
                        "post_code", "ni_number", "phone_number"],
    "residents": ["ID", "Full Name", "DOB", "Address", "Postcode", "NHS Number"],
    "truth": ["source_dataset", "record_id", "person_id"],
}


def format_dob(d: date, style: str) -> str:
    """Render a date of birth in one of the styles council systems export."""
    return {"dmy": f"{d.day:02d}/{d.month:02d}/{d.year}", "iso": d.isoformat(),
            "mon": f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year}",
            "short": f"{d.day}/{d.month}/{d.year % 100:02d}",
            "serial": str((d - date(1899, 12, 30)).days)}[style]  # Excel's day number


class Records:
    """Draws one corrupted record of a person at a time, as each council system holds them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.rng.random() < p

    def typo(self, text: str) -> str:
        """One keying slip: drop, transpose, double or replace a letter (never the first)."""
        if len(text) < 4:
            return text
        i, op = self.rng.randrange(1, len(text) - 1), self.rng.randrange(4)
        return [text[:i] + text[i + 1:], text[:i] + text[i + 1] + text[i] + text[i + 2:],
                text[:i] + text[i] + text[i:],
                text[:i] + self.rng.choice("aeiounrst") + text[i + 1:]][op]

    def title(self, p: Person) -> str:
        """A plausible title for ``p``."""
        if p.sex == "M":
            return "Dr" if self.chance(0.03) else "Mr"
        weights = [80, 10, 5, 5] if p.maiden else [30, 35, 32, 3]
        return self.rng.choices(["Mrs", "Ms", "Miss", "Dr"], weights)[0]

    def names(self, p: Person) -> tuple[str, str]:
        """Forename and surname as one record shows them, with the usual name errors."""
        fn = p.middle if p.middle and self.chance(0.03) else p.forename
        if fn in pools.SPELLINGS and self.chance(0.3):
            fn = self.rng.choice(pools.SPELLINGS[fn])
        elif fn in pools.NICKNAMES and self.chance(0.1):
            fn = self.rng.choice(pools.NICKNAMES[fn])
        if self.chance(0.04 if p.group in pools.ANGLO else 0.08):
            fn = self.typo(fn)
        if self.chance(0.02):
            fn = fn[0] + self.rng.choice(["", "."])
        married = p.maiden and self.chance(0.25 if p.dob.year >= 1980 else 0.1)
        sn = p.maiden if married else p.surname
        if sn in pools.SPELLINGS and self.chance(0.3):
            sn = self.rng.choice(pools.SPELLINGS[sn])
        if any(c in sn for c in "' -") and self.chance(0.4):
            sn = self.rng.choice([sn.replace("'", "").replace(" ", "").replace("-", " "),
                                  sn.replace("'", " "), sn.split("-")[-1]])
        if sn.startswith("Mc") and self.chance(0.3):
            sn = self.rng.choice(["Mc " + sn[2:], "Mac" + sn[2:]])
        if self.chance(0.04):
            sn = self.typo(sn)
        if not (fn + sn).isascii() and self.chance(0.35):
            fn, sn = ascii_fold(fn), ascii_fold(sn)
        return (sn, fn) if self.chance(0.012) else (fn, sn)

    def decorate(self, p: Person, fn: str) -> str:
        """Sometimes put a title ("MRS JANE") or a "known as" name in the forename field."""
        if self.chance(0.03):
            return f"{self.title(p).upper()} {fn}"
        if fn in pools.NICKNAMES and self.chance(0.02):
            nick = self.rng.choice(pools.NICKNAMES[fn])
            return self.rng.choice([f"{fn} (known as {nick})", f"{fn} aka {nick}",
                                    f"{fn} ({nick})"])
        return fn

    def case(self, text: str, upper: float, lower: float) -> str:
        """Re-case a value as different systems store it, with occasional stray spaces."""
        roll = self.rng.random()
        text = text.upper() if roll < upper else text.lower() if roll < upper + lower else text
        if text and self.chance(0.03):
            text = self.rng.choice([f" {text}", f"{text} ", text.replace(" ", "  ", 1)])
        return text

    def noisy_dob(self, d: date, swap: float) -> date:
        """A DOB with an occasional day/month swap, digit slip or 01/01 default."""
        roll = self.rng.random()
        if roll < swap and d.day <= 12 and d.day != d.month:
            return d.replace(day=d.month, month=d.day)
        try:
            if swap <= roll < swap + 0.012 and self.chance(0.5):
                return d.replace(day=d.day + self.rng.choice([-1, 1, 10, -10]))
            if swap <= roll < swap + 0.012:
                return d.replace(year=d.year + self.rng.choice([-1, 1, -10, 10]))
        except ValueError:
            return d
        return d.replace(day=1, month=1) if swap + 0.012 <= roll < swap + 0.018 else d

    def address(self, home: Household) -> str:
        """The first address line, sometimes abbreviated or with the flat missing or moved."""
        line = home.line
        if home.flat and self.chance(0.06):
            line = self.rng.choice([f"{home.number} {home.street}",
                                    f"{home.flat}/{home.number} {home.street}",
                                    f"{home.number} {home.street}, Flat {home.flat}"])
        if self.chance(0.15):
            for long, short in ABBREVIATIONS.items():
                line = line.replace(long, short)
        return line

    def postcode(self, pc: str) -> str:
        """A postcode with typos, O/0 confusion, outward-only, missing and format variants."""
        roll = self.rng.random()
        if roll < 0.04:
            return ""
        if roll < 0.07:
            i = self.rng.choice([i for i, c in enumerate(pc) if c != " " and i > 0])
            new = str(self.rng.randrange(10)) if pc[i].isdigit() else \
                self.rng.choice(pools.INWARD_LETTERS)
            pc = pc[:i] + new + pc[i + 1:]
        elif roll < 0.08:
            pc = pc.split()[0]
        if "0" in pc and self.chance(0.15):
            pc = pc.replace("0", "O", 1)
        return self.rng.choices([pc, pc.replace(" ", ""), pc.lower(), pc.replace(" ", "  ")],
                                [75, 10, 8, 7])[0]

    def phone(self, p: Person, home: Household, styles: list[str]) -> str:
        """The person's mobile or home landline (if any) in one of ``styles``."""
        number = self.rng.choice([n for n in (p.mobile, home.landline) if n] or [""])
        style = self.rng.choice(styles)
        if not number or style == "spaced":
            return number
        return number.replace(" ", "") if style == "compact" else "+44 " + number[1:]

    def nino(self, p: Person) -> str:
        """NI number with gaps, slips, dropped suffixes, spaces and lower case."""
        if not p.nino or self.chance(0.05):
            return ""
        n = p.nino
        if self.chance(0.01):
            i = self.rng.randrange(2, 8)
            n = n[:i] + str(self.rng.randrange(10)) + n[i + 1:]
        if self.chance(0.12):
            n = n[:8]
        if self.chance(0.2):
            n = " ".join([n[:2], n[2:4], n[4:6], n[6:8], n[8:]]).strip()
        return n.lower() if self.chance(0.04) else n

    def council_tax_row(self, p: Person, ref: str) -> list[str]:
        """One council tax account holder."""
        fn, sn = self.names(p)
        dob = "" if self.chance(0.4) else format_dob(
            self.noisy_dob(p.dob, 0.02), self.rng.choices(["dmy", "iso", "mon"], [75, 15, 10])[0])
        line1, line2 = self.address(p.home), self.rng.choice([p.home.locality, "London", ""])
        if ", " in line1 and self.chance(0.5):
            line1, line2 = line1.split(", ", 1)
        email = p.email if self.chance(0.6) else ""
        return [ref, "" if self.chance(0.1) else self.title(p),
                self.case(self.decorate(p, fn), 0.25, 0.05), self.case(sn, 0.25, 0.05), dob,
                self.case(line1, 0.2, 0.02), self.case(line2, 0.2, 0.02),
                self.postcode(p.home.postcode),
                self.phone(p, p.home, ["spaced", "compact"]) if self.chance(0.6) else "",
                email.upper() if self.chance(0.08) else email]

    def housing_benefit_row(self, p: Person, ref: str, home: Household) -> list[str]:
        """One housing benefit claimant living at ``home``."""
        fn, sn = self.names(p)
        roll = self.rng.random()
        dob = "" if roll < 0.01 else "01/01/1900" if roll < 0.02 else format_dob(
            self.noisy_dob(p.dob, 0.045),
            self.rng.choices(["dmy", "short", "iso", "serial"], [73, 6, 18, 3])[0])
        sex = self.rng.choices([p.sex, {"M": "Male", "F": "Female"}[p.sex], ""], [60, 32, 8])[0]
        postcode = self.postcode(home.postcode)
        address = self.address(home) + self.rng.choices(
            [", London", f", {home.locality}", ""], [55, 20, 25])[0]
        if postcode and self.chance(0.03):
            address += f", {postcode}"
            postcode = "" if self.chance(0.5) else postcode
        phone = self.phone(p, home, ["spaced", "intl", "compact"]) if self.chance(0.75) else ""
        return [ref, self.case(self.decorate(p, fn), 0.4, 0.08), self.case(sn, 0.4, 0.08), dob,
                sex, self.case(address, 0.35, 0.05), postcode, self.nino(p), phone]

    def residents_row(self, p: Person, rid: str, home: Household, nhs: str) -> list[str]:
        """One row of the residents list (the de-duplication demo)."""
        fn, sn = self.names(p)
        full = self.rng.choices([f"{fn} {sn}", f"{self.title(p)} {fn} {sn}",
                                 f"{sn.upper()}, {fn}", f"{fn} {p.middle} {sn}"],
                                [70, 12, 8, 10 if p.middle else 0])[0]
        dob = "" if self.chance(0.03) else format_dob(
            self.noisy_dob(p.dob, 0.02), self.rng.choices(["dmy", "iso"], [80, 20])[0])
        address = self.address(home) + (", London" if self.chance(0.3) else "")
        roll = self.rng.random()
        nhs = "" if roll < 0.05 else f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if roll < 0.3 else nhs
        return [rid, self.case(full, 0.15, 0.05), dob, self.case(address, 0.15, 0.03),
                self.postcode(home.postcode), nhs]


@dataclass
class World:
    """The population and who appears in which file, at which home, under which reference."""

    pop: Population
    ct: list[Person]
    hb: list[tuple[Person, Household]]
    residents: list[tuple[Person, Household]]
    nhs: dict[str, str]
    ct_refs: list[str]
    hb_refs: list[str]


def build_world(rng: random.Random) -> World:
    """Build the population and choose who appears in which file (no records drawn yet)."""
    pop = Population(rng)
    families = [pop.family() for _ in range(N_HOUSEHOLDS)]
    twins = [pop.twins() for _ in range(4)]
    fathers = [pop.father_and_son() for _ in range(4)]
    alis = [pop.namesake("Mohammed", "Ali", "M") for _ in range(6)]
    begums = [pop.namesake("Fatima", "Begum", "F") for _ in range(6)]
    pop.give_phones()

    # Look-alikes (see README): one of each pair in CT, the other in HB, so they are NOT links.
    ct = [*(t[0] for t in twins), *(f[0] for f in fathers[:3]), fathers[3][1], *alis[:4],
          *begums[:4]]
    shared = [twins[2][0], twins[3][0], fathers[3][1], *alis[:2], *begums[:2]]
    hb_only = [*(t[1] for t in twins), *(f[1] for f in fathers[:3]), fathers[3][0], *alis[4:],
               *begums[4:]]

    n_ct = N_CT - len(ct)
    holders = [rng.choice(f) for f in families[:n_ct]]
    ct += holders
    shared += rng.sample(holders, N_SHARED - len(shared))
    # Partners or lodgers of CT holders who claim HB: same address, often same surname; not links.
    others = [m for f, h in zip(families[:n_ct], holders, strict=True) for m in f if m is not h]
    hb_only += rng.sample(others, 60)
    n_rest = N_HB - N_SHARED - len(hb_only)
    hb_only += [rng.choice(f) for f in families[n_ct:n_ct + n_rest]]
    movers = {p.pid for p in rng.sample(shared, round(MOVED_RATE * len(shared)))}
    hb = [(p, pop.household() if p.pid in movers else p.home) for p in shared]
    hb += [(p, p.home) for p in hb_only]

    special = [p for pair in twins + fathers for p in pair] + alis + begums
    special_ids = {p.pid for p in special}
    unique = special + rng.sample([p for p in pop.people if p.pid not in special_ids],
                                  N_RESIDENT_PEOPLE - len(special))
    repeats = rng.sample(unique, N_TWICE + N_THRICE)
    residents = [(p, p.home) for p in unique] + [
        (p, pop.household() if pop.chance(0.1) else p.home)
        for i, p in enumerate(repeats) for _ in range(1 if i < N_TWICE else 2)]
    nhs = {p.pid: pop.nhs_number() for p in unique}

    rng.shuffle(ct)
    rng.shuffle(hb)
    rng.shuffle(residents)
    ct_refs = [f"CT{n:07d}" for n in sorted(rng.sample(range(1, 2_000_000), len(ct)))]
    hb_refs = [f"HB-{n:06d}" for n in sorted(rng.sample(range(1, 1_000_000), len(hb)))]
    return World(pop, ct, hb, residents, nhs, ct_refs, hb_refs)


def build(rng: random.Random) -> dict[str, list[list[str]]]:
    """Build the population, choose who appears in which file, and return each file's rows."""
    world = build_world(rng)
    ct, hb, residents, nhs = world.ct, world.hb, world.residents, world.nhs
    ct_refs, hb_refs = world.ct_refs, world.hb_refs
    records = Records(rng)
    files = {
        "council_tax": [records.council_tax_row(p, r) for p, r in zip(ct, ct_refs, strict=True)],
        "housing_benefit": [records.housing_benefit_row(p, r, h)
                            for (p, h), r in zip(hb, hb_refs, strict=True)],
        "residents": [records.residents_row(p, f"R{i:05d}", h, nhs[p.pid])
                      for i, (p, h) in enumerate(residents, start=1)],
    }
    people = {"council_tax": ct, "housing_benefit": [p for p, _ in hb],
              "residents": [p for p, _ in residents]}
    files["truth"] = [[stem, row[0], p.pid] for stem, persons in people.items()
                      for row, p in zip(files[stem], persons, strict=True)]
    return files


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write UTF-8 CSV with ``\\n`` line endings, quoting only the fields that need it."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(out_dir: Path = OUT_DIR) -> dict[str, int]:
    """Regenerate every sample file into ``out_dir``; return each file's row count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = build(random.Random(SEED))
    for stem, rows in files.items():
        write_csv(out_dir / f"{stem}.csv", HEADERS[stem], rows)
    return {stem: len(rows) for stem, rows in files.items()}


if __name__ == "__main__":
    for name, count in main().items():
        print(f"{name}.csv: {count} rows")
