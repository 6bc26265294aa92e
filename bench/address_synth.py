"""Bigger address lists for the address benchmark: a borough of invented streets, its
gazetteer and a register of messy addresses with the truth, at any size.

    nice -n 19 .venv/bin/python bench/address_synth.py --sizes 100k,1m

The same generator as ``sample_data/address_generate.py`` (flats, conversions, ranges, shells,
garages, bedsits, missing homes, the same corruptions; half the records without a postcode),
on a population with many more households and streets. ``SIZE`` counts gazetteer rows
(approximately); the register has a tenth as many records. Written to
``bench/.data/address_<size>/`` (gitignored): ``gazetteer.csv``, ``register.csv``,
``truth.csv``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sample_data import address_generate, generate, pools  # noqa: E402
from sample_data.population import Household, Population  # noqa: E402

DATA = ROOT / "bench" / ".data"


def _words(text: str) -> list[str]:
    return text.split()


ROWS_PER_HOUSEHOLD = 6.7  # gazetteer rows per household: blocks of flats are listed in full
STARTS = _words("ASH ALDER BIRCH BRAM BROOK CAM CHAL CLAY CRAN DEN ELM FAIR FERN GLEN GRAN HAW "
                "HAZEL HOLLY IVY KEN LARCH LIME MAPLE MEAD MILL NORTH OAK ORCH PARK PINE QUEEN "
                "RAVEN ROSE RUSH SAND SHEP STAN THORN WALL WEST WIL WIND WOOD YEW")
ENDS = _words("BURY COMBE DALE DEN DON FIELD FORD GATE HAM HURST LEY LOW MEAD MERE MOOR STEAD "
              "STOKE TON VILLE WELL WICK WORTH")
TYPES = _words("Road Street Lane Avenue Grove Close Gardens Place Terrace Way Crescent Walk")
OUTWARDS = [f"{a}{n}" for a in ("E", "N", "SE", "SW", "NW", "W", "EN", "HA", "IG", "KT", "RM",
                                "SM", "TW", "UB", "CR", "BR", "DA") for n in range(1, 21)]


def streets(count: int, rng: random.Random) -> list[list[str]]:
    """``count`` invented street names, each in a postcode district and a locality."""
    names: list[list[str]] = []
    seen: set[str] = set()
    while len(names) < count:
        word = (rng.choice(STARTS) + rng.choice(ENDS)).title()
        if len(seen) >= len(STARTS) * len(ENDS) * len(TYPES) // 2:  # many streets: two words
            word = f"{rng.choice(STARTS).title()} {word}"
        name = f"{word} {rng.choice(TYPES)}"
        if name in seen:
            continue
        seen.add(name)
        outward = rng.choice(OUTWARDS)
        names.append([name, outward, rng.choice(STARTS).title() + rng.choice(["ton", "ley", "wood"])])
    return names


class BigPopulation(Population):
    """The sample population's households, on a street list of any size."""

    def __init__(self, rng: random.Random, street_list: list[list[str]]) -> None:
        super().__init__(rng)
        self.street_list = street_list

    def household(self) -> Household:
        street, outward, locality = self.rng.choice(self.street_list)
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


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def build(size: str, seed: int = 7) -> Path:
    """Write the data for ``size`` (cached); return its folder."""
    folder = DATA / f"address_{size}"
    if (folder / "truth.csv").exists():
        return folder
    rows = parse_size(size)
    rng = random.Random(seed)
    households = max(100, int(rows / ROWS_PER_HOUSEHOLD))
    street_list = streets(max(35, households // 12), rng)  # about 80 addresses a street
    pop = BigPopulation(rng, street_list)
    for _ in range(households):
        pop.family()
    world = generate.World(pop, [], [], [], {}, [], [])
    adults = sum(1 for p in pop.people if p.nino)
    files = address_generate.build_files(world, rng, min(adults, rows // 10), street_list)
    folder.mkdir(parents=True, exist_ok=True)
    for stem, name in (("gazetteer", "gazetteer"), ("electoral_register", "register"),
                       ("address_truth", "truth")):
        generate.write_csv(folder / f"{name}.csv", address_generate.HEADERS[stem], files[stem])
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated, e.g. 100k,1m")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        start = time.perf_counter()
        folder = build(size)
        print(f"{folder}: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
