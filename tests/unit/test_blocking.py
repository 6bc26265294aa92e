"""Blocking: rules in words, pair counts against a brute-force count, the pair budget and the
suggested rules. Splink counts pairs on a real DuckDB database."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator, Sequence

import polars as pl
import pytest

from matching.blocking import (
    BlockingSummary,
    RuleCount,
    check_pair_budget,
    count_pairs,
    describe_key,
    describe_rule,
    rule_caps,
    rule_pairs,
)
from matching.blocking_suggest import suggest_blocking
from matching.comparisons import DISTRICT_REGEX, PHONETIC_SUFFIX, SECTOR_REGEX
from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    DatasetSpec,
    MatchConfig,
    Transform,
)
from matching.database import Workspace
from matching.errors import PairBudgetError
from matching.loading import read_table
from matching.pipeline import load_workspace
from matching.roles import Role

EX, FIRST, PH = Transform.EXACT, Transform.FIRST_LETTERS, Transform.PHONETIC
YEAR, DISTRICT, SECTOR = Transform.YEAR, Transform.POSTCODE_DISTRICT, Transform.POSTCODE_SECTOR

Record = dict[str, str | None]


def _rule(*keys: tuple[str, Transform] | tuple[str, Transform, int]) -> BlockingRuleSpec:
    return BlockingRuleSpec(tuple(BlockingKey(*k) for k in keys))


# --- rules in words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (BlockingKey("surname"), "surname"),
        (BlockingKey("date_of_birth"), "date of birth"),
        (BlockingKey("first_name", FIRST), "first letter of first name"),
        (BlockingKey("surname", FIRST, 3), "first 3 letters of surname"),
        (BlockingKey("surname", PH), "sound of surname"),
        (BlockingKey("date_of_birth", YEAR), "year of date of birth"),
        (BlockingKey("postcode", DISTRICT), "postcode district"),
        (BlockingKey("postcode", SECTOR), "postcode sector"),
    ],
)
def test_describe_key(key: BlockingKey, text: str) -> None:
    assert describe_key(key) == text


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (_rule(("surname", EX)), "Same surname"),
        (_rule(("surname", EX), ("first_name", FIRST, 1)),
         "Same surname and first letter of first name"),
        (_rule(("surname", EX), ("first_name", EX), ("date_of_birth", EX)),
         "Same surname, first name and date of birth"),
        (_rule(("postcode", EX), ("surname", PH), ("date_of_birth", YEAR)),
         "Same postcode, sound of surname and year of date of birth"),
    ],
)
def test_describe_rule(rule: BlockingRuleSpec, text: str) -> None:
    assert describe_rule(rule) == text


@pytest.mark.parametrize(
    "rule",
    [
        _rule(("first_name", PH), ("surname", PH)),  # suggested for every file with names
        _rule(("full_name", PH), ("date_of_birth", EX)),  # suggested for full names
        _rule(("postcode", DISTRICT)),
        _rule(("surname", FIRST, 2), ("date_of_birth", YEAR)),
    ],
)
def test_rule_starting_with_a_transformed_key_reads_naturally(rule: BlockingRuleSpec) -> None:
    assert not re.match(r"Same (the|how) ", describe_rule(rule)), describe_rule(rule)


# --- pair counts against a brute-force count ----------------------------------------------

LEFT: list[Record] = [
    {"unique_id": "a1", "surname": "SMITH", "first_name": "JOHN", "date_of_birth": "1980-01-02",
     "postcode": "E8 1AA", "surname_phonetic": "SM0"},
    {"unique_id": "a2", "surname": "SMITH", "first_name": "JANE", "date_of_birth": "1980-05-05",
     "postcode": "E8 2BB", "surname_phonetic": "SM0"},
    {"unique_id": "a3", "surname": "SMYTH", "first_name": "JOHN", "date_of_birth": "1975-03-03",
     "postcode": "N16 9RN", "surname_phonetic": "SM0"},
    {"unique_id": "a4", "surname": "JONES", "first_name": "MARY", "date_of_birth": None,
     "postcode": "E8 1AA", "surname_phonetic": "JNS"},
    {"unique_id": "a5", "surname": None, "first_name": "PETER", "date_of_birth": "1975-07-07",
     "postcode": "SW1A 1AA", "surname_phonetic": None},
    {"unique_id": "a6", "surname": "KHAN", "first_name": "ALI", "date_of_birth": "1990-01-01",
     "postcode": None, "surname_phonetic": "KN"},
]
RIGHT: list[Record] = [
    {"unique_id": "b1", "surname": "SMITH", "first_name": "JON", "date_of_birth": "1980-01-02",
     "postcode": "E8 1AB", "surname_phonetic": "SM0"},
    {"unique_id": "b2", "surname": "SMITH", "first_name": "JANE", "date_of_birth": "1981-05-05",
     "postcode": "N16 7XX", "surname_phonetic": "SM0"},
    {"unique_id": "b3", "surname": "JONES", "first_name": "M", "date_of_birth": "1975-12-12",
     "postcode": "E5 0YY", "surname_phonetic": "JNS"},
    {"unique_id": "b4", "surname": "KHAN", "first_name": "AMIR", "date_of_birth": "1990-02-02",
     "postcode": "SW1A 2BB", "surname_phonetic": "KN"},
    {"unique_id": "b5", "surname": None, "first_name": None, "date_of_birth": None,
     "postcode": None, "surname_phonetic": None},
]
RULES = (
    _rule(("surname", EX), ("first_name", FIRST, 1)),
    _rule(("date_of_birth", YEAR)),
    _rule(("postcode", SECTOR)),
    _rule(("surname", PH), ("postcode", DISTRICT)),  # a3-b2: SMYTH/SMITH in N16
)


def _key_value(record: Record, key: BlockingKey) -> str | None:
    """What the blocking SQL compares, computed in Python (None never equals anything)."""
    if key.transform is PH:
        return record[key.column + PHONETIC_SUFFIX]
    value = record[key.column]
    if value is None:
        return None
    match key.transform:
        case Transform.FIRST_LETTERS:
            return value[: key.length]
        case Transform.YEAR:
            return value[:4]
        case Transform.POSTCODE_DISTRICT | Transform.POSTCODE_SECTOR:
            found = re.match(DISTRICT_REGEX if key.transform is DISTRICT else SECTOR_REGEX, value)
            return found.group(0) if found else None
    return value


def _agrees(rule: BlockingRuleSpec, left: Record, right: Record) -> bool:
    values = [(_key_value(left, k), _key_value(right, k)) for k in rule.keys]
    return all(a is not None and a == b for a, b in values)


def _brute_force(rules: Sequence[BlockingRuleSpec],
                 pairs: list[tuple[Record, Record]]) -> list[int]:
    """Pairs each rule adds to those the earlier rules found (Splink's marginal counts)."""
    counts = []
    for i, rule in enumerate(rules):
        counts.append(sum(
            1 for left, right in pairs
            if _agrees(rule, left, right) and not any(_agrees(r, left, right) for r in rules[:i])
        ))
    return counts


def _frame(records: list[Record], name: str) -> pl.DataFrame:
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String)).with_columns(
        source_dataset=pl.lit(name)
    )


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    ws = Workspace(memory_limit="1GB")
    yield ws
    ws.close()


