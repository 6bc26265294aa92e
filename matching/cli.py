"""Command line: ``python -m matching auto LEFT [RIGHT] --out DIR``, ``run PROJECT.json`` and
``address RECORDS REFERENCE --out DIR`` (see ``matching.address_match.command``)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from matching.address_match.command import add_address_command
from matching.config import MatchConfig
from matching.database import Workspace
from matching.diagnosis import copies_error, no_blocking_rules_error
from matching.errors import ConfigError, UploadError, WorkbenchError
from matching.export import write_outputs, write_results
from matching.export_formats import CSV, FORMATS, ExportFormat, format_named
from matching.labels import LabelBook
from matching.loading import LoadedTable, check_different_files, read_path
from matching.output_files import OutputError
from matching.pipeline import run_linkage
from matching.project_checks import MAX_PROJECT_BYTES
from matching.reviewed import decided_labels, reviewed_clusters, reviewed_pair_count
from matching.suggest import resolve_column, suggest_config

#: Messages written for the app name its pages; on the command line they name the app's steps.
_APP_PAGE = re.compile(
    r"\b(?:on|in|from|see) the (Data|Columns|Blocking|Comparisons|Train & match|Threshold|"
    r"Review|Clusters|Export) page\b")


def for_command_line(text: str) -> str:
    """``text`` with references to the app's pages made sense of on the command line."""
    return _APP_PAGE.sub(r"in the workbench app (its \1 step), then export the project file "
                         "and rerun it with 'python -m matching run'", text)


def _notes(tables: Sequence[LoadedTable]) -> None:
    """What the loader noticed about each file (sheet read, encoding guessed...)."""
    for table in tables:
        for note in table.notes:
            print(f"Note: {table.file_name}: {note}", file=sys.stderr)


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


def _report(written: dict[str, Path], pairs: int, clusters: int, threshold: float) -> None:
    print(f"Pairs at or above the threshold: {pairs:,}")
    print(f"Clusters of two or more records: {clusters:,}")
    print(f"Threshold (match weight): {threshold:.2f}")
    print(f"Wrote {written['pairs']}, {written['clusters']}, {written['project']}")


def _run(tables: list[LoadedTable], config: MatchConfig, workspace: Workspace,
         out: Path, labels: LabelBook | None = None, fmt: ExportFormat = CSV) -> None:
    result = run_linkage(tables, config, workspace=workspace, progress=_progress)
    if labels is not None:
        decided = decided_labels(result, labels)
        print(f"Review labels applied: {decided.matches:,} match, {decided.non_matches:,} "
              "not a match.", file=sys.stderr)
        if decided.ignored:
            print(f"Note: {decided.ignored:,} label(s) name records that are not in the input "
                  "files; they were ignored.", file=sys.stderr)
    clusters = reviewed_clusters(result, result.threshold, labels)
    written = write_outputs(result, clusters, out, labels=labels, fmt=fmt)
    pairs = reviewed_pair_count(result, clusters.threshold, labels)
    _report(written, pairs, clusters.multi_clusters, clusters.threshold)


