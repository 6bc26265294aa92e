"""Fixtures for the AppTest tests: real sample files, a real Splink run, full error details."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1.util import patch_config_options

from matching.loading import LoadedTable, read_path
from matching.samples import sample_paths
from tests.app.support import LAZY_DOWNLOADS
from ui.session import AppState


@pytest.fixture(autouse=True)
def release_unused_databases() -> Iterator[None]:
    """After each test, free the databases of app sessions nobody holds any more, here and now,
    rather than whenever (and on whichever thread) the garbage collector next runs."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """The project's config.toml hides error details; show them so a failure is readable."""
    with patch_config_options({"client.showErrorDetails": "full"}):
        yield


@pytest.fixture
def lazy_downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Remember the callables of lazy download buttons, so a test can build their files."""
    real = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, data_callable: Any, *args: Any, **kwargs: Any) -> str:
        file_id = real(self, data_callable, *args, **kwargs)
        LAZY_DOWNLOADS[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    yield
    LAZY_DOWNLOADS.clear()


@pytest.fixture(scope="session")
def link_tables() -> list[LoadedTable]:
    return [read_path(p) for p in sample_paths(link=True)]


@pytest.fixture(scope="session")
def dedupe_tables() -> list[LoadedTable]:
    return [read_path(p) for p in sample_paths(link=False)]


def _state(tables: list[LoadedTable]) -> AppState:
    state = AppState()
    state.workbench.set_tables(tables)
    state.workbench.suggest()
    return state


@pytest.fixture(scope="session")
def trained_state(link_tables: list[LoadedTable]) -> Iterator[AppState]:
    """One real trained link model (council tax x housing benefit), shared read-mostly.

    Tests may move the threshold; it is put back after each test by ``trained``.
    """
    state = _state(link_tables)
    state.workbench.run()
    yield state
    state.workbench.close()


@pytest.fixture
def trained(trained_state: AppState) -> Iterator[AppState]:
    """The shared trained state, with its set-up (and so its threshold) restored afterwards."""
    wb = trained_state.workbench
    config = wb.config
    assert config is not None
    yield trained_state
    wb.update_config(config)  # only the threshold may differ, so the model is kept
    assert wb.result is not None, "a test changed the shared set-up: use a fresh state instead"
    trained_state.selected_pair = None
    trained_state.selected_cluster = None


@pytest.fixture
def loaded(link_tables: list[LoadedTable]) -> Iterator[AppState]:
    """A fresh state with the two sample files loaded and the suggested set-up (not trained)."""
    state = _state(link_tables)
    yield state
    state.workbench.close()


@pytest.fixture
def loaded_dedupe(dedupe_tables: list[LoadedTable]) -> Iterator[AppState]:
    """A fresh state with the residents sample loaded for deduplication (not trained)."""
    state = _state(dedupe_tables)
    yield state
    state.workbench.close()
