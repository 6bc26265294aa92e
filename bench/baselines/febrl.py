"""FEBRL 1-3 (find duplicates) and FEBRL 4 (link): the classic Splink FEBRL set-up.

Names with ``ForenameSurnameComparison`` (TF on the full name), date of birth with
``DateOfBirthComparison``, the social security number with Levenshtein, address parts with
Jaro-Winkler or exact matches; blocking on pairs of independent columns.
"""

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
)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    meta, frames = read_set(set_dir)
    frames = {stem: frame.select(
        "unique_id",
        letters("given_name").alias("given_name"),
        letters("surname").alias("surname"),
        pl.concat_str(letters("given_name"), letters("surname"), separator=" ")
        .alias("full_name"),
        iso_date("date_of_birth", "%Y%m%d").alias("dob"),
        text("street_number").alias("street_number"),
        text("address_1").alias("address_1"),
        text("suburb").alias("suburb"),
        digits_only("postcode").alias("postcode"),
        text("state").alias("state"),
        digits_only("soc_sec_id").alias("soc_sec_id"),
    ) for stem, frame in frames.items()}

    rules = [
        block_on("given_name", "surname"),
        block_on("dob", "suburb"),
        block_on("postcode", "street_number"),
        block_on("soc_sec_id"),
        block_on("surname", "dob"),
    ]
    settings = SettingsCreator(
        link_type=meta["link_type"],
        comparisons=[
            cl.ForenameSurnameComparison("given_name", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(
                term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "dob"), block_on("soc_sec_id", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("given_name", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
