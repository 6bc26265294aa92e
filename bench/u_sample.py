"""How the u sample size affects accuracy and training time on one job (not run in CI).

    nice -n 19 .venv/bin/python bench/u_sample.py link_1m --pairs 300k,1m,3m,10m

For each sample size: the engine's suggested set-up with ``training.u_max_pairs`` set, trained
and scored in one process; prints training seconds, the recommended threshold and pairwise
precision and recall at it against the job's ``truth.csv``, and levels never observed.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from bench.run import accuracy  # noqa: E402
from matching.clusters import cluster_at  # noqa: E402
from matching.database import Workspace  # noqa: E402
from matching.export import write_outputs  # noqa: E402
from matching.loading import read_path  # noqa: E402
from matching.pipeline import run_linkage  # noqa: E402
from matching.suggest import suggest_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", help="a folder of bench/.data, e.g. link_1m")
    parser.add_argument("--pairs", default="300k,1m,3m")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    job = synth.DATA_DIR / args.job
    files = sorted(p for p in job.glob("*.csv") if p.name != "truth.csv")
    tables = [read_path(p) for p in files]
    workspace = Workspace()
    config = suggest_config(tables, workspace)
    print("| u pairs | train s | threshold | pairs | precision | recall | not observed |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for size in [synth.parse_size(s) for s in args.pairs.split(",")]:
        run = config.with_changes(training=replace(config.training, u_max_pairs=size))
        result = run_linkage(tables, run, workspace=workspace)
        clusters = cluster_at(result, result.threshold)
        out = job / "runs" / f"u_{size}"
        write_outputs(result, clusters, out)
        n, precision, recall = accuracy(out / "pairs.csv", job / "truth.csv",
                                        args.job.startswith("link"))
        print(f"| {size:,} | {result.timings['train']:.1f} | {result.threshold:.2f} | {n:,} | "
              f"{precision:.4f} | {recall:.4f} | {len(result.training.not_observed)} |",
              flush=True)
    workspace.close()


if __name__ == "__main__":
    main()
