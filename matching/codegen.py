"""'Show me the code': the project as a standalone Splink 5 script a learner can run and change.

The script reads the cleaned tables the workbench prepared (``write_prepared_inputs`` writes them
as Parquet), builds the same settings (every comparison level with the SQL the workbench runs,
and the same blocking rules), trains as the engine does (prior from strict rules, u by random
sampling, m by expectation maximisation on the engine's training rules), scores the pairs and
clusters them at the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matching.blocking import possible_pairs
from matching.comparisons import (
    CATALOGUE,
    DISTRICT_REGEX,
    NUMBERS_SUFFIX,
    PHONETIC_SUFFIX,
    SECTOR_REGEX,
    levels_sql,
)
from matching.config import BlockingKey, BlockingRuleSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.settings import SOURCE_DATASET, UNIQUE_ID, comparison_context
from matching.training import (
    EM_MAX_PAIRS,
    M_FLOOR,
    U_SAMPLE_MAX_PAIRS,
    deterministic_rules,
    em_rules,
    u_sample_size,
)

#: Pairs scoring below this match weight are not kept (as in ``matching.pipeline``).
FLOOR_WEIGHT = -10.0
DEFAULT_THRESHOLD_PROBABILITY = 0.9


def prepared_file_name(dataset_name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in dataset_name)
    return f"{safe}_prepared.parquet"


def write_prepared_inputs(workspace: Workspace, config: MatchConfig, folder: Path) -> list[Path]:
    """Write the session's cleaned tables as Parquet files the script reads."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with workspace.lock:
        for spec, table in zip(config.datasets, workspace.input_tables, strict=True):
            path = folder / prepared_file_name(spec.name)
            workspace.con.sql(f'SELECT * FROM "{table}"').pl().write_parquet(path)
            paths.append(path)
    return paths


def _key_code(key: BlockingKey) -> str:
    c = repr(key.column)
    match key.transform:
        case Transform.FIRST_LETTERS:
            return f"ColumnExpression({c}).substr(1, {max(1, key.length)})"
        case Transform.PHONETIC:
            return repr(key.column + PHONETIC_SUFFIX)
        case Transform.YEAR:
            return f"ColumnExpression({c}).substr(1, 4)"
        case Transform.POSTCODE_DISTRICT:
            return f"ColumnExpression({c}).regex_extract({DISTRICT_REGEX!r})"
        case Transform.POSTCODE_SECTOR:
            return f"ColumnExpression({c}).regex_extract({SECTOR_REGEX!r})"
        case Transform.LAST_LETTERS:
            pattern = ".{" + str(max(1, key.length)) + "}$"
            return f"ColumnExpression({c}).regex_extract({pattern!r})"
        case Transform.HOUSE_NUMBERS:
            return repr(key.column + NUMBERS_SUFFIX)
    return c


def rule_code(rule: BlockingRuleSpec) -> str:
    """A blocking rule as Splink Python."""
    if rule.sql:
        return f'CustomRule({rule.sql!r}, sql_dialect="duckdb")'
    return f"block_on({', '.join(_key_code(k) for k in rule.keys)})"


def _comparison_code(config: MatchConfig, index: int) -> str:
    spec = config.comparisons[index]
    ctx = comparison_context(config)
    lines = [
        "    cl.CustomComparison(",
        f"        output_column_name={spec.column!r},",
        f"        comparison_description={f'{CATALOGUE[spec.kind].label}: {spec.column}'!r},",
        "        comparison_levels=[",
    ]
    for level in levels_sql(spec, ctx):
        lines.append(f"            # {level.description}")
        if level.sql_condition.strip().upper() == "ELSE":
            lines.append(f"            cll.ElseLevel().configure(label_for_charts={level.label!r}),")
            continue
        options = [f"label_for_charts={level.label!r}"]
        if level.is_null_level:
            options.append("is_null_level=True")
        if level.tf_adjustment_column:
            options.append(f"tf_adjustment_column={level.tf_adjustment_column!r}")
        lines.append(f"            cll.CustomLevel({level.sql_condition!r})"
                     f".configure({', '.join(options)}),")
    lines += ["        ],", "    ),"]
    return "\n".join(lines)


def _list(items: Sequence[str], indent: str = "    ") -> str:
    return "[\n" + "".join(f"{indent}{item},\n" for item in items) + "]"


