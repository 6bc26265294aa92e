"""``generic_headers``: the analyst looks at the values, names the columns (the mapping below
is what ``field1``..``field8`` hold in each file) and writes a UK people model."""

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

#: What each field holds, read off the first rows of each file.
FIELDS = {
    "left": {"field1": "first_name", "field2": "postcode", "field3": "surname",
             "field4": "sex", "field5": "town", "field6": "address", "field7": "dob",
             "field8": "mobile"},
    "right": {"field1": "mobile", "field2": "first_name", "field3": "dob", "field4": "town",
              "field5": "sex", "field6": "address", "field7": "surname",
              "field8": "postcode"},
}
DATE_FORMATS = {"left": "%d/%m/%Y", "right": "%Y-%m-%d"}


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    cleaned = {}
    for stem, frame in frames.items():
        f = frame.rename(FIELDS[stem])
        cleaned[stem] = f.select(
            "unique_id",
            letters("first_name").alias("first_name"),
            letters("surname").alias("surname"),
            pl.concat_str(letters("first_name"), letters("surname"), separator=" ")
            .alias("full_name"),
            iso_date("dob", DATE_FORMATS[stem]).alias("dob"),
            text("sex").alias("sex"),
            text("address").str.replace_all(",", "").alias("address"),
            text("town").alias("town"),
            uk_postcode("postcode").alias("postcode"),
            uk_phone("mobile").alias("mobile"),
        )
    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("postcode", "first_name"),
        block_on("mobile"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.ExactMatch("town").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("mobile"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(cleaned, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("mobile")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in cleaned.values())), seed=1)
    for rule in (block_on("first_name", "surname"), block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=cleaned, out=out, started=started, rules=rules)
