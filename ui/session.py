"""The one typed object each browser tab keeps in ``st.session_state``."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
import streamlit as st

from matching.cleaning import CleaningSummary
from matching.config import ColumnSpec
from matching.database import default_memory_limit
from matching.errors import WorkbenchError
from matching.households.view import HouseholdView
from matching.loading import LoadedTable
from matching.pipeline import LinkageResult
from matching.prepare import cleaning_summary
from matching.profiling import ColumnProfile, profile_table
from matching.projects import Project, ProjectConflict, ProjectStore
from matching.session import WorkbenchSession
from matching.teaching import TeachingRound
from ui import reaper
from ui.steps import PROJECTS_PAGE, STEPS, saved_step, step_by_id

STATE_KEY = "app"
APP_TITLE = "Matching Workbench"


@dataclass
class AppState:
    """The matching work (``workbench``) plus the little the screens need to remember."""

    workbench: WorkbenchSession = field(default_factory=WorkbenchSession)
    upload_ids: tuple[str, ...] = ()
    project_id: str | None = None
    uploader_generation: int = 0
    selected_pair: tuple[str, str, str, str] | None = None
    selected_cluster: int | None = None
    notice: str | None = None
    profiles: dict[str, list[ColumnProfile]] = field(default_factory=dict)
    cleaning: dict[tuple[str, int, ColumnSpec], CleaningSummary] = field(default_factory=dict)
    review_queue: pl.DataFrame | None = None
    review_queue_key: tuple[object, ...] | None = None
    review_position: int = 0
    labels_upload_id: str | None = None
    truth_columns: tuple[str | None, ...] = ()
    project: Project | None = None  # where this tab's work is saved, once there is work
    resume_step: str | None = None  # the step (id) to return to after opening a saved project
    save_problem: str | None = None  # why the last save failed, if it did
    known_upload_id: str | None = None  # the known-matches file last read (Blocking page)
    known_column: str = ""  # the person-ID column last used for known matches (Blocking page)
    hide_personal: bool = False
    saved_mark: tuple[object, ...] | None = None  # what the project held at its last save
    conflict: bool = False  # another tab or window saved the project after this tab read it
    confirm_clear: bool = False  # "Clear my data" was pressed: ask before deleting anything
    sidebar_notice: str | None = None  # said once in the sidebar (e.g. a project reopened)
    visited: set[str] = field(default_factory=set)  # the steps (ids) this tab has shown
    #: The table each file's ID choice was last shown for (Data page), by file position.
    id_choice_tables: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    teaching: TeachingRound | None = None  # a round of "You vs the model" (this tab only)
    households: HouseholdView | None = None  # the household view last built (this tab only)

    def profiles_of(self, table: LoadedTable) -> list[ColumnProfile]:
        """Column profiles of a loaded file, computed once per file."""
        key = f"{table.sha256}:{table.sheet}"
        if key not in self.profiles:
            self.profiles[key] = profile_table(table)
        return self.profiles[key]

    def cleaning_of(self, index: int, column: ColumnSpec) -> CleaningSummary:
        """How cleaning changes a column of file ``index``, computed once per file and column."""
        table = self.workbench.tables[index]
        key = (f"{table.sha256}:{table.sheet}", index, column)
        if key not in self.cleaning:
            self.cleaning[key] = cleaning_summary(table, column, index)
        return self.cleaning[key]

    def close(self) -> None:
        """Release what this tab holds in memory (the tab has gone); its saved project stays."""
        self.project = None
        forget_session(self)


def project_name(wb: WorkbenchSession) -> str:
    """A first name for a new project: its files' names."""
    return " + ".join(t.file_name for t in wb.tables) or "Untitled project"


def save_project(state: AppState) -> None:
    """Save this tab's work into its project, creating the project on the first change."""
    try:
        if state.project is None:
            if not state.workbench.tables:
                return
            state.project = ProjectStore().create(project_name(state.workbench))
        state.project.save(state.workbench)
        state.save_problem = None
        state.conflict = False
    except ProjectConflict:
        state.conflict = True
        state.save_problem = None
    except WorkbenchError as err:
        state.save_problem = f"{err.message} {err.hint or ''}".strip()


def _save_trained(state: AppState, result: LinkageResult) -> None:
    """Save a finished training run from its thread, so a refresh does not lose it."""
    project = state.project
    if project is not None:
        project.save_trained(result)


def keep_saved(state: AppState) -> None:
    """Save the project whenever the files, set-up or results change."""
    if state.workbench.on_change is None:
        state.workbench.on_change = lambda _what: save_project(state)
        state.workbench.on_trained = lambda result: _save_trained(state, result)
        if state.project is None and state.workbench.tables:
            save_project(state)


def open_project(project_id: str) -> AppState:
    """A new tab's state from a saved project (files, set-up, results), or with a notice why not."""
    state = AppState()
    try:
        project = ProjectStore().open(project_id)
        state.workbench = project.load()
        state.project = project
        project.step = state.resume_step = saved_step(project.step)  # an old title: its id
        ids = [s.id for s in STEPS]  # the steps before the one saved were done then
        if project.step in ids:
            state.visited |= set(ids[:ids.index(project.step)])
    except WorkbenchError as err:
        state.save_problem = f"{err.message} {err.hint or ''}".strip()
    return state


