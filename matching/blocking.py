"""Blocking: which pairs of records get compared, how many pairs each rule creates, and rules
suggested from the columns in use."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from splink import ColumnExpression
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from splink.internals.dialects import SplinkDialect

from matching.config import BlockingKey, BlockingRuleSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.errors import PairBudgetError
from matching.roles import Role
from matching.settings import blocking_rule, key_expression

#: Below this many records in total, counts are exact (fast); above, Splink samples 5 %.
EXACT_COUNT_BELOW = 50_000
# Splink warns when a sampled count rests on few sampled pairs. Such counts are shown as
# estimates ("about"), an exact count is a click away, and a Python warning on the command
# line or the server's console would only alarm an officer.
warnings.filterwarnings("ignore", message="The sampled blocking analysis estimate",
                        category=UserWarning)


@dataclass(frozen=True)
class RuleCount:
    """Pairs a rule adds on top of the rules before it, and the running total."""

    rule: BlockingRuleSpec
    description: str
    pairs: int
    cumulative: int


@dataclass(frozen=True)
class BlockingSummary:
    """How many pairs a set of rules creates, against all possible pairs and the budget."""

    rules: tuple[RuleCount, ...]
    total_pairs: int
    total_possible: int
    is_estimate: bool
    budget: int

    @property
    def within_budget(self) -> bool:
        return self.total_pairs <= self.budget

    @property
    def share_of_possible(self) -> float:
        return self.total_pairs / self.total_possible if self.total_possible else 0.0


def column_label(column: str) -> str:
    return column.replace("_", " ")


def describe_key(key: BlockingKey) -> str:
    """A blocking key as a noun phrase, e.g. 'first 2 letters of surname'."""
    label = column_label(key.column)
    match key.transform:
        case Transform.FIRST_LETTERS | Transform.LAST_LETTERS:
            end = "first" if key.transform is Transform.FIRST_LETTERS else "last"
            letters = "character" if key.length == 1 else f"{key.length} characters"
            if key.transform is Transform.FIRST_LETTERS:
                letters = "letter" if key.length == 1 else f"{key.length} letters"
            return f"{end} {letters} of {label}"
        case Transform.PHONETIC:
            return f"sound of {label}"
        case Transform.YEAR:
            return f"year of {label}"
        case Transform.POSTCODE_DISTRICT:
            return f"{label} district"
        case Transform.POSTCODE_SECTOR:
            return f"{label} sector"
        case Transform.HOUSE_NUMBERS:
            return f"house and flat numbers of {label}"
        case _:
            return label


def describe_rule(rule: BlockingRuleSpec) -> str:
    """A rule in words, e.g. 'Same surname and first letter of first name'."""
    if rule.sql:
        return f"SQL rule: {rule.sql}"
    parts = [describe_key(k) for k in rule.keys]
    if not parts:
        return "No columns"
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Same {joined}"


def possible_pairs(config: MatchConfig, row_counts: Sequence[int]) -> int:
    """Every pair that could be compared without blocking."""
    if config.link_type == "link_only" and len(row_counts) == 2:
        return row_counts[0] * row_counts[1]
    n = sum(row_counts)
    return n * (n - 1) // 2


def count_pairs(workspace: Workspace, config: MatchConfig,
                rules: Sequence[BlockingRuleSpec] | None = None, *,
                exact: bool = False) -> BlockingSummary:
    """Pairs created by each rule (cumulatively). Sampled on large data unless ``exact``."""
    rules = list(config.blocking if rules is None else rules)
    row_counts = workspace.input_row_counts()
    total_possible = possible_pairs(config, row_counts)
    proportion = 1.0 if exact or sum(row_counts) < EXACT_COUNT_BELOW else 0.05
    if not rules:
        return BlockingSummary((), 0, total_possible, False, config.pair_budget)
    key = (tuple(rules), config.link_type, proportion)
    with workspace.lock:
        counts = workspace.pair_counts.get(key)
        if counts is None:
            counts = _count_with_splink(workspace, config, rules, proportion)
            workspace.pair_counts[key] = counts  # forgotten when the tables change
    return BlockingSummary(
        rules=counts,
        total_pairs=counts[-1].cumulative,
        total_possible=total_possible,
        is_estimate=proportion < 1.0,
        budget=config.pair_budget,
    )


def _count_with_splink(workspace: Workspace, config: MatchConfig,
                       rules: Sequence[BlockingRuleSpec], proportion: float
                       ) -> tuple[RuleCount, ...]:
    _, sdfs = workspace.splink_inputs()
    records = count_comparisons_from_blocking_rules(
        sdfs if len(sdfs) > 1 else sdfs[0],
        blocking_rules=[blocking_rule(r) for r in rules],
        link_type=config.link_type,
        unique_id_column_name="unique_id",
        source_dataset_column_name="source_dataset",
        record_sample_proportion=proportion,
    )
    return tuple(
        RuleCount(rule, describe_rule(rule), int(rec["marginal_comparison_count"]),
                  int(rec["cumulative_comparison_count"]))
        for rule, rec in zip(rules, records, strict=True)
    )


def check_pair_budget(summary: BlockingSummary, *, suggestion: Tightening | None = None) -> None:
    """Refuse a run whose rules would create more pairs than the budget."""
    if summary.within_budget:
        return
    worst = max(summary.rules, key=lambda r: r.pairs)
    hint = ("Make that rule stricter by adding another column to it (for example the first "
            "letter of a name or the year of birth), or remove it.")
    if suggestion is not None:
        hint = suggestion.advice
    raise PairBudgetError(
        f"These rules would create about {summary.total_pairs:,} pairs to compare, more than "
        f"the limit of {summary.budget:,}. The rule '{worst.description}' alone creates "
        f"{worst.pairs:,}.",
        hint=hint,
    )


def rule_caps(total_records: int, expected_matches: float = 0) -> tuple[int, int]:
    """Pairs allowed per suggested rule, and in total, for this many records and about this
    many true matching pairs (files where people appear many times need more pairs)."""
    per_rule = min(max(100_000, 10 * total_records, 20 * expected_matches), 10_000_000)
    total = min(max(250_000, 25 * total_records, 50 * expected_matches), 25_000_000)
    return int(per_rule), int(total)


# --- a stricter rule when there are too many pairs ------------------------------------------

#: How each role's column is added to a rule to make it stricter without losing much recall.
_TIGHTEN_TRANSFORM: dict[Role, tuple[Transform, int]] = {
    Role.FIRST_NAME: (Transform.FIRST_LETTERS, 1),
    Role.SURNAME: (Transform.FIRST_LETTERS, 1),
    Role.FULL_NAME: (Transform.FIRST_LETTERS, 1),
    Role.DATE_OF_BIRTH: (Transform.YEAR, 1),
    Role.POSTCODE: (Transform.POSTCODE_DISTRICT, 1),
}
MAX_TIGHTENED_RULES = 3  # rules tried, most pairs first


@dataclass(frozen=True)
class Tightening:
    """A concrete stricter version of the rule that creates the most pairs."""

    index: int
    old: BlockingRuleSpec
    new: BlockingRuleSpec
    total_pairs: int
    within_budget: bool

    @property
    def advice(self) -> str:
        verdict = "within the limit" if self.within_budget else "still over the limit"
        return (f"Change rule {self.index + 1}, '{describe_rule(self.old)}', to "
                f"'{describe_rule(self.new)}': the rules would then create about "
                f"{self.total_pairs:,} pairs ({verdict}).")


def suggest_tighter_rule(workspace: Workspace, config: MatchConfig,
                         summary: BlockingSummary) -> Tightening | None:
    """One more column added to one of the rules creating the most pairs: the loosest such
    change that brings the total within the budget, or else the one that cuts most. None if
    no change of this kind reduces the pairs (SQL rules only, or every column used)."""
    keyed = [(i, r) for i, r in enumerate(summary.rules) if not r.rule.sql and r.rule.keys]
    keyed.sort(key=lambda item: -item[1].pairs)
    rules = list(config.blocking)
    options: list[Tightening] = []
    for index, worst in keyed[:MAX_TIGHTENED_RULES]:
        in_rule = set(worst.rule.columns)
        for column in config.used_columns:
            if column.name in in_rule or column.role is Role.RECORD_ID:
                continue
            transform, length = _TIGHTEN_TRANSFORM.get(column.role, (Transform.EXACT, 1))
            new = BlockingRuleSpec((*worst.rule.keys, BlockingKey(column.name, transform, length)))
            trial = [*rules[:index], new, *rules[index + 1:]]
            total = count_pairs(workspace, config, trial).total_pairs
            if total < summary.total_pairs:
                options.append(Tightening(index, worst.rule, new, total,
                                          total <= config.pair_budget))
    if not options:
        return None
    within = [o for o in options if o.within_budget]
    if within:
        return max(within, key=lambda o: o.total_pairs)
    return min(options, key=lambda o: o.total_pairs)


# --- the largest blocks of a rule -----------------------------------------------------------

LARGEST_BLOCKS = 5
#: A block this large (records) or this share of a rule's pairs deserves a word of advice.
BIG_BLOCK_RECORDS = 1_000
BIG_BLOCK_SHARE = 0.25


@dataclass(frozen=True)
class Block:
    """Records sharing one value of a rule's keys: every pair among them is compared."""

    label: str  # e.g. "postcode = E1 6AN"
    records: int
    pairs: int


