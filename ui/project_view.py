"""Keeping the open project in step with the app: the link, the step, the save status."""

from __future__ import annotations

import streamlit as st

from ui.nav import STEPS
from ui.session import AppState, project_link

__all__ = ["follow_project", "project_link", "project_status"]


def follow_project(state: AppState, title: str) -> None:
    """Return a reopened project to the step the officer was on."""
    if state.resume_step is not None:
        resume, state.resume_step = state.resume_step, None
        target = next((s for s in STEPS if s.title == resume), None)
        if target is not None and target.title != title:
            st.switch_page(target.path)


def project_status(state: AppState) -> None:
    """A line in the sidebar: where the work is saved, or why it could not be."""
    with st.sidebar:
        if state.save_problem:
            st.warning(state.save_problem, icon=":material/warning:")
        elif state.project is not None:
            st.caption(f"Saved automatically as **{state.project.name}**. Bookmark this page's "
                       "address to come back to it, or find it under Projects.")
