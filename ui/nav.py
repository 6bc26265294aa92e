"""The workflow's pages, in order, and the sidebar that shows where the officer is."""

from __future__ import annotations

import streamlit as st

from matching.jobs import elapsed_text
from ui.privacy import md
from ui.session import AppState, clear_everything
from ui.steps import EXTRA_STEPS, PROJECTS_PAGE, STEPS, Step, step_by_id, step_by_path

__all__ = ["EXTRA_STEPS", "PROJECTS_PAGE", "STEPS", "Step", "after_clearing", "done_steps",
           "pages", "running_step", "sidebar", "step"]


def step(path: str) -> Step:
    return step_by_path(path)


def pages() -> list[st.Page]:
    """The router's pages: each at the address of its id (``/train``), the first the default."""
    return [
        st.Page(s.path, title=s.title, icon=s.icon, url_path=s.id, default=(i == 0))
        for i, s in enumerate(STEPS)
    ] + [st.Page(s.path, title=s.title, icon=s.icon, url_path=s.id)
         for s in (*EXTRA_STEPS, PROJECTS_PAGE)]


def running_step(page: st.Page) -> Step:
    """The step of the page the router is about to run (the default page's address is "")."""
    return step_by_id(page.url_path or STEPS[0].id)


SETUP_STEPS = ("columns", "blocking", "comparisons")


def done_steps(state: AppState) -> set[str]:
    """The ids of the steps to tick: files loaded; a set-up step once the officer has looked at
    it (or a model was trained with it); training once there is a model."""
    wb = state.workbench
    done: set[str] = set()
    if wb.tables:
        done.add("data")
    if wb.config is not None:
        done |= {s for s in SETUP_STEPS if s in state.visited or wb.result is not None}
    if wb.result is not None:
        done |= {"train", "threshold", "review", "clusters", "export"}
    return done


def _ask_to_clear(state: AppState) -> None:
    state.confirm_clear = True


def _cancel_clear(state: AppState) -> None:
    state.confirm_clear = False


def _clear(state: AppState) -> None:
    state.confirm_clear = False
    state.notice = clear_everything(state)
    st.session_state[CLEARED] = True  # show the Data page, which says what was removed


def _clear_question(state: AppState) -> str:
    """What "Clear my data" would delete, in words, to ask before doing it."""
    wb = state.workbench
    parts = [f"{len(wb.tables)} file(s)" if wb.tables else "no files"]
    if wb.result is not None:
        parts.append("the trained model")
    if len(wb.labels):
        parts.append(f"{len(wb.labels):,} review label(s)")
    if len(wb.decisions):
        parts.append(f"{len(wb.decisions):,} cluster correction(s)")
    where = (f" and **delete the saved project '{md(state.project.name)}'** from this computer"
             if state.project is not None else "")
    return (f"This will remove {', '.join(parts)} from this session{where}. It cannot be "
            "undone. Download anything you need from the Export page first.")


def _set_hide_personal(state: AppState) -> None:
    # A callback, so the page drawn in this very rerun is already masked.
    state.hide_personal = bool(st.session_state.get("sidebar.hide_personal"))


CLEARED = "sidebar.cleared"


def after_clearing() -> None:
    """After "Clear my data", show the Data page, which says what was removed (call it before
    the page runs)."""
    if st.session_state.pop(CLEARED, False):
        st.switch_page(STEPS[0].path)


def sidebar(state: AppState) -> None:
    """Progress through the steps, and the button that forgets everything (after asking)."""
    with st.sidebar:
        done = done_steps(state)
        st.caption("Progress: " + " · ".join(
            ("✓ " if s.id in done else "") + s.title for s in STEPS[:5]
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
        if not state.confirm_clear:
            st.button("Clear my data", key="sidebar.clear", icon=":material/delete:",
                      on_click=_ask_to_clear, args=(state,),
                      help="Remove the files, set-up and results from this session, and delete "
                           "its saved project from this computer (you are asked first).")
            return
        st.warning(_clear_question(state), icon=":material/warning:")  # names escaped in it
        st.button("Yes, delete it", key="sidebar.clear_confirm", type="primary",
                  icon=":material/delete_forever:", on_click=_clear, args=(state,),
                  use_container_width=True)
        st.button("Cancel", key="sidebar.clear_cancel", on_click=_cancel_clear, args=(state,),
                  use_container_width=True)
