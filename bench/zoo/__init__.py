"""The quality benchmark's data zoo: data sets of many shapes, each with the truth.

Each set is a folder ``bench/.data/zoo/<set>/`` holding its input CSV file(s) (one = find
duplicates, two = link), ``truth.csv`` (``source_dataset,record_id,person_id``) and
``meta.json`` (link type, files, ID column per file, description, parameters). Generators are
seeded and deterministic; ``python bench/zoo/make.py --sets ...`` writes them (cached).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bench.zoo import (
    companies,
    council_hh,
    de_patients,
    fake_people,
    febrl,
    generic_headers,
    historical,
    london_synth,
    nhs_twins,
    pupils,
    sparse,
    us_voters,
)
from bench.zoo.common import ZOO_DIR, DataSet


@dataclass(frozen=True)
class ZooSet:
    name: str
    make: Callable[[], DataSet]
    #: "big" sets (100k and more per side) are left out of the default benchmark run.
    big: bool = False


SETS: dict[str, ZooSet] = {s.name: s for s in [
    ZooSet("febrl1", partial(febrl.generate, 1)),
    ZooSet("febrl2", partial(febrl.generate, 2)),
    ZooSet("febrl3", partial(febrl.generate, 3)),
    ZooSet("febrl4", partial(febrl.generate, 4)),
    ZooSet("council_hh_10k", partial(council_hh.generate, 10_000)),
    ZooSet("council_hh_100k", partial(council_hh.generate, 100_000), big=True),
    ZooSet("council_hh_1m", partial(council_hh.generate, 1_000_000), big=True),
    ZooSet("historical_50k", historical.generate),
    ZooSet("fake_people_1k", partial(fake_people.generate, 1_000)),
    ZooSet("fake_people_20k", partial(fake_people.generate, 20_000)),
    ZooSet("us_voters", us_voters.generate),
    ZooSet("de_patients", de_patients.generate),
    ZooSet("companies", companies.generate),
    ZooSet("nhs_twins", nhs_twins.generate),
    ZooSet("generic_headers", generic_headers.generate),
    ZooSet("pupils", pupils.generate),
    ZooSet("sparse", sparse.generate),
    ZooSet("london_link_10k", partial(london_synth.link, 10_000)),
    ZooSet("london_dedupe_10k", partial(london_synth.dedupe, 10_000)),
    ZooSet("london_link_1m", partial(london_synth.link, 1_000_000), big=True),
]}

DEFAULT_SETS = [name for name, s in SETS.items() if not s.big]


def set_dir(name: str) -> Path:
    return ZOO_DIR / name


def ensure(name: str, *, force: bool = False) -> Path:
    """The folder of set ``name``, generated unless it is already written."""
    folder = set_dir(name)
    if (folder / "meta.json").exists() and not force:
        return folder
    SETS[name].make().write(folder, name=name)
    return folder


def meta(name: str) -> dict[str, Any]:
    return json.loads((ensure(name) / "meta.json").read_text(encoding="utf-8"))
