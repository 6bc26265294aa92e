"""The quality benchmark: the engine, zero-configuration, against a hand-written Splink
baseline on every data set of the zoo (``bench/zoo``), scored against the truth.

    python bench/quality.py                          # every default set (not 100k/1m)
    python bench/quality.py --sets febrl3,council_hh_10k
    python bench/quality.py --sizes 100k             # council_hh_100k too (sets ending _100k)
    python bench/quality.py --markdown               # the last results as a README table
    python bench/quality.py --diagnose council_hh_10k [--reuse] [--top 15]

Each set runs in two child processes (engine, then baseline) for their time and peak memory
(``os.wait4``); outputs and per-set results go to ``bench/.data/zoo/runs/<set>/`` and
``bench/.data/zoo/results/<set>.json``. Metrics (pairwise, against the truth; dedupe: pairs of
records sharing a person, link: pairs across the two files sharing a person):

- engine F1 at its recommended threshold (P / R), and the best F1 over thresholds (pair
  weights rounded to 0.1), with that threshold;
- blocking recall: the share of true pairs the engine's blocking rules generate at all,
  evaluated on the engine's prepared tables;
- largest cluster (engine at its threshold) vs the largest true cluster, and cluster-level
  pairwise F1 (every pair inside a cluster counts as a link: this exposes chaining);
- the baseline's F1 at p = 0.5 and its best F1; seconds and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from bench.zoo import DEFAULT_SETS, SETS, ensure  # noqa: E402
from bench.zoo.common import ZOO_DIR  # noqa: E402

RUNS_DIR = ZOO_DIR / "runs"
RESULTS_DIR = ZOO_DIR / "results"
SEP = "\x1f"


# --- the engine (keep every use of its API in this one function) -----------------------------


@dataclass
class EngineRun:
    con: Any  # the workspace's DuckDB connection
    predictions_table: str
    threshold: float
    clusters_table: str
    config_json: str
    input_tables: list[str]
    #: blocking rules as Splink SQL over ``l``/``r``, and the array columns each explodes
    rules: list[tuple[str, list[str]]]
    seconds: float
    workspace: Any


def run_engine(files: list[Path], id_columns: list[str]) -> EngineRun:
    """The engine with no configuration: read, suggest, run, cluster at its threshold."""
    from matching import Workspace, cluster_at, read_path, run_linkage, suggest_config

    start = time.perf_counter()
    tables = [read_path(p) for p in files]
    ws = Workspace()
    config = suggest_config(tables, ws, id_columns=id_columns)
    result = run_linkage(tables, config, workspace=ws)
    clusters = cluster_at(result, result.recommended_threshold)
    seconds = time.perf_counter() - start
    rules = [(r.blocking_rule_sql, list(getattr(r, "array_columns_to_explode", []) or []))
             for r in result.linker._settings_obj._blocking_rules_to_generate_predictions]
    return EngineRun(con=ws.con, predictions_table=result.predictions_table,
                     threshold=result.recommended_threshold, clusters_table=clusters.table,
                     config_json=config.to_json(), input_tables=list(ws.input_tables),
                     rules=rules, seconds=seconds, workspace=ws)


def child_engine(set_name: str, out: Path) -> None:
    folder = ensure(set_name)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    run = run_engine([folder / f for f in meta["files"]],
                     [meta["id_column"][f] for f in meta["files"]])
    out.mkdir(parents=True, exist_ok=True)
    con = run.con  # its file system access is switched off: write through polars

    def write(sql: str, name: str) -> None:
        con.sql(sql).pl().write_parquet(out / name)

    write(f"SELECT * FROM {run.predictions_table}", "engine_pairs.parquet")
    write(f"""SELECT CAST(source_dataset AS VARCHAR) AS source_dataset,
              CAST(unique_id AS VARCHAR) AS unique_id, cluster_id, cluster_size
              FROM {run.clusters_table}""", "engine_clusters.parquet")
    write(" UNION ALL BY NAME ".join(f'SELECT * FROM "{t}"' for t in run.input_tables),
          "engine_inputs.parquet")
    (out / "engine_config.json").write_text(run.config_json, encoding="utf-8")
    (out / "engine.json").write_text(json.dumps({
        "seconds": run.seconds, "threshold": run.threshold, "rules": run.rules,
    }, indent=1), encoding="utf-8")
    run.workspace.close()


def child_baseline(set_name: str, out: Path) -> None:
    from bench.baselines import baseline_for

    baseline_for(set_name)(ensure(set_name), out)


# --- running children ------------------------------------------------------------------------


def run_child(kind: str, set_name: str, out: Path) -> dict[str, Any]:
    """Run one child process; its wall seconds, peak MB, exit code and the tail of stderr."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / f"{kind}.log"
    start = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-u", __file__, "--child", kind, set_name, str(out)],
            stdout=err, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    tail = log.read_text(errors="replace").strip().splitlines()[-8:]
    return {"wall_seconds": time.perf_counter() - start, "peak_mb": usage.ru_maxrss / 1024,
            "exit_code": code, "log_tail": tail if code else []}