def bootstrap(page_id: str | None = None) -> AppState:
    """Set up the page and return this tab's state. Every page calls this first, with its id
    (``ui.steps``); the router (``app.py``) calls it without one.

    A new tab whose link names a saved project (``?project=...``) reopens that project.
    """
    title = APP_TITLE if page_id is None else step_by_id(page_id).title
    st.set_page_config(page_title=f"{title} · Matching Workbench", page_icon="🔗",
                       layout="wide")
    try:
        default_memory_limit()  # a setting the database cannot use stops every page
    except WorkbenchError as err:
        st.error(err.message, icon=":material/error:")
        st.caption(f"What to do: {err.hint}")
        st.stop()
    state = st.session_state.get(STATE_KEY)
    if not isinstance(state, AppState):
        project_id = st.query_params.get("project")
        if project_id:
            with st.spinner("Opening your saved project..."):
                state = open_project(project_id)
        else:
            state = AppState()
        st.session_state[STATE_KEY] = state
    keep_saved(state)
    if page_id is not None:
        state.visited.add(page_id)
    state.workbench.take_trained()  # a training run that finished since the last rerun
    if state.project is not None and state.project.changed_elsewhere():
        state.conflict = True
    if state.project is not None and page_id not in (None, PROJECTS_PAGE.id):
        state.project.step = page_id  # the step to reopen on (its id)
        mark = save_mark(state)
        if mark != state.saved_mark:  # a plain rerun changes nothing: no save
            save_project(state)
            state.saved_mark = mark
    project_link(state)
    reaper.watch(state)
    return state


def save_mark(state: AppState) -> tuple[object, ...]:
    """Cheap to compare: everything a project save writes (files, set-up, results, labels,
    decisions, step, notes), by identity or value. Labels and decisions change in place."""
    wb, project = state.workbench, state.project
    notes = (project.notes.purpose, project.notes.notes) if project else None
    return (id(project), project.step if project else None, project.name if project else None,
            notes,
            tuple(id(t) for t in wb.tables), wb.config, id(wb.result),
            tuple(wb.labels.labels), tuple(wb.decisions.items), id(wb.known_matches))


def project_link(state: AppState) -> None:
    """Put the open project's id in the address bar, so a refresh or a bookmark reopens it."""
    wanted = state.project.id if state.project is not None else None
    if st.query_params.get("project") != wanted:
        if wanted is None:
            st.query_params.pop("project", None)
        else:
            st.query_params["project"] = wanted


def forget_session(state: AppState) -> str:
    """Forget this tab's files, set-up and results in memory; returns what was removed, in words."""
    wb = state.workbench
    wb.on_change = None  # forgetting is not a change to save
    files = [t.file_name for t in wb.tables]
    files += [t.file_name for t in (wb.addresses.records, wb.addresses.reference) if t is not None]
    if state.households is not None:
        state.households.close()
    had_results = wb.result is not None or wb.addresses.result is not None
    labels, decisions = len(wb.labels), len(wb.decisions)
    had_config = wb.config is not None
    had_database = wb._workspace is not None
    wb.close()
    uploads = reaper.forget_uploads()
    state.upload_ids = ()
    state.uploader_generation += 1
    state.selected_pair = None
    state.selected_cluster = None
    state.profiles.clear()
    state.cleaning.clear()
    state.review_queue = None
    state.review_queue_key = None
    state.review_position = 0
    state.truth_columns = ()
    state.known_upload_id = None
    state.known_column = ""
    state.teaching = None
    state.households = None
    removed = [f"{len(files)} file(s) ({', '.join(files)})" if files else "no files"]
    if uploads:
        removed.append(f"the server's copy of {uploads} uploaded file(s)")
    if had_config:
        removed.append("the column set-up, blocking rules and comparisons")
    if had_results:
        removed.append("the trained model, scored pairs and clusters")
    if labels or decisions:
        removed.append(f"{labels} review label(s) and {decisions} cluster decision(s)")
    state.resume_step = None
    words = ", ".join(removed[:-1]) + " and " + removed[-1] if len(removed) > 1 else removed[0]
    closed = "; this session's private database was closed" if had_database else ""
    return f"Removed {words} from this session's memory{closed}."


def reopen_project(state: AppState) -> AppState:
    """Replace this tab's work with the project as last saved (by any tab); returns the new
    state, which the caller puts in ``st.session_state``."""
    assert state.project is not None
    project_id = state.project.id
    state.project = None  # forgetting is not deleting
    forget_session(state)
    fresh = open_project(project_id)
    fresh.sidebar_notice = "Opened the newest saved version of this project."
    return fresh


def keep_this_version(state: AppState) -> None:
    """Save this tab's work over what another tab saved."""
    if state.project is not None:
        state.project.overwrite_elsewhere()
        state.conflict = False
        save_project(state)
        state.saved_mark = save_mark(state)


def clear_everything(state: AppState) -> str:
    """Forget this tab's work and delete its saved project; returns what was removed, in words."""
    message = forget_session(state)
    if state.project is not None:
        project, state.project = state.project, None
        deleted = ProjectStore(project.folder.parent).delete(project.id)
        message += (f" Deleted the saved project '{project.name}' from this computer "
                    f"({len(deleted)} file(s) in {project.folder}).")
    return message
