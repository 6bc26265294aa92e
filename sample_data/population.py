"""The synthetic population behind the sample data: households, people and their identifiers.

Everything here is invented from the word lists in ``pools.py`` with one seeded RNG. Phone numbers
come from Ofcom's drama ranges, NHS numbers from the 999 test range, and emails use the reserved
example.com/.org/.net domains, so nothing can reach or describe a real person.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from sample_data import pools


@dataclass
class Household:
    """A dwelling (house or flat) with its postcode, UPRN and optional landline."""

    number: str
    street: str
    locality: str
    postcode: str
    uprn: str
    flat: str = ""
    landline: str = ""

    @property
    def line(self) -> str:
        """The first address line, e.g. ``Flat 3, 45 Kingsland Road``."""
        street = f"{self.number} {self.street}"
        return f"Flat {self.flat}, {street}" if self.flat else street


@dataclass
class Person:
    """One synthetic person: the clean values that every record of them is corrupted from."""

    pid: str
    group: str
    sex: str
    forename: str
    surname: str
    dob: date
    home: Household
    middle: str = ""
    maiden: str = ""  # a married woman's birth surname, shown by some records
    nino: str = ""
    mobile: str = ""
    email: str = ""


def ascii_fold(text: str) -> str:
    """Drop accents as many council systems do (``Zoë`` -> ``Zoe``, ``Łukasz`` -> ``Lukasz``)."""
    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))



class Population:
    """Households and people, built from one seeded RNG; ``people`` lists everyone made."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self.used: set[str] = set()  # membership tests only, never iterated: order stays fixed
        self.buildings: dict[tuple[str, str], str] = {}  # (street, number) -> postcode

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.rng.random() < p

    def zipf(self, words: str) -> str:
        """Pick from a space-separated list, earlier words much more often."""
        pool = [w.replace("_", " ") for w in words.split()]
        return self.rng.choices(pool, weights=[1 / (i + 1) ** 0.6 for i in range(len(pool))])[0]

    def fresh(self, template: str, digits: int) -> str:
        """Fill ``template``'s ``%0Nd`` with random digits until the value is unused."""
        while (value := template % self.rng.randrange(10**digits)) in self.used:
            pass
        self.used.add(value)
        return value

    def dob(self, low: int, high: int, mode: int | None = None) -> date:
        """A date of birth in a year between ``low`` and ``high``."""
        year = round(self.rng.triangular(low, high, mode or (low + high) // 2))
        return date.fromordinal(date(year, 1, 1).toordinal() + self.rng.randrange(365))

    def household(self) -> Household:
        """A new dwelling; flats in one building share its postcode."""
        street, outward, locality = self.rng.choice(pools.STREETS)
        while True:
            number = str(self.rng.randint(1, 240)) + ("A" if self.chance(0.04) else "")
            flat = str(self.rng.randint(1, 24)) if self.chance(0.45) else ""
            if (key := f"{flat}|{number}|{street}") not in self.used:
                self.used.add(key)
                break
        if (street, number) not in self.buildings:
            letters = "".join(self.rng.choices(pools.INWARD_LETTERS, k=2))
            self.buildings[street, number] = f"{outward} {self.rng.randrange(10)}{letters}"
        return Household(number, street, locality, self.buildings[street, number],
                         self.fresh("1000%08d", 8), flat)

    def family_name(self, group: str) -> str:
        """A family surname typical of ``group``."""
        group = self.rng.choice(["british", "caribbean"]) if group == "mixed" else group
        return self.zipf(pools.GROUPS[group][3])

    def surname_for(self, group: str, sex: str, family: str) -> str:
        """Apply naming customs: Begum for many Bangladeshi women, Singh/Kaur, Polish -ska."""
        if group == "bangladeshi" and sex == "F" and self.chance(0.6):
            return "Begum" if self.chance(0.8) else "Khatun"
        if group == "sikh" and self.chance(0.6):
            return "Singh" if sex == "M" else "Kaur"
        return family[:-1] + "a" if sex == "F" and family.endswith("ski") else family

    def person(self, group: str, sex: str, surname: str, dob: date, home: Household,
               forename: str = "") -> Person:
        """Create and register a person with an NI number (if 16+) and perhaps an email."""
        if group == "mixed":
            group = self.rng.choice(list(pools.GROUPS)[:-1])
        pool = pools.forenames(group, sex)
        forename = forename or self.zipf(pool)
        middle = self.zipf(pool) if self.chance(0.2) else ""
        p = Person(f"P{len(self.people) + 1:05d}", group, sex, forename, surname, dob, home,
                   middle if middle != forename else "")
        if dob.year <= 2008:
            prefix, suffix = self.rng.choice(pools.NINO_PREFIXES), self.rng.choice("ABCD")
            p.nino = self.fresh(f"{prefix}%06d{suffix}", 6)
        if self.chance(0.6):
            user = ascii_fold(self.rng.choice([f"{forename}.{surname}", f"{forename[0]}{surname}",
                                               f"{surname}{forename}{dob.year % 100:02d}"]))
            user = "".join(c for c in user.lower() if c.isalnum() or c == ".")
            domain = self.rng.choice(["example.com", "example.org", "example.net"])
            p.email, n = f"{user}@{domain}", 1
            while p.email in self.used:
                p.email, n = f"{user}{n}@{domain}", n + 1
            self.used.add(p.email)
        self.people.append(p)
        return p

    def family(self) -> list[Person]:
        """The adults of a new household (lead, maybe a partner or lodger); adds any children."""
        home = self.household()
        group = self.rng.choices(list(pools.GROUPS), [g[0] for g in pools.GROUPS.values()])[0]
        family, sex = self.family_name(group), self.rng.choice("MF")
        members = [self.person(group, sex, self.surname_for(group, sex, family),
                               self.dob(1938, 2006, 1985), home)]
        if self.chance(0.55):
            psex = {"M": "F", "F": "M"}[sex] if self.chance(0.95) else sex
            pgroup = group if self.chance(0.8) else self.rng.choice(list(pools.GROUPS))
            pdob = date.fromordinal(members[0].dob.toordinal() + self.rng.randint(-2500, 2500))
            members.append(self.person(pgroup, psex, self.surname_for(group, psex, family),
                                       min(pdob, date(2006, 12, 31)), home))
            woman = next(m for m in members if m.sex == "F") if psex != sex else None
            if woman and woman.surname not in ("Begum", "Khatun", "Kaur"):
                own, roll = self.family_name(woman.group), self.rng.random()
                own = self.surname_for(woman.group, "F", own)
                if roll < 0.12:
                    woman.surname = own  # kept her birth name
                elif own != woman.surname:
                    woman.maiden = own
                    woman.surname = f"{own}-{woman.surname}" if roll < 0.2 else woman.surname
        if self.chance(0.06):  # a lodger in a shared house
            lgroup, lsex = self.rng.choice(list(pools.GROUPS)[:-1]), self.rng.choice("MF")
            lname = self.surname_for(lgroup, lsex, self.family_name(lgroup))
            members.append(self.person(lgroup, lsex, lname, self.dob(1960, 2004), home))
        year = members[0].dob.year
        if 1955 <= year <= 2000:  # children: in the population (residents list) only
            for _ in range(self.rng.choices([0, 1, 2, 3], [45, 25, 20, 10])[0]):
                csex, cyear = self.rng.choice("MF"), min(year + self.rng.randint(18, 42), 2024)
                self.person(group, csex, self.surname_for(group, csex, family),
                            self.dob(cyear, cyear), home)
        return members

    def twins(self) -> list[Person]:
        """Adult twins: same surname, address and DOB but different forenames."""
        home, group = self.household(), self.rng.choice(["british", "west_african"])
        dob, family = self.dob(1975, 2000), self.family_name(group)
        first = self.person(group, "M", family, dob, home)
        sex = self.rng.choice("MF")
        pool = [n for n in pools.forenames(group, sex).split() if n != first.forename]
        return [first, self.person(group, sex, family, dob, home, self.zipf(" ".join(pool)))]

    def father_and_son(self) -> list[Person]:
        """Father and son (Sr/Jr) sharing forename, surname and address, with different DOBs."""
        home, group = self.household(), self.rng.choice(["british", "irish", "caribbean"])
        father = self.person(group, "M", self.family_name(group), self.dob(1950, 1968), home)
        son_dob = self.dob(father.dob.year + 22, father.dob.year + 32)
        return [father, self.person(group, "M", father.surname, son_dob, home, father.forename)]

    def namesake(self, forename: str, surname: str, sex: str) -> Person:
        """A person with a very common London name, in a household of their own."""
        return self.person("bangladeshi", sex, surname, self.dob(1950, 2003), self.household(),
                           forename)

    def give_phones(self) -> None:
        """Hand out Ofcom drama numbers; each range holds only 1,000, so not everyone gets one."""
        adults = [p for p in self.people if p.nino]
        for n, p in zip(self.rng.sample(range(1000), 950), self.rng.sample(adults, 950),
                        strict=True):
            p.mobile = f"07700 900{n:03d}"
        homes = list({p.home.uprn: p.home for p in self.people}.values())
        for n, h in zip(self.rng.sample(range(1000), 700), self.rng.sample(homes, 700),
                        strict=True):
            h.landline = f"020 7946 0{n:03d}"


    def nhs_number(self) -> str:
        """A new NHS number in the 999 test range with a valid modulus-11 check digit."""
        while True:
            body = f"999{self.rng.randrange(10**6):06d}"
            check = (11 - sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11) % 11
            if check != 10 and (number := body + str(check)) not in self.used:
                self.used.add(number)
                return number

