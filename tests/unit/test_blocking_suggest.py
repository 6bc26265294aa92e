"""Blocking rules chosen from the data: they reach nearly every true match within the pair caps,
and the recall estimated without labels is close to the recall measured against the truth."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import pytest

from matching.blocking import count_pairs, rule_caps
from matching.blocking_suggest import (
    KeyOption,
    candidate_rules,
    describe_estimate,
    estimate_recall,
    key_options,
    recall_model,
    suggest_blocking,
)
from matching.config import BlockingKey, BlockingRuleSpec, ColumnSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.loading import read_table
from matching.pipeline import load_workspace
from matching.roles import Role
from matching.settings import blocking_rule
from matching.suggest import link_type_for, suggest_columns, suggest_comparisons, suggest_datasets
from tests.unit.people import Pair, people_pair


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    ws = Workspace(memory_limit="1GB")
    yield ws
    ws.close()


def _setup(pair: Pair, workspace: Workspace) -> MatchConfig:
    tables = [pair.left, pair.right]
    datasets = suggest_datasets(tables)
    columns = suggest_columns(tables, datasets)
    config = MatchConfig(link_type=link_type_for(tables), datasets=datasets, columns=columns,
                         comparisons=suggest_comparisons(columns))
    load_workspace(workspace, tables, config)
    return config


def _measured_recall(workspace: Workspace, config: MatchConfig, pair: Pair,
                     rules: tuple[BlockingRuleSpec, ...]) -> float:
    """The share of true matches some rule compares, by brute force over the true pairs."""
    left, right = workspace.input_tables
    found = set()
    for rule in rules:
        condition = blocking_rule(rule).get_blocking_rule("duckdb").blocking_rule_sql
        with workspace.lock:
            rows = workspace.con.sql(
                f'SELECT l.unique_id, r.unique_id FROM "{left}" l, "{right}" r WHERE {condition}'
            ).fetchall()
        found |= {(a, b) for a, b in rows} & pair.matches
    return len(found) / len(pair.matches)


def test_rules_reach_nearly_every_true_match_and_the_estimate_is_close(
        workspace: Workspace) -> None:
    pair = people_pair(600)
    config = _setup(pair, workspace)

    rules = suggest_blocking(workspace, config)
    measured = _measured_recall(workspace, config, pair, rules)
    estimate = estimate_recall(workspace, config, rules)

    assert measured >= 0.99
    assert abs(estimate.recall - measured) <= 0.02
    per_rule, total = rule_caps(sum(workspace.input_row_counts()))
    assert all(count_pairs(workspace, config, [r]).total_pairs <= per_rule for r in rules)
    assert count_pairs(workspace, config, rules).total_pairs <= total
    assert "should reach about" in describe_estimate(estimate)


def test_the_estimate_drops_when_a_rule_that_finds_many_matches_is_removed(
        workspace: Workspace) -> None:
    pair = people_pair(600)
    config = _setup(pair, workspace)
    rules = suggest_blocking(workspace, config)
    full = estimate_recall(workspace, config, rules).recall

    fewer = estimate_recall(workspace, config, rules[1:]).recall
    # ground truth: a tenth of the people moved, and 5 % have no date of birth in one file
    only_dob = (BlockingRuleSpec((BlockingKey("date_of_birth"), BlockingKey("postcode"))),)

    assert fewer <= full
    assert estimate_recall(workspace, config, only_dob).recall < 0.95
    assert abs(estimate_recall(workspace, config, only_dob).recall
               - _measured_recall(workspace, config, pair, only_dob)) <= 0.05


def test_long_reference_numbers_offer_their_halves() -> None:
    config = MatchConfig(link_type="link_only", datasets=())
    options = key_options(config, {"ssn": 7})
    assert options == []  # no columns in use
    config = config.with_changes(columns=(ColumnSpec("ssn", Role.OTHER_ID, ((), ())),))
    keys = {o.key for o in key_options(config, {"ssn": 7})}
    assert keys == {BlockingKey("ssn"), BlockingKey("ssn", Transform.FIRST_LETTERS, 4),
                    BlockingKey("ssn", Transform.LAST_LETTERS, 3)}


def test_candidate_rules_pair_keys_of_different_columns() -> None:
    a = KeyOption(BlockingKey("surname"), alone=False)
    b = KeyOption(BlockingKey("surname", Transform.PHONETIC), alone=False)
    c = KeyOption(BlockingKey("dob"), alone=False)
    d = KeyOption(BlockingKey("nhs"), alone=True)
    rules = candidate_rules([a, b, c, d], too_big=lambda r: r.keys == (a.key, c.key))
    assert BlockingRuleSpec((d.key,)) in rules  # alone
    assert BlockingRuleSpec((a.key, b.key)) not in rules  # same column twice
    assert BlockingRuleSpec((a.key, c.key, d.key)) in rules  # too big: a third key added
    assert BlockingRuleSpec((b.key, c.key, d.key)) not in rules


def _movers_pair(n: int, moved: float, seed: int = 3) -> tuple[list[str], list[str]]:
    """Two files of ``n`` people each where names and dates of birth are each weak evidence (a
    few hundred values) and the address is strong; ``moved`` of the right file's people have
    a new address and postcode."""
    rng = random.Random(seed)
    header = "id,first_name,surname,dob,address,postcode"
    left, right = [header], [header]
    for i in range(n):
        first, last = f"Name{rng.randrange(300)}", f"Family{rng.randrange(300)}"
        dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/1980"
        home = (f"{rng.randint(1, 400)} Street{rng.randrange(2000)}",
                f"E{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLN')}"
                f"{rng.choice('PQRSTUWXYZ')}")
        left.append(f"L{i},{first},{last},{dob},{home[0]},{home[1]}")
        if rng.random() < moved:
            home = (f"{rng.randint(1, 400)} Street{rng.randrange(2000)}",
                    f"N{rng.randint(1, 20)} {rng.randint(1, 9)}AB")
        right.append(f"R{i},{first},{last},{dob},{home[0]},{home[1]}")
    return left, right


def test_people_who_moved_are_seen_when_names_and_dates_are_weak_alone(
        workspace: Workspace) -> None:
    # Each of first name, surname and date of birth is too common to find anchor pairs with one
    # other such column, while any of them with the address is. Anchors found through the
    # address would all share one, hiding the 30 % who moved: the address's agreement rate and
    # rules without an address must come from pairs found without it.
    left, right = _movers_pair(16_000, moved=0.3)
    tables = [read_table(io.BytesIO("\n".join(rows).encode()), name)
              for rows, name in ((left, "left.csv"), (right, "right.csv"))]
    datasets = suggest_datasets(tables)
    columns = suggest_columns(tables, datasets)
    config = MatchConfig(link_type="link_only", datasets=datasets, columns=columns,
                         comparisons=suggest_comparisons(columns))
    load_workspace(workspace, tables, config)

    postcode = recall_model(workspace, config).evidence.agreement(BlockingKey("postcode"))

    assert postcode is not None
    assert abs(float(postcode.mean()) - 0.7) <= 0.05
    home_only = (BlockingRuleSpec((BlockingKey("postcode"),)),)
    assert abs(estimate_recall(workspace, config, home_only).recall - 0.7) <= 0.05
