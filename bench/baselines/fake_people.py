"""``fake_people_*``: as Splink's tutorial on ``fake_1000`` (a name comparison per name
column, date of birth, city with TF, email)."""

from __future__ import annotations

import time
from pathlib import Path

import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from bench.baselines.common import (
    PAIR_FLOOR_WEIGHT,
    iso_date,
    letters,
    linker_for,
    read_set,
    save,
    text,
    u_pairs,
)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    frames = {stem: f.select(
        "unique_id",
        letters("first_name").alias("first_name"),
        letters("surname").alias("surname"),
        iso_date("dob", "%Y-%m-%d").alias("dob"),
        text("city").alias("city"),
        text("email").alias("email"),
    ) for stem, f in frames.items()}
    rules = [
        block_on("first_name", "dob"),
        block_on("surname"),
        block_on("email"),
        block_on("dob", "city"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match([
        "l.first_name = r.first_name and levenshtein(r.dob, l.dob) <= 1",
        "l.surname = r.surname and levenshtein(r.dob, l.dob) <= 1",
        "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
        block_on("email"),
    ], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