def _config(link_type: str, names: Sequence[str], **changes: object) -> MatchConfig:
    datasets = tuple(DatasetSpec(n, f"{n}.csv") for n in names)
    return MatchConfig(link_type=link_type, datasets=datasets, blocking=RULES).with_changes(
        **changes
    )


def test_link_counts_equal_a_brute_force_count(workspace: Workspace) -> None:
    workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])

    summary = count_pairs(workspace, _config("link_only", ["a", "b"]), exact=True)

    expected = _brute_force(RULES, list(itertools.product(LEFT, RIGHT)))
    # ground truth for the first rule by hand: a1-b1, a1-b2, a2-b1, a2-b2 (SMITH J),
    # a4-b3 (JONES M), a6-b4 (KHAN A)
    assert expected[0] == 6
    assert [r.pairs for r in summary.rules] == expected
    assert [r.cumulative for r in summary.rules] == list(itertools.accumulate(expected))
    assert summary.total_pairs == sum(expected)
    assert summary.total_possible == 6 * 5
    assert not summary.is_estimate
    assert summary.share_of_possible == pytest.approx(sum(expected) / 30)
    assert [r.description for r in summary.rules] == [describe_rule(r) for r in RULES]


def test_dedupe_counts_equal_a_brute_force_count(workspace: Workspace) -> None:
    records = LEFT + RIGHT
    workspace.load_inputs([_frame(records, "people")], ["people"])

    summary = count_pairs(workspace, _config("dedupe_only", ["people"]))

    expected = _brute_force(RULES, list(itertools.combinations(records, 2)))
    assert [r.pairs for r in summary.rules] == expected
    assert summary.total_pairs == sum(expected)
    assert summary.total_possible == 11 * 10 // 2
    assert not summary.is_estimate  # small data is always counted exactly