# --- metrics ---------------------------------------------------------------------------------


def _key(sd: str, uid: str) -> str:
    return f"CAST({sd} AS VARCHAR) || '{SEP}' || CAST({uid} AS VARCHAR)"


def load_truth(con: duckdb.DuckDBPyConnection, folder: Path, link_type: str) -> None:
    """Tables ``truth`` (key, source_dataset, person_id) and ``truth_pairs`` (k1 < k2)."""
    con.execute(f"""CREATE OR REPLACE TABLE truth AS
        SELECT {_key('source_dataset', 'record_id')} AS key, CAST(source_dataset AS VARCHAR)
               AS source_dataset, CAST(person_id AS VARCHAR) AS person_id
        FROM read_csv('{folder / "truth.csv"}', all_varchar=true)""")
    cross = "AND a.source_dataset <> b.source_dataset" if link_type == "link_only" else ""
    con.execute(f"""CREATE OR REPLACE TABLE truth_pairs AS
        SELECT a.key AS k1, b.key AS k2 FROM truth a JOIN truth b
        ON a.person_id = b.person_id AND a.key < b.key {cross}""")


def load_pairs(con: duckdb.DuckDBPyConnection, name: str, parquet: Path) -> None:
    """Table ``name`` (k1 < k2, match_weight, is_true) from a scored-pairs file."""
    con.execute(f"""CREATE OR REPLACE TABLE {name} AS
        WITH p AS (SELECT {_key('source_dataset_l', 'unique_id_l')} AS a,
                          {_key('source_dataset_r', 'unique_id_r')} AS b, match_weight
                   FROM read_parquet('{parquet}'))
        SELECT least(a, b) AS k1, greatest(a, b) AS k2, max(match_weight) AS match_weight,
               bool_or(t.k1 IS NOT NULL) AS is_true
        FROM p LEFT JOIN truth_pairs t ON t.k1 = least(a, b) AND t.k2 = greatest(a, b)
        GROUP BY 1, 2""")


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def at_threshold(con: duckdb.DuckDBPyConnection, table: str, threshold: float,
                 positives: int) -> dict[str, float]:
    tp, fp = con.sql(f"""SELECT count(*) FILTER (WHERE is_true), count(*) FILTER (WHERE NOT is_true)
                         FROM {table} WHERE match_weight >= {threshold}""").fetchall()[0]
    return prf(tp, fp, positives - tp)


def best_threshold(con: duckdb.DuckDBPyConnection, table: str, positives: int
                   ) -> dict[str, float]:
    """The best F1 over thresholds at the scored pairs' weights rounded to 0.1."""
    rows = con.sql(f"""SELECT round(match_weight, 1) AS w,
                              count(*) FILTER (WHERE is_true) AS tp,
                              count(*) FILTER (WHERE NOT is_true) AS fp
                       FROM {table} GROUP BY 1 ORDER BY 1 DESC""").fetchall()
    best = {**prf(0, 0, positives), "threshold": None}
    tp = fp = 0
    for w, t, f in rows:
        tp, fp = tp + t, fp + f
        m = prf(tp, fp, positives - tp)
        if m["f1"] > best["f1"]:
            best = {**m, "threshold": w}
    return best


