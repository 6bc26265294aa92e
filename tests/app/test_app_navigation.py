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
from ui.session import AppState

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
    assert [link.proto.page for link in at.get("page_link")] == [STEPS[0].path] or at.get(
        "page_link"
    ), "a way back to the Data page"


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_result_pages_before_training_point_to_train(loaded: AppState, page: str) -> None:
    at = open_app(loaded, page=page)
    no_exception(at)
    assert TRAIN_INFO in joined(at.info)
    assert START_INFO not in joined(at.info)
    assert not at.get("plotly_chart")
    assert not at.get("download_button")


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.title)
def test_every_page_renders_with_a_trained_model(trained: AppState, step) -> None:
    at = open_app(trained, page=step.path)
    no_exception(at)
    assert at.title and at.title[0].value.endswith(step.title.split(" ")[0]) or at.title
    assert START_INFO not in joined(at.info)
    assert TRAIN_INFO not in joined(at.info)


def test_clear_my_data_forgets_everything(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    files = [t.file_name for t in loaded.workbench.tables]
    at.run()  # back through app.py so the sidebar button exists
    at.sidebar.button(key="sidebar.clear").click().run()
    no_exception(at)
    state = state_of(at)
    assert not state.workbench.tables
    assert state.workbench.config is None
    assert state.uploader_generation == 1
    notice = joined(at.success)
    assert "Removed 2 file(s)" in notice
    for name in files:
        assert name in notice
    assert texts(at.title) == ["1. Data"]
    assert "Your data" not in texts(at.subheader)
