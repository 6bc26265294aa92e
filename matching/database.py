"""One private DuckDB database per session, locked down: no extension downloads, bounded memory."""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from collections.abc import Sequence

import duckdb
import polars as pl
from splink import DuckDBAPI
from splink.internals.splink_dataframe import SplinkDataFrame

_generation = itertools.count(1)


def default_memory_limit() -> str:
    """Half the machine's memory, so the rest of the computer stays usable."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(1, total // 2 // 1024**3)}GB"


def connect(*, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection that never downloads anything."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
        "enable_external_access": "false",
        "memory_limit": memory_limit or default_memory_limit(),
        "threads": str(threads or os.cpu_count() or 2),
    }
    return duckdb.connect(":memory:", config=config)


class Workspace:
    """A session's database: its connection, the prepared input tables and a lock.

    DuckDB connections must not be used by two threads at once, so every engine call that
    touches the database holds ``lock``.
    """

    def __init__(self, *, memory_limit: str | None = None) -> None:
        self.con = connect(memory_limit=memory_limit)
        self.lock = threading.RLock()
        # Closed when this object is garbage-collected, if nobody closed it before.
        self._finalizer = weakref.finalize(self, self.con.close)
        self._input_names: list[str] = []
        self._display_names: list[str] = []
        self._key: object = None

    def load_inputs(self, frames: Sequence[pl.DataFrame], display_names: Sequence[str],
                    *, key: object = None) -> None:
        """Store prepared tables, replacing earlier ones unless ``key`` is unchanged."""
        if key is not None and key == self._key and self._input_names:
            return
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

    @property
    def has_inputs(self) -> bool:
        return bool(self._input_names)

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
