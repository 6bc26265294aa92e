"""Each session's DuckDB database is locked down: no files, no downloads."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from matching.database import Workspace, connect


def test_the_database_cannot_read_files_from_disk() -> None:
    con = connect()
    with pytest.raises(duckdb.PermissionException):
        con.sql("SELECT * FROM read_csv('/etc/passwd')").fetchall()


def test_extensions_are_never_downloaded_or_loaded_automatically() -> None:
    settings = dict(connect().sql(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ("
        "'autoinstall_known_extensions', 'autoload_known_extensions', "
        "'allow_community_extensions', 'enable_external_access')"
    ).fetchall())
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
        "enable_external_access": "false",
    }


def test_workspace_loads_frames_and_forgets_them_on_close() -> None:
    workspace = Workspace()
    frame = pl.DataFrame({"unique_id": ["1", "2"], "source_dataset": ["a", "a"]})
    workspace.load_inputs([frame], ["a"], key="k")
    assert workspace.input_row_counts() == [2]
    workspace.close()
    with pytest.raises(duckdb.ConnectionException):
        workspace.con.sql("SELECT 1").fetchall()
