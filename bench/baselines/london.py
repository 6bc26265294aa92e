"""London link and residents list from ``bench/synth.py`` (``london_*``): UK people data.

Link: forename, surname, date of birth (three layouts in housing benefit), the address line
(house number and street, the town left out) and the postcode. Dedupe: the full name split
into first and last word, date of birth, address, postcode and NHS number.
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
    letters,
    linker_for,
    read_set,
    save,
    text,
    u_pairs,
    uk_postcode,
)


def any_date(col: str) -> pl.Expr:
    """dd/mm/yyyy, yyyy-mm-dd or dd-Mon-yyyy as ``YYYY-MM-DD`` text."""
    return pl.coalesce(*(pl.col(col).str.strptime(pl.Date, fmt, strict=False)
                         for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y"))).dt.strftime("%Y-%m-%d")


def street(col: str) -> pl.Expr:
    """The address before its first comma (house number and street), lower case."""
    return text(col).str.split(",").list.first().str.strip_chars()


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    meta, frames = read_set(set_dir)
    people = {stem: frame.select(
        "unique_id",
        *([letters("Forename").alias("first_name"), letters("Surname").alias("surname"),
           any_date("Date of Birth").alias("dob"), street("Address Line 1").alias("address"),
           uk_postcode("Postcode").alias("postcode")] if stem == "council_tax" else
          [letters("first_name").alias("first_name"), letters("last_name").alias("surname"),
           any_date("dob").alias("dob"), street("address").alias("address"),
           uk_postcode("post_code").alias("postcode")] if stem == "housing_benefit" else
          [letters("Full Name").str.split(" ").list.first().alias("first_name"),
           letters("Full Name").str.split(" ").list.last().alias("surname"),
           any_date("DOB").alias("dob"), street("Address").alias("address"),
           uk_postcode("Postcode").alias("postcode"),
           digits_only("NHS Number").alias("nhs_number")]))
        for stem, frame in frames.items()}
    people = {stem: f.with_columns(
        pl.concat_str("first_name", "surname", separator=" ").alias("full_name"))
        for stem, f in people.items()}
    dedupe = meta["link_type"] == "dedupe_only"
    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode", "first_name"),
        *([block_on("nhs_number")] if dedupe else []),
    ]
    settings = SettingsCreator(
        link_type=meta["link_type"],
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.PostcodeComparison("postcode"),
            *([cl.ExactMatch("nhs_number")] if dedupe else []),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(people, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in people.values())), seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=people, out=out, started=started, rules=rules)
