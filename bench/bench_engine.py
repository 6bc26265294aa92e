"""Print stage timings of the engine on the sample data (not run in CI).

    .venv/bin/python bench/bench_engine.py [--repeat 3]

Figures vary by machine and load: compare runs on the same machine, and record them with the
machine's description in bench/README.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.clusters import cluster_at
from matching.database import Workspace
from matching.export import write_outputs
from matching.loading import read_path
from matching.pipeline import run_linkage
from matching.samples import sample_paths
from matching.suggest import suggest_config


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def one_run(link: bool) -> dict[str, float]:
    times: dict[str, float] = {}
    workspace = Workspace()
    times["load"], tables = timed(lambda: [read_path(p) for p in sample_paths(link=link)])
    times["suggest (incl. blocking counts)"], config = timed(
        lambda: suggest_config(tables, workspace))
    times["train + predict"], result = timed(
        lambda: run_linkage(tables, config, workspace=workspace))
    times["cluster"], clusters = timed(lambda: cluster_at(result, result.threshold))
    with tempfile.TemporaryDirectory() as out:
        times["export"], _ = timed(lambda: write_outputs(result, clusters, Path(out)))
    workspace.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    for link in (True, False):
        runs = [one_run(link) for _ in range(args.repeat)]
        print(f"\n{'link council_tax x housing_benefit' if link else 'dedupe residents'} "
              f"(median of {args.repeat})")
        for stage in runs[0]:
            print(f"  {stage:<34} {statistics.median(r[stage] for r in runs):7.2f} s")
        total = statistics.median(sum(r.values()) for r in runs)
        print(f"  {'total':<34} {total:7.2f} s")


if __name__ == "__main__":
    main()
