"""Command line: ``python -m matching address RECORDS REFERENCE --out DIR [--id-column NAME]``.

Writes ``DIR/addresses.csv``, one row per record: ``unique_id``, ``uprn`` (empty where nothing
is good enough), ``match_weight`` and ``reason``; and ``DIR/address_project.json``, the set-up.
``--format xlsx`` or ``parquet`` writes ``addresses.xlsx`` or ``addresses.parquet`` instead. The
two files are replaced together: a stopped run leaves the previous run's results whole.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from matching.address_match.config import AddressMatchConfig
from matching.address_match.results import decisions, output_table, summarise
from matching.address_match.run import match_addresses
from matching.address_match.suggest import suggest_address_config
from matching.database import Workspace
from matching.errors import ConfigError
from matching.export_formats import CSV, FORMATS, format_named
from matching.loading import LoadedTable, read_path
from matching.output_files import write_together
from matching.suggest import resolve_column

STEM = "addresses"
PROJECT = "address_project.json"


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def _check_out_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot write results to {out}: {exc.strerror or exc}.",
            hint="Give --out a folder you can write to (it is created if it does not exist).",
        ) from exc


def command_address(args: argparse.Namespace) -> None:
    """Give each record of RECORDS the UPRN of its address in REFERENCE."""
    records_path, reference_path = Path(args.records), Path(args.reference)
    fmt = format_named(args.format)
    records, reference = read_path(records_path), read_path(reference_path)
    _check_out_dir(Path(args.out))
    config = suggest_address_config(records, reference, id_column=args.id_column)
    config = _with_options(config, args, records, reference)
    config = replace(config, records=replace(config.records, path=str(records_path.resolve())),
                     reference=replace(config.reference, path=str(reference_path.resolve())))
    workspace = Workspace()
    try:
        result = match_addresses(records, reference, config, workspace=workspace,
                                 progress=_progress)
        decided = decisions(result)
        out = Path(args.out)
        table, text = output_table(decided), config.to_json()
        written = write_together(out, {  # the old results or the new ones, never a mix
            fmt.file_name(STEM): lambda path: fmt.write(table, path, guard=False),
            PROJECT: lambda path: path.write_text(text, encoding="utf-8"),
        })
        for other in FORMATS.values():  # an earlier run's results in another format
            if other is not fmt:
                (out / other.file_name(STEM)).unlink(missing_ok=True)
    finally:
        workspace.close()
    summary = summarise(decided)
    print(f"Records: {summary.records:,}")
    print(f"Given a UPRN: {summary.given:,} ({summary.share_given:.1%}; "
          f"{summary.exact:,} written exactly as in the list)")
    print(f"No UPRN: {summary.ambiguous:,} with two close candidates, {summary.weak:,} with "
          f"too little agreement, {summary.none:,} with no candidate")
    print(f"{result.pool.describe()}")
    print(f"Wrote {', '.join(str(path) for path in written.values())}")


def _with_options(config: AddressMatchConfig, args: argparse.Namespace, records: LoadedTable,
                  reference: LoadedTable) -> AddressMatchConfig:
    """The suggested set-up with the columns and thresholds given on the command line."""
    if args.address_columns:
        config = replace(config, records=replace(config.records, address_columns=tuple(
            resolve_column(records, c) for c in args.address_columns)))
    if args.postcode_column:
        config = replace(config, records=replace(
            config.records, postcode_column=resolve_column(records, args.postcode_column)))
    if args.uprn_column:
        config = replace(config, reference=replace(
            config.reference, uprn_column=resolve_column(reference, args.uprn_column)))
    return config.with_decision(min_weight=args.min_weight, min_gap=args.min_gap)


def add_address_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``address`` on the main parser's sub-commands."""
    parser = commands.add_parser(
        "address", help="give each record the UPRN of its address in a reference list",
        description="Match free-text addresses (RECORDS) to a reference list of addresses with "
                    "UPRNs (REFERENCE: an LLPG or AddressBase extract, or any file with a UPRN "
                    "and an address). Writes addresses.csv: unique_id, uprn (empty where "
                    "nothing is good enough), match_weight, reason.")
    parser.add_argument("records", help="a CSV, Excel (.xlsx) or Parquet file of records")
    parser.add_argument("reference", help="the reference list (gazetteer) with UPRNs")
    parser.add_argument("--out", required=True,
                        help="folder for addresses.csv (.xlsx or .parquet with --format)")
    parser.add_argument("--format", choices=list(FORMATS), default=CSV.key,
                        help="file format of the results: csv (default), xlsx or parquet")
    parser.add_argument("--id-column", help="the records' column holding each record's ID")
    parser.add_argument("--address-columns", nargs="+",
                        help="the records' address column(s), in order (default: suggested)")
    parser.add_argument("--postcode-column", help="the records' postcode column, if any")
    parser.add_argument("--uprn-column", help="the reference list's UPRN column")
    parser.add_argument("--min-weight", type=float,
                        help="the least match weight a UPRN is given at (default -2)")
    parser.add_argument("--min-gap", type=float,
                        help="how far the best UPRN must lead the next (default 3)")
    parser.set_defaults(handler=command_address)
