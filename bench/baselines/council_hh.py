"""Council tax x housing benefit (``council_hh_*``): a UK people link.

Forename and surname together (first word of the council tax forenames), date of birth, the
address line (house number and street) by Jaro-Winkler, UK postcode, any shared phone number
(council tax has one, housing benefit a home phone and a mobile: compared as arrays) and email.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from bench.baselines.common import (
    PAIR_FLOOR_WEIGHT,
    first_word,
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
    ctax = frames["ctax"].select(
        "unique_id",
        first_word("FORENAMES").alias("first_name"),
        letters("SURNAME").alias("surname"),
        iso_date("DATE_OF_BIRTH", "%Y-%m-%d").alias("dob"),
        # "Flat 3, 12 Elm Road, Leeds" -> "flat 3 12 elm road"
        text("PROPERTY_ADDRESS").str.replace(r",\s*leeds$", "").str.replace_all(",", "")
        .alias("address"),
        uk_postcode("POSTCODE").alias("postcode"),
        pl.concat_list(uk_phone("TELEPHONE")).list.drop_nulls().alias("phones"),
        text("EMAIL").alias("email"),
    )
    hb = frames["hb"].select(
        "unique_id",
        first_word("claimant_forename").alias("first_name"),
        letters("claimant_surname").alias("surname"),
        iso_date("dob", "%d/%m/%Y").alias("dob"),
        pl.concat_str(text("house_no").str.replace_all(",", ""), text("street"), separator=" ")
        .alias("address"),
        uk_postcode("post_code").alias("postcode"),
        pl.concat_list(uk_phone("home_phone"), uk_phone("mobile")).list.drop_nulls()
        .alias("phones"),
        text("email_address").alias("email"),
    )
    frames = {"ctax": ctax, "hb": hb}
    frames = {stem: f.with_columns(
        pl.concat_str("first_name", "surname", separator=" ").alias("full_name"),
        pl.when(pl.col("phones").list.len() > 0).then("phones").alias("phones"),
    ) for stem, f in frames.items()}

    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode", "first_name"),
        block_on("email"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.PostcodeComparison("postcode"),
            cl.ArrayIntersectAtSizes("phones", [1]),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("email")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