def cluster_metrics(con: duckdb.DuckDBPyConnection, parquet: Path, link_type: str
                    ) -> dict[str, Any]:
    """Largest clusters, and pairwise F1 of every within-cluster pair (across files for a
    link; records missing from the clusters table count as singletons)."""
    con.execute(f"""CREATE OR REPLACE TABLE cl AS
        SELECT {_key('source_dataset', 'unique_id')} AS key, CAST(cluster_id AS VARCHAR) AS c
        FROM read_parquet('{parquet}')""")
    con.execute("""CREATE OR REPLACE TABLE clt AS
        SELECT t.key, t.source_dataset, t.person_id, coalesce(cl.c, 'single:' || t.key) AS c
        FROM truth t LEFT JOIN cl USING (key)""")
    if link_type == "link_only":
        first = con.sql("SELECT min(source_dataset) FROM truth").fetchall()[0][0]
        side = f"(source_dataset = '{first}')"
        count = (f"sum(CASE WHEN {side} THEN 1 ELSE 0 END) * "
                 f"sum(CASE WHEN NOT {side} THEN 1 ELSE 0 END)")
    else:
        count = "count(*) * (count(*) - 1) / 2"
    predicted = con.sql(f"SELECT sum(n) FROM (SELECT {count} AS n FROM clt GROUP BY c)"
                        ).fetchall()[0][0] or 0
    tp = con.sql(f"SELECT sum(n) FROM (SELECT {count} AS n FROM clt GROUP BY c, person_id)"
                 ).fetchall()[0][0] or 0
    positives = con.sql(f"SELECT sum(n) FROM (SELECT {count} AS n FROM clt GROUP BY person_id)"
                        ).fetchall()[0][0] or 0
    largest = con.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM clt GROUP BY c)").fetchall()[0][0]
    true_largest = con.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM truth GROUP BY person_id)"
                           ).fetchall()[0][0]
    return {"largest": largest, "true_largest": true_largest,
            **{f"pairs_{k}": v for k, v in prf(int(tp), int(predicted - tp),
                                                int(positives - tp)).items()}}


def _explode_sql(sql: str, arrays: list[str]) -> str:
    """A rule on exploded arrays as a condition on the arrays themselves."""
    for col in arrays:
        sql = re.sub(rf'l\."?{col}"?\s*=\s*r\."?{col}"?',
                     f'list_has_any(l."{col}", r."{col}")', sql)
    return sql


def blocking_recall(con: duckdb.DuckDBPyConnection, inputs: Path,
                    rules: list[tuple[str, list[str]]]) -> float | None:
    """The share of true pairs that at least one rule generates (either way round)."""
    if not rules:
        return None
    cond = " OR ".join(f"({_explode_sql(sql, arrays)})" for sql, arrays in rules)
    con.execute(f"""CREATE OR REPLACE TABLE ins AS SELECT *,
        {_key('source_dataset', 'unique_id')} AS mw_key FROM read_parquet('{inputs}')""")
    found = con.sql(f"""
        WITH tp AS (SELECT k1 AS a, k2 AS b FROM truth_pairs
                    UNION ALL SELECT k2, k1 FROM truth_pairs)
        SELECT count(DISTINCT least(a, b) || '{SEP}' || greatest(a, b)) FROM tp
        JOIN ins AS l ON l.mw_key = tp.a JOIN ins AS r ON r.mw_key = tp.b
        WHERE {cond}""").fetchall()[0][0]
    total = con.sql("SELECT count(*) FROM truth_pairs").fetchall()[0][0]
    return found / total if total else None


# --- one set ---------------------------------------------------------------------------------


def evaluate(set_name: str, out: Path, engine: dict[str, Any], baseline: dict[str, Any]
             ) -> dict[str, Any]:
    folder = ensure(set_name)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    link_type = meta["link_type"]
    con = duckdb.connect()
    load_truth(con, folder, link_type)
    positives = con.sql("SELECT count(*) FROM truth_pairs").fetchall()[0][0]
    result: dict[str, Any] = {
        "set": set_name, "link_type": link_type, "records": sum(meta["records"].values()),
        "records_per_file": list(meta["records"].values()), "true_pairs": positives,
        "engine": {"run": engine}, "baseline": {"run": baseline},
    }
    if engine["exit_code"] == 0:
        info = json.loads((out / "engine.json").read_text())
        load_pairs(con, "engine_pairs", out / "engine_pairs.parquet")
        result["engine"].update(
            seconds=info["seconds"], threshold=info["threshold"],
            at_threshold=at_threshold(con, "engine_pairs", info["threshold"], positives),
            best=best_threshold(con, "engine_pairs", positives),
            blocking_recall=blocking_recall(con, out / "engine_inputs.parquet",
                                            [tuple(r) for r in info["rules"]]),
            rules=[r[0] for r in info["rules"]],
            clusters=cluster_metrics(con, out / "engine_clusters.parquet", link_type),
            scored_pairs=con.sql("SELECT count(*) FROM engine_pairs").fetchall()[0][0],
        )
    if baseline["exit_code"] == 0:
        info = json.loads((out / "baseline.json").read_text())
        load_pairs(con, "baseline_pairs", out / "pairs.parquet")
        result["baseline"].update(
            seconds=info["seconds"], rules=info["blocking_rules"], prior=info["prior"],
            at_threshold=at_threshold(con, "baseline_pairs", 0.0, positives),
            best=best_threshold(con, "baseline_pairs", positives),
            clusters=cluster_metrics(con, out / "clusters.parquet", link_type),
            scored_pairs=con.sql("SELECT count(*) FROM baseline_pairs").fetchall()[0][0],
        )
    con.close()
    return result


