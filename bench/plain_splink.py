"""The same matching job written as a plain Splink script: the yardstick for the engine's overhead.

    python bench/plain_splink.py prepare PROJECT.json JOB_DIR WORK_DIR   # once, not timed
    python bench/plain_splink.py run WORK_DIR OUT_DIR TIMINGS.json        # timed by bench/run.py
    python bench/plain_splink.py run-clean WORK_DIR OUT_DIR TIMINGS.json  # same, from the raw files

``prepare`` uses the engine once to write what a hand-written script would start from: the
cleaned tables (Parquet), the Splink settings (same comparisons and blocking rules as the
engine's run, from its ``project.json``) and the training plan (the same prior rules and recall,
u sample size, EM rules and threshold). ``run`` then uses only DuckDB and Splink: load the
tables, estimate the prior, u by random sampling and m by EM, predict, cluster at the
threshold, and write ``pairs.csv`` and ``clusters.csv``. ``run-clean`` starts from the raw
files instead: it reads them and cleans them with the engine's cleaning (`prepare_tables`, the
project's columns and steps) before the same Splink calls; the difference between it and the
engine is the engine's own work (the automatic set-up, pair counts, threshold, cluster ranking).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path


def prepare(project: Path, job_dir: Path, work: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from matching.blocking import possible_pairs
    from matching.config import MatchConfig
    from matching.loading import read_path
    from matching.prepare import prepare_tables
    from matching.settings import blocking_rule, comparison_context, to_settings
    from matching.training import (
        DEFAULT_RULES_RECALL,
        EM_MAX_PAIRS,
        deterministic_rules,
        em_rules,
        u_sample_size,
    )

    config = MatchConfig.from_json(project.read_text(encoding="utf-8"))
    tables = [read_path(job_dir / d.file_name) for d in config.datasets]
    work.mkdir(parents=True, exist_ok=True)
    frames = prepare_tables(tables, config)
    inputs = []
    for frame, spec in zip(frames, config.datasets, strict=True):
        path = work / f"{spec.name}.parquet"
        frame.write_parquet(path)
        inputs.append({"path": str(path), "name": spec.name})
    rows = [f.height for f in frames]

    def sql(rule: object) -> str:
        return blocking_rule(rule).create_blocking_rule_dict("duckdb")["blocking_rule"]  # type: ignore[arg-type]

    plan = {
        "project": str(project.resolve()),
        "files": [str((job_dir / d.file_name).resolve()) for d in config.datasets],
        "inputs": inputs,
        "settings": to_settings(config).create_settings_dict("duckdb"),
        "prior_rules": [sql(r) for r in deterministic_rules(config)],
        "recall": config.training.recall_of_deterministic_rules or DEFAULT_RULES_RECALL,
        "u_max_pairs": config.training.u_max_pairs
        or u_sample_size(possible_pairs(config, rows), sum(rows)),
        "seed": config.training.seed,
        "em_rules": [sql(r) for r in em_rules(config, comparison_context(config))],
        "em_max_pairs": EM_MAX_PAIRS,
        "threshold": config.threshold_match_weight,
    }
    (work / "plan.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")


def _cleaned_inputs(plan: dict, con: object, lap: Callable[[str], None]) -> None:  # type: ignore[type-arg]
    """The raw files read and cleaned as the engine does, as tables ``input_0``, ..."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from matching.config import MatchConfig
    from matching.loading import read_path
    from matching.prepare import prepare_tables

    config = MatchConfig.from_json(Path(plan["project"]).read_text(encoding="utf-8"))
    tables = [read_path(Path(f)) for f in plan["files"]]
    lap("load")
    for i, frame in enumerate(prepare_tables(tables, config)):
        con.register("incoming", frame.to_arrow())  # type: ignore[attr-defined]
        con.execute(f"CREATE TABLE input_{i} AS SELECT * FROM incoming")  # type: ignore[attr-defined]
        con.unregister("incoming")  # type: ignore[attr-defined]
    lap("clean")


def run(work: Path, out: Path, timings_path: Path, *, clean: bool = False) -> None:
    timings: dict[str, float] = {}
    last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[stage] = now - last
        last = now

    import duckdb
    from splink import DuckDBAPI, Linker

    plan = json.loads((work / "plan.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    sdfs = []
    if clean:
        _cleaned_inputs(plan, con, lap)
    for i, item in enumerate(plan["inputs"]):
        if not clean:
            con.execute(f"CREATE TABLE input_{i} AS SELECT * FROM read_parquet('{item['path']}')")
        sdfs.append(db_api.register(f"input_{i}", dataset_display_name=item["name"],
                                    table_name=f"t_{i}"))
    if not clean:
        lap("load")
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], plan["settings"],
                    log_level=logging.WARNING)
    if plan["prior_rules"]:
        linker.training.estimate_probability_two_random_records_match(
            plan["prior_rules"], recall=plan["recall"])
    linker.training.estimate_u_using_random_sampling(max_pairs=plan["u_max_pairs"],
                                                     seed=plan["seed"])
    for rule in plan["em_rules"]:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=plan["em_max_pairs"])
    lap("train")
    predictions = linker.inference.predict(threshold_match_weight=-10.0)
    lap("predict")
    threshold = plan["threshold"]
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_weight=threshold)
    lap("cluster")
    out.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"""COPY (SELECT unique_id_l, unique_id_r, match_weight, match_probability
                  FROM {predictions.physical_name} WHERE match_weight >= {float(threshold)})
            TO '{out / 'pairs.csv'}' (HEADER)""")
    con.execute(f"""COPY (SELECT source_dataset, unique_id, cluster_id
                          FROM {clusters.physical_name}) TO '{out / 'clusters.csv'}' (HEADER)""")
    lap("export")
    timings["total"] = sum(timings.values())
    timings_path.write_text(json.dumps(timings, indent=1), encoding="utf-8")


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "prepare":
        prepare(Path(rest[0]), Path(rest[1]), Path(rest[2]))
    else:
        run(Path(rest[0]), Path(rest[1]), Path(rest[2]), clean=command == "run-clean")
