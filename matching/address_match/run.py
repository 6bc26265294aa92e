"""Run an address job: parse both inputs, find candidates, score them with Splink, keep each
record's best candidates.

Two passes, as the MoJ's ``uk_address_matcher``: an **exact pass** (the same flat, number and
street words as exactly one UPRN in the record's postcode, or in the whole list when the
record's postcode is missing or at most one character out) and the **Splink pass** for
everything. A record's exact match is given whatever its score; otherwise
the best candidate's weight and its lead over the runner-up decide (``results.decisions``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import polars as pl
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import SplinkException
from splink.internals.splink_dataframe import SplinkDataFrame

from matching.address_match import features, model
from matching.address_match.config import AddressMatchConfig
from matching.address_match.inputs import (
    PoolSummary,
    record_frame,
    reference_frame,
    reference_places,
)
from matching.database import Workspace, is_out_of_memory, memory_guard, out_of_memory_error
from matching.errors import LinkageError, WorkbenchError
from matching.loading import LoadedTable

Progress = Callable[[float, str], None]
TOP_CANDIDATES = 5
_tables = iter(range(1, 1 << 62))


def _no_progress(fraction: float, message: str) -> None:
    """Progress callback that ignores progress."""


@dataclass
class AddressResult:
    """Scored candidates of every record, kept in the job's DuckDB database.

    ``best_table`` has one row per record: its best and second-best UPRN (``uprn``,
    ``match_weight``, ``gamma_*``; ``runner_up_*``), the ``gap`` between them and ``exact``
    (the exact pass found it). ``candidates_table`` has up to five UPRNs per record.
    """

    config: AddressMatchConfig
    workspace: Workspace
    linker: Linker | None
    predictions: SplinkDataFrame | None
    records_table: str
    reference_table: str
    best_table: str
    candidates_table: str
    pool: PoolSummary
    records: int
    repaired_words: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.workspace.con

    def drop(self) -> None:
        """Free the result's tables."""
        with self.workspace.lock:
            for name in (self.records_table, self.reference_table, self.best_table,
                         self.candidates_table):
                self.con.execute(f'DROP TABLE IF EXISTS "{name}"')
            if self.linker is not None:
                self.linker.table_management.delete_tables_created_by_splink_from_db()


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now


