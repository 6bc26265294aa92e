"""Steps 2-4 — Columns, Blocking and Comparisons on the real sample set-up (no training)."""

from __future__ import annotations

from matching.config import BlockingKey, BlockingRuleSpec, ComparisonKind, Transform
from tests.app.support import (
    as_int,
    joined,
    metrics,
    no_exception,
    open_app,
    plotly_specs,
    texts,
)
from ui.session import AppState

PAIRS = "Pairs to compare"


# --- Columns ---------------------------------------------------------------------------------


def test_columns_page_says_why_each_unused_column_is_left_out(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/columns.py")
    no_exception(at)
    table = next(d.value for d in at.dataframe if "Why it is not used" in d.value.columns)
    reasons = dict(zip(table["Column"], table["Why it is not used"], strict=True))
    # ground truth: the council tax file's Account Ref names each record; Title says nothing
    # about who someone is; the benefit file's NI number has no partner in the council file
    assert "record ID" in reasons["Account Ref"]
    assert "Could not tell what it holds" in reasons["Title"]
    assert "the other file has no such column" in reasons["ni_number"]


def test_columns_page_lists_the_suggested_columns(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/columns.py")
    no_exception(at)
    config = loaded.workbench.config
    assert config is not None
    names = [c.name for c in config.columns]
    assert {"first_name", "surname", "date_of_birth", "postcode"} <= set(names)
    assert [c.key for c in at.checkbox] == [f"columns.0.{n}.use" for n in names]
    # Each common column maps to a column of each file (headers differ between the files).
    assert at.multiselect(key="columns.0.first_name.src0").value == ["forename"]
    assert at.multiselect(key="columns.0.first_name.src1").value == ["first_name"]
    assert at.multiselect(key="columns.0.surname.src1").value == ["last_name"]
    assert f"{len(config.used_columns)} column(s) will be used for matching." in texts(
        at.caption
    )
    assert [link.proto.label for link in at.get("page_link")] == [
        "Next: choose which pairs to compare"
    ]


def test_unticking_a_column_drops_it_downstream(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    used_before = len(wb.config.used_columns)
    at = open_app(loaded, page="pages/columns.py")
    at.checkbox(key="columns.0.phone.use").uncheck().run()
    no_exception(at)
    assert "phone" not in {c.name for c in wb.config.used_columns}
    assert f"{used_before - 1} column(s) will be used for matching." in texts(at.caption)
    assert all("phone" not in rule.columns for rule in wb.config.blocking)
    at.switch_page("pages/comparisons.py").run()
    no_exception(at)
    assert "comparisons.phone.kind" not in [s.key for s in at.selectbox]
    at.switch_page("pages/blocking.py").run()
    no_exception(at)
    assert "phone" not in joined(at.markdown).lower()


def test_a_column_with_no_source_in_one_file_is_not_used(loaded: AppState) -> None:
    wb = loaded.workbench
    at = open_app(loaded, page="pages/columns.py")
    at.multiselect(key="columns.0.phone.src1").set_value([]).run()
    no_exception(at)
    assert wb.config is not None
    assert "phone" not in {c.name for c in wb.config.used_columns}


# --- Blocking --------------------------------------------------------------------------------


def test_blocking_page_shows_pair_counts(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    summary = loaded.workbench.blocking_summary()
    assert as_int(metrics(at)[PAIRS]) == summary.total_pairs > 0
    lines = joined(at.markdown)
    for count in summary.rules:
        assert count.description in lines
        assert f"adds {count.pairs:,} pairs" in lines
    assert summary.rules[-1].cumulative == summary.total_pairs
    spec = plotly_specs(at)[0]
    assert spec["layout"]["title"]["text"] == "Pairs added by each rule"
    chart = spec["data"][0]
    assert chart["type"] == "bar"
    assert len(chart["y"]) == len(summary.rules)
    assert not at.error


def _pairs(at) -> int:
    return as_int(metrics(at)[PAIRS])


def test_adding_and_removing_rules_changes_the_counts(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    rules_before = len(wb.config.blocking)
    at = open_app(loaded, page="pages/blocking.py")
    before = _pairs(at)

    # Add "same postcode district": looser than any suggested rule, so it adds pairs.
    at.multiselect(key="blocking.new.columns").set_value(["postcode"]).run()
    at.selectbox(key="blocking.new.postcode.transform").set_value(
        Transform.POSTCODE_DISTRICT
    ).run()
    assert "The rule: same " in joined(at.caption)
    at.button(key="blocking.new.add").click().run()
    no_exception(at)
    assert len(wb.config.blocking) == rules_before + 1
    added = _pairs(at)
    assert added > before
    assert f"blocking.remove.{rules_before}" in [b.key for b in at.button]

    # Remove the rule just added: the total goes down.
    at.button(key=f"blocking.remove.{rules_before}").click().run()
    no_exception(at)
    assert len(wb.config.blocking) == rules_before
    assert _pairs(at) < added
    assert _pairs(at) == before

    # Restore the suggestion: back where we started.
    at.button(key="blocking.restore").click().run()
    no_exception(at)
    assert _pairs(at) == before
    assert len(wb.config.blocking) == rules_before


def test_blocking_page_estimates_the_share_of_true_matches_reached(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    reach = metrics(at)["True matches these rules should reach (estimated)"]
    # ground truth: 97.8 % of the sample's true pairs agree on some suggested rule (40 % of the
    # council tax file has no date of birth, and names and addresses carry many errors)
    suggested = float(reach.removeprefix("about ").rstrip("%"))
    assert 96.5 <= suggested <= 99
    assert "pairs that agree on several columns" in joined(at.caption)

    # With one narrow rule left, the estimate falls and the page says what to do.
    wb = loaded.workbench
    assert wb.config is not None
    narrow = (BlockingRuleSpec((BlockingKey("surname"), BlockingKey("date_of_birth"))),)
    wb.update_config(wb.config.with_changes(blocking=narrow))
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    reach = metrics(at)["True matches these rules should reach (estimated)"]
    assert float(reach.removeprefix("about ").rstrip("%")) < suggested - 10
    assert "would never be compared" in joined(at.warning)


def test_adding_an_existing_rule_warns(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    existing = BlockingRuleSpec((BlockingKey("surname"),))
    wb.update_config(wb.config.with_changes(blocking=(existing, *wb.config.blocking)))
    at = open_app(loaded, page="pages/blocking.py")
    at.multiselect(key="blocking.new.columns").set_value(list(existing.columns)).run()
    at.button(key="blocking.new.add").click().run()
    no_exception(at)
    assert "is already a rule" in joined(at.warning)
    assert wb.config.blocking.count(existing) == 1


def test_no_rules_is_an_error_not_a_crash(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    wb.update_config(wb.config.with_changes(blocking=()))
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    assert "There are no rules" in joined(at.error)
    assert _pairs(at) == 0
    assert not at.get("plotly_chart")


def test_over_the_pair_limit_blocks_the_run(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/blocking.py")
    at.number_input(key="blocking.budget").set_value(1_000).run()
    no_exception(at)
    assert "Too many pairs" in joined(at.error)
    # The Train page refuses to start, with a human error and no traceback.
    at.switch_page("pages/train.py").run()
    at.button(key="train.run").click().run()
    no_exception(at)
    assert at.status[0].state == "error"
    assert at.error
    assert loaded.workbench.result is None
    assert "Press **Train and match** to start" in joined(at.info)


# --- Comparisons -----------------------------------------------------------------------------


def test_comparisons_page_lists_levels_per_column(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/comparisons.py")
    no_exception(at)
    config = loaded.workbench.config
    assert config is not None
    keys = [s.key for s in at.selectbox]
    assert keys == [f"comparisons.{c.column}.kind" for c in config.comparisons]
    assert at.selectbox(key="comparisons.date_of_birth.kind").value is ComparisonKind.DATE_OF_BIRTH
    levels = joined(at.markdown)
    assert "1. Exactly the same date" in levels
    assert "Anything else" in levels
    assert not at.warning


def test_changing_a_comparison_updates_the_setup(loaded: AppState) -> None:
    wb = loaded.workbench
    at = open_app(loaded, page="pages/comparisons.py")
    before = joined(at.markdown)
    at.selectbox(key="comparisons.surname.kind").set_value(ComparisonKind.EXACT).run()
    no_exception(at)
    assert wb.config is not None
    spec = next(c for c in wb.config.comparisons if c.column == "surname")
    assert spec.kind is ComparisonKind.EXACT
    assert joined(at.markdown) != before, "the listed levels follow the choice"
    at.checkbox(key="comparisons.surname.tf").uncheck().run()
    no_exception(at)
    spec = next(c for c in wb.config.comparisons if c.column == "surname")
    assert spec.term_frequency is False


def test_no_compared_columns_warns(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    wb.update_config(wb.config.with_changes(comparisons=()))
    at = open_app(loaded, page="pages/comparisons.py")
    no_exception(at)
    assert "No columns are compared" in joined(at.warning)



def test_leaving_a_column_out_and_adding_it_back(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    at = open_app(loaded, page="pages/comparisons.py")
    at.checkbox(key="comparisons.phone.keep").uncheck().run()
    no_exception(at)
    assert "phone" not in [c.column for c in wb.config.comparisons]
    assert "phone" in {c.name for c in wb.config.used_columns}, "still usable for blocking"
    assert "comparisons.phone.kind" not in [s.key for s in at.selectbox]
    assert "`phone`" in joined(at.markdown)  # listed as in use but not compared
    at.selectbox(key="comparisons.add.column").set_value("phone").run()
    at.button(key="comparisons.add").click().run()
    no_exception(at)
    assert [c.column for c in wb.config.comparisons][-1] == "phone"
    assert at.checkbox(key="comparisons.phone.keep").value is True
    assert "comparisons.add.column" not in [s.key for s in at.selectbox]
