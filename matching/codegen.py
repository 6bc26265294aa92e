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
    AT_HOME_LABEL,
    CATALOGUE,
    DISTRICT_REGEX,
    NUMBERS_SUFFIX,
    PHONETIC_SUFFIX,
    SECTOR_REGEX,
    levels_sql,
)
from matching.config import BlockingKey, BlockingRuleSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.home_evidence import MIN_HOME_PAIRS, MIN_U, HomePlan, home_plan
from matching.one_to_one import rivals_sql
from matching.settings import SOURCE_DATASET, UNIQUE_ID, comparison_context
from matching.training import (
    EM_MAX_PAIRS,
    M_FLOOR,
    U_SAMPLE_MAX_PAIRS,
    TrainingReport,
    deterministic_rules,
    em_rules,
    prior_rules_recall,
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


def _comparison_code(config: MatchConfig, index: int, *, split_home: bool = True) -> str:
    spec = config.comparisons[index]
    ctx = comparison_context(config, split_home=split_home)
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


def _comparisons_code(config: MatchConfig, *, split_home: bool) -> str:
    return "\n".join(_comparison_code(config, i, split_home=split_home)
                     for i in range(len(config.comparisons)))


def _home_code(config: MatchConfig, plan: HomePlan | None) -> str:
    """Step 4 of the script: the scoring model, with agreement at a shared home measured."""
    if plan is None:
        return "# 4. Nothing compared says where people live, so the trained model scores the pairs.\n"
    return f'''# 4. People who share a home share much else (a surname, an email, a landline; twins a date
#    of birth), so agreeing at a shared home says less than agreeing elsewhere. The scoring
#    model splits those levels in two; how often *other* people at one home agree is measured
#    from the data, less the true matches the trained model expects there.
scoring_comparisons = [
{_comparisons_code(config, split_home=True)}
]
HOME_KEY = {plan.key!r}  # "the same home", on one record
PERSON_KEY = {plan.person!r}  # tells the people at one home apart (None: not compared)
HOME_LEVEL = ({plan.comparison!r}, {plan.level})  # the level of that comparison that says so
FAMILY_SURNAME = {plan.family!r}  # with the home, this makes a family
SPLIT_AT_HOME = {list(plan.columns)!r}


def pairs_sharing(keys, having=None):
    """Pairs of records (across the files for a link) that agree on every key, among records
    that have ``having``."""
    names = [f"k{{i}}" for i in range(len(keys))]
    select = ", ".join(f"{{k}} AS {{n}}" for k, n in zip(keys, names))
    if having is not None:
        select += f", {{having}} AS k_having"
    where = " AND ".join(f"{{n}} IS NOT NULL" for n in names + (["k_having"] if having else []))
    counted = [f"SELECT {{', '.join(names)}}, count(*) AS n FROM (SELECT {{select}} FROM {{t}}) "
               f"WHERE {{where}} GROUP BY ALL" for t in INPUT_TABLES]
    if LINK:
        sql = (f"SELECT sum(a.n * b.n) FROM ({{counted[0]}}) a JOIN ({{counted[1]}}) b "
               f"USING ({{', '.join(names)}})")
    else:
        sql = f"SELECT sum(n * (n - 1) / 2) FROM ({{counted[0]}})"
    return float(con.sql(sql).fetchall()[0][0] or 0)


def levels_of(model, column):
    return next(c for c in model["comparisons"]
                if c["output_column_name"] == column)["comparison_levels"]


trained = linker.misc.save_model_to_json()
model = dict(trained, comparisons=settings_for(scoring_comparisons)["comparisons"])
for comparison in model["comparisons"]:  # every level keeps its trained m and u
    learned = {{lv.get("label_for_charts"): lv
               for lv in levels_of(trained, comparison["output_column_name"])}}
    levels = comparison["comparison_levels"]
    for i, level in enumerate(levels):
        source = learned.get(level.get("label_for_charts"))
        if source is None and {AT_HOME_LABEL!r} in str(level.get("label_for_charts")):
            source = learned.get(levels[i + 1].get("label_for_charts"))  # the exact level
        for key in ("m_probability", "u_probability"):
            if source is not None and source.get(key) is not None:
                level[key] = source[key]

matches = model["probability_two_random_records_match"] * POSSIBLE_PAIRS
within = {{None: ([HOME_KEY], levels_of(model, HOME_LEVEL[0])[HOME_LEVEL[1]]["m_probability"])}}
for column in SPLIT_AT_HOME:
    levels = levels_of(model, column)
    index = next(i for i, lv in enumerate(levels) if {AT_HOME_LABEL!r} in lv["label_for_charts"])
    level, exact = levels[index], levels[index + 1]
    keys, share = within[FAMILY_SURNAME if column != FAMILY_SURNAME and FAMILY_SURNAME in within
                         else None]
    agreed = [*keys, f'"{{column}}"']
    if PERSON_KEY is not None:  # different people: their first names sound different
        others = pairs_sharing(keys, PERSON_KEY) - pairs_sharing([*keys, PERSON_KEY])
        agreeing = pairs_sharing(agreed, PERSON_KEY) - pairs_sharing([*agreed, PERSON_KEY])
    else:  # less the true matches the model expects
        others = pairs_sharing(keys) - matches * share
        agreeing = pairs_sharing(agreed) - matches * share * exact["m_probability"]
    if others >= {MIN_HOME_PAIRS}:
        floor = max(exact["u_probability"], {MIN_U!r})
        level["u_probability"] = min(0.99, max(floor, agreeing / others))
    if column == FAMILY_SURNAME:
        within[column] = ([*keys, f'"{{column}}"'], share * exact["m_probability"])
linker = Linker(tables if len(tables) > 1 else tables[0], model, log_level=logging.WARNING)
'''


def _list(items: Sequence[str], indent: str = "    ") -> str:
    return "[\n" + "".join(f"{indent}{item},\n" for item in items) + "]"


def script_for(config: MatchConfig, training: TrainingReport | None = None, *,
               threshold_match_weight: float | None = None) -> str:
    """The script for ``config``, repeating what a run (its ``training`` report) found."""
    if training is None:
        return splink_script(config, threshold_match_weight=threshold_match_weight)
    return splink_script(config, threshold_match_weight=threshold_match_weight,
                         u_max_pairs=training.u_max_pairs, prior_recall=training.rules_recall,
                         one_to_one=training.one_to_one, trained_on=training.em_rule_specs)


def splink_script(config: MatchConfig, *, u_max_pairs: int | None = None,
                  threshold_match_weight: float | None = None, prior_recall: float | None = None,
                  one_to_one: bool | None = None,
                  trained_on: Sequence[BlockingRuleSpec] | None = None) -> str:
    """A runnable Python script reproducing ``config`` with Splink on DuckDB.

    ``prior_recall`` and ``one_to_one`` are what a run of the workbench found from the data
    (the share of true matches the strict prior rules find; whether each file holds each
    person once); without them the script says what it assumes.
    """
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
    training_rules = [rule_code(r) for r in (
        trained_on if trained_on is not None
        else em_rules(config, comparison_context(config, split_home=False)))]
    link = config.link_type == "link_only" and len(config.datasets) == 2
    recall = prior_recall if prior_recall is not None else prior_rules_recall(config, [], None)
    recall_note = ("estimated by the workbench from pairs that agree on several columns"
                   if prior_recall is not None else "assumed")
    prior = (
        "try:\n"
        "    linker.training.estimate_probability_two_random_records_match(\n"
        f"        {_list(prior_rules, '        ')[:-1]}        ],\n"
        f"        recall={recall!r},  # the share of true matches these rules find ({recall_note})\n"
        "    )\n"
        "except Exception as exc:  # no pair agrees on the strict rules\n"
        "    print(\"Prior not estimated:\", exc)\n"
        if prior_rules else "# No strict rules to estimate the prior from: Splink's default is kept.\n"
    )
    rivals = (
        "# 6. Each file holds each person at most once (the workbench found no duplicates inside\n"
        "#    either file), so a record matches at most one record of the other: each pair's\n"
        "#    odds are weighed against its records' other pairs.\n"
        f"con.execute(\"\"\"{rivals_sql('{table}')}\"\"\".format(table=pairs.physical_name))\n"
        if one_to_one else
        "# 6. Pairs are kept as the model scored them (records may match several others).\n"
    )
    return f'''"""Matching project {", ".join(inputs)!s} as a standalone Splink 5 script.

Generated by Matching Workbench. It reads the cleaned tables the workbench prepared (export them
from the workbench, or point INPUTS at your own files with the same columns), then trains,
scores and clusters exactly as the workbench set-up says. Change anything and run it again.
"""

import logging

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

INPUTS = {inputs!r}
LINK = {link!r}

con = duckdb.connect()
db_api = DuckDBAPI(connection=con)
INPUT_TABLES = [f"input_{{i}}" for i in range(len(INPUTS))]
for table, path in zip(INPUT_TABLES, INPUTS.values()):
    con.read_parquet(path).create(table)
tables = [
    db_api.register(table, dataset_display_name=name, table_name=f"t_{{i}}")
    for i, (table, name) in enumerate(zip(INPUT_TABLES, INPUTS))
]
sizes = [con.sql(f"SELECT count(*) FROM {{t}}").fetchall()[0][0] for t in INPUT_TABLES]
POSSIBLE_PAIRS = sizes[0] * sizes[1] if LINK else sum(sizes) * (sum(sizes) - 1) // 2

# Pairs are compared only when they satisfy at least one blocking rule.
blocking_rules = {_list([rule_code(r) for r in config.blocking])}

# Each comparison puts a pair in its first matching level; the model learns each level's weight.
comparisons = [
{_comparisons_code(config, split_home=False)}
]


def settings_for(comparisons):
    return SettingsCreator(
        link_type={config.link_type!r},
        unique_id_column_name={UNIQUE_ID!r},
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain={extra!r},
        em_convergence=0.0001,
        max_iterations=25,
    ).create_settings_dict("duckdb")


linker = Linker(tables if len(tables) > 1 else tables[0], settings_for(comparisons),
                log_level=logging.WARNING)

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

{_home_code(config, home_plan(config))}
# 5. Score every candidate pair (pairs below match weight {FLOOR_WEIGHT} are dropped).
pairs = linker.inference.predict(threshold_match_weight={FLOOR_WEIGHT})

{rivals}
# 7. Group records into clusters of the same person at the threshold.
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, {threshold_arg})

# 8. Write the pairs above the threshold and every record's cluster ID.
scored = con.table(pairs.physical_name)
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
