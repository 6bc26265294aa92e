"""Derive Splink settings from the project configuration: the only place Splink objects are built."""

from __future__ import annotations

import re
from dataclasses import dataclass

from splink import ColumnExpression, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from matching.comparisons import (
    CANONICAL_SUFFIX,
    DISTRICT_REGEX,
    NUMBERS_SUFFIX,
    PHONETIC_SUFFIX,
    SECTOR_REGEX,
    WORDS_SUFFIX,
    ComparisonContext,
    build_comparison,
)
from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ComparisonKind,
    ComparisonSpec,
    MatchConfig,
    Transform,
)
from matching.errors import ConfigError
from matching.prepare import prepared_column_names
from matching.roles import Role
from matching.sql_rules import sql_rule_columns

UNIQUE_ID = "unique_id"
SOURCE_DATASET = "source_dataset"


def comparison_context(config: MatchConfig, *, split_home: bool = True) -> ComparisonContext:
    """What the comparison templates may rely on, given the columns in use. Without
    ``split_home``, no level says "at the same home" (the model is trained that way; see
    ``matching.home_evidence``)."""
    used = config.used_columns
    first = next((c.name for c in used if c.role is Role.FIRST_NAME), None)
    surname = next((c.name for c in used if c.role is Role.SURNAME), None)
    code = next((c for c in used if c.role in (Role.POSTCODE, Role.POSTAL_CODE)), None)
    home = home_key(config) if split_home else None
    return ComparisonContext(
        available_columns=frozenset(prepared_column_names(config)),
        first_name_column=first,
        surname_column=surname,
        postcode_column=None if code is None else code.name,
        postcode_is_uk=code is None or code.role is Role.POSTCODE,
        home_condition=None if home is None else home.pair_condition,
        family_condition=_family(config, home, surname),
    )


def _family(config: MatchConfig, home: HomeKey | None, surname: str | None) -> str | None:
    """The same home and the same surname on a pair (SQL), when the surname is compared at
    home; None otherwise."""
    if home is None or surname is None or not any(
            s.column == surname and s.at_home for s in config.comparisons):
        return None
    return f'{home.pair_condition} AND "{surname}_l" = "{surname}_r"'


@dataclass(frozen=True)
class HomeKey:
    """Where a record's people live, as the strongest key the set-up compares: a UPRN, else a
    postcode with the house and flat numbers, else the address, else the postcode.

    ``value`` is the key on one table, ``pair_condition`` the same on a pair, ``columns`` what
    it reads; ``comparison`` is the comparison whose level ``level`` (counting the missing-value
    level as 0) is exactly "the same home"."""

    value: str
    pair_condition: str
    columns: frozenset[str]
    comparison: str
    level: int


def home_key(config: MatchConfig) -> HomeKey | None:
    """The key of "the same home" for ``config``, or None when nothing compared says where
    people live."""
    kinds = {c.column: c.kind for c in config.comparisons}
    roles = {c.name: c.role for c in config.used_columns}

    def same(*columns: str) -> str:
        return " AND ".join(f'"{c}_l" = "{c}_r"' for c in columns)

    for column in kinds:
        if roles.get(column) is Role.UPRN:
            return HomeKey(f'"{column}"', same(column), frozenset({column}), column, 1)
    for column, kind in kinds.items():
        if kind is ComparisonKind.ADDRESS_AND_POSTCODE:
            code = next((c.name for c in config.used_columns
                         if c.role in (Role.POSTCODE, Role.POSTAL_CODE)), None)
            numbers = column + NUMBERS_SUFFIX
            if code is not None:
                return HomeKey(f"\"{code}\" || '|' || \"{numbers}\"", same(code, numbers),
                               frozenset({code, numbers}), column, 1)
        if kind is ComparisonKind.ADDRESS:
            return HomeKey(f'"{column}"', same(column), frozenset({column}), column, 1)
    for column, kind in kinds.items():
        if kind in (ComparisonKind.POSTCODE, ComparisonKind.CODE) and \
                roles.get(column) in (Role.POSTCODE, Role.POSTAL_CODE):
            return HomeKey(f'"{column}"', same(column), frozenset({column}), column, 1)
    return None