def run_set(set_name: str, *, engine: bool = True, baseline: bool = True) -> dict[str, Any]:
    ensure(set_name)
    out = RUNS_DIR / set_name
    skipped = {"exit_code": -1, "wall_seconds": 0.0, "peak_mb": 0.0, "log_tail": ["not run"]}
    e = run_child("engine", set_name, out) if engine else skipped
    b = run_child("baseline", set_name, out) if baseline else skipped
    result = evaluate(set_name, out, e, b)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{set_name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


# --- reporting -------------------------------------------------------------------------------

HEADER = ("| set | type | records | true pairs | engine F1 @rec (P / R) | engine best F1 @w "
          "| blocking recall | largest cluster (true) | cluster F1 | baseline F1 @p0.5 "
          "| baseline best F1 | baseline cluster F1 | engine s | baseline s | engine MB |\n"
          "|---|---|---:|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")


def _f(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def row(r: dict[str, Any]) -> str:
    e, b = r["engine"], r["baseline"]
    kind = "link" if r["link_type"] == "link_only" else "dedupe"
    records = " x ".join(f"{n:,}" for n in r["records_per_file"])
    if "at_threshold" in e:
        a, best, c = e["at_threshold"], e["best"], e["clusters"]
        eng = (f"**{a['f1']:.3f}** ({a['precision']:.3f} / {a['recall']:.3f}) @{e['threshold']:.1f}",
               f"{best['f1']:.3f} @{_f(best['threshold'], 1)}", _f(e["blocking_recall"]),
               f"{c['largest']:,} ({c['true_largest']:,})", _f(c["pairs_f1"]),
               f"{e['seconds']:.1f}", f"{e['run']['peak_mb']:,.0f}")
    else:
        eng = ("not run" if e["run"]["exit_code"] == -1 else "failed",
               "-", "-", "-", "-", "-", "-")
    if "at_threshold" in b:
        bl = (_f(b["at_threshold"]["f1"]), _f(b["best"]["f1"]), _f(b["clusters"]["pairs_f1"]),
              f"{b['seconds']:.1f}")
    else:
        bl = ("not run" if b["run"]["exit_code"] == -1 else "failed", "-", "-", "-")
    return (f"| {r['set']} | {kind} | {records} | {r['true_pairs']:,} | {eng[0]} | {eng[1]} "
            f"| {eng[2]} | {eng[3]} | {eng[4]} | {bl[0]} | {bl[1]} | {bl[2]} | {eng[5]} "
            f"| {bl[3]} | {eng[6]} |")


def markdown(names: list[str]) -> str:
    rows = []
    for name in names:
        path = RESULTS_DIR / f"{name}.json"
        if path.exists():
            rows.append(row(json.loads(path.read_text())))
    return "\n".join([HEADER, *rows])


def chosen_sets(sets: str | None, sizes: str | None) -> list[str]:
    if sets in (None, "default"):
        names = list(DEFAULT_SETS)
    elif sets == "all":
        names = list(SETS)
    else:
        names = sets.split(",")
    if sizes:
        for size in sizes.split(","):
            names += [n for n in SETS if n.endswith(f"_{size}") and n not in names]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise SystemExit(f"unknown set(s): {', '.join(unknown)}; choose from {', '.join(SETS)}")
    return names


# --- diagnosis -------------------------------------------------------------------------------


def _show_pair(row: dict[str, Any], value_cols: list[str], comparisons: list[str]) -> None:
    print(f"  w={row['match_weight']:+.2f}  {row['source_dataset_l']}:{row['unique_id_l']} ~ "
          f"{row['source_dataset_r']}:{row['unique_id_r']}")
    for col in value_cols:
        left, right = row.get(f"{col}_l"), row.get(f"{col}_r")
        if isinstance(left, list) or isinstance(right, list):
            left, right = " ".join(map(str, left or [])), " ".join(map(str, right or []))
        mark = "=" if left == right and left is not None else " "
        print(f"      {col:24} {str(left)[:38]:38} {mark} {str(right)[:38]}")
    parts = []
    for comp in comparisons:
        tf = row.get(f"mw_tf_adj_{comp}")
        tf_text = f"{tf:+.1f}tf" if tf not in (None, 0) else ""
        parts.append(f"{comp}[{row.get(f'gamma_{comp}')}] {row.get(f'mw_{comp}') or 0:+.1f}"
                     f"{tf_text}")
    print("      mw: " + "  ".join(parts))


def diagnose(set_name: str, *, reuse: bool, top: int) -> None:
    out = RUNS_DIR / set_name
    folder = ensure(set_name)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if not (reuse and (out / "engine.json").exists()):
        child = run_child("engine", set_name, out)
        if child["exit_code"]:
            print("\n".join(child["log_tail"]))
            raise SystemExit(f"the engine failed on {set_name}")
    info = json.loads((out / "engine.json").read_text())
    config = json.loads((out / "engine_config.json").read_text())
    threshold = info["threshold"]
    print(f"# {set_name}: {meta['description']}\n")
    print("## Columns (name, role, used, sources per file)")
    for col in config["columns"]:
        print(f"  {col['name']:22} {col['role']:16} {'used' if col['use'] else 'not used':9} "
              f"{col['sources']}")
    print("\n## Comparisons")
    for comp in config["comparisons"]:
        extra = {k: v for k, v in comp.items() if k not in ("column", "kind") and v not in
                 ((), [], None, False, "jaro_winkler")}
        print(f"  {comp['column']:22} {comp['kind']:22} {extra or ''}")
    print("\n## Blocking rules (Splink SQL)")
    for sql, arrays in info["rules"]:
        print(f"  {sql}" + (f"   [exploding {arrays}]" if arrays else ""))
    con = duckdb.connect()
    load_truth(con, folder, meta["link_type"])
    positives = con.sql("SELECT count(*) FROM truth_pairs").fetchall()[0][0]
    load_pairs(con, "engine_pairs", out / "engine_pairs.parquet")
    a = at_threshold(con, "engine_pairs", threshold, positives)
    best = best_threshold(con, "engine_pairs", positives)
    recall = blocking_recall(con, out / "engine_inputs.parquet", [tuple(r) for r in info["rules"]])
    print(f"\n## Threshold {threshold:.2f}: P {a['precision']:.3f} R {a['recall']:.3f} "
          f"F1 {a['f1']:.3f} (TP {a['tp']:,} FP {a['fp']:,} FN {a['fn']:,}); best F1 "
          f"{best['f1']:.3f} at {best['threshold']}; blocking recall {_f(recall)}")
    con.execute(f"""CREATE OR REPLACE VIEW preds AS
        SELECT p.*, e.is_true FROM read_parquet('{out / "engine_pairs.parquet"}') p
        JOIN engine_pairs e ON e.k1 = least({_key('p.source_dataset_l', 'p.unique_id_l')},
                                            {_key('p.source_dataset_r', 'p.unique_id_r')})
                          AND e.k2 = greatest({_key('p.source_dataset_l', 'p.unique_id_l')},
                                              {_key('p.source_dataset_r', 'p.unique_id_r')})""")
    cols = con.sql("SELECT * FROM preds LIMIT 0").columns
    comparisons = [c[len("gamma_"):] for c in cols if c.startswith("gamma_")]
    value_cols = [c[:-2] for c in cols if c.endswith("_l") and f"{c[:-2]}_r" in cols
                  and not c.startswith(("tf_", "source_dataset", "unique_id"))]
    mw = ", ".join(f"round(avg(coalesce(mw_{c}, 0) + coalesce("
                   f"{'mw_tf_adj_' + c if 'mw_tf_adj_' + c in cols else '0'}, 0)), 2) AS {c}"
                   for c in comparisons)
    print("\n## Mean match weight per comparison (with TF) by outcome at the threshold")
    summary = con.sql(f"""SELECT CASE WHEN is_true AND match_weight >= {threshold} THEN 'TP'
                                     WHEN is_true THEN 'FN (scored)'
                                     WHEN match_weight >= {threshold} THEN 'FP' ELSE 'TN' END
                                 AS outcome, count(*) AS pairs, {mw}
                          FROM preds GROUP BY 1 ORDER BY 1""")
    print(summary.pl().to_pandas().to_string(index=False))

    def show(title: str, where: str, order: str) -> None:
        rows = con.sql(f"SELECT * FROM preds WHERE {where} ORDER BY {order} LIMIT {top}")
        names = rows.columns
        print(f"\n## {title}")
        for values in rows.fetchall():
            _show_pair(dict(zip(names, values, strict=True)), value_cols, comparisons)

    show(f"Worst false positives (highest weight, not the same person; {a['fp']:,} in all)",
         f"NOT is_true AND match_weight >= {threshold}", "match_weight DESC")
    show("Worst false negatives among scored pairs (lowest weight, same person)",
         f"is_true AND match_weight < {threshold}", "match_weight ASC")
    n_missing = con.sql("""SELECT count(*) FROM truth_pairs t ANTI JOIN engine_pairs e
                           ON e.k1 = t.k1 AND e.k2 = t.k2""").fetchall()[0][0]
    print(f"\n## True pairs never scored (not blocked, or below the -10 floor): {n_missing:,}")
    con.execute(f"""CREATE OR REPLACE TABLE ins AS SELECT *, {_key('source_dataset', 'unique_id')}
                    AS mw_key FROM read_parquet('{out / "engine_inputs.parquet"}')""")
    sample = con.sql(f"""SELECT t.k1, t.k2 FROM truth_pairs t ANTI JOIN engine_pairs e
                         ON e.k1 = t.k1 AND e.k2 = t.k2 ORDER BY hash(t.k1 || t.k2)
                         LIMIT {min(top, 8)}""").fetchall()
    show_cols = [c for c in con.sql("SELECT * FROM ins LIMIT 0").columns
                 if c not in ("mw_key", "source_dataset")]
    for k1, k2 in sample:
        recs = con.sql(f"SELECT * EXCLUDE (mw_key) FROM ins WHERE mw_key IN ('{k1}', '{k2}')")
        names = recs.columns
        pair = [dict(zip(names, v, strict=True)) for v in recs.fetchall()]
        print("  " + " ~ ".join(f"{r['source_dataset']}:{r['unique_id']}" for r in pair))
        for col in show_cols:
            vals = [r.get(col) for r in pair]
            print(f"      {col:24} " + "   |   ".join(str(v)[:38] for v in vals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", help="comma-separated set names, 'default' or 'all'")
    parser.add_argument("--sizes", help="also the sets of these sizes, e.g. 100k,1m")
    parser.add_argument("--markdown", action="store_true",
                        help="print the saved results of the chosen sets as a Markdown table")
    parser.add_argument("--diagnose", metavar="SET",
                        help="the engine's set-up and its worst errors on one set")
    parser.add_argument("--reuse", action="store_true",
                        help="--diagnose: use the last engine run instead of running it again")
    parser.add_argument("--top", type=int, default=10, help="--diagnose: pairs to show")
    parser.add_argument("--no-baseline", action="store_true", help="run the engine only")
    parser.add_argument("--no-engine", action="store_true", help="run the baseline only")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "SET", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, name, out = args.child
        (child_engine if kind == "engine" else child_baseline)(name, Path(out))
        return
    if args.diagnose:
        diagnose(args.diagnose, reuse=args.reuse, top=args.top)
        return
    names = chosen_sets(args.sets, args.sizes)
    if args.markdown:
        print(markdown(names))
        return
    print(HEADER, flush=True)
    for name in names:
        result = run_set(name, engine=not args.no_engine, baseline=not args.no_baseline)
        print(row(result), flush=True)
        for side in ("engine", "baseline"):
            run = result[side]["run"]
            if run["exit_code"] > 0:
                print(f"  {side} failed on {name}:\n    " + "\n    ".join(run["log_tail"]),
                      file=sys.stderr)


if __name__ == "__main__":
    main()
