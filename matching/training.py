"""Estimating the model without labels: the prior, u by random sampling, m by EM."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from splink import Linker
from splink.internals.exceptions import EMTrainingException, SplinkException

from matching.blocking import describe_rule
from matching.comparisons import ComparisonContext
from matching.config import BlockingKey, BlockingRuleSpec, MatchConfig, Transform
from matching.role_registry import IDENTIFIER_ROLES
from matching.roles import Role
from matching.settings import (
    blocking_rule,
    comparison_columns,
    comparison_context,
    rule_columns,
)

Progress = Callable[[float, str], None]
EM_MAX_PAIRS = 1_000_000
#: Random pairs for estimating u: this many per record, within the bounds below (see
#: u_sample_size).
U_PAIRS_PER_RECORD = 10
U_SAMPLE_MIN_PAIRS = 300_000
U_SAMPLE_MAX_PAIRS = 1_000_000
#: The smallest share of true matches a level may be estimated to hold. EM can push a level it
#: hardly sees among matches to m = 1e-30, which would make that level alone veto any pair.
M_FLOOR = 0.001
log = logging.getLogger(__name__)


@dataclass
class TrainingReport:
    """What was estimated and anything an officer should know about it."""

    prior: float = 0.0
    prior_estimated: bool = False
    u_max_pairs: int = 0
    em_rules: list[str] = field(default_factory=list)
    em_iterations: list[int] = field(default_factory=list)
    untrained: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    splink_messages: list[str] = field(default_factory=list)
    max_iterations: int = 25
    not_observed: list[str] = field(default_factory=list)
    #: The share of true matches the prior's strict rules find (estimated or the project's).
    rules_recall: float = 0.7
    #: Whether the scored pairs were weighed against rivals (``matching.one_to_one``).
    one_to_one: bool = False
    #: The rules expectation maximisation was run on (to repeat the training elsewhere).
    em_rule_specs: list[BlockingRuleSpec] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingReport:
        """The report as ``asdict`` wrote it (a saved project)."""
        rules = [BlockingRuleSpec.from_dict(r) for r in data.get("em_rule_specs", [])]
        return cls(**{**data, "em_rule_specs": rules})

    @property
    def not_converged(self) -> list[str]:
        """Training rules whose EM run stopped at the iteration limit rather than settling."""
        return [rule for rule, n in zip(self.em_rules, self.em_iterations, strict=True)
                if n >= self.max_iterations]

    def summary(self) -> list[str]:
        """The report in plain English, one sentence per point (what was estimated, then
        anything to watch)."""
        source = (f"estimated from pairs that agree on the strictest rules (which find about "
                  f"{self.rules_recall:.0%} of true matches)" if self.prior_estimated
                  else "set from the file sizes, because no pairs agreed on the strictest rules")
        lines = [
            f"The share of random pairs that match ({self.prior:.2g}) was {source}.",
            f"How often values agree by chance (u) was measured on {self.u_max_pairs:,} random "
            "pairs: an estimate from a sample, which is very close when the sample is large.",
        ]
        for rule, iterations in zip(self.em_rules, self.em_iterations, strict=True):
            lines.append(f"How often true matches agree (m) was learned from pairs with "
                         f"{rule.lower()} in {iterations} rounds of expectation maximisation.")
        if not self.em_rules:
            lines.append("No rule could be used to learn how often true matches agree, so "
                         "every comparison keeps default values.")
        for rule in self.not_converged:
            lines.append(f"Training on '{rule}' stopped at the limit of {self.max_iterations} "
                         "rounds before it settled: its values may be slightly off.")
        if self.not_observed:
            lines.append("Some levels were never seen in the training pairs and keep default "
                         "values (they matter only if such pairs are common): "
                         + "; ".join(self.not_observed) + ".")
        return lines


def levels_not_observed(linker: Linker) -> list[str]:
    """Comparison levels whose m or u could not be estimated ("comparison: level")."""
    out = []
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if not level.is_null_level and not level._is_trained:
                out.append(f"{comparison.output_column_name}: {level.label_for_charts}")
    return out


def u_sample_size(possible_pairs: int, records: int) -> int:
    """Random pairs used to estimate u: 10 per record, at least 300,000 and at most 1,000,000
    (every pair of data with fewer possible pairs).

    u is how often values agree by chance. Larger files hold more distinct values, so chance
    agreements on them are rarer and take more pairs to observe; beyond a million pairs the
    estimates stop changing. Measured with bench/u_sample.py on synthetic London data
    (pairwise precision / recall, training seconds): link 10k x 10k 0.979 / 0.980 with
    300,000 pairs in 2.0 s and 0.979 / 0.979 with 1,000,000 in 4.3 s; link 1M x 1M
    0.957 / 0.940 with 300,000, 0.958 / 0.946 with 1,000,000 (11 s) and the same with 3 and 10
    million (16 and 30 s).
    """
    wanted = min(max(U_PAIRS_PER_RECORD * records, U_SAMPLE_MIN_PAIRS), U_SAMPLE_MAX_PAIRS)
    return int(min(possible_pairs, wanted))


def deterministic_rules(config: MatchConfig) -> list[BlockingRuleSpec]:
    """Strict rules whose pairs are almost all true matches, used to estimate the prior."""
    by_role = {c.role: c.name for c in reversed(config.used_columns)}
    ex = Transform.EXACT
    rules: list[BlockingRuleSpec] = []
    names = [by_role.get(Role.FIRST_NAME), by_role.get(Role.SURNAME)]
    if all(names):
        name_keys = [BlockingKey(n, ex) for n in names if n]
    elif by_role.get(Role.FULL_NAME):
        name_keys = [BlockingKey(by_role[Role.FULL_NAME], ex)]
    else:
        name_keys = []
    dob, pc = by_role.get(Role.DATE_OF_BIRTH), by_role.get(Role.POSTCODE)
    if name_keys and dob:
        rules.append(BlockingRuleSpec((*name_keys, BlockingKey(dob, ex))))
    if name_keys and pc:
        rules.append(BlockingRuleSpec((*name_keys, BlockingKey(pc, ex))))
    for role in (Role.NHS_NUMBER, Role.NI_NUMBER, Role.EMAIL):
        if role in by_role and role in IDENTIFIER_ROLES:
            rules.append(BlockingRuleSpec((BlockingKey(by_role[role], ex),)))
    return rules


#: EM rules whose pairs are estimated to hold fewer true matches than this share go last.
MIN_EM_PRECISION = 0.1
#: The share of true matches the strict rules are assumed to find when it cannot be estimated.
DEFAULT_RULES_RECALL = 0.7
#: Estimates outside these bounds are not trusted.
RULES_RECALL_BOUNDS = (0.005, 0.99)


def prior_rules_recall(config: MatchConfig, rules: list[BlockingRuleSpec],
                       estimate: Callable[[list[BlockingRuleSpec]], float | None] | None
                       ) -> float:
    """The share of true matches the strict prior rules find: the project's figure, else the
    estimate (``estimate``), else ``DEFAULT_RULES_RECALL``."""
    if config.training.recall_of_deterministic_rules is not None:
        return config.training.recall_of_deterministic_rules
    found = estimate(rules) if estimate is not None else None
    low, high = RULES_RECALL_BOUNDS
    if found is None or not low <= found <= high:
        return DEFAULT_RULES_RECALL
    return found


def fallback_prior(config: MatchConfig, row_counts: Sequence[int]) -> float:
    """A cautious guess when no strict rule finds pairs: half the smaller file has a match."""
    if config.link_type == "link_only" and len(row_counts) == 2:
        return min(0.5, 0.5 * min(row_counts) / max(1, row_counts[0] * row_counts[1]))
    n = max(2, sum(row_counts))
    return min(0.5, 0.1 * n / (n * (n - 1) / 2))


def em_candidates(config: MatchConfig,
                  precision: Callable[[BlockingRuleSpec], float] | None = None
                  ) -> list[BlockingRuleSpec]:
    """Rules that give EM plenty of pairs with a good share of matches, most useful first:
    date of birth (trains names and addresses), whole names (trains dates and addresses),
    postcode (trains names and dates), then the blocking rules and single columns. Given the
    estimated share of true matches among a rule's pairs (``precision``), the blocking rules
    and single columns come in order of it, and rules with too few go last: on large files
    "the same date of birth" is mostly strangers, and EM would learn what makes strangers alike
    instead of what makes a match."""
    by_role = {c.role: c.name for c in reversed(config.used_columns)}
    ex = Transform.EXACT
    preferred: list[tuple[Role, ...]] = [
        (Role.DATE_OF_BIRTH,), (Role.FIRST_NAME, Role.SURNAME), (Role.FULL_NAME,),
        (Role.POSTCODE,),
    ]
    candidates = [
        BlockingRuleSpec(tuple(BlockingKey(by_role[r], ex) for r in roles))
        for roles in preferred
        if all(r in by_role for r in roles)
    ]
    others = list(config.blocking) + [
        BlockingRuleSpec((BlockingKey(spec.column, ex),)) for spec in config.comparisons
    ]
    if precision is None:
        return candidates + others
    share = {rule: precision(rule) for rule in [*candidates, *others]}
    others.sort(key=lambda rule: -share[rule])
    return sorted(candidates + others, key=lambda rule: share[rule] < MIN_EM_PRECISION)


def em_rules(config: MatchConfig, ctx: ComparisonContext,
             precision: Callable[[BlockingRuleSpec], float] | None = None
             ) -> list[BlockingRuleSpec]:
    """Blocking rules for EM, chosen so that every comparison is estimated at least once and
    no rule switches off every comparison (``precision``: see ``em_candidates``). A rule leaves
    at least two comparisons free where it can: with one, every pair in the block agrees on
    everything else, and EM has nothing to tell the matches that differ on it (people who
    moved) from strangers."""
    comparison_cols = {
        spec.column: comparison_columns(spec, ctx) for spec in config.comparisons
    }
    uncovered = set(comparison_cols)
    chosen: list[BlockingRuleSpec] = []
    candidates = em_candidates(config, precision)
    for least_free in sorted({min(2, len(comparison_cols) - 1), 1}, reverse=True):
        for rule in candidates:
            if not uncovered or len(chosen) >= config.training.max_em_rules:
                return chosen
            used = rule_columns(rule)
            trained = {name for name, cols in comparison_cols.items() if not cols & used}
            if len(trained) < least_free or not trained & uncovered or rule in chosen:
                continue
            chosen.append(rule)
            uncovered -= trained
    return chosen


def floor_m_probabilities(linker: Linker, floor: float = M_FLOOR) -> int:
    """Raise m probabilities below ``floor`` to it; returns how many were raised."""
    raised = 0
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m = level.m_probability
            if m is not None and m < floor:
                level.m_probability = floor
                raised += 1
    return raised


def train(linker: Linker, config: MatchConfig, row_counts: Sequence[int],
          possible_pairs: int, progress: Progress, *, candidate_pairs: int = 1,
          count_rule: Callable[[BlockingRuleSpec], int] | None = None,
          rules_recall: Callable[[list[BlockingRuleSpec]], float | None] | None = None,
          rule_precision: Callable[[BlockingRuleSpec], float] | None = None
          ) -> TrainingReport:
    """Estimate the model in place and report what happened. ``rules_recall`` estimates the
    share of true matches some strict rules find (for the prior), when the project does not
    say."""
    report = TrainingReport()
    ctx = comparison_context(config)

    progress(0.05, "Estimating how likely two random records are to match")
    rules = deterministic_rules(config)
    report.prior = fallback_prior(config, row_counts)
    if rules:
        report.rules_recall = prior_rules_recall(config, rules, rules_recall)
        try:
            linker.training.estimate_probability_two_random_records_match(
                [blocking_rule(r) for r in rules], recall=report.rules_recall,
            )
            estimated = float(linker._settings_obj._probability_two_random_records_match)
            if estimated > 0:
                report.prior, report.prior_estimated = estimated, True
        except (SplinkException, ValueError) as exc:
            log.info("prior estimation failed: %s", exc)
    if not report.prior_estimated:
        linker._settings_obj._probability_two_random_records_match = report.prior
        report.notes.append(
            "No pairs agreed exactly on the strictest rules, so the share of matching pairs "
            "was set from the file sizes rather than estimated."
        )

    report.u_max_pairs = (config.training.u_max_pairs
                          or u_sample_size(possible_pairs, sum(row_counts)))
    progress(0.15, f"Learning how often values agree by chance ({report.u_max_pairs:,} "
                   "random pairs)")
    linker.training.estimate_u_using_random_sampling(
        max_pairs=report.u_max_pairs, seed=config.training.seed
    )

    chosen = em_rules(config, ctx, rule_precision) if candidate_pairs > 0 else []
    report.em_rule_specs = chosen
    if candidate_pairs == 0:
        report.notes.append("The blocking rules find no pairs to compare, so no records can "
                            "match: the files have nothing in common on those columns.")
    trained: set[str] = set()
    for i, rule in enumerate(chosen):
        progress(0.45 + 0.4 * i / max(1, len(chosen)),
                 f"Learning how often true matches agree ({describe_rule(rule).lower()})")
        if count_rule is not None and count_rule(rule) == 0:
            report.notes.append(f"Skipped training on '{describe_rule(rule)}': no pairs.")
            continue
        # A session that fails part-way leaves Splink's model holding only the comparisons it
        # was estimating (Splink 5.0.0): keep the whole model to put back.
        before = linker._settings_obj.core_model_settings.copy()
        try:
            session = linker.training.estimate_parameters_using_expectation_maximisation(
                blocking_rule(rule), estimate_without_term_frequencies=True,
                max_pairs=EM_MAX_PAIRS,
            )
        except (EMTrainingException, SplinkException, ValueError) as exc:
            linker._settings_obj.core_model_settings = before
            report.notes.append(f"Skipped training on '{describe_rule(rule)}': {exc}")
            continue
        report.em_rules.append(describe_rule(rule))
        report.em_iterations.append(len(session._core_model_settings_history))
        skipped = {c.output_column_name for c in session._comparisons_that_cannot_be_estimated}
        trained |= {spec.column for spec in config.comparisons if spec.column not in skipped}
    report.max_iterations = int(linker._settings_obj.training_settings.max_iterations)
    report.not_observed = levels_not_observed(linker)
    floored = floor_m_probabilities(linker)
    if floored:
        report.notes.append(
            f"{floored} level(s) were almost never seen among matches; their evidence against "
            "a match was capped so that no single difference can veto a pair."
        )
    report.untrained = [s.column for s in config.comparisons if s.column not in trained]
    if report.untrained:
        report.notes.append(
            "These comparisons kept default match probabilities because no training rule "
            "could estimate them: " + ", ".join(report.untrained) + "."
        )
    return report
