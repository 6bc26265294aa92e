"""``companies``: company register x supplier list. The name cleaned of its legal form
(Ltd/Limited/PLC/LLP), ``&``/``and``, ``The`` and any ``t/a`` trading name; company number
padded to 8 characters; address line; UK postcode; phone."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from bench.baselines.common import (
    PAIR_FLOOR_WEIGHT,
    linker_for,
    read_set,
    save,
    text,
    u_pairs,
    uk_phone,
    uk_postcode,
)


def _name(col: str) -> pl.Expr:
    name = text(col).str.split(" t/a ").list.first()
    name = name.str.replace_all("&", " and ", literal=True).str.replace_all(r"[^a-z0-9 ]", "")
    name = name.str.replace_all(r"\b(limited|ltd|plc|llp|l l p|p l c)\b", "")
    name = name.str.replace(r"^the ", "")
    return name.str.replace_all(r"\s+", " ").str.strip_chars().replace("", None)


def _number(col: str) -> pl.Expr:
    number = pl.col(col).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    return pl.when(number.str.contains(r"^[0-9]+$")).then(number.str.zfill(8)).otherwise(number)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    register = frames["register"].select(
        "unique_id",
        _name("CompanyName").alias("name"),
        _number("CompanyNumber").alias("company_number"),
        text("RegAddress.AddressLine1").str.replace_all(",", "").alias("address"),
        uk_postcode("RegAddress.PostCode").alias("postcode"),
        pl.lit(None, dtype=pl.String).alias("phone"),
    )
    suppliers = frames["suppliers"].select(
        "unique_id",
        _name("Supplier Name").alias("name"),
        _number("Company Reg No").alias("company_number"),
        text("Address").str.replace(r",[^,]*$", "").str.replace_all(",", "").alias("address"),
        uk_postcode("Post Code").alias("postcode"),
        uk_phone("Telephone").alias("phone"),
    )
    frames = {"register": register, "suppliers": suppliers}
    frames = {stem: f.with_columns(pl.col("name").str.split(" ").list.first().alias("name_1"))
              for stem, f in frames.items()}
    rules = [
        block_on("name"),
        block_on("company_number"),
        block_on("postcode"),
        block_on("name_1", "postcode"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7]).configure(
                term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("company_number", [1]),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("company_number"), block_on("name", "postcode")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("name"), block_on("postcode"), block_on("company_number")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
