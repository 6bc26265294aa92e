"""Generate the synthetic gazetteer and the messy address records shipped with the workbench.

Writes ``gazetteer.csv`` (a council's address list in the shape of an LLPG / AddressBase LPI
extract), ``electoral_register.csv`` (people with messy free-text addresses, half without a
postcode) and ``address_truth.csv`` (each record's true UPRN, household and what a careful
matcher should do) next to this file. The dwellings are those of the people in the other sample
files (``generate.py``'s population, rebuilt from the same seed), plus named blocks of flats,
converted houses, ranges, garages, bedsits, a care home and halls added here with their own
seed. Every run rewrites byte-for-byte identical files; see README.md.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``sample_data`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sample_data import generate, pools
from sample_data.population import Household, Person, Population

SEED = 2027
OUT_DIR = Path(__file__).resolve().parent
GAZETTEER_HEADER = [
    "UPRN", "PARENT_UPRN", "CLASS", "LOGICAL_STATUS", "SAO_TEXT", "SAO_START_NUMBER",
    "SAO_START_SUFFIX", "SAO_END_NUMBER", "SAO_END_SUFFIX", "PAO_TEXT", "PAO_START_NUMBER",
    "PAO_START_SUFFIX", "PAO_END_NUMBER", "PAO_END_SUFFIX", "STREET_DESCRIPTION", "LOCALITY",
    "TOWN", "POSTCODE_LOCATOR", "USRN",
]
RECORDS_HEADER = ["Elector Number", "Full Name", "Address 1", "Address 2", "Address 3",
                  "Address 4", "Postcode"]
TRUTH_HEADER = ["record_id", "person_id", "uprn", "in_reference", "expected", "tags"]
N_REGISTER = 2400  # people of the shared population on the register
BLOCK_NAMES = ["Marlowe House", "Byron Court", "Keats House", "Shelley Point", "Bronte Mansions",
               "Dickens Tower", "Austen Lodge", "Milton Court", "Tennyson House", "Blake Heights"]
ALIASES = {"Marlowe House": "Marlowe Court", "Shelley Point": "Shelley House"}
SAINT_STREETS = [("St Johns Road", "N1", "Islington"), ("St Marys Close", "E8", "Hackney"),
                 ("St Pauls Way", "E3", "Bow")]
HIGH_STREETS = [("High Street", "E17", "Walthamstow"), ("High Street", "E11", "Wanstead")]
NEW_STREET = ("Wharf Lane", "E9", "Hackney Wick")  # built after the extract: not in the list
CONVERSIONS = [["Basement Flat", "Ground Floor Flat", "First Floor Flat"],
               ["Flat A", "Flat B", "Flat C"], ["Flat 1", "Flat 2"],
               ["Ground Floor Flat", "First Floor Flat", "Second Floor Flat"]]
SHORT = [(" Road", " Rd"), (" Street", " St"), (" Avenue", " Ave"), (" Gardens", " Gdns"),
         (" House", " Ho"), (" Court", " Ct"), (" Lane", " Ln"), (" Close", " Cl"),
         ("Flat ", "Flt "), ("Ground Floor", "Gnd Flr"), ("Saint ", "St "), (" Mansions", " Mans")]


@dataclass
class Dwelling:
    """One addressable property of the gazetteer (an LPI), with what the records need."""

    uprn: str
    street: str
    locality: str
    postcode: str
    number: str = ""  # PAO number, "45", "23A" or a range "10-12"
    building: str = ""  # PAO text, "Marlowe House"
    sub: str = ""  # SAO text, "Flat 3", "Ground Floor Flat", "Room 2"
    cls: str = "RD04"
    parent: str = ""
    status: str = "1"
    listed: bool = True  # in the gazetteer (False: built after the extract)
    residents: list[Person] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # building names under status 3 LPIs

    @property
    def where(self) -> str:
        """The street and its postcode district: one street name can be in two districts."""
        return f"{self.street}|{self.postcode.split()[0]}"

    def parts(self) -> tuple[str, str, str, str]:
        """Sub-building, building, number + street, locality: the address as lines."""
        return self.sub, self.building, f"{self.number} {self.street}".strip(), self.locality


def _number_fields(number: str) -> list[str]:
    """START_NUMBER, START_SUFFIX, END_NUMBER, END_SUFFIX of a number or range."""
    if not number:
        return ["", "", "", ""]
    start, _, end = number.partition("-")

    def split(value: str) -> list[str]:
        digits = "".join(c for c in value if c.isdigit())
        return [digits, value[len(digits):]] if value else ["", ""]

    return split(start) + split(end)


def _sao_fields(sub: str, rng: random.Random) -> list[str]:
    """SAO_TEXT and the SAO number fields: "FLAT 3" as text, or as a number with no text."""
    words = sub.upper().split()
    if len(words) == 2 and words[0] in ("FLAT", "ROOM") and words[1].isdigit() and rng.random() < 0.3:
        return ["", words[1], "", "", ""]
    return [sub.upper(), "", "", "", ""]


class Gazetteer:
    """The dwellings of the sample borough, built from the population and one seeded RNG."""

    def __init__(self, world: generate.World, rng: random.Random,
                 streets: list[list[str]] | None = None) -> None:
        self.rng = rng
        self.world = world
        self.streets = streets or pools.STREETS  # [street, outward, locality]
        self.people = Population(rng)  # new residents (names only) for the added buildings
        self.people.used = set(world.pop.used)
        self.dwellings: list[Dwelling] = []
        self.by_uprn: dict[str, Dwelling] = {}
        self.taken: set[tuple[str, str, str, str]] = set()  # (street, number, building, sub)
        self.numbers: set[tuple[str, str]] = set()  # (street, number) in use
        self.postcodes: set[str] = set(world.pop.buildings.values())
        self.ambiguous: set[str] = set()  # UPRNs whose address text another UPRN shares

    def uprn(self) -> str:
        """A new UPRN of 9 to 12 digits, never used before."""
        template = self.rng.choice(["1000%08d", "1000%08d", "2000%07d", "5%08d"])
        width = int(template.split("%0")[1][:-1])
        return self.people.fresh(template, width)

    def postcode(self, outward: str) -> str:
        """A new postcode in ``outward`` (inward codes are random)."""
        while True:
            letters = "".join(self.rng.choices(pools.INWARD_LETTERS, k=2))
            value = f"{outward} {self.rng.randrange(10)}{letters}"
            if value not in self.postcodes:
                self.postcodes.add(value)
                return value

    def add(self, dwelling: Dwelling) -> Dwelling:
        key = (dwelling.where, dwelling.number, dwelling.building, dwelling.sub)
        if key in self.taken:
            raise ValueError(f"two dwellings at {key}")
        self.taken.add(key)
        self.numbers.add((dwelling.where, dwelling.number))
        self.dwellings.append(dwelling)
        self.by_uprn[dwelling.uprn] = dwelling
        return dwelling

    def free_number(self, street: str, low: int, high: int) -> str:
        outward = next(o for s, o, _ in self.streets if s == street)
        while True:
            number = str(self.rng.randint(low, high))
            if (f"{street}|{outward}", number) not in self.numbers:
                return number

    # --- the population's homes ---------------------------------------------------------------

    def population_homes(self) -> None:
        """Every home of the shared population, with the rest of each block's flats."""
        homes: dict[str, Household] = {}
        people: dict[str, list[Person]] = {}
        for person in self.world.pop.people:
            homes.setdefault(person.home.uprn, person.home)
            people.setdefault(person.home.uprn, []).append(person)
        for _, home in self.world.hb + self.world.residents:
            homes.setdefault(home.uprn, home)
        buildings: dict[tuple[str, str], list[Household]] = {}
        for home in homes.values():
            buildings.setdefault((home.street, home.number), []).append(home)
        for (street, number), group in buildings.items():
            houses = [h for h in group if not h.flat]
            flats = {int(h.flat): h for h in group if h.flat}
            parent = ""
            if houses:
                house = houses[0]
                parent = house.uprn
                self.add(Dwelling(house.uprn, street, house.locality, house.postcode, number,
                                  cls=self.rng.choice(["RD02", "RD03", "RD04"]),
                                  residents=people.get(house.uprn, [])))
            elif flats:
                first = next(iter(flats.values()))
                parent = self.uprn()
                self.add(Dwelling(parent, street, first.locality, first.postcode, number,
                                  cls="PP"))
            for n in range(1, max(flats, default=0) + 1):
                home = flats.get(n)
                uprn = home.uprn if home else self.uprn()
                locality, postcode = (home.locality, home.postcode) if home else (
                    group[0].locality, group[0].postcode)
                self.add(Dwelling(uprn, street, locality, postcode, number, sub=f"Flat {n}",
                                  cls="RD06", parent=parent,
                                  residents=people.get(uprn, []) if home else []))

    def neighbours(self) -> None:
        """Empty houses beside occupied ones, so near-miss numbers exist ("47" beside "45")."""
        for dwelling in list(self.dwellings):
            if dwelling.sub or dwelling.cls == "PP" or not dwelling.number.isdigit():
                continue
            for step in (2, -2):
                number = str(int(dwelling.number) + step)
                if int(number) > 0 and self.rng.random() < 0.35 and \
                        (dwelling.where, number) not in self.numbers:
                    self.add(Dwelling(self.uprn(), dwelling.street, dwelling.locality,
                                      dwelling.postcode, number,
                                      cls=self.rng.choice(["RD03", "RD04"])))

    # --- buildings added here -----------------------------------------------------------------

    def resident(self, dwelling: Dwelling, surname: str | None = None) -> Person:
        """A new adult living at ``dwelling``."""
        group = self.rng.choices(list(pools.GROUPS)[:-1],
                                 [g[0] for g in list(pools.GROUPS.values())[:-1]])[0]
        sex = self.rng.choice("MF")
        name = surname or self.people.surname_for(group, sex, self.people.family_name(group))
        home = Household(dwelling.number, dwelling.street, dwelling.locality, dwelling.postcode,
                         dwelling.uprn, dwelling.sub)
        person = self.people.person(group, sex, name, self.people.dob(1940, 2005, 1985), home)
        person.pid = f"N{len(self.people.people):05d}"  # apart from the population's P00001...
        dwelling.residents.append(person)
        return person

    def household(self, dwelling: Dwelling, size: int) -> None:
        """``size`` people sharing a home, mostly one family."""
        first = self.resident(dwelling)
        for _ in range(size - 1):
            self.resident(dwelling, first.surname if self.rng.random() < 0.7 else None)

    def street(self) -> tuple[str, str, str]:
        street, outward, locality = self.rng.choice(self.streets)
        return street, outward, locality

    def blocks(self) -> None:
        """Named blocks of flats under a parent shell, some with a number, with parking."""
        for i, name in enumerate(BLOCK_NAMES):
            street, outward, locality = self.street()
            number = self.free_number(street, 241, 320) if i % 2 == 0 else ""
            postcode = self.postcode(outward)
            parent = self.add(Dwelling(self.uprn(), street, locality, postcode, number,
                                       building=name, cls="PP"))
            size = self.rng.randint(8, 30)
            for n in range(1, size + 1):
                flat = self.add(Dwelling(self.uprn(), street, locality, postcode, number,
                                         building=name, sub=f"Flat {n}", cls="RD06",
                                         parent=parent.uprn, aliases=[ALIASES[name]]
                                         if name in ALIASES else []))
                if self.rng.random() < 0.7:
                    self.household(flat, self.rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0])
            for n in range(1, self.rng.randint(2, 6)):
                self.add(Dwelling(self.uprn(), street, locality, postcode, number, building=name,
                                  sub=f"Parking Space {n}", cls="RC01", parent=parent.uprn))
            if i % 3 == 0:  # a flat beyond the list: built after the extract
                flat = Dwelling(self.uprn(), street, locality, postcode, number, building=name,
                                sub=f"Flat {size + 1}", cls="RD06", listed=False)
                self.add(flat)
                self.household(flat, 2)

    def conversions(self) -> None:
        """Houses split into flats: basement / ground / first floor flats, flats A-C or 1-2."""
        for i in range(24):
            street, _, locality = self.street()
            number = self.free_number(street, 241, 400)
            postcode = self.postcode(next(o for s, o, _ in self.streets if s == street))
            parent = self.add(Dwelling(self.uprn(), street, locality, postcode, number, cls="PP"))
            for sub in CONVERSIONS[i % len(CONVERSIONS)]:
                flat = self.add(Dwelling(self.uprn(), street, locality, postcode, number, sub=sub,
                                         cls="RD06", parent=parent.uprn))
                self.household(flat, self.rng.choice([1, 1, 2, 3]))

    def lettered(self) -> None:
        """23, 23A and 23B: three properties; and ranges such as 10-12, 92-92A, 23A-24, 5-6."""
        for _ in range(12):
            street, outward, locality = self.street()
            number = self.free_number(street, 241, 400)
            postcode = self.postcode(outward)
            for suffix in ("", "A", "B")[: self.rng.choice([2, 3])]:
                home = self.add(Dwelling(self.uprn(), street, locality, postcode,
                                         number + suffix, cls="RD04"))
                self.household(home, self.rng.choice([1, 2, 3]))
        for low, high in [(10, 12), (92, "92A"), ("23A", 24), (5, 6), (120, 124), (7, 9),
                          (301, 303), (55, "55A")]:
            street, outward, locality = self.street()
            number = f"{low}-{high}"
            if (f"{street}|{outward}", number) in self.numbers:
                continue
            home = self.add(Dwelling(self.uprn(), street, locality, self.postcode(outward), number,
                                     cls="RD04"))
            self.household(home, self.rng.choice([1, 2, 4]))

    def garages(self) -> None:
        """Garages behind houses (class RG02): in the list, never anyone's home."""
        houses = [d for d in self.dwellings if d.cls.startswith("RD0") and not d.sub
                  and d.number.isdigit()]
        for house in self.rng.sample(houses, 20):
            self.add(Dwelling(self.uprn(), house.street, house.locality, house.postcode,
                              house.number, sub=f"Garage {self.rng.randint(1, 3)}", cls="RG02",
                              parent=house.uprn))

    def shared_homes(self) -> None:
        """Bedsits (RH01 parent + RH02 rooms), undivided HMOs (RH03), a care home and halls."""
        for _ in range(3):
            street, outward, locality = self.street()
            number = self.free_number(street, 241, 400)
            postcode = self.postcode(outward)
            parent = self.add(Dwelling(self.uprn(), street, locality, postcode, number, cls="RH01"))
            for n in range(1, self.rng.randint(4, 7)):
                room = self.add(Dwelling(self.uprn(), street, locality, postcode, number,
                                         sub=f"Room {n}", cls="RH02", parent=parent.uprn))
                self.resident(room)
        for _ in range(2):
            street, outward, locality = self.street()
            home = self.add(Dwelling(self.uprn(), street, locality, self.postcode(outward),
                                     self.free_number(street, 241, 400), cls="RH03"))
            for _ in range(self.rng.randint(6, 9)):
                self.resident(home)
        for name, cls, size in [("Rosewood Care Home", "RI01", 22), ("Chaucer Hall", "RI03", 30)]:
            street, outward, locality = self.street()
            home = self.add(Dwelling(self.uprn(), street, locality, self.postcode(outward),
                                     self.free_number(street, 241, 400), building=name, cls=cls))
            for _ in range(size):
                self.resident(home)

    def named_streets(self) -> None:
        """Saints' streets (St / Saint) and one street name in two postcode districts."""
        for street, outward, locality in SAINT_STREETS + HIGH_STREETS:
            for number in sorted(self.rng.sample(range(1, 80), 14)):
                home = self.add(Dwelling(self.uprn(), street, locality, self.postcode(outward),
                                         str(number), cls="RD04"))
                if self.rng.random() < 0.6:
                    self.household(home, self.rng.choice([1, 2, 2, 3]))

    def twins(self) -> None:
        """Two UPRNs with the same address text (a duplicate in the list): nobody can tell."""
        for _ in range(3):
            street, outward, locality = self.street()
            number, postcode = self.free_number(street, 241, 400), self.postcode(outward)
            first = self.add(Dwelling(self.uprn(), street, locality, postcode, number, cls="RD04"))
            self.taken.discard((first.where, number, "", ""))
            second = self.add(Dwelling(self.uprn(), street, locality, postcode, number, cls="RD04"))
            self.household(first, 2)
            self.ambiguous |= {first.uprn, second.uprn}

    def unlisted(self) -> None:
        """Homes missing from the list: new-builds, a new street, and flats carved out of a
        house the list still holds as one dwelling."""
        for _ in range(25):
            street, outward, locality = self.street()
            home = self.add(Dwelling(self.uprn(), street, locality, self.postcode(outward),
                                     self.free_number(street, 401, 480), cls="RD04", listed=False))
            self.household(home, self.rng.choice([1, 2, 3]))
        street, outward, locality = NEW_STREET
        postcode = self.postcode(outward)
        for number in range(1, 21):
            home = self.add(Dwelling(self.uprn(), street, locality, postcode, str(number),
                                     cls="RD04", listed=False))
            if self.rng.random() < 0.7:
                self.household(home, self.rng.choice([1, 2, 3]))
        houses = [d for d in self.dwellings if d.cls in ("RD03", "RD04") and d.listed
                  and d.number.isdigit() and d.residents and not d.sub
                  and (d.where, d.number, "", "Flat 1") not in self.taken]
        for house in self.rng.sample(houses, 15):
            flat = self.add(Dwelling(self.uprn(), house.street, house.locality, house.postcode,
                                     house.number, sub="Flat 2", cls="RD06", listed=False))
            self.household(flat, 1)

    def build(self) -> None:
        self.population_homes()
        self.neighbours()
        self.blocks()
        self.conversions()
        self.lettered()
        self.garages()
        self.shared_homes()
        self.named_streets()
        self.twins()
        self.unlisted()

    # --- the gazetteer file ---------------------------------------------------------------------

    def rows(self) -> list[list[str]]:
        """One row per LPI: approved ones, plus alternatives (3) and historical ones (8)."""
        usrn: dict[str, str] = {}
        rows = []
        for dwelling in self.dwellings:
            if not dwelling.listed:
                continue
            key = f"{dwelling.street}|{dwelling.postcode.split()[0]}"
            usrn.setdefault(key, str(20_000_000 + len(usrn) * 7 + 1))
            lpis = [(dwelling.building, dwelling.sub, dwelling.status)]
            lpis += [(alias, dwelling.sub, "3") for alias in dwelling.aliases]
            if dwelling.sub in ("Ground Floor Flat", "First Floor Flat") and self.rng.random() < 0.5:
                lpis.append((dwelling.building, "Flat " + ("1" if "Ground" in dwelling.sub else "2"),
                             "8"))
            for building, sub, status in lpis:
                uprn = dwelling.uprn + (".0" if self.rng.random() < 0.05 else "")
                parent = dwelling.parent + (".0" if dwelling.parent and self.rng.random() < 0.05
                                            else "")
                rows.append([uprn, parent, dwelling.cls, status, *_sao_fields(sub, self.rng),
                             building.upper(), *_number_fields(dwelling.number),
                             dwelling.street.upper(), dwelling.locality.upper(), "LONDON",
                             dwelling.postcode, usrn[key]])
        return rows


