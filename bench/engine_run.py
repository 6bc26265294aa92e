"""``python -m matching auto ...`` with a stopwatch on each stage (used by bench/run.py).

    python bench/engine_run.py TIMINGS.json auto LEFT [RIGHT] --out DIR

Runs exactly the command line's ``main`` with the same arguments; the only addition is that the
stage functions it calls are wrapped with timers, and the seconds spent in each are written to
TIMINGS.json (with the run's own stage timings from ``LinkageResult.timings``). "suggest" is the
automatic set-up without the cleaning it triggers (mostly blocking-rule pair counts).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import cli, pipeline

TIMINGS: dict[str, float] = {}
_INNER: list[float] = []  # seconds spent in timed calls nested in the current one


def timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its time added to ``TIMINGS[stage]``, less the time of nested timed calls
    (cleaning happens inside the suggestions, and is counted as cleaning)."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        _INNER.append(0.0)
        try:
            value = fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            inner = _INNER.pop()
            TIMINGS[stage] = TIMINGS.get(stage, 0.0) + elapsed - inner
            if _INNER:
                _INNER[-1] += elapsed
        if stage == "run":
            for name, seconds in value.timings.items():
                if name != "clean":  # measured by the prepare_tables timer
                    TIMINGS[name] = TIMINGS.get(name, 0.0) + seconds
            TIMINGS["u_max_pairs"] = value.training.u_max_pairs
        return value
    return wrapper


def main() -> int:
    out = Path(sys.argv[1])
    cli.read_path = timed("load", cli.read_path)  # type: ignore[assignment]
    pipeline.prepare_tables = timed("clean", pipeline.prepare_tables)  # type: ignore[assignment]
    cli.suggest_config = timed("suggest", cli.suggest_config)  # type: ignore[assignment]
    cli.run_linkage = timed("run", cli.run_linkage)  # type: ignore[assignment]
    cli.reviewed_clusters = timed("cluster", cli.reviewed_clusters)  # type: ignore[assignment]
    cli.write_outputs = timed("export", cli.write_outputs)  # type: ignore[assignment]
    start = time.perf_counter()
    code = cli.main(sys.argv[2:])
    TIMINGS["total"] = time.perf_counter() - start
    TIMINGS.pop("run", None)
    out.write_text(json.dumps(TIMINGS, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
