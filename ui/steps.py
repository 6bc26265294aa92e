"""The app's pages: a stable id for each (kept in saved projects and used in the code), a
title for the screen, the script that draws it and its icon.

Ids never change; titles may. A page is named by its id everywhere (``bootstrap("train")``, the
step a project reopens on, the steps ticked in the sidebar); its title is only shown. Projects
saved before pages had ids hold the page's title as their step: ``saved_step`` reads both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    id: str  # stable: saved in projects, and the page's address (``/train``)
    path: str
    title: str  # shown on screen; free to change
    icon: str


STEPS: tuple[Step, ...] = (
    Step("data", "pages/data.py", "Data", ":material/upload_file:"),
    Step("columns", "pages/columns.py", "Columns", ":material/view_column:"),
    Step("blocking", "pages/blocking.py", "Blocking", ":material/filter_alt:"),
    Step("comparisons", "pages/comparisons.py", "Comparisons", ":material/compare_arrows:"),
    Step("train", "pages/train.py", "Train & match", ":material/model_training:"),
    Step("threshold", "pages/threshold.py", "Threshold", ":material/tune:"),
    Step("review", "pages/review.py", "Review", ":material/fact_check:"),
    Step("clusters", "pages/clusters.py", "Clusters", ":material/hub:"),
    Step("export", "pages/export.py", "Export", ":material/download:"),
)
#: Addresses to UPRNs, households and teaching (issue 16): after the person workflow.
EXTRA_STEPS: tuple[Step, ...] = (
    Step("addresses", "pages/addresses.py", "Addresses", ":material/home_pin:"),
    Step("households", "pages/households.py", "Households", ":material/family_restroom:"),
    Step("teaching", "pages/teaching.py", "You vs the model", ":material/school:"),
)
#: Pages outside the numbered workflow.
PROJECTS_PAGE = Step("projects", "pages/projects.py", "Projects", ":material/folder_open:")
ALL_STEPS: tuple[Step, ...] = (*STEPS, *EXTRA_STEPS, PROJECTS_PAGE)
_BY_ID = {s.id: s for s in ALL_STEPS}

#: The step as projects saved it before pages had ids: the page's title then. Frozen: when a
#: page is renamed, leave its old title here.
LEGACY_TITLES: dict[str, str] = {
    "Data": "data", "Columns": "columns", "Blocking": "blocking", "Comparisons": "comparisons",
    "Train & match": "train", "Threshold": "threshold", "Review": "review",
    "Clusters": "clusters", "Export": "export", "Addresses": "addresses",
    "Households": "households", "You vs the model": "teaching", "Projects": "projects",
}


def step_by_id(page_id: str) -> Step:
    """The page with this id.

    Raises:
        KeyError: no page has this id (a mistake in the code).
    """
    try:
        return _BY_ID[page_id]
    except KeyError:
        raise KeyError(f"No page has the id {page_id!r}; ids: {', '.join(_BY_ID)}") from None


def step_by_path(path: str) -> Step:
    return next(s for s in ALL_STEPS if s.path == path)


def saved_step(value: object) -> str | None:
    """The id of the page a saved project names as its step: an id as it is, a page title
    saved by an older version as that page's id; ``None`` for nothing, or nothing known."""
    if not isinstance(value, str):
        return None
    if value in _BY_ID:
        return value
    return LEGACY_TITLES.get(value)