class Messy:
    """Draws a messy free-text address of a dwelling, as an electoral register holds it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def typo(self, word: str) -> str:
        if len(word) < 5:
            return word
        i = self.rng.randrange(1, len(word) - 1)
        return [word[:i] + word[i + 1:], word[:i] + word[i + 1] + word[i] + word[i + 2:],
                word[:i] + self.rng.choice("aeiourn") + word[i + 1:]][self.rng.randrange(3)]

    def address(self, d: Dwelling, tags: list[str]) -> tuple[list[str], str]:
        """Up to four address lines and a postcode (often blank)."""
        sub, building, street_line, locality = d.parts()
        if d.aliases and self.chance(0.4):
            building = d.aliases[0]
            tags.append("alias_name")
        number, street = d.number, d.street
        if street.startswith("St ") and self.chance(0.4):
            street = "Saint " + street[3:] if self.chance(0.5) else "St. " + street[3:]
            tags.append("saint")
        if "-" in number and self.chance(0.4):
            low, high = number.split("-")
            number = self.rng.choice([f"{low}/{high}", f"{low} - {high}", f"{low.lower()}-{high}"])
            tags.append("range_written")
        elif number[-1:].isalpha() and self.chance(0.4):
            number = f"{number[:-1]} {number[-1]}"
            tags.append("number_letter_spaced")
        if self.chance(0.05) and len(street.split()[0]) >= 5:
            street = self.typo(street.split()[0]) + " " + " ".join(street.split()[1:])
            tags.append("typo")
        street_line = f"{number} {street}".strip()
        flat = sub
        if sub and self.chance(0.04):
            flat = ""
            tags.append("flat_omitted")
        elif sub and sub.startswith("Flat ") and building == "" and number:
            roll = self.rng.random()
            if roll < 0.08:
                flat, street_line = "", f"{street_line}, {sub}"
                tags.append("flat_moved")
            elif roll < 0.13:
                flat, street_line = "", f"{sub.split()[1]}/{street_line}"
                tags.append("flat_slash")
            elif roll < 0.19:
                flat = sub.split()[1]
                tags.append("flat_word_dropped")
        elif sub.startswith("Flat ") and building and self.chance(0.2):
            flat = sub.split()[1]
            tags.append("flat_word_dropped")
        if building and number and self.chance(0.15):
            building = ""
            tags.append("building_dropped")
        elif building and self.chance(0.15):
            street_line = ""
            tags.append("street_dropped")
        parts = [p for p in (flat, building, street_line) if p]
        if flat and building and self.chance(0.5):
            parts = [f"{flat} {building}", *parts[2:]]
        if self.chance(0.35):
            parts.append(locality)
        if self.chance(0.5):
            parts.append("London")
        if self.chance(0.25):
            text = ", ".join(parts)
            for long, short in SHORT:
                text = text.replace(long, short)
            parts = text.split(", ")
            tags.append("abbreviated")
        roll = self.rng.random()
        parts = [p.upper() for p in parts] if roll < 0.4 else \
            [p.lower() for p in parts] if roll < 0.48 else parts
        return self.lines(parts, tags), self.postcode(d.postcode, parts, tags)

    def lines(self, parts: list[str], tags: list[str]) -> list[str]:
        if self.chance(0.12):
            tags.append("one_line")
            return [", ".join(parts), "", "", ""]
        lines = parts[:4] if len(parts) <= 4 else [*parts[:3], ", ".join(parts[3:])]
        return lines + [""] * (4 - len(lines))

    def postcode(self, postcode: str, parts: list[str], tags: list[str]) -> str:
        if self.chance(0.5):
            tags.append("no_postcode")
            return ""
        roll = self.rng.random()
        if roll < 0.05:
            i = self.rng.choice([i for i, c in enumerate(postcode) if c != " " and i > 0])
            new = str(self.rng.randrange(10)) if postcode[i].isdigit() else \
                self.rng.choice(pools.INWARD_LETTERS)
            postcode = postcode[:i] + new + postcode[i + 1:]
            tags.append("postcode_typo")
        elif roll < 0.09:
            tags.append("outward_only")
            return postcode.split()[0]
        elif roll < 0.15:
            parts[-1] = f"{parts[-1]} {postcode}"
            tags.append("postcode_in_text")
            return ""
        return self.rng.choices([postcode, postcode.replace(" ", ""), postcode.lower()],
                                [80, 12, 8])[0]


def expected(d: Dwelling, lines: list[str], postcode: str, gaz: Gazetteer,
             tags: list[str]) -> str:
    """What a careful matcher should do: match, or give no UPRN (absent or ambiguous)."""
    if not d.listed:
        return "abstain"
    if d.uprn in gaz.ambiguous:
        tags.append("duplicate_text")
        return "abstain"
    if "flat_omitted" in tags:
        return "abstain"
    if d.street == "High Street" and not postcode and "postcode_in_text" not in tags:
        tags.append("street_in_two_districts")
        return "abstain"
    return "match"


def build(rng: random.Random) -> dict[str, list[list[str]]]:
    """The gazetteer, the register and its truth, as rows."""
    world = generate.build_world(random.Random(generate.SEED))
    return build_files(world, rng, N_REGISTER)


def build_files(world: generate.World, rng: random.Random, n_register: int,
                streets: list[list[str]] | None = None) -> dict[str, list[list[str]]]:
    """The gazetteer of ``world``'s homes (and the buildings added here) and a register of
    ``n_register`` of its adults plus everyone in the added buildings, with the truth."""
    gaz = Gazetteer(world, rng, streets)
    gaz.build()
    gazetteer = gaz.rows()
    adults = [p for p in world.pop.people if p.nino and p.home.uprn in gaz.by_uprn]
    chosen = {p.pid for p in rng.sample(adults, n_register)}
    people: list[tuple[Person, Dwelling]] = []
    for dwelling in gaz.dwellings:
        for person in dwelling.residents:
            if person.pid in chosen or person.pid.startswith("N"):
                people.append((person, dwelling))
    rng.shuffle(people)
    messy = Messy(rng)
    register, truth = [], []
    for n, (person, dwelling) in enumerate(people, start=1):
        tags: list[str] = []
        lines, postcode = messy.address(dwelling, tags)
        record_id = f"ER{n:05d}"
        name = f"{person.forename} {person.surname}"
        register.append([record_id, name.upper() if messy.chance(0.3) else name, *lines, postcode])
        outcome = expected(dwelling, lines, postcode, gaz, tags)
        truth.append([record_id, person.pid, dwelling.uprn, "yes" if dwelling.listed else "no",
                      outcome, ";".join(tags)])
    return {"gazetteer": gazetteer, "electoral_register": register, "address_truth": truth}


HEADERS = {"gazetteer": GAZETTEER_HEADER, "electoral_register": RECORDS_HEADER,
           "address_truth": TRUTH_HEADER}


def main(out_dir: Path = OUT_DIR) -> dict[str, int]:
    """Regenerate the address sample files into ``out_dir``; return each file's row count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = build(random.Random(SEED))
    for stem, rows in files.items():
        generate.write_csv(out_dir / f"{stem}.csv", HEADERS[stem], rows)
    return {stem: len(rows) for stem, rows in files.items()}


def person_sample_uprns() -> dict[tuple[str, str], str]:
    """The true UPRN of each record of the person samples (council tax, housing benefit,
    residents): ``(file stem, record ID) -> UPRN``. Every such home is in the gazetteer."""
    world = generate.build_world(random.Random(generate.SEED))
    out = {("council_tax", ref): p.home.uprn for p, ref in zip(world.ct, world.ct_refs, strict=True)}
    out |= {("housing_benefit", ref): h.uprn
            for (_, h), ref in zip(world.hb, world.hb_refs, strict=True)}
    out |= {("residents", f"R{i:05d}"): h.uprn for i, (_, h) in enumerate(world.residents, start=1)}
    return out


if __name__ == "__main__":
    for name, count in main().items():
        print(f"{name}.csv: {count} rows")

