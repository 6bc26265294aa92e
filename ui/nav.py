"""The workflow's pages, in order, and the sidebar that shows where the officer is."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from matching.jobs import elapsed_text
from ui.session import AppState, clear_everything


@dataclass(frozen=True)
class Step:
    path: str
    title: str
    icon: str


STEPS: tuple[Step, ...] = (
    Step("pages/data.py", "Data", ":material/upload_file:"),
    Step("pages/columns.py", "Columns", ":material/view_column:"),
    Step("pages/blocking.py", "Blocking", ":material/filter_alt:"),
    Step("pages/comparisons.py", "Comparisons", ":material/compare_arrows:"),
    Step("pages/train.py", "Train & match", ":material/model_training:"),
    Step("pages/threshold.py", "Threshold", ":material/tune:"),
    Step("pages/review.py", "Review", ":material/fact_check:"),
    Step("pages/clusters.py", "Clusters", ":material/hub:"),
    Step("pages/export.py", "Export", ":material/download:"),
)


def step(path: str) -> Step:
    return next(s for s in (*STEPS, *EXTRA_STEPS) if s.path == path)


#: Pages outside the numbered workflow.
PROJECTS_PAGE = Step("pages/projects.py", "Projects", ":material/folder_open:")
#: Addresses to UPRNs, households and teaching (issue 16): after the person workflow.
EXTRA_STEPS: tuple[Step, ...] = (
    Step("pages/addresses.py", "Addresses", ":material/home_pin:"),
    Step("pages/households.py", "Households", ":material/family_restroom:"),
    Step("pages/teaching.py", "You vs the model", ":material/school:"),
)


def pages() -> list[st.Page]:
    return [
        st.Page(s.path, title=s.title, icon=s.icon, default=(i == 0))
        for i, s in enumerate(STEPS)
    ] + [st.Page(s.path, title=s.title, icon=s.icon) for s in (*EXTRA_STEPS, PROJECTS_PAGE)]


def done_steps(state: AppState) -> set[str]:
    wb = state.workbench
    done: set[str] = set()
    if wb.tables:
        done.add("Data")
    if wb.config is not None:
        done |= {"Columns", "Blocking", "Comparisons"}
    if wb.result is not None:
        done |= {"Train & match", "Threshold", "Review", "Clusters", "Export"}
    return done


def _set_hide_personal(state: AppState) -> None:
    # A callback, so the page drawn in this very rerun is already masked.
    state.hide_personal = bool(st.session_state.get("sidebar.hide_personal"))


def sidebar(state: AppState) -> None:
    """Progress through the steps, and the button that forgets everything."""
    with st.sidebar:
        done = done_steps(state)
        st.caption("Progress: " + " · ".join(
            ("✓ " if s.title in done else "") + s.title for s in STEPS[:5]
        ))
        job = state.workbench.job
        if job is not None and not job.done:
            st.info(f"Training in progress ({job.message.lower()}, "
                    f"{elapsed_text(job.elapsed)}). You can keep working; the result "
                    "appears on the Train & match page.", icon=":material/hourglass_top:")
        st.caption("Your data stays on this computer: in this tab and in your saved project, "
                   "nowhere else.")
        st.toggle("Hide personal details", value=state.hide_personal, key="sidebar.hide_personal",
                  on_change=_set_hide_personal, args=(state,),
                  help="For demonstrations and shared screens: names, dates of birth, postcodes "
                       "and other values are shown masked, like J*** S****, **/**/1984, E1 ***.")
        if st.button("Clear my data", key="sidebar.clear", icon=":material/delete:",
                     help="Remove the files, set-up and results from this session, and delete "
                          "its saved project from this computer."):
            state.notice = clear_everything(state)
            st.switch_page(STEPS[0].path)