def splink_script(config: MatchConfig, *, u_max_pairs: int | None = None,
                  threshold_match_weight: float | None = None) -> str:
    """A runnable Python script reproducing ``config`` with Splink on DuckDB."""
    ctx = comparison_context(config)
    rows = [d.rows for d in config.datasets]
    u_pairs = (u_max_pairs or config.training.u_max_pairs
               or (u_sample_size(possible_pairs(config, rows), sum(rows)) if all(rows)
                   else U_SAMPLE_MAX_PAIRS))
    weight = threshold_match_weight if threshold_match_weight is not None \
        else config.threshold_match_weight
    if weight is None:
        threshold_arg = f"threshold_match_probability={DEFAULT_THRESHOLD_PROBABILITY!r}"
        above = f"match_probability >= {DEFAULT_THRESHOLD_PROBABILITY!r}"
    else:
        threshold_arg = f"threshold_match_weight={weight!r}"
        above = f"match_weight >= {weight!r}"
    inputs = {d.name: prepared_file_name(d.name) for d in config.datasets}
    extra = [SOURCE_DATASET] if config.link_type == "dedupe_only" else []
    prior_rules = [rule_code(r) for r in deterministic_rules(config)]
    training_rules = [rule_code(r) for r in em_rules(config, ctx)]
    comparisons = "\n".join(_comparison_code(config, i) for i in range(len(config.comparisons)))
    register = (
        "tables = [\n"
        "    db_api.register(pl.read_parquet(path), dataset_display_name=name, "
        "table_name=f\"t_{i}\")\n"
        "    for i, (name, path) in enumerate(INPUTS.items())\n"
        "]\n"
    )
    prior = (
        "try:\n"
        "    linker.training.estimate_probability_two_random_records_match(\n"
        f"        {_list(prior_rules, '        ')[:-1]}        ],\n"
        f"        recall={config.training.recall_of_deterministic_rules!r},\n"
        "    )\n"
        "except Exception as exc:  # no pair agrees on the strict rules\n"
        "    print(\"Prior not estimated:\", exc)\n"
        if prior_rules else "# No strict rules to estimate the prior from: Splink's default is kept.\n"
    )
    return f'''"""Matching project {", ".join(inputs)!s} as a standalone Splink 5 script.

Generated by Matching Workbench. It reads the cleaned tables the workbench prepared (export them
from the workbench, or point INPUTS at your own files with the same columns), then trains,
scores and clusters exactly as the workbench set-up says. Change anything and run it again.
"""

import logging

import polars as pl
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

INPUTS = {inputs!r}

db_api = DuckDBAPI()
{register}
# Pairs are compared only when they satisfy at least one blocking rule.
blocking_rules = {_list([rule_code(r) for r in config.blocking])}

# Each comparison puts a pair in its first matching level; the model learns each level's weight.
comparisons = [
{comparisons}
]

settings = SettingsCreator(
    link_type={config.link_type!r},
    unique_id_column_name={UNIQUE_ID!r},
    comparisons=comparisons,
    blocking_rules_to_generate_predictions=blocking_rules,
    retain_matching_columns=True,
    retain_intermediate_calculation_columns=True,
    additional_columns_to_retain={extra!r},
    em_convergence=0.0001,
    max_iterations=25,
)
linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.WARNING)

# 1. How likely two random records are to match, from strict rules that find almost only matches.
{prior}
# 2. How often values agree by chance (u), from random pairs.
linker.training.estimate_u_using_random_sampling(max_pairs={u_pairs:_}, seed={config.training.seed})

# 3. How often true matches agree (m), by expectation maximisation. A rule's own columns are not
#    estimated in its session, so several rules are used.
for rule in {_list(training_rules)}:
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs={EM_MAX_PAIRS:_}
        )
    except Exception as exc:  # e.g. the rule finds no pairs
        print("Skipped a training rule:", exc)

# The workbench's floor on m: no single difference may veto a pair on its own.
for comparison in linker._settings_obj.comparisons:
    for level in comparison.comparison_levels:
        if not level.is_null_level and level.m_probability is not None:
            level.m_probability = max(level.m_probability, {M_FLOOR!r})

# 4. Score every candidate pair (pairs below match weight {FLOOR_WEIGHT} are dropped).
pairs = linker.inference.predict(threshold_match_weight={FLOOR_WEIGHT})

# 5. Group records into clusters of the same person at the threshold.
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, {threshold_arg})

# 6. Write the pairs above the threshold and every record's cluster ID.
scored = pairs.as_duckdbpyrelation()
kept = scored.filter("{above}")
kept.select(
    "unique_id_l, unique_id_r, match_weight, match_probability, source_dataset_l, source_dataset_r"
).order("match_weight DESC").write_csv("pairs.csv")
clusters.as_duckdbpyrelation().select("source_dataset, unique_id, cluster_id").write_csv(
    "clusters.csv")
n_pairs = scored.count("*").fetchall()[0][0]
n_above = kept.count("*").fetchall()[0][0]
print(f"{{n_pairs}} pairs scored; {{n_above}} above the threshold.")
print("Wrote pairs.csv and clusters.csv")
'''