def key_sql(key: BlockingKey) -> str:
    """The SQL for ``key``'s value on a single table (the same expression Splink joins on)."""
    expression = key_expression(key)
    column = ColumnExpression(expression) if isinstance(expression, str) else expression
    column.sql_dialect = SplinkDialect.from_string("duckdb")
    return column.name


def _blocks_sql(workspace: Workspace, config: MatchConfig, keys: Sequence[BlockingKey]) -> str:
    """A query with one row per value of ``keys`` shared by records: the values (``k0``,
    ``k1``...), ``records`` and the ``pairs`` the rule compares among them. Call under the
    workspace lock."""
    sql = [key_sql(k) for k in keys]
    names = [f"k{i}" for i in range(len(sql))]
    tables = workspace.input_tables
    union = " UNION ALL ".join(
        f"SELECT {side} AS side, "
        + ", ".join(f"CAST({k} AS VARCHAR) AS {n_}" for k, n_ in zip(sql, names, strict=True))
        + f' FROM "{table}"'
        for side, table in enumerate(tables)
    )
    if config.link_type == "link_only" and len(tables) == 2:
        pairs = "count(*) FILTER (WHERE side = 0) * count(*) FILTER (WHERE side = 1)"
    else:
        pairs = "count(*) * (count(*) - 1) // 2"
    not_null = " AND ".join(f"{n_} IS NOT NULL" for n_ in names)
    return (f"SELECT {', '.join(names)}, count(*) AS records, {pairs} AS pairs "
            f"FROM ({union}) WHERE {not_null} GROUP BY ALL")


