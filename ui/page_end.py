"""Ending a page early without losing the sidebar."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from ui.nav import sidebar
from ui.project_view import project_link, project_status
from ui.session import AppState


def end_page(state: AppState) -> NoReturn:
    """Draw the sidebar, then stop the page here.

    ``app.py`` draws the sidebar after the page, which a stopped page never reaches (its
    drawing calls stop too, so nothing is drawn twice); pages that hand over to another job's
    view call this instead of ``st.stop()`` so the officer keeps "Hide personal details" and
    "Clear my data".
    """
    sidebar(state)
    project_status(state)
    project_link(state)
    st.stop()
