"""Blocking: which pairs of records get compared, how many pairs each rule creates, and rules
suggested from the columns in use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from splink.blocking_analysis import count_comparisons_from_blocking_rules

from matching.config import BlockingKey, BlockingRuleSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.errors import PairBudgetError
from matching.roles import IDENTIFIER_ROLES, Role
from matching.settings import blocking_rule

#: Below this many records in total, counts are exact (fast); above, Splink samples 5 %.
EXACT_COUNT_BELOW = 50_000
MAX_SUGGESTED_RULES = 6


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
        case Transform.FIRST_LETTERS:
            letters = "letter" if key.length == 1 else f"{key.length} letters"
            return f"first {letters} of {label}"
        case Transform.PHONETIC:
            return f"sound of {label}"
        case Transform.YEAR:
            return f"year of {label}"
        case Transform.POSTCODE_DISTRICT:
            return f"{label} district"
        case Transform.POSTCODE_SECTOR:
            return f"{label} sector"
        case _:
            return label


def describe_rule(rule: BlockingRuleSpec) -> str:
    """A rule in words, e.g. 'Same surname and first letter of first name'."""
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
    with workspace.lock:
        _, sdfs = workspace.splink_inputs()
        records = count_comparisons_from_blocking_rules(
            sdfs if len(sdfs) > 1 else sdfs[0],
            blocking_rules=[blocking_rule(r) for r in rules],
            link_type=config.link_type,
            unique_id_column_name="unique_id",
            source_dataset_column_name="source_dataset",
            record_sample_proportion=proportion,
        )
    counts = tuple(
        RuleCount(rule, describe_rule(rule), int(rec["marginal_comparison_count"]),
                  int(rec["cumulative_comparison_count"]))
        for rule, rec in zip(rules, records, strict=True)
    )
    return BlockingSummary(
        rules=counts,
        total_pairs=counts[-1].cumulative,
        total_possible=total_possible,
        is_estimate=proportion < 1.0,
        budget=config.pair_budget,
    )


def check_pair_budget(summary: BlockingSummary) -> None:
    """Refuse a run whose rules would create more pairs than the budget."""
    if summary.within_budget:
        return
    worst = max(summary.rules, key=lambda r: r.pairs)
    raise PairBudgetError(
        f"These rules would create about {summary.total_pairs:,} pairs to compare, more than "
        f"the limit of {summary.budget:,}. The rule '{worst.description}' alone creates "
        f"{worst.pairs:,}.",
        hint="Make that rule stricter by adding another column to it (for example the first "
        "letter of a name or the year of birth), or remove it.",
    )


def rule_caps(total_records: int) -> tuple[int, int]:
    """Pairs allowed per suggested rule, and in total, for this many records."""
    per_rule = min(max(100_000, 10 * total_records), 10_000_000)
    total = min(max(250_000, 25 * total_records), 25_000_000)
    return per_rule, total


def _rule(*keys: tuple[str, Transform] | tuple[str, Transform, int]) -> BlockingRuleSpec:
    return BlockingRuleSpec(tuple(BlockingKey(*k) for k in keys))


def candidate_rules(config: MatchConfig) -> list[list[BlockingRuleSpec]]:
    """Suggested rules, strongest first; each entry lists a rule and stricter fall-backs."""
    by_role: dict[Role, str] = {}
    for column in config.used_columns:
        by_role.setdefault(column.role, column.name)
    fn, sn = by_role.get(Role.FIRST_NAME), by_role.get(Role.SURNAME)
    full, dob = by_role.get(Role.FULL_NAME), by_role.get(Role.DATE_OF_BIRTH)
    pc = by_role.get(Role.POSTCODE)
    ex, ph, first = Transform.EXACT, Transform.PHONETIC, Transform.FIRST_LETTERS
    candidates: list[list[BlockingRuleSpec]] = []
    for role in (Role.NHS_NUMBER, Role.NI_NUMBER, Role.EMAIL, Role.COMPANY_NUMBER, Role.PHONE):
        if role in by_role and role in IDENTIFIER_ROLES:
            candidates.append([_rule((by_role[role], ex))])
    if fn and sn:
        candidates.append([_rule((fn, ex), (sn, ex))])
    if sn and dob:
        candidates.append([_rule((sn, ex), (dob, ex))])
    if fn and dob:
        candidates.append([_rule((fn, ex), (dob, ex))])
    if full and dob:
        candidates.append([_rule((full, ph), (dob, ex))])
    if full:
        candidates.append([_rule((full, ex))])
    if pc:
        name = sn or fn or full
        fallbacks = [_rule((pc, ex))]
        if name:
            fallbacks.append(_rule((pc, ex), (name, first, 1)))
        candidates.append(fallbacks)
    if fn and sn:
        candidates.append([_rule((fn, ph), (sn, ph))])
    if dob and not (fn or sn):
        candidates.append([_rule((dob, ex))])
    if Role.UPRN in by_role:
        candidates.append([_rule((by_role[Role.UPRN], ex))])
    return candidates


def suggest_blocking(workspace: Workspace, config: MatchConfig) -> tuple[BlockingRuleSpec, ...]:
    """Rules suggested for ``config``'s columns, each kept only if it creates a workable
    number of pairs for this data, and together within a total cap."""
    per_rule, total_cap = rule_caps(sum(workspace.input_row_counts()))
    chosen: list[BlockingRuleSpec] = []
    empty: list[BlockingRuleSpec] = []
    for options in candidate_rules(config):
        for rule in options:
            summary = count_pairs(workspace, config, [rule])
            if 0 < summary.total_pairs <= per_rule:
                chosen.append(rule)
                break
            if summary.total_pairs == 0:
                empty.append(rule)
        if len(chosen) >= MAX_SUGGESTED_RULES:
            break
    if not chosen:
        # Nothing in common yet: keep the strongest rule so a run finds no pairs, not an error.
        chosen = empty[:1]
    while len(chosen) > 1 and count_pairs(workspace, config, chosen).total_pairs > total_cap:
        chosen.pop()
    return tuple(chosen)