def key_expression(key: BlockingKey) -> ColumnExpression | str:
    """The value records must share for ``key``."""
    match key.transform:
        case Transform.EXACT:
            return key.column
        case Transform.FIRST_LETTERS:
            return ColumnExpression(key.column).substr(1, max(1, key.length))
        case Transform.PHONETIC:
            return key.column + PHONETIC_SUFFIX
        case Transform.YEAR:
            return ColumnExpression(key.column).substr(1, 4)
        case Transform.POSTCODE_DISTRICT:
            return ColumnExpression(key.column).regex_extract(DISTRICT_REGEX)
        case Transform.POSTCODE_SECTOR:
            return ColumnExpression(key.column).regex_extract(SECTOR_REGEX)
        case Transform.HOUSE_NUMBERS:
            return key.column + NUMBERS_SUFFIX
        case Transform.LAST_LETTERS:
            return ColumnExpression(key.column).regex_extract(f".{{{max(1, key.length)}}}$")
    raise ConfigError(f"Unknown blocking transform {key.transform!r}.")


def key_columns(key: BlockingKey) -> set[str]:
    """The prepared columns a blocking key reads."""
    if key.transform is Transform.PHONETIC:
        return {key.column + PHONETIC_SUFFIX}
    if key.transform is Transform.HOUSE_NUMBERS:
        return {key.column + NUMBERS_SUFFIX}
    return {key.column}


def blocking_rule(rule: BlockingRuleSpec) -> BlockingRuleCreator:
    """The Splink blocking rule for ``rule``."""
    if rule.sql:
        return CustomRule(rule.sql, sql_dialect="duckdb")
    if not rule.keys:
        raise ConfigError("A blocking rule needs at least one column.")
    return block_on(*(key_expression(key) for key in rule.keys))


def rule_columns(rule: BlockingRuleSpec) -> set[str]:
    """The prepared columns a blocking rule reads."""
    if rule.sql:
        return sql_rule_columns(rule.sql)
    return set().union(*(key_columns(key) for key in rule.keys))


def comparison_columns(spec: ComparisonSpec, ctx: ComparisonContext) -> set[str]:
    """The prepared columns a comparison reads (its own, derived ones, swap partners)."""
    columns = {spec.column}
    for other in (ctx.first_name_column, ctx.surname_column):
        if other and spec.column in (ctx.first_name_column, ctx.surname_column):
            columns.add(other)
    if spec.kind is ComparisonKind.ADDRESS_AND_POSTCODE and ctx.postcode_column:
        columns.add(ctx.postcode_column)
    if spec.kind is ComparisonKind.FORENAME_SURNAME and ctx.surname_column:
        columns.add(ctx.surname_column)
    if spec.other_column:
        columns.add(spec.other_column)
    if spec.at_home and ctx.home_condition:
        columns |= set(re.findall(r'"([^"]+)_[lr]"', ctx.home_condition))
    for suffix in (PHONETIC_SUFFIX, CANONICAL_SUFFIX, NUMBERS_SUFFIX, WORDS_SUFFIX):
        if spec.column + suffix in ctx.available_columns:
            columns.add(spec.column + suffix)
    return columns


def to_settings(config: MatchConfig, *, prior: float | None = None,
                split_home: bool = True) -> SettingsCreator:
    """Splink settings for ``config``: the scoring model, or without ``split_home`` the model
    that is trained (see ``comparison_context``)."""
    if not config.comparisons:
        raise ConfigError(
            "No columns are being compared.",
            hint="Choose at least one column to compare on the Comparisons page.",
        )
    if not config.blocking:
        raise ConfigError(
            "There are no blocking rules, so no pairs would be compared.",
            hint="Add at least one rule on the Blocking page.",
        )
    ctx = comparison_context(config, split_home=split_home)
    return SettingsCreator(
        link_type=config.link_type,
        unique_id_column_name=UNIQUE_ID,
        comparisons=[build_comparison(spec, ctx) for spec in config.comparisons],
        blocking_rules_to_generate_predictions=[blocking_rule(r) for r in config.blocking],
        probability_two_random_records_match=prior if prior is not None else 0.0001,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        # With one input Splink leaves out source_dataset; keep it so outputs look alike.
        additional_columns_to_retain=[SOURCE_DATASET] if config.link_type == "dedupe_only" else [],
        em_convergence=0.0001,
        max_iterations=25,
    )
