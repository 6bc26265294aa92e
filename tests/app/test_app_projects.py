"""Projects: a refresh or a new tab reopens the saved project on the same step with the same
results; the Projects page opens, renames, duplicates and deletes; team mode hides the list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matching.export import pairs_table
from matching.projects import HOME_ENV, SHARED_ENV, ProjectStore
from tests.app.support import APP, SPLINK_TIMEOUT, joined, metrics, no_exception, open_app, state_of, train
from ui.session import AppState


def reopen(project_id: str) -> AppTest:
    """A new browser tab (a new session) opened on the project's link."""
    at = AppTest.from_file(APP, default_timeout=SPLINK_TIMEOUT)
    at.query_params["project"] = project_id
    at.run()
    return at


def test_a_new_session_reopens_the_project_on_the_same_step(loaded_dedupe: AppState) -> None:
    at = open_app(loaded_dedupe, page="pages/train.py")
    train(at, loaded_dedupe)
    no_exception(at)
    at.switch_page("pages/threshold.py").run()
    no_exception(at)
    wb = loaded_dedupe.workbench
    assert wb.result is not None
    wb.set_threshold(wb.result.recommended_threshold + 1.5)
    at.run()
    before = metrics(at)
    project = state_of(at).project
    assert project is not None
    assert at.query_params["project"] == project.id

    again = reopen(project.id)
    no_exception(again)
    assert [t.value for t in again.title] == ["6. Threshold"]
    restored = state_of(again).workbench
    assert restored.result is not None and restored.result is not wb.result
    assert restored.config == wb.config
    assert restored.result.threshold == pytest.approx(wb.result.threshold)
    assert metrics(again) == before
    assert pairs_table(restored.result, restored.threshold).equals(
        pairs_table(wb.result, wb.threshold))


def test_a_broken_link_says_so_and_starts_afresh() -> None:
    at = reopen("not-a-real-project-id-0000")
    no_exception(at)
    assert [t.value for t in at.title] == ["1. Data"]
    assert "There is no saved project at that link" in joined(at.sidebar.warning)


def test_projects_page_lists_renames_duplicates_opens_and_deletes(
        loaded: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SHARED_ENV, "0")
    monkeypatch.setenv(HOME_ENV, str(tmp_path))  # only this test's projects are listed
    at = open_app(loaded)
    no_exception(at)
    mine = state_of(at).project
    assert mine is not None, "loaded files start a project"
    assert f"Saved automatically as **{mine.name}**" in joined(at.sidebar.caption)
    at.switch_page("pages/columns.py").run()
    store = ProjectStore(tmp_path)
    other = store.create("Housing <script>alert(1)</script> list")

    at.switch_page("pages/projects.py").run()
    no_exception(at)
    listed = at.dataframe[0].value
    assert "Housing <script>alert(1)</script> list" in list(listed["Project"])
    assert mine.name not in list(listed["Project"]), "the open project is shown above, not listed"

    at.text_input(key=f"projects.name.{mine.id}").set_value("Benefit review 2026").run()
    at.button(key="projects.rename").click().run()
    no_exception(at)
    assert store.open(mine.id).name == "Benefit review 2026"
    assert "Renamed the project to 'Benefit review 2026'." in joined(at.success)

    at.button(key="projects.duplicate").click().run()
    copies = [p for p in store.projects() if p.name == "Copy of Benefit review 2026"]
    assert len(copies) == 1 and copies[0].files == mine.info().files

    at.selectbox(key="projects.chosen").set_value(other.id).run()
    assert at.button(key="projects.delete_other").disabled, "deleting needs the box ticked"
    at.checkbox(key="projects.confirm_other").check().run()
    at.button(key="projects.delete_other").click().run()
    no_exception(at)
    assert not other.folder.exists()
    assert "file(s) removed from this computer (" in joined(at.success)
    assert "project.json" in joined(at.success)

    at.selectbox(key="projects.chosen").set_value(copies[0].id).run()
    at.button(key="projects.open").click().run()
    no_exception(at)
    opened = state_of(at)
    assert opened.project is not None and opened.project.id == copies[0].id
    assert [t.file_name for t in opened.workbench.tables] == list(mine.info().files)
    assert [t.value for t in at.title] == ["2. Columns"]


def test_clear_my_data_deletes_the_saved_project(loaded: AppState) -> None:
    at = open_app(loaded)
    project = state_of(at).project
    assert project is not None and project.folder.is_dir()
    at.switch_page("pages/projects.py").run()
    at.checkbox(key="projects.confirm").check().run()
    at.button(key="projects.delete").click().run()
    no_exception(at)
    assert not project.folder.exists()
    notice = joined(at.success)
    assert f"Deleted the saved project '{project.name}' from this computer" in notice
    assert "Removed 2 file(s)" in notice
    assert state_of(at).project is None and not state_of(at).workbench.tables


