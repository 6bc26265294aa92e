"""``de_patients``: German patient register. Umlauts transcribed (ü -> ue, ß -> ss) before
comparing; Vorname + Nachname, Geburtsdatum (DD.MM.YYYY), Straße, Hausnummer, PLZ, Ort with
TF, Geschlecht."""

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
    linker_for,
    read_set,
    save,
    text,
    u_pairs,
)

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _german(col: str) -> pl.Expr:
    expr = text(col)
    for letter, spelt in UMLAUTS.items():
        expr = expr.str.replace_all(letter, spelt, literal=True)
    return expr.str.replace_all(r"[^a-z \-]", "").str.strip_chars().replace("", None)


def run(set_dir: Path, out: Path) -> None:
    started = time.perf_counter()
    _, frames = read_set(set_dir)
    frames = {stem: f.select(
        "unique_id",
        _german("Vorname").alias("vorname"),
        _german("Nachname").alias("nachname"),
        pl.concat_str(_german("Vorname"), _german("Nachname"), separator=" ")
        .alias("full_name"),
        iso_date("Geburtsdatum", "%d.%m.%Y").alias("dob"),
        _german("Straße").str.replace(r"str$", "strasse").alias("strasse"),
        text("Hausnummer").alias("hausnummer"),
        digits_only("PLZ").str.zfill(5).alias("plz"),
        text("Ort").alias("ort"),
        text("Geschlecht").alias("geschlecht"),
    ) for stem, f in frames.items()}
    rules = [
        block_on("vorname", "nachname"),
        block_on("nachname", "dob"),
        block_on("vorname", "dob"),
        block_on("plz", "hausnummer"),
        block_on("dob", "plz"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("vorname", "nachname",
                                         forename_surname_concat_col_name="full_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.JaroWinklerAtThresholds("strasse", [0.9]),
            cl.ExactMatch("hausnummer"),
            cl.LevenshteinAtThresholds("plz", [1]),
            cl.ExactMatch("ort").configure(term_frequency_adjustments=True),
            cl.ExactMatch("geschlecht"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
    )
    linker = linker_for(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("vorname", "nachname", "dob"), block_on("nachname", "dob", "plz")],
        recall=0.7)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=u_pairs(sum(f.height for f in frames.values())), seed=1)
    for rule in (block_on("vorname", "nachname"), block_on("dob"), block_on("plz")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df_predict = linker.inference.predict(threshold_match_weight=PAIR_FLOOR_WEIGHT)
    save(linker, df_predict, frames=frames, out=out, started=started, rules=rules)
