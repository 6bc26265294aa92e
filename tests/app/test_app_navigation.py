"""The router, the sidebar and every page's guard: no page crashes, whatever the state."""

from __future__ import annotations

import pytest

from tests.app.support import (
    START_INFO,
    TRAIN_INFO,
    joined,
    no_exception,
    open_app,
    state_of,
    texts,
)
from ui.nav import STEPS
from ui.session import AppState, clear_everything

SETUP_PAGES = ["pages/columns.py", "pages/blocking.py", "pages/comparisons.py",
               "pages/train.py"]
RESULT_PAGES = ["pages/threshold.py", "pages/review.py", "pages/clusters.py",
                "pages/export.py"]


def test_first_run_shows_the_data_page_and_the_sidebar() -> None:
    at = open_app()
    no_exception(at)
    assert texts(at.title) == ["1. Data"]
    progress = at.sidebar.caption[0].value
    assert progress.startswith("Progress: ")
    assert "✓" not in progress, "nothing is done in a new session"
    assert at.sidebar.button(key="sidebar.clear")
    assert isinstance(state_of(at), AppState)


def test_sidebar_ticks_the_steps_done(trained: AppState) -> None:
    at = open_app(trained)
    no_exception(at)
    progress = at.sidebar.caption[0].value
    for title in ("Data", "Columns", "Blocking", "Comparisons", "Train & match"):
        assert f"✓ {title}" in progress


@pytest.mark.parametrize("page", SETUP_PAGES + RESULT_PAGES)
def test_pages_with_no_data_point_to_the_data_page(page: str) -> None:
    at = open_app(page=page)
    no_exception(at)
    assert START_INFO in joined(at.info)
    assert not at.title, "the page stops before its content"
    assert not at.get("plotly_chart")
    assert [link.proto.label for link in at.get("page_link")] == ["Go to Data"]


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_result_pages_before_training_point_to_train(loaded: AppState, page: str) -> None:
    at = open_app(loaded, page=page)
    no_exception(at)
    assert TRAIN_INFO in joined(at.info)
    assert START_INFO not in joined(at.info)
    assert [link.proto.label for link in at.get("page_link")] == ["Go to Train & match"]
    assert not at.get("plotly_chart")
    assert not at.get("download_button")


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1), ids=[s.title for s in STEPS])
def test_every_page_renders_with_a_trained_model(trained: AppState, number: int) -> None:
    step = STEPS[number - 1]
    at = open_app(trained, page=step.path)
    no_exception(at)
    assert texts(at.title) == [f"{number}. {step.title}"]
    assert START_INFO not in joined(at.info)
    assert TRAIN_INFO not in joined(at.info)


def test_cleared_session_shows_what_was_removed_once(loaded: AppState) -> None:
    # AppTest reruns only the page after the first run, so a click on the router's sidebar
    # button is lost; the browser test clicks it. Here: what the button does, then the page.
    files = [t.file_name for t in loaded.workbench.tables]
    loaded.notice = clear_everything(loaded)
    assert not loaded.workbench.tables
    assert loaded.workbench.config is None
    assert loaded.uploader_generation == 1
    at = open_app(loaded)
    no_exception(at)
    notice = joined(at.success)
    assert "Removed 2 file(s)" in notice
    assert all(name in notice for name in files)
    assert "Your data" not in texts(at.subheader)
    at.run()
    assert not at.success, "the notice is shown once"
    at.switch_page("pages/threshold.py").run()
    assert START_INFO in joined(at.info)


def test_sidebar_ticks_set_up_steps_only_once_visited(loaded: AppState) -> None:
    at = open_app(loaded)
    progress = at.sidebar.caption[0].value
    assert "✓ Data" in progress
    assert "✓ Columns" not in progress and "✓ Blocking" not in progress, "not visited yet"
    open_app(loaded, page="pages/columns.py")
    progress = open_app(loaded).sidebar.caption[0].value
    assert "✓ Columns" in progress and "✓ Comparisons" not in progress


def test_train_page_says_when_a_run_stopped_with_its_tab(trained: AppState) -> None:
    trained.workbench.interrupted_training = "2026-03-01T10:32:00+00:00"
    try:
        at = open_app(trained, page="pages/train.py")
        no_exception(at)
        text = joined(at.warning)
    finally:
        trained.workbench.interrupted_training = None
    assert "A training run started at 2026-03-01 10:32 (UTC) did not finish" in text
    assert "The model from before is still here." in text
