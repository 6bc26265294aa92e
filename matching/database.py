"""One private DuckDB database per session, locked down: no extension downloads, bounded memory."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl
from splink import DuckDBAPI
from splink.internals.exceptions import SplinkException
from splink.internals.splink_dataframe import SplinkDataFrame

from matching.errors import ConfigError, LinkageError, UploadError, WorkbenchError

_generation = itertools.count(1)

#: Environment variables that override the defaults below (for a bigger or a shared machine).
MEMORY_LIMIT_ENV = "MATCHING_WORKBENCH_MEMORY_LIMIT"
MAX_ROWS_ENV = "MATCHING_WORKBENCH_MAX_ROWS"
DEFAULT_MAX_ROWS = 5_000_000


#: A memory size DuckDB understands: a positive number and a unit (8GB, 500 MB, 4GiB, 80%).
_MEMORY_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB|K|M|G|T|%)$",
                          re.IGNORECASE)


def default_memory_limit() -> str:
    """Half the machine's memory (so the rest of the computer stays usable), unless
    ``MATCHING_WORKBENCH_MEMORY_LIMIT`` says otherwise (e.g. ``8GB``).

    Raises:
        ConfigError: the setting is not a memory size.
    """
    if configured := os.environ.get(MEMORY_LIMIT_ENV, "").strip():
        size = _MEMORY_SIZE.match(configured)
        if size is None or float(size[1]) <= 0:
            raise ConfigError(
                f"The setting {MEMORY_LIMIT_ENV} is '{configured}', which is not an amount of "
                "memory, so the workbench cannot start its database.",
                hint=f"Whoever runs the workbench should set {MEMORY_LIMIT_ENV} to an amount "
                "such as 8GB or 500MB (or remove it to use half the machine's memory), then "
                "start it again.")
        return configured
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(1, total // 2 // 1024**3)}GB"


def max_rows() -> int:
    """The most records a session may load in total (``MATCHING_WORKBENCH_MAX_ROWS``)."""
    try:
        return max(1, int(os.environ.get(MAX_ROWS_ENV, DEFAULT_MAX_ROWS)))
    except ValueError:
        return DEFAULT_MAX_ROWS


def check_row_limit(row_counts: Sequence[int], file_names: Sequence[str]) -> None:
    """Refuse files with more records than this machine is set up to match."""
    limit = max_rows()
    total = sum(row_counts)
    if total <= limit:
        return
    sizes = ", ".join(f"{name}: {rows:,}" for name, rows in zip(file_names, row_counts, strict=True))
    raise UploadError(
        f"These files hold {total:,} records ({sizes}), more than the limit of {limit:,} "
        "records this workbench is set up for.",
        hint="Split the files (for example by borough or by year) and match the parts, or ask "
        f"whoever runs the workbench to raise the limit ({MAX_ROWS_ENV}) on a bigger machine.",
    )


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` (or an error it came from) is DuckDB running out of its memory limit."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, duckdb.OutOfMemoryException) or "Out of Memory Error" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def out_of_memory_error(memory_limit: str) -> LinkageError:
    """What to tell the officer when a job needs more memory than the database may use."""
    return LinkageError(
        f"This step needed more memory than the {memory_limit} the matching database may use "
        "on this computer, so it was stopped. Nothing you loaded has been lost.",
        hint="Make the blocking rules stricter (add a column to the rule that creates the most "
        "pairs) so fewer pairs are compared, or compare fewer columns. For very large files, "
        f"ask whoever runs the workbench about a bigger machine ({MEMORY_LIMIT_ENV}).",
    )


def _database_reason(exc: BaseException) -> str:
    """The database's own words for what went wrong: the first line of the innermost DuckDB
    error (Splink wraps it with the whole SQL, which means nothing to an officer)."""
    seen: BaseException | None = exc
    reason = str(exc)
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, duckdb.Error):
            reason = str(seen)
        seen = seen.__cause__ or seen.__context__
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300]


@contextmanager
def database_errors(action: str, memory_limit: str) -> Iterator[None]:
    """Turn a Splink or DuckDB failure inside into a LinkageError saying what could not be done
    (``action``, e.g. "count the pairs these rules make") and why, in the database's words."""
    try:
        yield
    except WorkbenchError:
        raise
    except (SplinkException, duckdb.Error) as exc:
        if is_out_of_memory(exc):
            raise out_of_memory_error(memory_limit) from exc
        raise LinkageError(
            f"The database could not {action}: {_database_reason(exc)}.",
            hint="Check the blocking rules: an SQL rule may compare values of different kinds "
            "(text with a number, say). Change or remove that rule, then try again.",
        ) from exc