def test_counting_other_rules_than_the_projects(workspace: Workspace) -> None:
    workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
    config = _config("link_only", ["a", "b"])
    pairs = list(itertools.product(LEFT, RIGHT))

    one = count_pairs(workspace, config, [RULES[2]])
    none = count_pairs(workspace, config, [])

    assert [r.pairs for r in one.rules] == _brute_force([RULES[2]], pairs)
    assert (none.rules, none.total_pairs, none.total_possible) == ((), 0, 30)


@pytest.mark.parametrize("link_type", ["link_only", "dedupe_only", "link_and_dedupe"])
def test_rule_pairs_equal_a_brute_force_count(workspace: Workspace, link_type: str) -> None:
    if link_type == "dedupe_only":
        workspace.load_inputs([_frame(LEFT + RIGHT, "people")], ["people"])
        config, pairs = (_config(link_type, ["people"]),
                         list(itertools.combinations(LEFT + RIGHT, 2)))
    else:
        workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
        config = _config(link_type, ["a", "b"])
        pairs = (list(itertools.product(LEFT, RIGHT)) if link_type == "link_only"
                 else list(itertools.combinations(LEFT + RIGHT, 2)))

    counts = [rule_pairs(workspace, config, rule) for rule in RULES]

    assert counts == [_brute_force([rule], pairs)[0] for rule in RULES]
    assert all(counts)  # every rule finds some pairs, so the comparison means something


def test_rule_pairs_of_a_sql_rule(workspace: Workspace) -> None:
    workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
    config = _config("link_only", ["a", "b"])

    count = rule_pairs(workspace, config, BlockingRuleSpec((), sql="l.surname = r.surname"))

    assert count == _brute_force([_rule(("surname", EX))], list(itertools.product(LEFT, RIGHT)))[0]


def test_remembered_counts_follow_the_tables(workspace: Workspace) -> None:
    config = _config("link_only", ["a", "b"])
    workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
    before = count_pairs(workspace, config, exact=True), rule_pairs(workspace, config, RULES[0])
    assert (count_pairs(workspace, config, exact=True),
            rule_pairs(workspace, config, RULES[0])) == before  # remembered, the same

    fewer = LEFT[:2]  # a1, a2 (both SMITH J)
    workspace.load_inputs([_frame(fewer, "a"), _frame(RIGHT, "b")], ["a", "b"])
    after = count_pairs(workspace, config, exact=True)

    pairs = list(itertools.product(fewer, RIGHT))
    assert [r.pairs for r in after.rules] == _brute_force(RULES, pairs)
    assert rule_pairs(workspace, config, RULES[0]) == _brute_force(RULES[:1], pairs)[0] == 4
    assert after.total_pairs < before[0].total_pairs


