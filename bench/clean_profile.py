"""Cleaning time per column and per derived key, on the benchmark data (not run in CI).

    python bench/clean_profile.py link_100k            # files from bench/.data/<job>/
    python bench/clean_profile.py dedupe_1m --repeat 1

Uses the app's suggested columns (roles and default cleaning steps) without the blocking
counts, then times ``prepare_tables`` as a whole (wall and CPU seconds) and, for each column,
the cleaning of its values and each derived key, in the order ``prepare_table`` builds them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import prepare
from matching.config import MatchConfig
from matching.loading import read_path
from matching.suggest import link_type_for, suggest_columns, suggest_comparisons, suggest_datasets

DATA = Path(__file__).resolve().parent / ".data"


def _clock(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", help="a folder of bench/.data, e.g. link_100k")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--per-column", action="store_true", help="time every derived key too")
    args = parser.parse_args()
    paths = sorted(p for p in (DATA / args.job).glob("*.csv") if p.name != "truth.csv")
    tables = [read_path(p) for p in paths]
    datasets = suggest_datasets(tables)
    columns = suggest_columns(tables, datasets)
    config = MatchConfig(link_type=link_type_for(tables), datasets=datasets, columns=columns,
                         comparisons=suggest_comparisons(columns))
    rows = sum(t.frame.height for t in tables)
    print(f"{args.job}: {rows:,} rows, columns: "
          + ", ".join(f"{c.name} ({c.role.value})" for c in config.used_columns))
    for _ in range(args.repeat):
        wall, cpu = _clock(lambda: prepare.prepare_tables(tables, config))
        print(f"prepare_tables: {wall:.2f} s wall, {cpu:.2f} s CPU")
    if args.per_column:
        _per_column(tables, config)


TIMED = ("clean_column", "address_keys",
         "name_keys", "_map_unique")


def _per_column(tables: list[Any], config: MatchConfig) -> None:
    """CPU seconds per column: its cleaning and each derived key, summed over the files."""
    timings: dict[str, float] = {}
    originals = {name: getattr(prepare, name) for name in TIMED}
    current: list[str] = [""]

    def timer(name: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            value = originals[name](*args, **kwargs)
            key = f"{current[0]}: {name}"
            timings[key] = timings.get(key, 0.0) + time.process_time() - start
            return value
        return run

    for name in TIMED:
        setattr(prepare, name, timer(name))
    try:
        for i, (table, spec) in enumerate(zip(tables, config.datasets, strict=True)):
            for column in config.used_columns:
                current[0] = column.name
                one = config.with_changes(columns=tuple(
                    c if c is column else replace(c, use=False) for c in config.columns))
                prepare.prepare_table(table, spec, one, i)
    finally:
        for name, fn in originals.items():
            setattr(prepare, name, fn)
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {name:45s} {seconds:7.2f} s CPU")


if __name__ == "__main__":
    main()