@contextmanager
def memory_guard(memory_limit: str) -> Iterator[None]:
    """Turn the database running out of memory, anywhere inside, into ``out_of_memory_error``."""
    try:
        yield
    except LinkageError:
        raise
    except Exception as exc:
        if isinstance(exc, MemoryError) or is_out_of_memory(exc):
            raise out_of_memory_error(memory_limit) from exc
        raise


def connect(*, memory_limit: str | None = None, threads: int | None = None,
            temp_directory: str | None = None) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection that never downloads anything.

    Work that outgrows ``memory_limit`` spills to ``temp_directory``; with none, nothing is
    ever written to disk (DuckDB's default would be a ``.tmp`` folder wherever the app runs).
    """
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
        "enable_external_access": "false",
        "memory_limit": memory_limit or default_memory_limit(),
        "threads": str(threads or os.cpu_count() or 2),
        "temp_directory": temp_directory or "",
    }
    return duckdb.connect(":memory:", config=config)


class Workspace:
    """A session's database: its connection, the prepared input tables and a lock.

    DuckDB connections must not be used by two threads at once, so every engine call that
    touches the database holds ``lock``.
    """

    def __init__(self, *, memory_limit: str | None = None) -> None:
        self.memory_limit = memory_limit or default_memory_limit()
        # A private folder (only this user may read it) for work that outgrows memory.
        self.temp_dir = tempfile.mkdtemp(prefix="matching-workbench-")
        self.con = connect(memory_limit=self.memory_limit, temp_directory=self.temp_dir)
        self.lock = threading.RLock()
        # Released when this object is garbage-collected, if nobody closed it before.
        self._finalizer = weakref.finalize(self, _release, self.con, self.temp_dir)
        self._input_names: list[str] = []
        self._display_names: list[str] = []
        self._key: object = None
        #: Pair counts of blocking rules on the current tables (see blocking.count_pairs).
        self.pair_counts: dict[tuple[object, ...], Any] = {}

    def load_inputs(self, frames: Sequence[pl.DataFrame], display_names: Sequence[str],
                    *, key: object = None) -> None:
        """Store prepared tables, replacing earlier ones unless ``key`` is unchanged."""
        if key is not None and key == self._key and self._input_names:
            return
        check_row_limit([f.height for f in frames], display_names)
        with self.lock:
            for name in self._input_names:
                self.con.execute(f'DROP TABLE IF EXISTS "{name}"')
            generation = next(_generation)
            names = []
            for i, frame in enumerate(frames):
                name = f"mw_input_{generation}_{i}"
                self.con.register("mw_incoming", frame.to_arrow())
                self.con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM mw_incoming')
                self.con.unregister("mw_incoming")
                names.append(name)
            self._input_names = names
            self._display_names = list(display_names)
            self._key = key
            self.pair_counts.clear()

    @property
    def has_inputs(self) -> bool:
        return bool(self._input_names)

    @property
    def input_tables(self) -> list[str]:
        """The prepared tables' names in the database, one per dataset in order."""
        return list(self._input_names)

    def splink_inputs(self) -> tuple[DuckDBAPI, list[SplinkDataFrame]]:
        """A fresh Splink database API with the prepared tables registered on it."""
        db_api = DuckDBAPI(connection=self.con)
        sdfs = [
            db_api.register(name, dataset_display_name=display, table_name=f"t_{i}")
            for i, (name, display) in enumerate(
                zip(self._input_names, self._display_names, strict=True)
            )
        ]
        return db_api, sdfs

    def input_row_counts(self) -> list[int]:
        with self.lock:
            return [
                int(self.con.sql(f'SELECT count(*) FROM "{n}"').fetchall()[0][0])
                for n in self._input_names
            ]

    def close(self) -> None:
        """Release the database and everything in it (waits for work in progress to finish)."""
        with self.lock:
            self._input_names = []
            self._key = None
            self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive


def _release(con: duckdb.DuckDBPyConnection, temp_dir: str) -> None:
    con.close()
    shutil.rmtree(temp_dir, ignore_errors=True)
