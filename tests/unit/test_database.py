"""Each session's DuckDB database is locked down: no files, no downloads."""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import polars as pl
import pytest

from matching.database import (
    MAX_ROWS_ENV,
    MEMORY_LIMIT_ENV,
    Workspace,
    check_row_limit,
    connect,
    memory_guard,
)
from matching.errors import ConfigError, LinkageError, UploadError


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


def test_spilled_work_goes_to_a_private_folder_that_closing_removes() -> None:
    workspace = Workspace()
    folder = Path(workspace.temp_dir)
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    setting = workspace.con.sql("SELECT current_setting('temp_directory')").fetchall()[0][0]
    assert setting == str(folder)
    workspace.close()
    assert not folder.exists()


def test_a_bare_connection_never_spills_to_disk() -> None:
    assert connect().sql("SELECT current_setting('temp_directory')").fetchall()[0][0] == ""


def test_memory_limit_can_be_set_for_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "300MB")
    workspace = Workspace()
    assert workspace.memory_limit == "300MB"
    limit = workspace.con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert limit == "286.1 MiB"
    workspace.close()


@pytest.mark.parametrize("setting", ["banana", "8", "0GB", "-1GB", "lots of GB"])
def test_a_memory_limit_that_is_not_one_is_refused_plainly(monkeypatch: pytest.MonkeyPatch,
                                                          setting: str) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, setting)
    with pytest.raises(ConfigError) as caught:
        Workspace()
    assert caught.value.message == (
        f"The setting {MEMORY_LIMIT_ENV} is '{setting}', which is not an amount of memory, so "
        "the workbench cannot start its database.")
    assert "such as 8GB or 500MB" in (caught.value.hint or "")


@pytest.mark.parametrize("setting", ["8GB", "8 gb", "1.5GB", "4GiB", "80%", "500M"])
def test_memory_limits_duckdb_understands_are_accepted(monkeypatch: pytest.MonkeyPatch,
                                                      setting: str) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, setting)
    Workspace().close()


def test_running_out_of_memory_gives_a_plain_english_message() -> None:
    con = connect(memory_limit="20MB", threads=1)
    with pytest.raises(LinkageError) as caught, memory_guard("20MB"):
        con.sql("SELECT m, count(*) FROM (SELECT md5(i::VARCHAR) AS m FROM range(3000000) t(i)) "
                "GROUP BY m ORDER BY m LIMIT 1").fetchall()
    assert caught.value.message == (
        "This step needed more memory than the 20MB the matching database may use on this "
        "computer, so it was stopped. Nothing you loaded has been lost."
    )
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("Make the blocking rules stricter")
    assert isinstance(caught.value.__cause__, duckdb.OutOfMemoryException)


def test_other_database_errors_pass_through_the_memory_guard() -> None:
    with pytest.raises(duckdb.CatalogException), memory_guard("1GB"):
        connect().sql("SELECT * FROM no_such_table").fetchall()


def test_too_many_rows_are_refused_before_anything_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_ROWS_ENV, "3")
    workspace = Workspace()
    workspace.load_inputs([pl.DataFrame({"unique_id": ["1"]})], ["a"], key="a")
    big = pl.DataFrame({"unique_id": ["1", "2"]})
    with pytest.raises(UploadError) as caught:
        workspace.load_inputs([big, big], ["left.csv", "right.csv"], key="b")
    assert caught.value.message == (
        "These files hold 4 records (left.csv: 2, right.csv: 2), more than the limit of 3 "
        "records this workbench is set up for."
    )
    assert "MATCHING_WORKBENCH_MAX_ROWS" in (caught.value.hint or "")
    assert workspace.input_row_counts() == [1]  # what was loaded is kept
    check_row_limit([3], ["ok.csv"])
    workspace.close()


def test_a_whole_run_that_outgrows_its_memory_says_so_in_plain_english() -> None:
    from matching import read_path, run_linkage, suggest_config
    from matching.samples import sample_paths

    tables = [read_path(p) for p in sample_paths(link=False)]
    config = suggest_config(tables, Workspace())
    tiny = Workspace(memory_limit="2MB")
    with pytest.raises(LinkageError) as caught:
        run_linkage(tables, config, workspace=tiny)
    assert caught.value.message.startswith("This step needed more memory than the 2MB")
    tiny.close()
