"""The one typed object each browser tab keeps in ``st.session_state``."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from matching.cleaning import CleaningSummary
from matching.config import ColumnSpec
from matching.loading import LoadedTable
from matching.prepare import cleaning_summary
from matching.profiling import ColumnProfile, profile_table
from matching.session import WorkbenchSession
from ui import reaper

STATE_KEY = "app"


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
    hide_personal: bool = False

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
        """Release everything this tab holds (used when the tab has gone)."""
        clear_everything(self)


def bootstrap(title: str = "Matching Workbench") -> AppState:
    """Set up the page and return this tab's state. Every page calls this first."""
    st.set_page_config(page_title=f"{title} · Matching Workbench", page_icon="🔗",
                       layout="wide")
    state = st.session_state.get(STATE_KEY)
    if not isinstance(state, AppState):
        state = AppState()
        st.session_state[STATE_KEY] = state
    reaper.watch(state)
    return state


def clear_everything(state: AppState) -> str:
    """Forget this tab's files, set-up and results; returns what was removed, in words."""
    wb = state.workbench
    files = [t.file_name for t in wb.tables]
    had_results = wb.result is not None
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
    removed = [f"{len(files)} file(s) ({', '.join(files)})" if files else "no files"]
    if uploads:
        removed.append(f"the server's copy of {uploads} uploaded file(s)")
    if had_config:
        removed.append("the column set-up, blocking rules and comparisons")
    if had_results:
        removed.append("the trained model, scored pairs and clusters")
    words = ", ".join(removed[:-1]) + " and " + removed[-1] if len(removed) > 1 else removed[0]
    closed = "; this session's private database was closed" if had_database else ""
    return f"Removed {words} from this session's memory{closed}."
