"""``us_voters``: voter roll x driver licences. Names with TF, middle initial, date of birth
(MM/DD/YYYY and YYYYMMDD to ISO), street address, city with TF, 5-digit ZIP, 10-digit phone,
licence number by Levenshtein."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from bench.baselines.common import (
    PAIR_FLOOR_WEIGHT,
    digits_only,
    iso_date,
    letters,
    linker_for,
    read_set,
    save,
    text,
    u_pairs,
)


def _phone(col: str) -> pl.Expr:
    d = digits_only(col)
    return pl.when(d.str.len_chars() == 11).then(d.str.slice(1)).otherwise(d)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    voters = frames["voters"].select(
        "unique_id",
        letters("first_name").alias("first_name"),
        letters("middle_initial").str.slice(0, 1).alias("middle_initial"),
        letters("last_name").alias("last_name"),
        iso_date("birth_date", "%m/%d/%Y").alias("dob"),
        text("residential_address").alias("address"),
        text("city").alias("city"),
        pl.col("zip_code").str.slice(0, 5).alias("zip5"),
        _phone("phone").alias("phone"),
        text("drivers_license").str.to_uppercase().alias("licence"),
    )
    dmv = frames["dmv"].select(
        "unique_id",
        letters("FIRST").alias("first_name"),
        letters("MIDDLE").str.slice(0, 1).alias("middle_initial"),
        letters("LAST").alias("last_name"),
        iso_date("DOB", "%Y%m%d").alias("dob"),
        text("ADDRESS").alias("address"),
        text("CITY").alias("city"),
        pl.col("ZIP").str.slice(0, 5).alias("zip5"),
        _phone("PHONE").alias("phone"),
        text("DL_NUMBER").str.to_uppercase().alias("licence"),
    )
    frames = {stem: f.with_columns(
        pl.concat_str("first_name", "last_name", separator=" ").alias("full_name"))
        for stem, f in {"voters": voters, "dmv": dmv}.items()}
    rules = [
        block_on("first_name", "last_name"),
        block_on("last_name", "dob"),
        block_on("dob", "zip5"),
        block_on("licence"),
        block_on("phone"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "last_name",
                                         forename_surname_concat_col_name="full_name"),
            cl.ExactMatch("middle_initial"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("zip5"),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("licence", [1]),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("licence"), block_on("first_name", "last_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("first_name", "last_name"), block_on("dob"), block_on("licence")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
