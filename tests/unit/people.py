"""A small seeded generator of two files about the same people, with typing errors, moves and
missing values, and the truth: for tests of the automatic set-up on data of a known shape."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from matching.loading import LoadedTable, read_table

FORENAMES = ["Adam", "Bella", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac",
             "Jade", "Kwame", "Leah", "Musa", "Nadia", "Oscar", "Priya", "Quentin", "Rosa",
             "Samir", "Tara", "Umar", "Vera", "Wanjiru", "Yusuf", "Zara", "Mohammed", "Olivia",
             "Amelia", "Jack", "Harry", "Sophie", "Emily", "Thomas", "James", "Grace", "Ruby"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Khan", "Patel", "Begum", "Wilson", "Davies",
            "Evans", "Okafor", "Nguyen", "Kowalski", "Murphy", "Campbell", "Ali", "Hussain",
            "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
            "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner",
            "Hill", "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker"]
STREETS = ["High Street", "Mare Street", "Church Road", "Kingsland Road", "Station Road",
           "Park Lane", "Victoria Road", "Green Lanes", "Albion Road", "Queens Road"]


@dataclass(frozen=True)
class Pair:
    """Two files and the truth: ``matches`` holds (left ID, right ID) of the same person."""

    left: LoadedTable
    right: LoadedTable
    matches: frozenset[tuple[str, str]]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + rng.choice("aeiourstln") + text[i + 1:]


def people_pair(n: int = 400, *, seed: int = 7, shared: float = 0.6,
                ssn: bool = True) -> Pair:
    """``n`` people in the left file and the right file, ``shared`` of them in both; the right
    file's copies carry typos (10 %), moves (10 %), missing dates of birth (5 %) and a social
    security number with a typo (5 %) when ``ssn``."""
    rng = random.Random(seed)
    people = []
    for _ in range(n):
        people.append({
            "first": rng.choice(FORENAMES), "last": rng.choice(SURNAMES),
            "dob": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}",
            "street": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
            "postcode": f"E{rng.randint(1, 18)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                        f"{rng.choice('LNPQRSTU')}",
            "ssn": f"{rng.randint(1_000_000, 9_999_999)}",
        })
    header = "id,first_name,surname,dob,address,postcode" + (",soc_sec_id" if ssn else "")
    left_rows, right_rows, matches = [header], [header], set()
    for i, p in enumerate(people):
        left_rows.append(_row(f"L{i}", p, ssn))
        if rng.random() < shared:
            copy = dict(p)
            if rng.random() < 0.1:
                copy["first"] = _typo(rng, copy["first"])
            if rng.random() < 0.1:
                copy["last"] = _typo(rng, copy["last"])
            if rng.random() < 0.1:  # moved house
                copy["street"] = f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
                copy["postcode"] = f"N{rng.randint(1, 22)} {rng.randint(1, 9)}AB"
            if rng.random() < 0.05:
                copy["dob"] = ""
            if rng.random() < 0.05:  # one digit mistyped
                d = rng.randrange(7)
                copy["ssn"] = copy["ssn"][:d] + str((int(copy["ssn"][d]) + 1) % 10) \
                    + copy["ssn"][d + 1:]
            right_rows.append(_row(f"R{i}", copy, ssn))
            matches.add((f"L{i}", f"R{i}"))
    for i in range(n // 3):  # people only in the right file
        p = {"first": rng.choice(FORENAMES), "last": rng.choice(SURNAMES),
             "dob": f"0{rng.randint(1, 9)}/0{rng.randint(1, 9)}/19{rng.randint(40, 99)}",
             "street": f"{rng.randint(1, 200)} {rng.choice(STREETS)}", "postcode": "SE1 1AA",
             "ssn": f"{rng.randint(1_000_000, 9_999_999)}"}
        right_rows.append(_row(f"X{i}", p, ssn))
    return Pair(_read(left_rows, "left.csv"), _read(right_rows, "right.csv"), frozenset(matches))


def _row(record_id: str, p: dict[str, str], ssn: bool) -> str:
    values = [record_id, p["first"], p["last"], p["dob"], f'"{p["street"]}"', p["postcode"]]
    return ",".join(values + ([p["ssn"]] if ssn else []))


def _read(rows: list[str], name: str) -> LoadedTable:
    return read_table(io.BytesIO("\n".join(rows).encode()), name)


def household_pair(households: int = 400, *, seed: int = 11) -> Pair:
    """Families at one address (a couple, children, now and then twins) sharing a surname, a
    postcode and often one email. Everyone is in the left file; half of them in the right one,
    with a typo now and then. The hard non-matches: spouses, siblings and twins."""
    rng = random.Random(seed)
    header = "id,first_name,surname,dob,address,postcode,email"
    left, right, matches = [header], [header], set()
    person = 0
    for h in range(households):
        surname = rng.choice(SURNAMES)
        street = f"{rng.randint(1, 300)} {rng.choice(STREETS)}"
        postcode = f"E{rng.randint(1, 18)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}" \
                   f"{rng.choice('LNPQRSTU')}"
        email = f"{surname.lower()}family{h}@example.com" if rng.random() < 0.5 else ""
        born = [f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 1985)}"
                for _ in range(2)]
        children = rng.randint(0, 3)
        twin = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1995, 2008)}"
        born += [twin if rng.random() < 0.3 else
                 f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1995, 2008)}"
                 for _ in range(children)]
        names = rng.sample(FORENAMES, len(born))
        for first, dob in zip(names, born, strict=True):
            row = [first, surname, dob, f'"{street}"', postcode, email]
            left.append(",".join([f"L{person}", *row]))
            if rng.random() < 0.5:
                copy = list(row)
                if rng.random() < 0.1:
                    copy[0] = _typo(rng, copy[0])
                right.append(",".join([f"R{person}", *copy]))
                matches.add((f"L{person}", f"R{person}"))
            person += 1
    return Pair(_read(left, "left.csv"), _read(right, "right.csv"), frozenset(matches))
