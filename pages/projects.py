"""Projects: open, rename, duplicate and delete the projects saved on this computer."""

import streamlit as st

from matching.errors import WorkbenchError
from matching.projects import ProjectStore, projects_root, team_mode
from ui.session import STATE_KEY, bootstrap, clear_everything, keep_saved, open_project
from ui.steps import STEPS, saved_step, step_by_id
from ui.widgets import intro, show_error

state = bootstrap("projects")
store = ProjectStore()
shared = team_mode()
intro(
    "Projects",
    "Your work is **saved automatically** after every step, so a refresh, a new tab or a "
    "restart of the app picks up where you left off. Each project has its own private link "
    "(the address in your browser's address bar): bookmark it to come back to the project. "
    + ("" if shared else f"Projects are kept in `{projects_root()}` on this computer."),
)
if state.notice:
    st.success(state.notice)
    state.notice = None

current = state.project
st.subheader("This project")
if current is None:
    st.info("Nothing is saved yet: load your data on the Data page and a project starts.")
else:
    st.markdown(f"**{current.name}** · files: {', '.join(current.info().files) or 'none yet'}")
    name = st.text_input("Project name", value=current.name, key=f"projects.name.{current.id}")
    cells = st.columns(3)
    if cells[0].button("Rename", key="projects.rename", icon=":material/edit:",
                       disabled=name.strip() in ("", current.name)):
        try:
            current.rename(name)
        except WorkbenchError as err:
            show_error(err)
        else:
            state.notice = f"Renamed the project to '{current.name}'."
            st.rerun()
    if cells[1].button("Duplicate", key="projects.duplicate", icon=":material/content_copy:",
                       help="A copy with its own link; this project is unchanged."):
        copy = store.duplicate(current.id)
        state.notice = (f"Made '{copy.name}'." + ("" if shared else " Open it from the list below."))
        st.rerun()
    confirm = cells[2].checkbox("Yes, delete this project", key="projects.confirm")
    if cells[2].button("Delete this project", key="projects.delete", icon=":material/delete:",
                       type="primary", disabled=not confirm):
        state.notice = clear_everything(state)
        st.switch_page(STEPS[0].path)

st.subheader("All projects")
if shared:
    st.info("This server is shared by a team, so the list of projects is hidden: each project "
            "opens only from its own link. Keep your project's link private.")
    st.stop()
others = [p for p in store.projects() if current is None or p.id != current.id]
if not others:
    st.caption("No other projects are saved on this computer.")
    st.stop()
st.dataframe(
    [{"Project": p.name, "Files": ", ".join(p.files),
      "Step": step_by_id(saved_step(p.step) or STEPS[0].id).title,
      "Results": "yes" if p.has_result else "no", "Last changed": p.updated.replace("T", " ")}
     for p in others],
    hide_index=True,
)
labels = {p.id: f"{p.name} ({p.updated.replace('T', ' ')})" for p in others}
chosen = st.selectbox("Project", list(labels), format_func=labels.__getitem__,
                      key="projects.chosen")
cells = st.columns(3)
if cells[0].button("Open", key="projects.open", icon=":material/folder_open:", type="primary"):
    opened = open_project(chosen)
    if opened.project is None:
        st.error(opened.save_problem or "The project could not be opened.")
    else:
        state.workbench.close()
        keep_saved(opened)
        st.session_state[STATE_KEY] = opened
        step = next((s for s in STEPS if s.id == opened.resume_step), STEPS[0])
        opened.resume_step = None
        st.switch_page(step.path)
if cells[1].button("Duplicate", key="projects.duplicate_other", icon=":material/content_copy:"):
    try:
        state.notice = f"Made '{store.duplicate(chosen).name}'."
        st.rerun()
    except WorkbenchError as err:
        show_error(err)
sure = cells[2].checkbox("Yes, delete it", key="projects.confirm_other")
if cells[2].button("Delete", key="projects.delete_other", icon=":material/delete:",
                   disabled=not sure):
    removed = store.delete(chosen)
    state.notice = (f"Deleted '{labels[chosen]}': {len(removed)} file(s) removed from this "
                    f"computer ({', '.join(removed)}).")
    st.rerun()
