"""Comparisons page, builder features: options per kind, the playground, warnings before
training and the set-up as a Splink script."""

from __future__ import annotations

from matching.codegen import splink_script
from matching.config import BlockingKey, BlockingRuleSpec, ComparisonKind, Similarity
from tests.app.support import joined, no_exception, open_app, texts
from ui.session import AppState


def _spec(state: AppState, column: str):
    assert state.workbench.config is not None
    return next(c for c in state.workbench.config.comparisons if c.column == column)


def test_playground_shows_the_level_of_two_typed_values(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    at.text_input(key="comparisons.first_name.play.l.first_name").input("Bob").run()
    at.text_input(key="comparisons.first_name.play.r.first_name").input("Robert").run()
    no_exception(at)
    assert "Level 3: The same name once nicknames are allowed for (e.g. Bob and Robert)" \
        in texts(at.success)
    assert "first_name: BOB vs ROBERT" in joined(at.caption)


def test_playground_says_missing_not_none(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    at.text_input(key="comparisons.first_name.play.l.first_name").input("Bob").run()
    no_exception(at)
    assert "first_name: BOB vs (missing)" in joined(at.caption)
    assert "None" not in joined(at.caption)


def test_name_options_switch_to_levenshtein_with_own_thresholds(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    at.radio(key="comparisons.surname.similarity").set_value(Similarity.LEVENSHTEIN).run()
    no_exception(at)
    assert _spec(loaded, "surname").similarity is Similarity.LEVENSHTEIN
    # levels: missing, the same at a shared home, the same, then spelling
    assert "4. At most 1 letter different (typing errors)" in joined(at.markdown)
    at.text_input(key="comparisons.surname.thresholds.levenshtein").input("1, 3").run()
    no_exception(at)
    assert _spec(loaded, "surname").thresholds == (1.0, 3.0)
    assert "At most 3 letters different (typing errors)" in joined(at.markdown)
    at.text_input(key="comparisons.surname.thresholds.levenshtein").input("one").run()
    assert "'one' is not a list of numbers, e.g. 0.92, 0.88." in texts(at.error)
    assert _spec(loaded, "surname").thresholds == (1.0, 3.0)


def test_date_within_years_and_whole_name_comparison(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    at.multiselect(key="comparisons.date_of_birth.years").set_value([2]).run()
    no_exception(at)
    assert _spec(loaded, "date_of_birth").thresholds == (2.0,)
    assert "Born within 2 years of each other" in joined(at.markdown)
    at.selectbox(key="comparisons.first_name.kind").set_value(
        ComparisonKind.FORENAME_SURNAME).run()
    no_exception(at)
    assert _spec(loaded, "first_name").kind is ComparisonKind.FORENAME_SURNAME
    assert "Same surname, different first name" in joined(at.markdown)
    # Only the first-name column is offered the whole-name comparison.
    assert ComparisonKind.FORENAME_SURNAME not in at.selectbox(
        key="comparisons.surname.kind").options


def test_warnings_and_code_are_shown(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    no_exception(at)
    assert "Before you train" in texts(at.subheader)
    found = loaded.workbench.setup_warnings()
    shown = joined(at.warning) + joined(at.info)
    for warning in found:
        assert warning.title in shown
    assert loaded.workbench.config is not None
    assert at.code[0].value.strip() == splink_script(loaded.workbench.config).strip()
    compile(at.code[0].value, "shown.py", "exec")


def test_a_column_in_every_rule_is_warned_about(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    only_postcode = (BlockingRuleSpec((BlockingKey("postcode"),)),)
    wb.update_config(wb.config.with_changes(blocking=only_postcode))
    at = open_app(loaded, page="pages/comparisons.py")
    no_exception(at)
    assert ("'postcode' is required by every blocking rule and also compared (part of the "
            "address comparison)") in joined(at.warning)