def rule_pairs(workspace: Workspace, config: MatchConfig, rule: BlockingRuleSpec) -> int:
    """The exact number of pairs ``rule`` creates on its own: one pass over the records, no
    join, so faster than `count_pairs` (which Splink samples on large data)."""
    if rule.sql or not rule.keys:
        return count_pairs(workspace, config, [rule], exact=True).total_pairs
    key = (rule, config.link_type, "alone")
    with workspace.lock:
        if key not in workspace.pair_counts:
            total = workspace.con.sql(
                f"SELECT sum(pairs) FROM ({_blocks_sql(workspace, config, rule.keys)})"
            ).fetchall()[0][0]
            workspace.pair_counts[key] = int(total or 0)
        return int(workspace.pair_counts[key])


def largest_blocks(workspace: Workspace, config: MatchConfig, rule: BlockingRuleSpec,
                   n: int = LARGEST_BLOCKS) -> list[Block]:
    """The ``n`` values of ``rule``'s keys that create the most pairs (empty for SQL rules)."""
    if rule.sql or not rule.keys:
        return []
    with workspace.lock:
        rows = workspace.con.sql(
            f"{_blocks_sql(workspace, config, rule.keys)} "
            f"ORDER BY pairs DESC, records DESC LIMIT {int(n)}"
        ).fetchall()
    blocks = []
    for row in rows:
        values = row[: len(rule.keys)]
        label = ", ".join(f"{describe_key(k)} = {v}" for k, v in zip(rule.keys, values, strict=True))
        blocks.append(Block(label, int(row[-2]), int(row[-1])))
    return [b for b in blocks if b.pairs > 0]


def block_advice(blocks: Sequence[Block], rule_pairs: int) -> str | None:
    """Plain-English advice when one value dominates a rule; None when blocks look healthy."""
    if not blocks:
        return None
    top = blocks[0]
    share = top.pairs / rule_pairs if rule_pairs else 0.0
    if top.records < BIG_BLOCK_RECORDS and share < BIG_BLOCK_SHARE:
        return None
    return (f"One value, '{top.label}', is shared by {top.records:,} records and makes "
            f"{top.pairs:,} pairs ({share:.0%} of this rule's pairs). If it is a placeholder "
            "(such as UNKNOWN, 01/01/1900 or a hostel or council office address), clear it on "
            "the Columns page; otherwise add another column to this rule so those records are "
            "split into smaller groups.")
