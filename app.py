"""Matching Workbench: find records about the same person, privately, on this computer."""

import streamlit as st

from ui.nav import pages, sidebar
from ui.session import bootstrap

state = bootstrap()
page = st.navigation(pages())
try:
    page.run()
finally:  # drawn after the page, so the progress ticks include what the page just did
    sidebar(state)
