"""Keeping the open project in step with the app: the link, the step, the save status."""

from __future__ import annotations

import streamlit as st

from ui.session import STATE_KEY, AppState, keep_this_version, project_link, reopen_project
from ui.steps import STEPS

__all__ = ["follow_project", "project_link", "project_status"]


def follow_project(state: AppState, page_id: str) -> None:
    """Return a reopened project to the step the officer was on, unless the link named a step
    of its own (a bookmarked ``/train?project=...`` opens Train & match). ``page_id``: the page
    about to run."""
    if state.resume_step is not None:
        resume, state.resume_step = state.resume_step, None
        target = next((s for s in STEPS if s.id == resume), None)
        if target is not None and target.id != page_id and page_id == STEPS[0].id:
            st.switch_page(target.path)


def _open_newest(state: AppState) -> None:
    st.session_state[STATE_KEY] = reopen_project(state)


def project_status(state: AppState) -> None:
    """A line in the sidebar: where the work is saved, or why it could not be; and, when
    another tab or window saved the project meanwhile, the choice of which version to keep."""
    with st.sidebar:
        if state.sidebar_notice:
            st.success(state.sidebar_notice, icon=":material/check:")
            state.sidebar_notice = None
        if state.conflict and state.project is not None:
            st.warning(
                "**This project was changed in another tab or window** after this tab opened "
                "it. To keep both tabs from overwriting each other's work (review labels, the "
                "threshold...), this tab stops saving until you choose:",
                icon=":material/sync_problem:")
            st.button("Open the newest version", key="project.reopen", icon=":material/sync:",
                      on_click=_open_newest, args=(state,), use_container_width=True,
                      help="Load the project as the other tab saved it. Changes made here "
                           "since then are dropped.")
            st.button("Keep this tab's version", key="project.keep", icon=":material/save:",
                      on_click=keep_this_version, args=(state,), use_container_width=True,
                      help="Save this tab's work over the other tab's changes.")
        elif state.save_problem:
            st.warning(state.save_problem, icon=":material/warning:")
        elif state.project is not None:
            st.caption(f"Saved automatically as **{state.project.name}**. Bookmark this page's "
                       "address to come back to it, or find it under Projects.")