def test_team_mode_hides_the_list(loaded: AppState, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SHARED_ENV, "1")
    ProjectStore().create("Someone else's project")
    at = open_app(loaded, page="pages/projects.py")
    no_exception(at)
    assert "the list of projects is hidden" in joined(at.info)
    assert not at.dataframe
    assert "Someone else's project" not in str(at)


def test_clear_my_data_in_the_sidebar_asks_first(loaded: AppState) -> None:
    at = open_app(loaded)
    project = state_of(at).project
    assert project is not None
    at.sidebar.button(key="sidebar.clear").click().run()
    no_exception(at)
    assert loaded.confirm_clear, "one click only asks"
    assert project.folder.is_dir() and loaded.workbench.tables

    # The question (the router draws the sidebar on a fresh run).
    asked = open_app(loaded)
    question = joined(asked.sidebar.warning)
    assert "delete the saved project" in question and "cannot be undone" in question
    asked.sidebar.button(key="sidebar.clear_cancel").click().run()
    assert not loaded.confirm_clear and project.folder.is_dir(), "cancel keeps everything"

    loaded.confirm_clear = True
    sure = open_app(loaded)
    sure.sidebar.button(key="sidebar.clear_confirm").click().run()
    no_exception(sure)
    assert not project.folder.exists()
    assert not loaded.workbench.tables


def test_a_second_tab_saving_the_same_project_is_noticed_not_overwritten(
        loaded: AppState) -> None:
    first = open_app(loaded, page="pages/columns.py")
    project = state_of(first).project
    assert project is not None
    second = reopen(project.id)
    other = state_of(second)
    other.workbench.labels.set(("council_tax", "a", "housing_benefit", "b"), "match")
    second.run()  # the second tab saves its label
    assert len(ProjectStore().open(project.id).load().labels) == 1

    first.switch_page("pages/threshold.py").run()  # the first tab reruns...
    again = open_app(loaded)  # ...and its sidebar says what happened
    no_exception(again)
    assert loaded.conflict
    assert "changed in another tab or window" in joined(again.sidebar.warning)
    loaded.workbench.update_config(loaded.workbench.config.with_changes(pair_budget=1000))  # type: ignore[union-attr]
    assert len(ProjectStore().open(project.id).load().labels) == 1, "not overwritten"

    again.sidebar.button(key="project.reopen").click().run()
    no_exception(again)
    newest = state_of(again)
    assert newest is not loaded and not newest.conflict
    assert len(newest.workbench.labels) == 1, "the other tab's label is here now"



def test_a_project_saved_with_a_page_title_reopens_on_its_step(
        loaded: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before pages had ids, a project saved the page's title as its step.
    monkeypatch.setenv(SHARED_ENV, "0")
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    project = state_of(at).project
    assert project is not None
    saved = json.loads(project.json_path.read_text(encoding="utf-8"))
    assert saved["step"] == "blocking", "new projects save the page's id"
    saved["step"] = "Comparisons"
    project.json_path.write_text(json.dumps(saved), encoding="utf-8")

    again = reopen(project.id)
    no_exception(again)
    assert [t.value for t in again.title] == ["4. Comparisons"]
    reopened = state_of(again)
    assert reopened.project is not None and reopened.project.step == "comparisons"
    assert {"data", "columns", "blocking"} <= reopened.visited, "the steps before it were done"
    assert "✓ Columns" in again.sidebar.caption[0].value
    again.switch_page("pages/review.py").run()
    assert json.loads(project.json_path.read_text(encoding="utf-8"))["step"] == "review"


def test_the_projects_page_shows_an_old_projects_step_by_its_title(
        loaded: AppState, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SHARED_ENV, "0")
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    store = ProjectStore(tmp_path)
    old, new = store.create("Old"), store.create("New")
    for project, step in ((old, "Train & match"), (new, "threshold")):
        saved = json.loads(project.json_path.read_text(encoding="utf-8"))
        project.json_path.write_text(json.dumps(dict(saved, step=step)), encoding="utf-8")
    at = open_app(loaded, page="pages/projects.py")
    no_exception(at)
    listed = at.dataframe[0].value
    steps = dict(zip(listed["Project"], listed["Step"], strict=True))
    assert (steps["Old"], steps["New"]) == ("Train & match", "Threshold")
