"""Small building blocks the pages share: errors with hints, step guards, next-step links."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from matching.config import MatchConfig
from matching.errors import WorkbenchError
from matching.pipeline import LinkageResult
from ui.nav import STEPS, step
from ui.privacy import md
from ui.session import AppState


def show_error(error: WorkbenchError) -> None:
    """A human error: what is wrong, and what to do about it."""
    st.error(md(error.message), icon=":material/error:")
    if error.hint:
        st.caption(f"What to do: {md(error.hint)}")


def intro(title: str, text: str) -> None:
    """The page heading and a plain-English explanation of the step."""
    st.title(title)
    st.markdown(text)


def next_step(path: str, label: str | None = None) -> None:
    """A link to the next step of the workflow."""
    target = step(path)
    st.page_link(target.path, label=label or f"Next: {target.title}", icon=":material/arrow_forward:")


class Trained(NamedTuple):
    """What the steps after training work on: the set-up and the trained result."""

    config: MatchConfig
    result: LinkageResult


def require_files(state: AppState) -> MatchConfig:
    """The set-up as it is now; or stop the page, with a way forward, when no files are
    loaded."""
    if state.workbench.addresses.active:
        st.info("You are matching addresses to a reference list: this step is for matching "
                "people. The address job is set up and run on the Addresses page.")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        st.stop()
    config = state.workbench.config
    if not state.workbench.tables or config is None:
        st.info("Start by loading your data (or the sample data) on the Data page.")
        st.page_link(STEPS[0].path, label="Go to Data", icon=":material/upload_file:")
        st.stop()
    return config


def require_result(state: AppState) -> Trained:
    """The set-up and the trained result; or stop the page, with a way forward, until the
    model has been run."""
    config = require_files(state)
    result = state.workbench.result
    if result is None:
        st.info("Train the model and score the pairs first.")
        st.page_link("pages/train.py", label="Go to Train & match", icon=":material/model_training:")
        st.stop()
    return Trained(config, result)


def friendly_number(n: float) -> str:
    return f"{n:,.0f}"
