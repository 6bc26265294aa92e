"""Blocking page, builder features: reorder, largest groups, SQL rules (refused and accepted),
a concrete stricter rule when over the pair limit, and recall against known matches."""

from __future__ import annotations

from matching.blocking import block_advice
from matching.config import BlockingKey, BlockingRuleSpec
from matching.known_matches import KnownMatches
from matching.labels import Verdict
from matching.loading import read_path
from tests.app.support import (
    SAMPLE_DIR,
    as_int,
    joined,
    metrics,
    no_exception,
    open_app,
    state_of,
    texts,
)
from ui.session import AppState

PAIRS = "Pairs to compare"


def test_moving_a_rule_down_swaps_it_and_keeps_the_total(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    first, second = wb.config.blocking[:2]
    at = open_app(loaded, page="pages/blocking.py")
    total = as_int(metrics(at)[PAIRS])
    assert at.button(key="blocking.up.0").disabled
    assert at.button(key=f"blocking.down.{len(wb.config.blocking) - 1}").disabled
    at.button(key="blocking.down.0").click().run()
    no_exception(at)
    assert wb.config.blocking[:2] == (second, first)
    assert as_int(metrics(at)[PAIRS]) == total  # order changes who finds a pair, not how many
    at.button(key="blocking.up.1").click().run()
    assert wb.config.blocking[:2] == (first, second)


def test_largest_groups_of_a_rule_are_listed(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    summary = wb.blocking_summary()
    # A rule where no single value makes most of the pairs (the suggested order varies).
    healthy = next(i for i, c in enumerate(summary.rules) if not c.rule.sql and
                   wb.largest_blocks(c.rule) and
                   block_advice(wb.largest_blocks(c.rule), c.pairs) is None)
    at = open_app(loaded, page="pages/blocking.py")
    at.selectbox(key="blocking.blocks.rule").set_value(healthy).run()
    no_exception(at)
    blocks = wb.largest_blocks(wb.config.blocking[healthy])
    assert 0 < len(blocks) <= 5
    lines = joined(at.markdown)
    for block in blocks:
        assert f"**{block.label}**: {block.records:,} records, {block.pairs:,} pairs" in lines
    assert "No single value dominates this rule." in joined(at.success)


def test_hostile_sql_rule_is_refused_and_a_benign_one_is_counted(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    postcode = BlockingRuleSpec((BlockingKey("postcode"),))
    wb.update_config(wb.config.with_changes(blocking=(*wb.config.blocking, postcode)))
    rules = wb.config.blocking
    at = open_app(loaded, page="pages/blocking.py")
    before = as_int(metrics(at)[PAIRS])

    at.text_area(key="blocking.sql.text").input(
        "l.surname = r.surname; COPY t_0 TO '/tmp/stolen.csv'").run()
    at.button(key="blocking.sql.add").click().run()
    no_exception(at)
    assert "This SQL rule cannot be used: it contains ';'" in joined(at.error)
    assert wb.config.blocking == rules

    at.text_area(key="blocking.sql.text").input(
        "substr(l.surname, 1, 1) = substr(r.surname, 1, 1) AND l.postcode = r.postcode").run()
    at.button(key="blocking.sql.add").click().run()
    no_exception(at)
    assert wb.config.blocking[-1].sql == ("SUBSTRING(l.surname, 1, 1) = SUBSTRING(r.surname, 1, 1)"
                                          " AND l.postcode = r.postcode")
    assert len(wb.config.blocking) == len(rules) + 1
    assert "SQL rule: `SUBSTRING(l.surname, 1, 1)" in joined(at.markdown)
    # Every pair it finds already agrees on postcode, which is a rule: it adds nothing.
    assert as_int(metrics(at)[PAIRS]) == before


def test_over_the_limit_suggests_a_stricter_rule_that_can_be_applied(loaded: AppState) -> None:
    wb = loaded.workbench
    at = open_app(loaded, page="pages/blocking.py")
    before = as_int(metrics(at)[PAIRS])
    at.number_input(key="blocking.budget").set_value(1_000).run()
    no_exception(at)
    assert "Too many pairs" in joined(at.error)
    suggestion = next(m for m in texts(at.markdown) if m.startswith("**Suggestion:** Change rule"))
    tighter = wb.tighter_rule()
    assert tighter is not None and tighter.advice in suggestion
    at.button(key="blocking.tighten").click().run()
    no_exception(at)
    assert wb.config is not None and tighter.new in wb.config.blocking
    assert as_int(metrics(at)[PAIRS]) == tighter.total_pairs < before


def test_known_matches_file_shows_the_pairs_the_rules_miss(loaded: AppState) -> None:
    wb = loaded.workbench
    truth = (SAMPLE_DIR / "truth.csv").read_bytes()
    at = open_app(loaded, page="pages/blocking.py")
    at.file_uploader(key="blocking.known.file").set_value(
        ("truth.csv", truth, "text/csv")).run()
    no_exception(at)
    assert wb.config is not None
    known = state_of(at).workbench.known_matches
    expected = KnownMatches.from_table(read_path(SAMPLE_DIR / "truth.csv"))
    assert known is not None and known.equals(expected)
    recall = wb.blocking_recall()
    assert recall.known_matches > 0
    label = "Known matches the rules compare"
    assert metrics(at)[label] == f"{recall.found:,} of {recall.known_matches:,}"
    assert recall.missed > 0
    assert f"The rules would never compare {recall.missed:,} of the" in joined(at.warning)


def test_review_labels_count_as_known_matches(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    truth = KnownMatches.from_table(read_path(SAMPLE_DIR / "truth.csv"))
    pair = truth.match_pairs(wb.config).row(0)
    wb.labels.set(pair[:4], Verdict.MATCH)
    at = open_app(loaded, page="pages/blocking.py")
    no_exception(at)
    assert "Your review labels count as known answers too." in joined(at.caption)
    recall = wb.blocking_recall()
    assert recall.known_matches == 1
    assert metrics(at)["Known matches the rules compare"] == f"{recall.found:,} of 1"
