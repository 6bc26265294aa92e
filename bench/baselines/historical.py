"""``historical_50k``: as Splink's own example for this data (names with TF on the full name,
date of birth, fake postcode, birth place and occupation with TF)."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

from bench.baselines.common import (
    PAIR_FLOOR_WEIGHT,
    iso_date,
    letters,
    linker_for,
    read_set,
    save,
    text,
    uk_postcode,
)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    frames = {stem: f.select(
        "unique_id",
        letters("first_name").alias("first_name"),
        letters("surname").alias("surname"),
        pl.concat_str(letters("first_name"), letters("surname"), separator=" ")
        .alias("first_name_surname_concat"),
        iso_date("dob", "%Y-%m-%d").alias("dob"),
        text("birth_place").alias("birth_place"),
        uk_postcode("postcode_fake").alias("postcode_fake"),
        text("gender").alias("gender"),
        text("occupation").alias("occupation"),
    ) for stem, f in frames.items()}
    rules = [
        CustomRule("substr(l.first_name,1,3) = substr(r.first_name,1,3) and "
                   "substr(l.surname,1,4) = substr(r.surname,1,4)"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode_fake", "first_name"),
        block_on("postcode_fake", "surname"),
        block_on("dob", "birth_place"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname",
                forename_surname_concat_col_name="first_name_surname_concat"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match([
        "l.first_name = r.first_name and l.surname = r.surname and l.dob = r.dob",
        "substr(l.first_name,1,2) = substr(r.first_name,1,2) and l.surname = r.surname and "
        "substr(l.postcode_fake,1,2) = substr(r.postcode_fake,1,2)",
        block_on("dob", "postcode_fake"),
    ], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