# --- pair budget --------------------------------------------------------------------------


def test_budget_error_names_the_rule_creating_most_pairs(workspace: Workspace) -> None:
    workspace.load_inputs([_frame(LEFT, "a"), _frame(RIGHT, "b")], ["a", "b"])
    summary = count_pairs(workspace, _config("link_only", ["a", "b"], pair_budget=3))
    worst = max(summary.rules, key=lambda r: r.pairs)

    with pytest.raises(PairBudgetError) as caught:
        check_pair_budget(summary)

    assert caught.value.message == (
        f"These rules would create about {summary.total_pairs:,} pairs to compare, more than "
        f"the limit of 3. The rule '{worst.description}' alone creates {worst.pairs:,}."
    )
    assert caught.value.hint == (
        "Make that rule stricter by adding another column to it (for example the first "
        "letter of a name or the year of birth), or remove it."
    )


def test_budget_message_formats_large_numbers() -> None:
    small = RuleCount(_rule(("surname", EX)), "Same surname", 1_200_000, 1_200_000)
    big = RuleCount(_rule(("postcode", EX)), "Same postcode", 60_000_000, 61_200_000)
    summary = BlockingSummary((small, big), 61_200_000, 10**12, True, 50_000_000)

    with pytest.raises(PairBudgetError) as caught:
        check_pair_budget(summary)

    assert caught.value.message == (
        "These rules would create about 61,200,000 pairs to compare, more than the limit of "
        "50,000,000. The rule 'Same postcode' alone creates 60,000,000."
    )


def test_pairs_exactly_at_the_budget_are_allowed() -> None:
    rule = RuleCount(_rule(("surname", EX)), "Same surname", 100, 100)

    check_pair_budget(BlockingSummary((rule,), 100, 1_000, False, 100))  # no error


# --- suggested rules ----------------------------------------------------------------------

SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Khan", "Patel", "Begum", "Wilson", "Davies",
            "Evans"]
FORENAMES = ["Adam", "Bella", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac",
             "Jade", "Kwame", "Leah", "Musa", "Nadia", "Oscar", "Priya", "Quentin", "Rosa",
             "Samir", "Tara", "Umar", "Vera", "Wanjiru"]
ROWS = 460  # all at one postcode: 460 * 459 / 2 = 105,570 pairs, over the 100,000 per-rule cap


def test_suggested_rules_stay_within_the_caps_and_find_pairs(workspace: Workspace) -> None:
    lines = ["id,first_name,surname,postcode,email"]
    lines += [f"{i},{FORENAMES[i % 23]},{SURNAMES[i % 10]},E8 1AA,p{i}@example.com" for i in range(ROWS)]
    table = read_table(io.BytesIO("\n".join(lines).encode()), "people.csv")
    columns = tuple(
        ColumnSpec(name, role, ((name,),))
        for name, role in [("first_name", Role.FIRST_NAME), ("surname", Role.SURNAME),
                           ("postcode", Role.POSTCODE), ("email", Role.EMAIL)]
    )
    config = MatchConfig(link_type="dedupe_only",
                         datasets=(DatasetSpec("people", "people.csv", id_column="id"),),
                         columns=columns)
    load_workspace(workspace, [table], config)
    per_rule, total_cap = rule_caps(ROWS)

    rules = suggest_blocking(workspace, config)

    assert rules
    assert count_pairs(workspace, config, [_rule(("postcode", EX))]).total_pairs > per_rule
    for rule in rules:  # no rule over the cap (postcode alone would be), none finding nothing
        assert 0 < count_pairs(workspace, config, [rule]).total_pairs <= per_rule
    assert all("email" not in r.columns for r in rules)  # every email differs: no pairs
    assert 0 < count_pairs(workspace, config, rules).total_pairs <= total_cap