def _read_labels(path: str) -> LabelBook:
    """Review labels from a CSV file (the one the Review page downloads)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UploadError(f"Cannot read the labels file {path}: {exc.strerror or exc}.",
                          hint="Check the path given to --labels.") from exc
    return LabelBook.from_csv_bytes(data)


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
    _notes(tables)
    check_different_files(tables)
    if (copies := copies_error(tables)) is not None:
        raise copies
    _check_out_dir(Path(args.out))
    workspace = Workspace()
    try:
        config = suggest_config(tables, workspace, id_columns=_id_columns(tables, args.id_column))
        if not config.blocking:
            raise no_blocking_rules_error(workspace, config, [t.file_name for t in tables])
        config = replace(config, datasets=tuple(
            replace(d, path=str(p.resolve())) for d, p in zip(config.datasets, paths, strict=True)
        ))
        _run(tables, config, workspace, Path(args.out), fmt=format_named(args.format))
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


def _read_project(project: Path) -> MatchConfig:
    """The project in ``project``, every field checked (``matching.project_checks``)."""
    try:
        with project.open("rb") as handle:
            data = handle.read(MAX_PROJECT_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"Cannot read the project file {project}: {exc.strerror or exc}.",
                          hint="Check the path of the project file.") from exc
    return MatchConfig.from_json(data)


def command_run(args: argparse.Namespace) -> None:
    project = Path(args.project)
    config = _read_project(project)
    labels = _read_labels(args.labels) if args.labels else None
    if args.data:
        if len(args.data) != len(config.datasets):
            raise ConfigError(f"The project needs {len(config.datasets)} file(s) for --data.")
        paths = [Path(p) for p in args.data]
    else:
        paths = [_dataset_path(project, d.path, d.file_name) for d in config.datasets]
    tables = [read_path(p, sheet=d.sheet) for p, d in zip(paths, config.datasets, strict=True)]
    _notes(tables)
    check_different_files(tables)
    for table, spec in zip(tables, config.datasets, strict=True):
        if spec.sha256 and table.sha256 != spec.sha256:
            print(f"Note: {table.file_name} has changed since the project was saved.",
                  file=sys.stderr)
    _check_out_dir(Path(args.out))
    fmt = format_named(args.format)
    if args.backend == "spark":
        if labels is not None:
            raise ConfigError("--labels works with the DuckDB backend only.",
                              hint="Leave out --backend spark to apply review labels.")
        _run_spark(tables, config, Path(args.out), fmt)
        return
    workspace = Workspace()
    try:
        _run(tables, config, workspace, Path(args.out), labels, fmt)
    finally:
        workspace.close()


def _run_spark(tables: list[LoadedTable], config: MatchConfig, out: Path,
               fmt: ExportFormat = CSV) -> None:
    """Train on DuckDB, score and cluster on Spark; the same files as a DuckDB run."""
    from matching.spark import run_on_spark

    result = run_on_spark(tables, config, progress=_progress)
    written = write_results(out, result.pairs, result.clusters,
                            replace(config, threshold_match_weight=result.threshold), fmt)
    _report(written, result.pairs.height, result.multi_clusters, result.threshold)


def _add_format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format", choices=list(FORMATS), default=CSV.key,
        help="file format of the pairs and clusters: csv (default; values exact, no "
             "spreadsheet formula guard), xlsx (Excel: text stored as text, exact and never run "
             "as a formula) or parquet")


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
    auto.add_argument("--out", required=True, help="folder for pairs.csv, clusters.csv and project.json "
                                                      "(.xlsx or .parquet with --format)")
    auto.add_argument("--id-column", help="the column holding each record's unique ID")
    _add_format(auto)
    auto.set_defaults(handler=command_auto)
    run = commands.add_parser("run", help="rerun a saved project.json")
    run.add_argument("project", help="a project.json exported by the app or by 'auto'")
    run.add_argument("--out", required=True, help="folder for the results")
    run.add_argument("--data", nargs="+", help="input file(s), if they have moved")
    run.add_argument("--labels", metavar="LABELS.csv",
                     help="review labels to apply (the CSV the Review page downloads): pairs "
                          "labelled 'not a match' are left out of the results, pairs labelled "
                          "'match' are kept whatever their score")
    run.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb",
                     help="where pairs are scored: duckdb (this machine, default) or spark "
                          "(Apache Spark in local mode; needs pyspark and Java 17)")
    _add_format(run)
    run.set_defaults(handler=command_run)
    add_address_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except WorkbenchError as exc:
        print(f"Error: {for_command_line(exc.message)}", file=sys.stderr)
        if exc.hint:
            print(f"What to do: {for_command_line(exc.hint)}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. the disk filled up while reading or writing
        error = OutputError(f"The run stopped: {exc.strerror or exc}.",
                            hint="Check there is free disk space, then run again.")
        print(f"Error: {error.message}", file=sys.stderr)
        print(f"What to do: {error.hint}", file=sys.stderr)
        return 2
    return 0
