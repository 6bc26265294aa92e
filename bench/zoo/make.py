"""Write the zoo's data sets (cached: sets already written are skipped unless ``--force``).

    python bench/zoo/make.py                       # the default sets (not the 100k/1m ones)
    python bench/zoo/make.py --sets febrl3,council_hh_10k
    python bench/zoo/make.py --sets all --force
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.zoo import DEFAULT_SETS, SETS, ensure, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="default",
                        help="comma-separated set names, 'default' or 'all'")
    parser.add_argument("--force", action="store_true", help="rewrite sets already written")
    args = parser.parse_args()
    names = {"default": DEFAULT_SETS, "all": list(SETS)}.get(args.sets, args.sets.split(","))
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s): {', '.join(unknown)}; choose from {', '.join(SETS)}")
    for name in names:
        start = time.perf_counter()
        folder = ensure(name, force=args.force)
        info = meta(name)
        rows = " x ".join(f"{n:,}" for n in info["records"].values())
        print(f"{name:18} {info['link_type']:12} {rows:>20}  {time.perf_counter() - start:5.1f} s"
              f"  {folder}")


if __name__ == "__main__":
    main()
