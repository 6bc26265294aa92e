"""A session's data is released once the session has gone, and only then."""

from __future__ import annotations

import gc

import duckdb
import polars as pl
import pytest

from matching.database import Workspace
from matching.lifecycle import SessionTracker
from matching.session import WorkbenchSession


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _loaded_session() -> WorkbenchSession:
    session = WorkbenchSession()
    frame = pl.DataFrame({"unique_id": ["1"], "source_dataset": ["a"]})
    session.workspace.load_inputs([frame], ["a"], key="k")
    return session


def test_a_gone_session_is_closed_after_the_grace_period_and_a_live_one_is_kept() -> None:
    clock = Clock()
    tracker = SessionTracker(clock=clock)
    gone, live = _loaded_session(), _loaded_session()
    gone_db, live_db = gone.workspace, live.workspace
    tracker.track("gone", gone)
    tracker.track("live", live)
    alive = {"live"}.__contains__

    assert tracker.release_gone(alive, grace=60) == []  # gone, but may still reconnect
    clock.now += 59
    assert tracker.release_gone(alive, grace=60) == []
    clock.now += 1
    assert tracker.release_gone(alive, grace=60) == ["gone"]

    assert gone_db.closed and gone._workspace is None
    with pytest.raises(duckdb.ConnectionException):
        gone_db.con.sql("SELECT 1").fetchall()
    assert not live_db.closed and live_db.input_row_counts() == [1]
    assert tracker.tracked() == ["live"] and tracker.released == 1
    assert tracker.release_gone(alive, grace=60) == []  # closed once only


def test_a_session_that_comes_back_within_the_grace_period_is_kept() -> None:
    clock = Clock()
    tracker = SessionTracker(clock=clock)
    session = _loaded_session()
    tracker.track("s", session)
    tracker.release_gone(lambda _: False, grace=10)
    clock.now += 8
    tracker.release_gone(lambda _: True, grace=10)  # reconnected: the clock starts again
    clock.now += 8
    assert tracker.release_gone(lambda _: False, grace=10) == []
    assert not session.workspace.closed


def test_a_forgotten_workspace_closes_its_database_when_collected() -> None:
    workspace = Workspace()
    con = workspace.con
    del workspace
    gc.collect()
    with pytest.raises(duckdb.ConnectionException):
        con.sql("SELECT 1").fetchall()


def test_a_collected_holder_is_simply_forgotten() -> None:
    tracker = SessionTracker()
    session = WorkbenchSession()
    tracker.track("s", session)
    del session
    gc.collect()
    assert tracker.release_gone(lambda _: False) == []
    assert tracker.tracked() == []
