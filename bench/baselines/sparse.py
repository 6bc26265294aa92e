"""``sparse``: UK people with most values missing; every column that is there is compared."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
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
    uk_phone,
    uk_postcode,
)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    frames = {stem: f.select(
        "unique_id",
        letters("forename").alias("forename"),
        letters("surname").alias("surname"),
        pl.concat_str(letters("forename"), letters("surname"), separator=" ")
        .alias("full_name"),
        iso_date("date_of_birth", "%d/%m/%Y").alias("dob"),
        text("town").alias("town"),
        uk_postcode("postcode").alias("postcode"),
        uk_phone("phone").alias("phone"),
        text("email").alias("email"),
    ) for stem, f in frames.items()}
    rules = [
        block_on("forename", "surname"),
        block_on("surname", "dob"),
        block_on("forename", "dob"),
        block_on("postcode"),
        block_on("phone"),
        block_on("email"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("forename", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("town").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname", "dob"), block_on("phone"), block_on("email")],
        recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("forename", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
