"""Benchmark address matching: precision and recall against the truth, speed and memory.

    nice -n 19 .venv/bin/python -u bench/address_bench.py                  # accuracy, samples
    nice -n 19 .venv/bin/python -u bench/address_bench.py --sizes 100k,1m  # and speed at scale

Accuracy (in this process): the sample register against the sample gazetteer at the default
decision rule and a sweep of others, the same with the postcode column ignored, and the person
samples' addresses (council tax, housing benefit, residents: a different corruption process)
with and without their postcode column. Per record: precision = right UPRNs / UPRNs given;
recall = right UPRNs / records whose UPRN is in the list (see matching/address_match/evaluate).

Speed (``--sizes``; data from bench/address_synth.py): ``python -m matching address`` in a
separate process per size, ``--repeat`` times: wall time, stage times, peak memory (max RSS),
and precision/recall of its ``addresses.csv`` against the truth. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import address_synth  # noqa: E402
from matching.address_match.config import DecisionRule  # noqa: E402
from matching.address_match.evaluate import (  # noqa: E402
    AddressAccuracy,
    accuracy,
    truth_from_table,
)
from matching.address_match.results import best_candidates, decisions  # noqa: E402
from matching.address_match.run import match_addresses  # noqa: E402
from matching.address_match.suggest import suggest_address_config  # noqa: E402
from matching.loading import read_path  # noqa: E402
from sample_data.address_generate import person_sample_uprns  # noqa: E402

SAMPLES = ROOT / "sample_data"
RULES = [(-6.0, 3.0), (-4.0, 3.0), (-2.0, 2.0), (-2.0, 3.0), (-2.0, 5.0), (0.0, 3.0),
         (2.0, 3.0), (4.0, 3.0), (8.0, 3.0)]


def _row(name: str, rule: DecisionRule, acc: AddressAccuracy, absent: tuple[int, int]) -> str:
    return (f"| {name} | {rule.min_weight:g} / {rule.min_gap:g} | {acc.known:,} | "
            f"{acc.given:,} | {acc.wrong:,} | {acc.precision or 0:.4f} | {acc.recall or 0:.4f} | "
            f"{absent[0]:,} of {absent[1]:,} |")


def _absent(decided: pl.DataFrame, truth: pl.DataFrame) -> tuple[int, int]:
    """Records whose home is not in the list that were given a UPRN, of all such records."""
    absent = truth.filter(pl.col("uprn").is_null()).select("unique_id")
    given = decided.join(absent, on="unique_id").filter(pl.col("uprn").is_not_null())
    return given.height, absent.height


def _evaluate(name: str, records: Path, truth: pl.DataFrame, *, postcode: bool,
              rules: list[DecisionRule]) -> list[str]:
    reference = read_path(SAMPLES / "gazetteer.csv")
    table = read_path(records)
    config = suggest_address_config(table, reference)
    if not postcode:
        config = replace(config, records=replace(config.records, postcode_column=None))
    start = time.perf_counter()
    result = match_addresses(table, reference, config)
    seconds = time.perf_counter() - start
    best = best_candidates(result)
    with result.workspace.lock:
        candidates = result.con.sql(f'SELECT DISTINCT uprn FROM "{result.reference_table}"').pl()
    lines = []
    for rule in rules:
        decided = decisions(result, rule, best)
        acc = accuracy(decided, truth, candidates["uprn"])
        lines.append(_row(f"{name}{'' if postcode else ', postcode column ignored'}", rule, acc,
                          _absent(decided, truth)))
    result.drop()
    print(f"  ({name}: {seconds:.1f} s)", file=sys.stderr)
    return lines


def accuracy_tables() -> None:
    print("| Records | least weight / lead | known | UPRNs given | wrong | precision | recall | "
          "homes not in the list given a UPRN |")
    print("|---|---|---|---|---|---|---|---|")
    truth = truth_from_table(read_path(SAMPLES / "address_truth.csv"))
    default = DecisionRule()
    sweep = [DecisionRule(w, g) for w, g in RULES]
    for postcode in (True, False):
        for line in _evaluate("electoral_register.csv", SAMPLES / "electoral_register.csv", truth,
                              postcode=postcode, rules=sweep if postcode else [default]):
            print(line)
    people = person_sample_uprns()
    for stem in ("council_tax", "housing_benefit", "residents"):
        known = pl.DataFrame({"unique_id": [k[1] for k in people if k[0] == stem],
                              "uprn": [v for k, v in people.items() if k[0] == stem]})
        for postcode in (True, False):
            for line in _evaluate(f"{stem}.csv", SAMPLES / f"{stem}.csv", known,
                                  postcode=postcode, rules=[default]):
                print(line)


def _measured(cmd: list[str], log: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with log.open("w") as handle:
        subprocess.run(cmd, check=True, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def speed_tables(sizes: list[str], repeat: int) -> None:
    print()
    print("| Gazetteer rows | records | wall s (median) | prepare | train | predict | best | "
          "peak MB | precision | recall | not in the list, given a UPRN |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        folder = address_synth.build(size)
        runs = folder / "runs"
        runs.mkdir(exist_ok=True)
        walls, peaks, timings = [], [], []
        for i in range(repeat):
            out = runs / f"run{i}"
            cmd = [sys.executable, str(ROOT / "bench" / "address_run.py"),
                   str(folder / "register.csv"), str(folder / "gazetteer.csv"), str(out)]
            seconds, peak = _measured(cmd, runs / f"run{i}.log")
            walls.append(seconds)
            peaks.append(peak)
            timings.append(json.loads((out / "timings.json").read_text()))
        stage = {k: statistics.median(t[k] for t in timings) for k in timings[0]}
        given = pl.read_csv(out / "addresses.csv", infer_schema=False)
        truth = truth_from_table(read_path(folder / "truth.csv"))
        in_list = pl.read_csv(folder / "gazetteer.csv", infer_schema=False)["UPRN"].str.replace(
            r"\.0$", "")
        acc = accuracy(given, truth, in_list)
        absent = _absent(given, truth)
        rows = pl.read_csv(folder / "gazetteer.csv", infer_schema=False).height
        print(f"| {rows:,} | {given.height:,} | {statistics.median(walls):.1f} | "
              f"{stage.get('prepare', 0):.1f} | {stage.get('train', 0):.1f} | "
              f"{stage.get('predict', 0):.1f} | {stage.get('best', 0):.1f} | "
              f"{max(peaks):,.0f} | {acc.precision or 0:.4f} | {acc.recall or 0:.4f} | "
              f"{absent[0]:,} of {absent[1]:,} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="", help="e.g. 100k,1m (gazetteer rows)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args()
    if not args.no_accuracy:
        accuracy_tables()
    if args.sizes:
        speed_tables(args.sizes.split(","), args.repeat)


if __name__ == "__main__":
    main()
