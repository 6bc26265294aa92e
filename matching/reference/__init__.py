"""Offline reference lists shipped with the workbench (no downloads at run time).

``name_variants.csv`` is a reviewed UK supplement to the ``nicknames`` package: one
``variant,canonical,kind`` row per name, upper-case A–Z. Edit it by hand, keep it sorted by
canonical, and bump ``NAME_VARIANTS_VERSION`` so run records show which list was used.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import nicknames

NAME_VARIANTS_VERSION = "2026.11.1"
NAME_VARIANTS_PATH = Path(__file__).with_name("name_variants.csv")
_NAME = re.compile(r"[A-Z]+")


@cache
def name_variant_pairs() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """The UK supplement (variant → canonical) and the ``nicknames`` (name, nickname) pairs.

    Both are upper-case single words; the package's bundled CSV is read from disk.
    """
    with NAME_VARIANTS_PATH.open(newline="", encoding="utf-8") as handle:
        supplement = {
            row["variant"].strip().upper(): row["canonical"].strip().upper()
            for row in csv.DictReader(handle)
        }
    package_pairs = tuple(
        (t.name1.upper(), t.name2.upper())
        for t in nicknames.name_triplets()
        if t.relationship == "has_nickname"
        and _NAME.fullmatch(t.name1.upper())
        and _NAME.fullmatch(t.name2.upper())
    )
    return supplement, package_pairs
