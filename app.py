"""Matching Workbench: find records about the same person, privately, on this computer."""

import streamlit as st

from ui.nav import pages, sidebar
from ui.session import bootstrap

state = bootstrap()
page = st.navigation(pages())
sidebar(state)
page.run()
