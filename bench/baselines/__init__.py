"""Hand-written Splink 5 baselines, one module per shape of data set in the zoo.

Each module's ``run(set_dir, out)`` is the script a careful analyst would write in an
afternoon from Splink's documentation (cleaning of the obvious, ``cl.*`` comparisons suited to
the columns, TF where the docs advise, 3-6 blocking rules, prior from deterministic rules,
u by random sampling, EM on 2-3 rules, predict, clusters at p = 0.5). They are not tuned
against the truth. Outputs (in ``out``): ``pairs.parquet`` (every pair scored above match
weight -10), ``clusters.parquet`` and ``baseline.json`` (blocking rules, seconds).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

MODULES = {
    "febrl1": "febrl", "febrl2": "febrl", "febrl3": "febrl", "febrl4": "febrl",
    "council_hh": "council_hh", "historical_50k": "historical", "fake_people": "fake_people",
    "us_voters": "us_voters", "de_patients": "de_patients", "companies": "companies",
    "nhs_twins": "nhs_twins", "generic_headers": "generic_headers", "pupils": "pupils",
    "sparse": "sparse", "london_link": "london", "london_dedupe": "london",
}


def baseline_for(set_name: str) -> Callable[[Path, Path], None]:
    """The ``run`` function of the baseline for ``set_name`` (sizes share one module)."""
    key = set_name if set_name in MODULES else set_name.rsplit("_", 1)[0]
    module = importlib.import_module(f"bench.baselines.{MODULES[key]}")
    return module.run
