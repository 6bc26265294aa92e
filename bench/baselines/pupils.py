"""``pupils``: school census x children's services. UPN by Levenshtein (missing in a fifth of
the services file), names (split from the services file's one name field), date of birth,
sex, school with TF, postcode."""

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
    uk_postcode,
)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    census = frames["census"].select(
        "unique_id",
        text("UPN").str.to_uppercase().alias("upn"),
        letters("Forename").alias("first_name"),
        letters("Surname").alias("surname"),
        iso_date("DOB", "%d/%m/%Y").alias("dob"),
        text("Gender").str.slice(0, 1).alias("sex"),
        text("SchoolName").alias("school"),
        uk_postcode("Postcode").alias("postcode"),
    )
    name = letters("ChildName").str.split(" ")
    services = frames["services"].select(
        "unique_id",
        text("PupilNo").str.to_uppercase().alias("upn"),
        name.list.first().alias("first_name"),
        name.list.last().alias("surname"),
        iso_date("DateOfBirth", "%Y-%m-%d").alias("dob"),
        text("Sex").str.slice(0, 1).alias("sex"),
        text("School").alias("school"),
        uk_postcode("HomePostcode").alias("postcode"),
    )
    frames = {stem: f.with_columns(
        pl.concat_str("first_name", "surname", separator=" ").alias("full_name"))
        for stem, f in {"census": census, "services": services}.items()}
    rules = [
        block_on("upn"),
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("dob", "postcode"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.LevenshteinAtThresholds("upn", [1, 2]),
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("school").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("upn"), block_on("first_name", "surname", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
