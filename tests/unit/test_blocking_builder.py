"""The blocking builder's engine: largest blocks, a stricter rule when over budget, SQL rules
counted like others, and blocking recall against known matches. Checked by brute force."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

import polars as pl
import pytest

from matching.blocking import (
    Block,
    BlockingSummary,
    block_advice,
    check_pair_budget,
    count_pairs,
    largest_blocks,
    suggest_tighter_rule,
)
from matching.blocking_recall import blocking_recall, labels_from_person_ids, read_known_matches
from matching.config import BlockingRuleSpec, ColumnSpec, Transform
from matching.database import Workspace
from matching.errors import PairBudgetError, UploadError
from matching.roles import Role
from matching.sql_rules import validate_sql_rule
from tests.unit.test_blocking import (
    LEFT,
    RIGHT,
    RULES,
    Record,
    _agrees,
    _config,
    _frame,
    _key_value,
    _rule,
)

EX, FIRST, YEAR = Transform.EXACT, Transform.FIRST_LETTERS, Transform.YEAR
COLUMNS = tuple(
    ColumnSpec(name, role, ((name,), (name,)))
    for name, role in (("surname", Role.SURNAME), ("first_name", Role.FIRST_NAME),
                       ("date_of_birth", Role.DATE_OF_BIRTH), ("postcode", Role.POSTCODE))
)


@pytest.fixture
def linked() -> Iterator[Workspace]:
    ws = Workspace(memory_limit="1GB")
    ws.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
    yield ws
    ws.close()


@pytest.fixture
def deduped() -> Iterator[Workspace]:
    ws = Workspace(memory_limit="1GB")
    ws.load_inputs([_frame(LEFT + RIGHT, "p")], ["p"])
    yield ws
    ws.close()


# --- largest blocks ---------------------------------------------------------------------------


def _brute_blocks(rule: BlockingRuleSpec, left: list[Record],
                  right: list[Record] | None) -> list[tuple[int, int]]:
    """(pairs, records) per key value, largest first, by counting in Python."""
    def key(r: Record) -> tuple[str | None, ...]:
        return tuple(_key_value(r, k) for k in rule.keys)
    if right is None:
        sizes = Counter(key(r) for r in left if None not in key(r))
        return sorted(((n * (n - 1) // 2, n) for n in sizes.values() if n > 1), reverse=True)
    lc = Counter(key(r) for r in left if None not in key(r))
    rc = Counter(key(r) for r in right if None not in key(r))
    return sorted(((lc[k] * rc[k], lc[k] + rc[k]) for k in lc if rc[k]), reverse=True)


@pytest.mark.parametrize("rule", [*RULES, _rule(("surname", EX)), _rule(("first_name", FIRST, 1))])
def test_largest_blocks_equal_a_brute_force_count(linked: Workspace, deduped: Workspace,
                                                   rule: BlockingRuleSpec) -> None:
    link = largest_blocks(linked, _config("link_only", ["a", "b"]), rule)
    assert [(b.pairs, b.records) for b in link] == _brute_blocks(rule, LEFT, RIGHT)[:5]
    dedupe = largest_blocks(deduped, _config("dedupe_only", ["p"]), rule)
    assert [(b.pairs, b.records) for b in dedupe] == _brute_blocks(rule, LEFT + RIGHT, None)[:5]


def test_largest_block_is_labelled_with_its_values(linked: Workspace) -> None:
    blocks = largest_blocks(linked, _config("link_only", ["a", "b"]),
                            _rule(("surname", EX), ("first_name", FIRST, 1)))
    # SMITH J: a1, a2 x b1, b2 = 4 pairs from 4 records.
    assert blocks[0] == Block("surname = SMITH, first letter of first name = J", 4, 4)


def test_sql_rules_have_no_blocks(linked: Workspace) -> None:
    rule = BlockingRuleSpec((), sql="l.surname = r.surname")
    assert largest_blocks(linked, _config("link_only", ["a", "b"]), rule) == []


def test_block_advice_only_for_a_dominant_value() -> None:
    assert block_advice([Block("postcode = E1 6AN", 40, 400)], 10_000) is None
    advice = block_advice([Block("postcode = E1 6AN", 2_340, 1_000_000)], 1_500_000)
    assert advice is not None
    assert advice.startswith("One value, 'postcode = E1 6AN', is shared by 2,340 records and "
                             "makes 1,000,000 pairs (67% of this rule's pairs).")
    assert "placeholder" in advice
    assert block_advice([], 0) is None


# --- SQL rules counted like the others -----------------------------------------------------------


def test_sql_rule_counts_equal_the_same_rule_built_from_columns(linked: Workspace) -> None:
    config = _config("link_only", ["a", "b"])
    built = _rule(("surname", EX), ("first_name", FIRST, 1))
    sql = validate_sql_rule("l.surname = r.surname AND substr(l.first_name, 1, 1) = "
                            "substr(r.first_name, 1, 1)", ["surname", "first_name"])
    as_sql = count_pairs(linked, config, [BlockingRuleSpec((), sql=sql)], exact=True)
    assert as_sql.total_pairs == count_pairs(linked, config, [built], exact=True).total_pairs == 6
    assert as_sql.rules[0].description.startswith("SQL rule: l.surname = r.surname AND ")


def test_fuzzy_sql_rule_counts_equal_a_brute_force_count(linked: Workspace) -> None:
    sql = validate_sql_rule("levenshtein(l.surname, r.surname) <= 1", ["surname"])
    summary = count_pairs(linked, _config("link_only", ["a", "b"]),
                          [BlockingRuleSpec((), sql=sql)], exact=True)

    def lev1(a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return False
        if len(a) == len(b):
            return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
        short, long_ = sorted((a, b), key=len)
        return len(long_) - len(short) == 1 and any(
            long_[:i] + long_[i + 1:] == short for i in range(len(long_)))

    expected = sum(lev1(a["surname"], b["surname"]) for a, b in itertools.product(LEFT, RIGHT))
    assert summary.total_pairs == expected == 8  # SMITH/SMITH/SMYTH x SMITH/SMITH, JONES, KHAN


# --- a concrete stricter rule when over budget -----------------------------------------------------


def test_over_budget_suggests_adding_a_column_to_the_biggest_rule(linked: Workspace) -> None:
    config = _config("link_only", ["a", "b"], columns=COLUMNS,
                     blocking=(_rule(("surname", EX)), _rule(("date_of_birth", YEAR))), pair_budget=5)
    summary = count_pairs(linked, config, exact=True)
    assert not summary.within_budget
    tighter = suggest_tighter_rule(linked, config, summary)
    assert tighter is not None
    biggest = max(range(2), key=lambda i: summary.rules[i].pairs)
    assert tighter.index == biggest
    assert tighter.old == config.blocking[biggest]
    assert tighter.new.keys[:-1] == tighter.old.keys and len(tighter.new.keys) == 2
    trial = list(config.blocking)
    trial[biggest] = tighter.new
    assert count_pairs(linked, config, trial, exact=True).total_pairs == tighter.total_pairs
    assert tighter.total_pairs < summary.total_pairs
    assert tighter.advice.startswith(f"Change rule {biggest + 1}, 'Same ")
    with pytest.raises(PairBudgetError) as caught:
        check_pair_budget(summary, suggestion=tighter)
    assert caught.value.hint == tighter.advice


def test_no_suggestion_when_only_sql_rules() -> None:
    summary = BlockingSummary((), 0, 10, False, 1)
    assert suggest_tighter_rule(Workspace(), _config("link_only", ["a", "b"]), summary) is None


# --- blocking recall ------------------------------------------------------------------------------

#: Person IDs: who is really who (a3, SMYTH, is nobody else).
PEOPLE = {"a1": "P1", "b1": "P1", "a2": "P2", "b2": "P2", "a3": "P3", "b3": "P4", "a4": "P4",
          "a6": "P6", "b4": "P6", "a5": "P5", "b5": "P5"}


def _people(names: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame({
        "source_dataset": ["a" if uid.startswith("a") else "b" for uid in PEOPLE],
        "record_id": list(PEOPLE), "person_id": list(PEOPLE.values()),
    }).with_columns(pl.col("source_dataset").replace(names))


def test_person_ids_become_pairs_across_files() -> None:
    labels = read_known_matches(_people({}), _config("link_only", ["a", "b"]))
    pairs = set(zip(labels["unique_id_l"], labels["unique_id_r"], strict=True))
    assert pairs == {("a1", "b1"), ("a2", "b2"), ("a4", "b3"), ("a6", "b4"), ("a5", "b5")}
    assert labels["clerical_match_score"].to_list() == [1.0] * 5


def test_recall_equals_a_brute_force_count(linked: Workspace) -> None:
    config = _config("link_only", ["a", "b"])
    records = {r["unique_id"]: r for r in LEFT + RIGHT}
    labels = read_known_matches(_people({}), config)

    recall = blocking_recall(linked, config, labels)

    truth = [(records[a], records[b]) for a, b in
             zip(labels["unique_id_l"], labels["unique_id_r"], strict=True)]
    found = [next((i for i, r in enumerate(RULES) if _agrees(r, a, b)), None) for a, b in truth]
    assert recall.known_matches == 5
    assert recall.found_by == tuple(found.count(i) for i in range(len(RULES)))
    assert recall.missed == found.count(None) == 1  # a5-b5: b5 is empty
    assert recall.missed_examples.rows() == [("a", "a5", "b", "b5")]
    assert recall.recall == pytest.approx(0.8)
    assert recall.not_in_data == 0


def test_recall_in_a_deduplication_with_splink_labels(deduped: Workspace) -> None:
    config = _config("dedupe_only", ["p"])
    labels = pl.DataFrame({
        "source_dataset_l": ["p", "p", "p", "p"], "unique_id_l": ["b1", "a4", "a1", "zz"],
        "source_dataset_r": ["p", "p", "p", "p"], "unique_id_r": ["a1", "b3", "a3", "a1"],
        "clerical_match_score": [1.0, 0.9, 0.1, 1.0],
    })
    recall = blocking_recall(deduped, config, read_known_matches(labels, config))
    # b1-a1 is found either way round; a4-b3 (JONES, 1975 vs none, E8 vs E5) is found by
    # "Same surname and first letter"; a1-a3 is not a match; zz is not in the data.
    assert (recall.known_matches, recall.found, recall.not_in_data) == (2, 2, 1)
    assert recall.found_by[0] == 2


def test_known_matches_in_the_wrong_shape_are_refused() -> None:
    with pytest.raises(UploadError) as caught:
        labels_from_person_ids(pl.DataFrame({"id": ["1"]}), _config("link_only", ["a", "b"]))
    assert "missing: person_id, source_dataset, unique_id" in caught.value.message
