"""Command line: ``python -m matching auto LEFT [RIGHT] --out DIR``, ``run PROJECT.json`` and
``address RECORDS REFERENCE --out DIR`` (see ``matching.address_match.command``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from matching.address_match.command import add_address_command
from matching.clusters import cluster_at
from matching.config import MatchConfig
from matching.database import Workspace
from matching.errors import ConfigError, WorkbenchError
from matching.export import write_outputs
from matching.loading import LoadedTable, read_path
from matching.pipeline import run_linkage
from matching.suggest import resolve_column, suggest_config


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def _id_columns(tables: Sequence[LoadedTable], id_column: str | None) -> list[str | None]:
    """The ID column for each file: ``id_column`` where the file has it, else suggested."""
    if id_column is None:
        return [None] * len(tables)
    found: list[str | None] = []
    for table in tables:
        try:
            found.append(resolve_column(table, id_column))
        except WorkbenchError:
            print(f"Note: {table.file_name} has no column '{id_column}'; "
                  "its record IDs are chosen automatically.", file=sys.stderr)
            found.append(None)
    if not any(found):
        raise ConfigError(
            f"No input file has a column called '{id_column}'.",
            hint="Check the spelling of --id-column (it must match the header in the file).",
        )
    return found


def _report(result_dir: Path, pairs: int, clusters: int, threshold: float) -> None:
    print(f"Pairs at or above the threshold: {pairs:,}")
    print(f"Clusters of two or more records: {clusters:,}")
    print(f"Threshold (match weight): {threshold:.2f}")
    print(f"Wrote {result_dir / 'pairs.csv'}, {result_dir / 'clusters.csv'}, "
          f"{result_dir / 'project.json'}")


def _run(tables: list[LoadedTable], config: MatchConfig, workspace: Workspace,
         out: Path) -> None:
    result = run_linkage(tables, config, workspace=workspace, progress=_progress)
    clusters = cluster_at(result, result.threshold)
    write_outputs(result, clusters, out)
    with workspace.lock:
        pairs = int(workspace.con.sql(
            f"SELECT count(*) FROM {result.predictions_table} WHERE match_weight >= $t",
            params={"t": clusters.threshold},
        ).fetchall()[0][0])
    _report(out, pairs, clusters.multi_clusters, clusters.threshold)


def _check_out_dir(out: Path) -> None:
    """Make sure results can be written before spending time on a run."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot write results to {out}: {exc.strerror or exc}.",
            hint="Give --out a folder you can write to (it is created if it does not exist).",
        ) from exc


def command_auto(args: argparse.Namespace) -> None:
    paths = [Path(p) for p in [args.left, args.right] if p]
    tables = [read_path(p) for p in paths]
    _check_out_dir(Path(args.out))
    workspace = Workspace()
    try:
        config = suggest_config(tables, workspace, id_columns=_id_columns(tables, args.id_column))
        config = replace(config, datasets=tuple(
            replace(d, path=str(p.resolve())) for d, p in zip(config.datasets, paths, strict=True)
        ))
        _run(tables, config, workspace, Path(args.out))
    finally:
        workspace.close()


def _dataset_path(project: Path, path: str | None, file_name: str) -> Path:
    for candidate in (path, project.parent / file_name, file_name):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ConfigError(
        f"Cannot find the input file {file_name}.",
        hint="Put it next to the project file, or name it with --data.",
    )


def command_run(args: argparse.Namespace) -> None:
    project = Path(args.project)
    try:
        text = project.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the project file {project}: {exc.strerror}.") from exc
    config = MatchConfig.from_json(text)
    if args.data:
        if len(args.data) != len(config.datasets):
            raise ConfigError(f"The project needs {len(config.datasets)} file(s) for --data.")
        paths = [Path(p) for p in args.data]
    else:
        paths = [_dataset_path(project, d.path, d.file_name) for d in config.datasets]
    tables = [read_path(p, sheet=d.sheet) for p, d in zip(paths, config.datasets, strict=True)]
    for table, spec in zip(tables, config.datasets, strict=True):
        if spec.sha256 and table.sha256 != spec.sha256:
            print(f"Note: {table.file_name} has changed since the project was saved.",
                  file=sys.stderr)
    _check_out_dir(Path(args.out))
    if args.backend == "spark":
        _run_spark(tables, config, Path(args.out))
        return
    workspace = Workspace()
    try:
        _run(tables, config, workspace, Path(args.out))
    finally:
        workspace.close()


def _run_spark(tables: list[LoadedTable], config: MatchConfig, out: Path) -> None:
    """Train on DuckDB, score and cluster on Spark; the same files as a DuckDB run."""
    from matching.spark import run_on_spark

    result = run_on_spark(tables, config, progress=_progress)
    out.mkdir(parents=True, exist_ok=True)
    result.pairs.write_csv(out / "pairs.csv")
    result.clusters.write_csv(out / "clusters.csv")
    project = replace(config, threshold_match_weight=result.threshold)
    (out / "project.json").write_text(project.to_json(), encoding="utf-8")
    _report(out, result.pairs.height, result.multi_clusters, result.threshold)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching",
        description="Matching Workbench without the app: find records about the same person.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    auto = commands.add_parser(
        "auto", help="set up automatically from the data, run, and write the results",
        description="One file: find duplicates within it. Two files: link them.",
    )
    auto.add_argument("left", help="a CSV, Excel (.xlsx) or Parquet file")
    auto.add_argument("right", nargs="?", help="a second file to link with the first")
    auto.add_argument("--out", required=True, help="folder for pairs.csv, clusters.csv, project.json")
    auto.add_argument("--id-column", help="the column holding each record's unique ID")
    auto.set_defaults(handler=command_auto)
    run = commands.add_parser("run", help="rerun a saved project.json")
    run.add_argument("project", help="a project.json exported by the app or by 'auto'")
    run.add_argument("--out", required=True, help="folder for the results")
    run.add_argument("--data", nargs="+", help="input file(s), if they have moved")
    run.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb",
                     help="where pairs are scored: duckdb (this machine, default) or spark "
                          "(Apache Spark in local mode; needs pyspark and Java 17)")
    run.set_defaults(handler=command_run)
    add_address_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except WorkbenchError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"What to do: {exc.hint}", file=sys.stderr)
        return 2
    return 0
