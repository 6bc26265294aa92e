"""Helpers for the end-to-end tests: run the command line in-process, read its outputs, and
score found pairs against ``sample_data/truth.csv``."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from matching.cli import main
from matching.samples import SAMPLE_DIR

ROOT = Path(__file__).resolve().parents[2]
COUNCIL_TAX = SAMPLE_DIR / "council_tax.csv"
HOUSING_BENEFIT = SAMPLE_DIR / "housing_benefit.csv"
RESIDENTS = SAMPLE_DIR / "residents.csv"
TRUTH = SAMPLE_DIR / "truth.csv"

Pair = tuple[str, str]


@dataclass(frozen=True)
class CliRun:
    """What ``python -m matching ...`` returned and printed."""

    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> CliRun:
    """``matching.cli.main`` with its output captured (usable in module-scoped fixtures)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return CliRun(code, out.getvalue(), err.getvalue())


def read_text_csv(path: Path) -> pl.DataFrame:
    """A CSV with every value as text, exactly as written (no number or date parsing)."""
    return pl.read_csv(path, infer_schema=False)


def read_project(out_dir: Path) -> dict:
    return json.loads((out_dir / "project.json").read_text(encoding="utf-8"))


def truth_link_pairs(left: str, right: str) -> set[Pair]:
    """(left ID, right ID) for every person in both datasets."""
    truth = read_text_csv(TRUTH)
    a = truth.filter(pl.col("source_dataset") == left)
    b = truth.filter(pl.col("source_dataset") == right)
    return set(a.join(b, on="person_id").select("record_id", "record_id_right").iter_rows())


def truth_dedupe_pairs(dataset: str) -> set[Pair]:
    """Every unordered pair of records (sorted IDs) about the same person in one dataset."""
    truth = read_text_csv(TRUTH).filter(pl.col("source_dataset") == dataset)
    pairs: set[Pair] = set()
    for ids in truth.group_by("person_id").agg("record_id")["record_id"].to_list():
        pairs |= {(a, b) for a, b in itertools.combinations(sorted(ids), 2)}
    return pairs


def found_link_pairs(pairs: pl.DataFrame, left: str) -> set[Pair]:
    """(left ID, right ID) for each output pair, whichever side Splink put each record on."""
    found = set()
    for row in pairs.iter_rows(named=True):
        l_first = row["source_dataset_l"] == left
        a, b = (row["unique_id_l"], row["unique_id_r"])
        found.add((a, b) if l_first else (b, a))
    return found


def found_dedupe_pairs(pairs: pl.DataFrame) -> set[Pair]:
    return {tuple(sorted(p)) for p in pairs.select("unique_id_l", "unique_id_r").iter_rows()}


def precision_recall(found: set[Pair], truth: set[Pair]) -> tuple[float, float]:
    hits = len(found & truth)
    return hits / len(found) if found else 1.0, hits / len(truth) if truth else 1.0
