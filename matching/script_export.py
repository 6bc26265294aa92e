"""Export as Python: a standalone Splink script that repeats a project's run on DuckDB.

The script needs only Splink (and what it installs): it reads the cleaned inputs the workbench
exports as Parquet, trains the model the way the workbench does (prior from strict rules, chance
agreement from random pairs, EM on chosen rules), scores the pairs, clusters them at the
project's threshold and writes ``pairs.csv`` and ``clusters.csv``. It is meant to be read.
"""

from __future__ import annotations

import json
from typing import Any

from matching.blocking import describe_rule, possible_pairs
from matching.config import MatchConfig
from matching.settings import blocking_rule, comparison_context, to_settings
from matching.training import EM_MAX_PAIRS, M_FLOOR, deterministic_rules, em_rules, u_sample_size

#: Used when the project has no threshold of its own (the workbench then recommends one).
DEFAULT_SCRIPT_THRESHOLD = 0.0


def cleaned_input_name(dataset_name: str) -> str:
    """The file name the script expects for a dataset's cleaned records."""
    return f"{dataset_name}.cleaned.parquet"


def _rule_sql(rule: Any) -> str:
    return str(blocking_rule(rule).get_blocking_rule("duckdb").blocking_rule_sql)


def _literal(value: Any) -> str:
    """``value`` as Python source (JSON is valid Python for these plain values)."""
    return json.dumps(value, indent=4, ensure_ascii=False).replace(": null", ": None").replace(
        ": true", ": True").replace(": false", ": False")


def splink_script(config: MatchConfig) -> str:
    """The Python source of a script that reproduces ``config``'s run with Splink on DuckDB."""
    settings = to_settings(config).create_settings_dict("duckdb")
    rows = [d.rows for d in config.datasets]
    u_pairs = config.training.u_max_pairs or u_sample_size(possible_pairs(config, rows))
    prior = [(describe_rule(r), _rule_sql(r)) for r in deterministic_rules(config)]
    em = [(describe_rule(r), _rule_sql(r)) for r in em_rules(config, comparison_context(config))]
    threshold = (DEFAULT_SCRIPT_THRESHOLD if config.threshold_match_weight is None
                 else config.threshold_match_weight)
    inputs = {d.name: cleaned_input_name(d.name) for d in config.datasets}
    prior_lines = "".join(f"    # {desc}\n    {sql!r},\n" for desc, sql in prior)
    em_lines = "".join(f"    # {desc}\n    {sql!r},\n" for desc, sql in em)
    return f'''"""Repeat a Matching Workbench run with Splink on DuckDB.

Files: put the cleaned inputs the workbench exported next to this script:
{chr(10).join(f"    {file}  ({name})" for name, file in inputs.items())}
Run:   python reproduce_matching.py      (needs: pip install splink)
Out:   pairs.csv (pairs at or above the threshold) and clusters.csv (a cluster ID per record).

How it works, step by step:
1. Register the cleaned tables with Splink's DuckDB backend.
2. Estimate the prior: the share of pairs that match, from strict rules.
3. Estimate u: how often values agree by chance, from random pairs.
4. Estimate m: how often values agree among true matches, by expectation maximisation (EM).
5. Score every pair the blocking rules create; cluster the pairs above the threshold.
"""

import logging

import pyarrow.parquet as pq
from splink import DuckDBAPI, Linker

INPUTS = {_literal(inputs)}

# The model: comparisons (each with its levels, as SQL) and blocking rules, exactly as the
# workbench built them. Splink fills in the m and u probabilities when it trains.
SETTINGS = {_literal(settings)}

# Strict rules: pairs agreeing on all of a rule's columns are almost always the same person.
PRIOR_RULES = [
{prior_lines}]
PRIOR_RECALL = {config.training.recall_of_deterministic_rules!r}

U_MAX_PAIRS = {u_pairs!r}  # random pairs used to learn chance agreement
SEED = {config.training.seed!r}

# EM rules: each trains every comparison except the columns the rule itself uses.
EM_RULES = [
{em_lines}]
EM_MAX_PAIRS = {EM_MAX_PAIRS!r}
M_FLOOR = {M_FLOOR!r}  # no single difference may veto a pair

THRESHOLD = {threshold!r}  # match weight: pairs at or above it are matches
PREDICTION_FLOOR = -10.0  # pairs scoring below this are not kept


def main() -> None:
    db_api = DuckDBAPI()
    tables = [
        db_api.register(pq.read_table(path), dataset_display_name=name, table_name=f"t_{{i}}")
        for i, (name, path) in enumerate(INPUTS.items())
    ]
    linker = Linker(tables if len(tables) > 1 else tables[0], SETTINGS, log_level=logging.WARNING)

    if PRIOR_RULES:
        linker.training.estimate_probability_two_random_records_match(PRIOR_RULES, recall=PRIOR_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    for rule in EM_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS)
    for comparison in linker._settings_obj.comparisons:  # the workbench's floor on m
        for level in comparison.comparison_levels:
            if not level.is_null_level and level.m_probability is not None:
                level.m_probability = max(level.m_probability, M_FLOOR)

    predictions = linker.inference.predict(threshold_match_weight=PREDICTION_FLOOR)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_weight=THRESHOLD)
    keys = "unique_id_l, unique_id_r, match_weight, match_probability, source_dataset_l, source_dataset_r"
    predictions.as_duckdbpyrelation().filter(f"match_weight >= {{THRESHOLD}}").select(keys).order(
        "match_weight DESC").write_csv("pairs.csv")
    clusters.as_duckdbpyrelation().select("source_dataset, unique_id, cluster_id").write_csv(
        "clusters.csv")
    print("Wrote pairs.csv and clusters.csv")


if __name__ == "__main__":
    main()
'''
