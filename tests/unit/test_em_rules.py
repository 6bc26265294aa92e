"""The rules expectation maximisation trains on: every comparison trained once, rules with a
high share of true matches first, and never a block that leaves only one comparison free."""

from __future__ import annotations

from dataclasses import replace

from matching.config import BlockingKey, BlockingRuleSpec, ColumnSpec, MatchConfig
from matching.roles import Role
from matching.settings import comparison_context
from matching.suggest import suggest_comparisons
from matching.training import MIN_EM_PRECISION, em_candidates, em_rules

SOURCES = (("a",), ("a",))


def _config(blocking: tuple[BlockingRuleSpec, ...]) -> MatchConfig:
    columns = tuple(ColumnSpec(name, role, SOURCES) for name, role in [
        ("first_name", Role.FIRST_NAME), ("surname", Role.SURNAME),
        ("date_of_birth", Role.DATE_OF_BIRTH), ("address", Role.ADDRESS)])
    # Without the "at the same home" levels, which read the surname and address too.
    comparisons = tuple(replace(c, at_home=False) for c in suggest_comparisons(columns))
    return MatchConfig(link_type="link_only", datasets=(), columns=columns,
                       comparisons=comparisons, blocking=blocking)


def _rule(*columns: str) -> BlockingRuleSpec:
    return BlockingRuleSpec(tuple(BlockingKey(c) for c in columns))


NAMES_AND_DOB = _rule("first_name", "surname", "date_of_birth")
DOB_AND_ADDRESS = _rule("date_of_birth", "address")
DOB = _rule("date_of_birth")
NAMES = _rule("first_name", "surname")


def _precision(rule: BlockingRuleSpec) -> float:
    """As on a large file: exact names and date of birth are nearly all matches; one date of
    birth, or one name, mostly strangers."""
    return {NAMES_AND_DOB: 0.99, DOB_AND_ADDRESS: 0.9, DOB: 0.01, NAMES: 0.02}.get(rule, 0.05)


def test_rules_with_few_true_matches_go_last_and_the_rest_by_their_share() -> None:
    config = _config((DOB_AND_ADDRESS, NAMES_AND_DOB))
    order = em_candidates(config, _precision)
    assert order.index(NAMES_AND_DOB) < order.index(DOB_AND_ADDRESS) < order.index(DOB)
    assert all(_precision(r) < MIN_EM_PRECISION for r in order[order.index(DOB):])


def test_no_block_leaves_a_single_comparison_free() -> None:
    # Exact names and date of birth leave only the address free: every pair in that block
    # agrees on everything else, so EM cannot tell people who moved from strangers.
    config = _config((DOB_AND_ADDRESS, NAMES_AND_DOB))
    chosen = em_rules(config, comparison_context(config), _precision)
    assert NAMES_AND_DOB not in chosen
    assert chosen[0] == DOB_AND_ADDRESS
    trained = set()
    for rule in chosen:
        trained |= {spec.column for spec in config.comparisons
                    if spec.column not in rule.columns}
    assert trained == {spec.column for spec in config.comparisons}


def test_with_two_comparisons_a_block_may_leave_one_free() -> None:
    columns = (ColumnSpec("first_name", Role.FIRST_NAME, SOURCES),
               ColumnSpec("date_of_birth", Role.DATE_OF_BIRTH, SOURCES))
    config = MatchConfig(link_type="link_only", datasets=(), columns=columns,
                         comparisons=suggest_comparisons(columns))
    chosen = em_rules(config, comparison_context(config))
    assert {c for rule in chosen for c in rule.columns} == {"first_name", "date_of_birth"}