def _store(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    con.register("mw_incoming", frame.to_arrow())
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM mw_incoming')
    finally:
        con.unregister("mw_incoming")


def prepare(records: LoadedTable, reference: LoadedTable, config: AddressMatchConfig,
            con: duckdb.DuckDBPyConnection,
            progress: Progress = _no_progress) -> tuple[pl.DataFrame, pl.DataFrame, PoolSummary, int]:
    """Both sides as model tables (same columns), the pool summary and the repairs made."""
    progress(0.02, f"Reading the {reference.frame.height:,} addresses of the reference list")
    ref_all, pool = reference_frame(reference, config.reference, config.pool)
    progress(0.15, f"Reading the {records.frame.height:,} records' addresses")
    rec = record_frame(records, config.records, reference_places(reference, config.reference))
    ref = ref_all.filter(pl.col("in_pool"))
    progress(0.25, "Repairing spelling and weighing how rare each word is")
    counts = features.word_counts(ref)
    fixes = features.repairs(con, rec["words"], counts)
    rec = features.with_repaired_words(rec, fixes)
    ref = features.with_repaired_words(ref, {})
    rec = features.with_information(rec, counts, ref.height)
    ref = features.with_information(ref, counts, ref.height)
    rec = features.with_block_keys(con, rec)
    ref = features.with_block_keys(con, ref)
    rec, ref = features.without_common_keys(rec, ref)
    keep = ["unique_id", "address", "uprn", "class", "address_key", *model.MODEL_COLUMNS]
    rec = rec.with_columns(pl.lit(None, dtype=pl.String).alias("uprn"),
                           pl.lit(None, dtype=pl.String).alias("class")).select(keep)
    ref = ref.rename({"row_id": "unique_id"}).select(keep)
    return rec, ref, pool, len(fixes)


def match_addresses(records: LoadedTable, reference: LoadedTable, config: AddressMatchConfig, *,
                    workspace: Workspace | None = None,
                    progress: Progress = _no_progress) -> AddressResult:
    """Give each record its best candidate UPRNs from the reference list (see the module)."""
    workspace = workspace or Workspace()
    watch = _Stopwatch()
    n = next(_tables)
    names = {k: f"mw_addr_{k}_{n}" for k in ("records", "reference", "best", "candidates")}
    linker: Linker | None = None
    try:
        with memory_guard(workspace.memory_limit), workspace.lock:
            con = workspace.con
            rec, ref, pool, repaired = prepare(records, reference, config, con, progress)
            watch.lap("prepare")
            if ref.height == 0:
                raise WorkbenchError(
                    "No address of the reference list can be given to a record.",
                    hint="Check the reference list's UPRN and address columns, and which kinds "
                         "of address are left out.")
            _store(con, names["records"], rec)
            _store(con, names["reference"], ref)
            db_api = DuckDBAPI(connection=con)
            sdfs = [db_api.register(names["records"], dataset_display_name=model.RECORDS,
                                    table_name=f"t_addr_rec_{n}"),
                    db_api.register(names["reference"], dataset_display_name=model.REFERENCE,
                                    table_name=f"t_addr_ref_{n}")]
            prior = 1.0 / max(pool.uprns, 2)
            with _quiet_splink():
                linker = Linker(sdfs, model.address_settings(prior), log_level=logging.ERROR)
                progress(0.35, "Learning how often addresses agree by chance (random pairs)")
                model.train(linker)
                watch.lap("train")
                progress(0.6, "Scoring each record against its candidate addresses")
                predictions = model.predict(linker)
            watch.lap("predict")
            progress(0.85, "Choosing each record's best candidates")
            _best(con, predictions.physical_name, names)
            watch.lap("best")
    except WorkbenchError:
        _drop(workspace, names, linker)
        raise
    except (SplinkException, duckdb.Error, ValueError) as exc:
        _drop(workspace, names, linker)
        if is_out_of_memory(exc):
            raise out_of_memory_error(workspace.memory_limit) from exc
        logging.getLogger(__name__).info("address matching failed", exc_info=True)
        raise LinkageError(f"The address matching stopped: {exc}",
                           hint="Check the columns chosen for the two files, then try again.") \
            from exc
    progress(1.0, "Done")
    return AddressResult(config, workspace, linker, predictions, names["records"],
                         names["reference"], names["best"], names["candidates"], pool,
                         rec.height, repaired, timings=watch.timings)


def _best(con: duckdb.DuckDBPyConnection, predictions: str, names: dict[str, str]) -> None:
    """Each record's top candidates (one per UPRN) and its best/second-best summary row."""
    con.execute(f"""
        CREATE OR REPLACE TABLE "{names['candidates']}" AS
        WITH per_uprn AS (
            SELECT unique_id_l AS unique_id, uprn_r AS uprn,
                   arg_max(unique_id_r, match_weight) AS row_id,
                   arg_max(address_r, match_weight) AS address,
                   max(match_weight) AS match_weight,
                   arg_max(gamma_numbers, match_weight) AS gamma_numbers,
                   arg_max(gamma_street, match_weight) AS gamma_street,
                   arg_max(gamma_postcode, match_weight) AS gamma_postcode
            FROM {predictions}
            GROUP BY unique_id_l, uprn_r
        )
        SELECT *, row_number() OVER (PARTITION BY unique_id
                                     ORDER BY match_weight DESC, uprn) AS rank
        FROM per_uprn
        QUALIFY rank <= {TOP_CANDIDATES}
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE "{names['best']}" AS
        WITH keyed AS (
            SELECT r.unique_id, f.uprn, f.address, f.unique_id AS row_id,
                   r.postcode = f.postcode AS same_postcode,
                   r.outward IS NULL OR r.outward = f.outward
                       OR levenshtein(r.postcode, f.postcode) <= 1 AS near
            FROM "{names['records']}" r
            JOIN "{names['reference']}" f ON r.address_key = f.address_key
            WHERE r.address_key IS NOT NULL
        ),
        in_postcode AS (
            SELECT unique_id, any_value(uprn) AS uprn, any_value(address) AS address,
                   any_value(row_id) AS row_id
            FROM keyed WHERE same_postcode GROUP BY unique_id
            HAVING count(DISTINCT uprn) = 1
        ),
        anywhere AS (
            SELECT unique_id, any_value(uprn) AS uprn, any_value(address) AS address,
                   any_value(row_id) AS row_id
            FROM keyed GROUP BY unique_id
            HAVING count(DISTINCT uprn) = 1 AND bool_and(coalesce(near, FALSE))
        ),
        exact AS (
            SELECT * FROM in_postcode
            UNION ALL
            SELECT * FROM anywhere a WHERE NOT EXISTS (
                SELECT 1 FROM in_postcode p WHERE p.unique_id = a.unique_id)
        ),
        choice AS (
            SELECT r.unique_id, r.address AS record_address, coalesce(e.uprn, a.uprn) AS uprn,
                   e.uprn IS NOT NULL AS exact, e.address AS exact_address,
                   e.row_id AS exact_row
            FROM "{names['records']}" r
            LEFT JOIN exact e USING (unique_id)
            LEFT JOIN (SELECT * FROM "{names['candidates']}" WHERE rank = 1) a USING (unique_id)
        ),
        runner AS (
            SELECT ch.unique_id, arg_max(c.uprn, c.match_weight) AS runner_up_uprn,
                   arg_max(c.address, c.match_weight) AS runner_up_address,
                   max(c.match_weight) AS runner_up_weight, count(*) AS others
            FROM choice ch JOIN "{names['candidates']}" c
              ON c.unique_id = ch.unique_id AND c.uprn IS DISTINCT FROM ch.uprn
            GROUP BY ch.unique_id
        )
        SELECT ch.unique_id, ch.record_address, ch.uprn,
               coalesce(c.address, ch.exact_address) AS address,
               coalesce(c.row_id, ch.exact_row) AS row_id,
               c.match_weight, c.gamma_numbers, c.gamma_street, c.gamma_postcode,
               ru.runner_up_uprn, ru.runner_up_address, ru.runner_up_weight,
               c.match_weight - ru.runner_up_weight AS gap,
               (ch.uprn IS NOT NULL)::INTEGER + coalesce(ru.others, 0) AS candidates,
               ch.exact
        FROM choice ch
        LEFT JOIN "{names['candidates']}" c ON c.unique_id = ch.unique_id AND c.uprn = ch.uprn
        LEFT JOIN runner ru ON ru.unique_id = ch.unique_id
    """)


def _drop(workspace: Workspace, names: dict[str, str], linker: Linker | None) -> None:
    try:
        with workspace.lock:
            for name in names.values():
                workspace.con.execute(f'DROP TABLE IF EXISTS "{name}"')
            if linker is not None:
                linker.table_management.delete_tables_created_by_splink_from_db()
    except (SplinkException, duckdb.Error):
        logging.getLogger(__name__).info("could not drop a stopped run's tables", exc_info=True)


class _quiet_splink:
    """Splink's info messages are not for officers: silenced during the run."""

    def __enter__(self) -> None:
        self._logger = logging.getLogger("splink")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)

    def __exit__(self, *exc: object) -> None:
        self._logger.setLevel(self._level)
