"""Benchmark the engine against plain Splink on synthetic London data, and time the app's pages.

    nice -n 19 .venv/bin/python bench/run.py --sizes 10k,100k [--kinds link,dedupe] [--repeat 3]
    nice -n 19 .venv/bin/python bench/run.py --sizes 1m --kinds link --ui-size 1m

For each job (link or dedupe, N records per side; data from bench/synth.py, cached in
bench/.data) it runs, alternately and in separate processes, ``python -m matching auto`` (via
bench/engine_run.py, which only adds a stopwatch) and bench/plain_splink.py (the same
comparisons, blocking and training plan in plain Splink), ``--repeat`` times each, and prints
the medians: wall time, the engine/plain ratio, stage times, peak memory (max RSS of the
process) and precision/recall of the pairs against the truth.

Then, unless ``--no-ui``, it loads the link job of ``--ui-size`` into an ``AppState`` in this
process and times with Streamlit's AppTest a rerun of each page (median of ``--ui-reruns``),
and a blocking-count update (the officer edits a rule). Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402

PYTHON = sys.executable
STAGES = ["load", "suggest", "clean", "count", "train", "predict", "threshold", "cluster",
          "export"]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    timings: dict[str, float]
    out: Path


@dataclass
class JobResult:
    name: str
    runs: dict[str, list[Run]] = field(
        default_factory=lambda: {"engine": [], "plain": [], "plain+clean": []})
    accuracy: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    u_pairs: int = 0


def measured(cmd: list[str], log: Path) -> tuple[float, float]:
    """Run ``cmd``; its wall time (s) and peak resident memory (MB). Fails loudly."""
    start = time.perf_counter()
    with log.open("w") as handle:
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}); see {log}:\n"
                         + log.read_text()[-3000:])
    return seconds, usage.ru_maxrss / 1024


def run_engine(files: list[Path], work: Path, rep: int) -> Run:
    out = work / f"engine_{rep}"
    timings = work / f"engine_{rep}.json"
    seconds, peak = measured(
        [PYTHON, "bench/engine_run.py", str(timings), "auto", *map(str, files), "--out", str(out)],
        work / f"engine_{rep}.log")
    return Run(seconds, peak, json.loads(timings.read_text()), out)


def run_plain(work: Path, rep: int, *, clean: bool = False) -> Run:
    name = f"plain_clean_{rep}" if clean else f"plain_{rep}"
    out, timings = work / name, work / f"{name}.json"
    seconds, peak = measured(
        [PYTHON, "bench/plain_splink.py", "run-clean" if clean else "run", str(work / "plain"),
         str(out), str(timings)],
        work / f"{name}.log")
    return Run(seconds, peak, json.loads(timings.read_text()), out)


def accuracy(pairs_csv: Path, truth_csv: Path, link: bool) -> tuple[int, float, float]:
    """Pairs found, precision and recall against the truth."""
    truth = pl.read_csv(truth_csv, infer_schema=False)
    pairs = pl.read_csv(pairs_csv, columns=["unique_id_l", "unique_id_r"], infer_schema=False)
    ids = truth.select("record_id", "person_id")
    joined = (pairs.join(ids, left_on="unique_id_l", right_on="record_id")
              .join(ids, left_on="unique_id_r", right_on="record_id", suffix="_r"))
    true_pos = joined.filter(pl.col("person_id") == pl.col("person_id_r")).height
    per_person = truth.group_by("person_id", "source_dataset").len()
    if link:
        wide = per_person.pivot("source_dataset", index="person_id", values="len").fill_null(0)
        sources = [c for c in wide.columns if c != "person_id"]
        true_pairs = int(wide.select(pl.col(sources[0]) * pl.col(sources[1])).sum().item())
    else:
        true_pairs = int(per_person.select(pl.col("len") * (pl.col("len") - 1) // 2).sum().item())
    precision = true_pos / pairs.height if pairs.height else 0.0
    return pairs.height, precision, true_pos / true_pairs if true_pairs else 0.0


def bench_job(kind: str, n: int, repeat: int, with_plain: bool) -> JobResult:
    files = synth.input_files(kind, n)
    job = files[0].parent
    work = job / "runs"
    work.mkdir(exist_ok=True)
    result = JobResult(f"{kind} {synth.size_label(n)}")
    for rep in range(repeat):
        systems = list(result.runs)
        order = systems[rep % 3:] + systems[:rep % 3]  # each system goes first in turn
        for system in order if with_plain else ["engine"]:
            if system == "engine":
                run = run_engine(files, work, rep)
                if rep == 0 and with_plain:  # the plain script's inputs, from this engine run
                    measured([PYTHON, "bench/plain_splink.py", "prepare",
                              str(run.out / "project.json"), str(job), str(work / "plain")],
                             work / "prepare.log")
            else:
                run = run_plain(work, rep, clean=system == "plain+clean")
            result.runs[system].append(run)
            print(f"  {result.name} {system} run {rep + 1}: {run.seconds:.1f} s, "
                  f"{run.peak_mb:,.0f} MB", file=sys.stderr)
    for system, runs in result.runs.items():
        if runs:
            result.accuracy[system] = accuracy(runs[-1].out / "pairs.csv", job / "truth.csv",
                                               kind == "link")
    result.u_pairs = int(result.runs["engine"][-1].timings.get("u_max_pairs", 0))
    return result


def fmt(acc: tuple[int, float, float] | None) -> str:
    return f"{acc[1]:.3f} / {acc[2]:.3f} ({acc[0]:,} pairs)" if acc else "-"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_jobs(results: list[JobResult]) -> None:
    print("\n## Engine against plain Splink (median of runs; wall time of the whole process)\n")
    print("*plain*: plain Splink from the cleaned tables (Parquet). *plain+clean*: the same "
          "script from the raw files, cleaned with the engine's cleaning first.\n")
    print("| job | engine s | plain s | engine / plain | plain+clean s | engine / plain+clean | "
          "engine peak MB | plain peak MB | engine P / R | plain P / R |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        e, p, c = r.runs["engine"], r.runs["plain"], r.runs["plain+clean"]
        es, ps = median([x.seconds for x in e]), median([x.seconds for x in p])
        cs = median([x.seconds for x in c])
        ea, pa = r.accuracy.get("engine"), r.accuracy.get("plain")
        print(f"| {r.name} | {es:.1f} | {ps:.1f} | {es / ps:.2f} | {cs:.1f} | {es / cs:.2f} | "
              f"{median([x.peak_mb for x in e]):,.0f} | {median([x.peak_mb for x in p]):,.0f} | "
              f"{fmt(ea)} | {fmt(pa)} |")
    for r in results:
        if r.accuracy.get("plain+clean") not in (None, r.accuracy.get("plain")):
            print(f"\nNote: {r.name}: plain+clean found {fmt(r.accuracy['plain+clean'])}.")
    print("\n## Engine stage times (median seconds)\n")
    print("| job | " + " | ".join(STAGES) + " | total |")
    print("|---|" + "---:|" * (len(STAGES) + 1))
    for r in results:
        e = r.runs["engine"]
        cells = [f"{median([x.timings.get(s, 0.0) for x in e]):.2f}" for s in STAGES]
        print(f"| {r.name} | " + " | ".join(cells)
              + f" | {median([x.timings['total'] for x in e]):.2f} |")
    plain_stages = ["load", "clean", "train", "predict", "cluster", "export"]
    print("\n## Plain Splink stage times (median seconds)\n")
    print("| job | script | " + " | ".join(plain_stages) + " |")
    print("|---|---|" + "---:|" * len(plain_stages))
    for r in results:
        for system in ("plain", "plain+clean"):
            runs = r.runs[system]
            if runs:
                print(f"| {r.name} | {system} | " + " | ".join(
                    f"{median([x.timings.get(s, 0.0) for x in runs]):.2f}"
                    for s in plain_stages) + " |")


# --- the app's responsiveness ----------------------------------------------------------------


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def bench_ui(n: int, reruns: int, *, train: bool = True) -> None:
    import logging

    from matching.loading import read_path
    from tests.app.support import open_app

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR)
    from ui.session import AppState

    files = synth.input_files("link", n)
    print(f"\n## The app with the link job of {synth.size_label(n)} records per side loaded\n")
    state = AppState()
    load_s, tables = timed(lambda: [read_path(p) for p in files])
    state.workbench.set_tables(tables)
    suggest_s, config = timed(state.workbench.suggest)
    print(f"Load both files: {load_s:.2f} s; suggested set-up (incl. blocking counts): "
          f"{suggest_s:.2f} s\n")
    first_s, _ = timed(state.workbench.blocking_summary)
    shorter = replace(config, blocking=config.blocking[:-1])
    state.workbench.update_config(shorter)
    edit_s, _ = timed(state.workbench.blocking_summary)
    state.workbench.update_config(config)
    again_s, _ = timed(state.workbench.blocking_summary)
    exact_s, _ = timed(state.workbench.blocking_summary, exact=True)
    print("| blocking feedback | seconds |\n|---|---:|")
    print(f"| first count ({len(config.blocking)} rules, cleans the data) | {first_s:.2f} |")
    print(f"| after removing a rule | {edit_s:.2f} |")
    print(f"| after putting it back | {again_s:.2f} |")
    print(f"| exact count on request | {exact_s:.2f} |")

    def pages(names: list[str]) -> None:
        for page in names:
            start = time.perf_counter()
            at = open_app(state, page=f"pages/{page}.py")
            first = time.perf_counter() - start
            times = []
            for _ in range(reruns):
                start = time.perf_counter()
                at.run(timeout=600)
                times.append(time.perf_counter() - start)
            assert not at.exception, [e.value for e in at.exception]
            print(f"| {page} | {first:.2f} | {1000 * statistics.median(times):.0f} |")

    print("\n| page | first visit s | rerun ms (median) |\n|---|---:|---:|")
    pages(["data", "columns", "blocking", "comparisons"])
    if not train:
        state.workbench.close()
        return
    train_s, _ = timed(state.workbench.run)
    pages(["train", "threshold", "review", "clusters", "export"])
    print(f"\n(training and scoring in the app's session: {train_s:.1f} s)")
    state.workbench.close()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    import duckdb
    import splink
    import streamlit
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.platform()}, "
            f"python {platform.python_version()}, splink {splink.__version__}, "
            f"duckdb {duckdb.__version__}, polars {pl.__version__}, streamlit {streamlit.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k", help="records per side, e.g. 10k,100k,1m")
    parser.add_argument("--kinds", default="link,dedupe")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-plain", action="store_true", help="time the engine only")
    parser.add_argument("--no-ui", action="store_true", help="skip the app's page timings")
    parser.add_argument("--ui-size", help="records per side for the page timings "
                        "(default: the largest of --sizes)")
    parser.add_argument("--ui-reruns", type=int, default=5)
    parser.add_argument("--no-jobs", action="store_true", help="page timings only")
    parser.add_argument("--ui-no-train", action="store_true",
                        help="time only the pages before training (no training in this process)")
    args = parser.parse_args()
    sizes = [synth.parse_size(s) for s in args.sizes.split(",")]
    print(f"Machine: {machine()}")
    if not args.no_jobs:
        results = [bench_job(kind, n, args.repeat, not args.no_plain)
                   for n in sizes for kind in args.kinds.split(",")]
        print_jobs(results)
        print("\nu estimated on: " + ", ".join(f"{r.name}: {r.u_pairs:,} pairs" for r in results))
    if not args.no_ui:
        bench_ui(synth.parse_size(args.ui_size) if args.ui_size else max(sizes), args.ui_reruns,
                 train=not args.ui_no_train)


if __name__ == "__main__":
    main()
