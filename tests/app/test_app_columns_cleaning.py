"""Step 2 — Columns: cleaning steps per column with counts and examples, "known as" names, and
splitting a full name into first name and surname."""

from __future__ import annotations

import io
from dataclasses import replace

from matching.cleaning_steps import ALIAS_STEP, default_steps
from matching.comparisons import ALIAS_SUFFIX
from matching.loading import read_table
from matching.prepare import cleaning_summary, prepared_column_names
from matching.roles import Role
from tests.app.conftest import _state
from tests.app.support import joined, no_exception, open_app, state_of, texts
from ui.session import AppState


def _changed_line(state: AppState, column: str, index: int) -> str:
    wb = state.workbench
    assert wb.config is not None
    table = wb.tables[index]
    summary = cleaning_summary(table, wb.config.column(column), index)
    shown = "the first " if summary.rows < table.frame.height else ""
    return (f"{table.file_name}: **{summary.changed + summary.nulled:,} of {shown}"
            f"{summary.rows:,} values changed**")


def test_each_column_shows_its_steps_and_what_they_change(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/columns.py")
    no_exception(at)
    config = loaded.workbench.config
    assert config is not None
    pills = {p.key: p for p in at.pills}
    surname = pills["columns.0.surname.steps.surname"]
    assert surname.value == list(default_steps(Role.SURNAME))
    assert "Remove titles" in surname.options and "Join surname prefixes" in surname.options
    postcode = pills["columns.0.postcode.steps.postcode"]
    assert postcode.options == ["Format and check postcodes", "Fix letter and digit slips"]
    assert len(pills) == len(config.used_columns)
    text = joined(at.markdown)
    assert _changed_line(loaded, "surname", 0) in text
    assert _changed_line(loaded, "postcode", 1) in text
    assert "Clean the values" in texts(at.subheader)


def test_turning_a_step_off_changes_the_setup_and_the_counts(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/columns.py")
    before = _changed_line(loaded, "surname", 0)
    at.pills(key="columns.0.surname.steps.surname").unselect("case").run()
    no_exception(at)
    wb = state_of(at).workbench
    assert wb.config is not None
    surname = wb.config.column("surname")
    assert surname.cleaning == tuple(s for s in default_steps(Role.SURNAME) if s != "case")
    after = _changed_line(loaded, "surname", 0)
    assert after != before  # mixed-case surnames are no longer rewritten in capitals
    assert after in joined(at.markdown)
    # Comparisons of the column are kept: only its cleaning changed.
    assert "surname" in {c.column for c in wb.config.comparisons}

    at.pills(key="columns.0.surname.steps.surname").select("case").run()
    no_exception(at)
    assert wb.config.column("surname").cleaning is None  # back to the usual steps


def test_known_as_names_are_offered_and_kept_in_their_own_column(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/columns.py")
    hints = [c for c in texts(at.caption) if "hold a 'known as' name" in c]
    assert hints, "the sample forenames include 'Thomas (Tom)'"
    at.pills(key="columns.0.first_name.steps.first_name").select(ALIAS_STEP).run()
    no_exception(at)
    wb = state_of(at).workbench
    assert wb.config is not None
    assert ALIAS_STEP in (wb.config.column("first_name").cleaning or ())
    assert "first_name" + ALIAS_SUFFIX in prepared_column_names(wb.config)
    assert not [c for c in texts(at.caption) if "hold a 'known as' name" in c]


def test_a_full_name_splits_into_first_name_and_surname(loaded_dedupe: AppState) -> None:
    at = open_app(loaded_dedupe, page="pages/columns.py")
    no_exception(at)
    at.button(key="columns.split.full_name").click().run()
    no_exception(at)
    wb = state_of(at).workbench
    assert wb.config is not None
    names = [c.name for c in wb.config.used_columns]
    assert "full_name" not in names and {"first_name", "surname"} <= set(names)
    assert wb.config.column("first_name").name_parts == ("first",)
    assert wb.config.column("surname").name_parts == ("surname",)
    assert wb.config.blocking, "rules on the full name moved to its parts"
    assert {"first_name", "surname"} <= {c.column for c in wb.config.comparisons}
    assert "the first name of a full name" in texts(at.caption)
    assert at.multiselect(key="columns.0.first_name.src0").value == ["full_name"]


def test_a_check_that_would_empty_a_column_is_off_and_the_pages_say_so() -> None:
    # ground truth: 30 of 40 "dates" are not dates a parser can read, but they are filled in
    rows = [f"{i},Person {i},1980-02-{i % 28 + 1:02d}" if i < 10 else f"{i},Person {i},spring {i}"
            for i in range(40)]
    table = read_table(io.BytesIO(("id,name,event date\n" + "\n".join(rows)).encode()), "a.csv")
    state = _state([table])
    try:
        at = open_app(state, page="pages/columns.py")
        no_exception(at)
        assert "'Read dates day first' is off: it would set 75% of the filled values to " \
               "missing" in joined(at.info)
        # An officer turning the check back on is warned before training.
        wb = state.workbench
        assert wb.config is not None
        event = next(c for c in wb.config.columns if c.role is Role.OTHER_DATE)
        forced = [replace(c, cleaning=None) if c is event else c for c in wb.config.columns]
        wb.update_config(wb.config.with_changes(columns=tuple(forced)))
        at = open_app(state, page="pages/comparisons.py")
        no_exception(at)
        assert "Cleaning sets 75% of 'event date' to missing" in joined(at.warning)
        assert "No problems found" not in joined(at.success)
    finally:
        state.workbench.close()
