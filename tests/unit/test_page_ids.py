"""Pages have stable ids apart from their titles: the code and saved projects name pages by id,
and a project saved with a page title (before ids) still reopens on its step."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui.steps import ALL_STEPS, LEGACY_TITLES, STEPS, Step, saved_step, step_by_id

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_has_a_unique_id_named_like_its_file() -> None:
    assert len({s.id for s in ALL_STEPS}) == len(ALL_STEPS)
    assert sorted(s.path for s in ALL_STEPS) == sorted(
        f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    for step in ALL_STEPS:  # the id is the page's address too (/train)
        assert step.path == f"pages/{step.id}.py"


def _bootstrap_argument(path: Path) -> object:
    calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id == "bootstrap"]
    assert len(calls) == 1, path
    argument = calls[0].args[0]
    return argument.value if isinstance(argument, ast.Constant) else argument


@pytest.mark.parametrize("step", ALL_STEPS, ids=lambda s: s.id)
def test_each_page_names_itself_by_its_id(step: Step) -> None:
    assert _bootstrap_argument(ROOT / step.path) == step.id


def test_titles_saved_by_older_versions_are_read_as_ids() -> None:
    assert saved_step("Train & match") == "train"
    assert saved_step("You vs the model") == "teaching"
    assert saved_step("Blocking") == "blocking"
    assert {saved_step(title) for title in LEGACY_TITLES} == {s.id for s in ALL_STEPS}


def test_ids_are_kept_and_anything_else_is_no_step() -> None:
    assert [saved_step(s.id) for s in STEPS] == [s.id for s in STEPS]
    assert saved_step(None) is None
    assert saved_step("No such page") is None
    assert saved_step(7) is None


def test_a_title_is_for_display_only() -> None:
    assert step_by_id("train").title == "Train & match"
    with pytest.raises(KeyError, match="No page has the id 'Train & match'"):
        step_by_id("Train & match")
