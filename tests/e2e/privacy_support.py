"""Support for the privacy browser tests: small people files with their own headers and
surnames, so a test can tell whose data a page shows."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FIRST_NAMES = ("Amira", "Daniel", "Fatima", "George", "Hannah", "Imran", "Joanne", "Kwame",
               "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tariq")
POSTCODES = ("E1 6AN", "E8 3PB", "N1 9GU", "SE5 7HN", "SW9 8QX", "W12 7RJ", "NW6 4LR", "E17 5DP")


@dataclass(frozen=True)
class PeopleFile:
    """A small file of people with some duplicates, whose header and surnames are its own."""

    path: Path
    header: tuple[str, ...]
    surnames: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def secrets(self) -> list[str]:
        """Text that belongs to this file only: its name, its headers, its surnames."""
        return [self.name, self.path.stem, *self.header, *self.surnames]


def write_people(path: Path, header: Sequence[str], surnames: Sequence[str], *, seed: int,
                 people: int = 120, duplicates: int = 40) -> PeopleFile:
    """``people`` records, then ``duplicates`` copies of some of them with small typos."""
    rng = random.Random(seed)
    rows = []
    for i in range(people):
        rows.append([
            f"{path.stem[:3].upper()}{i:04d}", rng.choice(FIRST_NAMES), rng.choice(surnames),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}",
            rng.choice(POSTCODES),
        ])
    for j in range(duplicates):
        _ref, first, surname, dob, postcode = rows[rng.randrange(people)]
        if j % 3 == 0:
            first = first[:-1]
        rows.append([f"{path.stem[:3].upper()}9{j:03d}", first, surname, dob, postcode])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return PeopleFile(path, tuple(header), tuple(surnames))
