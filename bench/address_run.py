"""``python -m matching address`` with a stopwatch: one run for bench/address_bench.py.

    .venv/bin/python bench/address_run.py RECORDS REFERENCE OUT_DIR

Writes ``OUT_DIR/addresses.csv`` exactly as the command does, and ``OUT_DIR/timings.json``
(seconds per stage: read, suggest, prepare, train, predict, best, decide).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching.address_match.results import decisions, output_table  # noqa: E402
from matching.address_match.run import match_addresses  # noqa: E402
from matching.address_match.suggest import suggest_address_config  # noqa: E402
from matching.loading import read_path  # noqa: E402


def main(records_path: str, reference_path: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    records, reference = read_path(records_path), read_path(reference_path)
    timings = {"read": time.perf_counter() - start}
    start = time.perf_counter()
    config = suggest_address_config(records, reference)
    timings["suggest"] = time.perf_counter() - start
    result = match_addresses(records, reference, config)
    timings |= result.timings
    start = time.perf_counter()
    output_table(decisions(result)).write_csv(out / "addresses.csv")
    timings["decide"] = time.perf_counter() - start
    (out / "timings.json").write_text(json.dumps(timings, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:4])
