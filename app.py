"""Matching Workbench: find records about the same person, privately, on this computer."""

import streamlit as st

from ui.nav import after_clearing, pages, running_step, sidebar
from ui.project_view import follow_project, project_link, project_status
from ui.session import bootstrap

state = bootstrap()
page = st.navigation(pages(), expanded=True)  # every step in view, not "View 3 more"
follow_project(state, running_step(page).id)
after_clearing()
try:
    page.run()
finally:  # drawn after the page, so the progress ticks include what the page just did
    sidebar(state)
    project_status(state)
    project_link(state)
