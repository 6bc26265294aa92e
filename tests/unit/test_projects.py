"""Saved projects: every field survives a save and a load; rename, duplicate and delete; the
save writes only what changed; links cannot reach outside the projects folder."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import polars as pl
import pytest

from matching import projects
from matching.errors import WorkbenchError
from matching.loading import read_path, read_table
from matching.projects import PROJECT_FILE, ProjectStore, projects_root, team_mode
from matching.samples import sample_paths
from matching.session import WorkbenchSession
from matching.suggest import suggest_config

AWKWARD_CSV = "Réf ID;Full Name;\"Date\nof birth\";Postcode\n007;O'Brien, Siobhán;01/02/1990;e1 6an\n".encode(
    "cp1252", "replace")


@pytest.fixture
def store(tmp_path: Path) -> ProjectStore:
    return ProjectStore(tmp_path / "projects")


def saved_session(store: ProjectStore) -> tuple[projects.Project, WorkbenchSession]:
    project = store.create("Council tax and benefit")
    session = WorkbenchSession(on_change=lambda _what: project.save(session))
    session.set_tables([read_path(p) for p in sample_paths(link=True)])
    session.suggest()
    return project, session


def test_every_field_of_the_files_and_setup_round_trips(store: ProjectStore) -> None:
    project = store.create("  Awkward <b>files</b>  ")
    session = WorkbenchSession()
    tables = [read_table(AWKWARD_CSV, "extract;2024.csv"), read_path(sample_paths(link=False)[0])]
    session.tables = tables[:1]
    session.config = suggest_config(tables[:1], session.workspace)
    project.step = "Blocking"
    project.notes.purpose = "Find duplicate <script>alert(1)</script> residents"
    project.notes.notes = "Line one\nline two"
    project.save(session)

    reopened = store.open(project.id)
    restored = reopened.load()
    assert reopened.name == "Awkward <b>files</b>"
    assert (reopened.created, reopened.step) == (project.created, "Blocking")
    assert asdict(reopened.notes) == asdict(project.notes)
    assert restored.config == session.config
    assert len(restored.tables) == 1
    for field, value in asdict(tables[0]).items():
        if field == "frame":
            assert restored.tables[0].frame.equals(tables[0].frame)
            assert restored.tables[0].frame.schema == tables[0].frame.schema
        else:
            assert getattr(restored.tables[0], field) == value, field
    assert restored.result is None
    session.close()
    restored.close()


def test_named_tables_round_trip_and_are_saved_only_when_changed(
        store: ProjectStore, monkeypatch: pytest.MonkeyPatch) -> None:
    kept: dict[int, pl.DataFrame] = {}
    monkeypatch.setitem(projects.SESSION_TABLES, "labels", (
        lambda s: kept.get(id(s)), lambda s, frame: kept.__setitem__(id(s), frame)))
    project, session = saved_session(store)
    labels = pl.DataFrame({"unique_id_l": ["1", "2"], "unique_id_r": ["9", "8"],
                           "clerical_match_score": [1.0, 0.0], "note": ["same person", None]})
    kept[id(session)] = labels
    project.save(session)
    stored = json.loads(project.json_path.read_text())["named_tables"]["labels"]
    generation = json.loads(project.json_path.read_text())["generation"]
    project.save(session)  # nothing changed: nothing written
    assert json.loads(project.json_path.read_text())["generation"] == generation

    restored = store.open(project.id).load()
    assert kept[id(restored)].equals(labels)
    kept[id(session)] = labels.head(1)
    project.save(session)
    assert json.loads(project.json_path.read_text())["named_tables"]["labels"] != stored
    assert kept[id(store.open(project.id).load())].equals(labels.head(1))


def test_changing_only_the_setup_does_not_rewrite_the_files(store: ProjectStore) -> None:
    project, session = saved_session(store)
    database = project.folder / json.loads(project.json_path.read_text())["database"]
    written = database.stat().st_mtime_ns
    assert session.config is not None
    session.update_config(session.config.with_changes(pair_budget=1234))
    doc = json.loads(project.json_path.read_text())
    assert doc["config"]["pair_budget"] == 1234
    assert database.stat().st_mtime_ns == written
    assert [p.name for p in project.folder.iterdir() if p.suffix == ".duckdb"] == [database.name]


def test_new_files_replace_the_database_and_remove_the_old_one(store: ProjectStore) -> None:
    project, session = saved_session(store)
    first = json.loads(project.json_path.read_text())["database"]
    session.set_tables([read_path(sample_paths(link=False)[0])])
    second = json.loads(project.json_path.read_text())["database"]
    assert second != first
    assert sorted(p.name for p in project.folder.iterdir()) == sorted([second, PROJECT_FILE])
    assert [t.file_name for t in store.open(project.id).load().tables] == ["residents.csv"]


def test_list_rename_duplicate_and_delete(store: ProjectStore) -> None:
    project, session = saved_session(store)
    other = store.create("Second")
    assert {p.id for p in store.projects()} == {project.id, other.id}
    assert store.rename(other.id, "Second, renamed").name == "Second, renamed"
    project.rename("Renamed")  # the open project renames itself: no conflict with its tab
    assert store.open(project.id).name == "Renamed"

    copy = store.duplicate(project.id)
    assert copy.id != project.id and copy.name == "Copy of Renamed"
    assert copy.files == ("council_tax.csv", "housing_benefit.csv")
    copied = store.open(copy.id).load()
    assert copied.config == session.config
    session.set_tables([read_path(sample_paths(link=False)[0])])  # the copy is independent
    assert [t.file_name for t in store.open(copy.id).load().tables] == list(copy.files)

    removed = store.delete(project.id)
    assert "project.json" in {Path(r).name for r in removed}
    assert any(r.endswith(".duckdb") for r in removed)
    assert not project.folder.exists()
    with pytest.raises(WorkbenchError, match="There is no saved project at that link"):
        store.open(project.id)
    assert {p.id for p in store.projects()} == {other.id, copy.id}


@pytest.mark.parametrize("bad", ["../../etc", "", "short", "a/b" * 10, "x" * 100])
def test_links_cannot_reach_outside_the_projects_folder(store: ProjectStore, bad: str) -> None:
    with pytest.raises(WorkbenchError, match="That project link is not valid"):
        store.open(bad)


def test_the_folder_and_team_mode_come_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(projects.HOME_ENV, str(tmp_path / "elsewhere"))
    assert projects_root() == tmp_path / "elsewhere"
    assert ProjectStore().root == tmp_path / "elsewhere"
    monkeypatch.delenv(projects.HOME_ENV)
    assert projects_root() == Path.home() / ".matching-workbench" / "projects"
    monkeypatch.delenv(projects.SHARED_ENV, raising=False)
    assert not team_mode()
    monkeypatch.setenv(projects.SHARED_ENV, "1")
    assert team_mode()


def test_an_unwritable_folder_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(WorkbenchError, match="cannot create a project folder"):
        ProjectStore(blocker / "projects").create("x")


def test_two_tabs_on_one_project_cannot_overwrite_each_other(store: ProjectStore) -> None:
    project, session = saved_session(store)
    other_tab = store.open(project.id)
    other = other_tab.load()
    other.labels.set(("council_tax", "1", "housing_benefit", "2"), "match")
    other_tab.save(other)  # the other tab saves first: the revision moves on
    assert store.open(project.id).revision == project.revision + 1

    assert project.changed_elsewhere()
    with pytest.raises(projects.ProjectConflict, match="changed in another tab or window"):
        project.save(session)
    assert len(store.open(project.id).load().labels) == 1, "the other tab's label is kept"

    project.overwrite_elsewhere()  # "keep this tab's version"
    project.save(session)
    assert len(store.open(project.id).load().labels) == 0
    assert not project.changed_elsewhere()


def test_every_save_moves_the_revision_on(store: ProjectStore) -> None:
    project, session = saved_session(store)
    before = project.revision
    session.update_config(session.config.with_changes(pair_budget=1_000))  # type: ignore[union-attr]
    assert project.revision == before + 1
    assert json.loads(project.json_path.read_text())["revision"] == project.revision
    assert not project.changed_elsewhere(), "its own saves are not someone else's"
