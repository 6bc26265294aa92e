"""Real Splink on real DuckDB: the sample register matched to the sample gazetteer, and the
person samples' addresses (another corruption process), measured against the truth."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import polars as pl
import pytest

from matching.address_match.config import DecisionRule
from matching.address_match.evaluate import accuracy, truth_from_table
from matching.address_match.explain import candidates, scored_pair, waterfall
from matching.address_match.results import best_candidates, decisions, summarise
from matching.address_match.run import AddressResult, match_addresses
from matching.address_match.samples import address_sample_paths, address_truth_path
from matching.address_match.suggest import suggest_address_config
from matching.loading import read_path
from matching.samples import SAMPLE_DIR
from sample_data.address_generate import person_sample_uprns

pytestmark = pytest.mark.slow

#: The issue's aims on messy addresses, half of them without a postcode.
MIN_PRECISION, MIN_RECALL = 0.97, 0.90


@pytest.fixture(scope="module")
def register() -> Iterator[AddressResult]:
    records, reference = (read_path(p) for p in address_sample_paths())
    result = match_addresses(records, reference, suggest_address_config(records, reference))
    yield result
    result.workspace.close()


@pytest.fixture(scope="module")
def truth() -> pl.DataFrame:
    return truth_from_table(read_path(address_truth_path()))


def _candidates(result: AddressResult) -> pl.Series:
    with result.workspace.lock:
        return result.con.sql(f'SELECT DISTINCT uprn FROM "{result.reference_table}"').pl()["uprn"]


def test_the_register_meets_the_precision_and_recall_aims(register: AddressResult,
                                                          truth: pl.DataFrame) -> None:
    acc = accuracy(decisions(register), truth, _candidates(register))
    assert acc.known == 3180
    assert acc.precision is not None and acc.precision >= MIN_PRECISION
    assert acc.recall is not None and acc.recall >= MIN_RECALL


def test_records_whose_home_is_not_in_the_list_mostly_get_no_uprn(register: AddressResult) -> None:
    raw = pl.read_csv(address_truth_path(), infer_schema=False)
    absent = raw.filter(pl.col("in_reference") == "no")["record_id"]
    given = decisions(register).filter(pl.col("unique_id").is_in(absent.implode())
                                       & pl.col("uprn").is_not_null())
    assert absent.len() > 50
    assert given.height <= 0.05 * absent.len()


def test_a_flat_is_never_given_its_neighbours_uprn(register: AddressResult,
                                                   truth: pl.DataFrame) -> None:
    decided = decisions(register).join(truth, on="unique_id", suffix="_true")
    wrong = decided.filter(pl.col("uprn").is_not_null() & (pl.col("uprn") != pl.col("uprn_true")))
    flats = wrong.filter(pl.col("record_address").str.to_uppercase().str.contains(r"FLAT|FLT|/"))
    assert flats.height <= 3


def test_every_record_has_one_row_with_a_reason(register: AddressResult) -> None:
    decided = decisions(register)
    assert decided.height == 3180 and decided["unique_id"].n_unique() == 3180
    assert decided["reason"].null_count() == 0
    summary = summarise(decided)
    assert summary.records == summary.given + summary.ambiguous + summary.weak + summary.none
    assert summary.exact > 0.5 * summary.records  # most are written as the list writes them
    ambiguous = decided.filter(pl.col("status") == "ambiguous")
    assert ambiguous.height and ambiguous["reason"].str.contains("scores almost as well").all()


def test_records_are_on_the_left_and_the_waterfall_adds_up(register: AddressResult) -> None:
    best = best_candidates(register).filter(pl.col("match_weight").is_not_null()).row(0, named=True)
    top = candidates(register, best["unique_id"]).row(0, named=True)
    record = scored_pair(register, best["unique_id"], top["row_id"])
    assert record is not None and record["source_dataset_l"] == "records"
    steps = waterfall(register, record)
    assert steps["step"].to_list()[0] == "Starting point"
    assert steps["kind"].to_list()[-1] == "total"
    assert abs(steps["weight"][-1] - record["match_weight"]) < 1e-6
    relative = steps.filter(pl.col("kind") != "total")["weight"].sum()
    assert abs(relative - record["match_weight"]) < 1e-6


def test_raising_the_least_weight_gives_fewer_uprns_but_keeps_the_scores(
        register: AddressResult, truth: pl.DataFrame) -> None:
    best = best_candidates(register)
    loose = decisions(register, DecisionRule(-10.0, 1.0), best)
    strict = decisions(register, DecisionRule(12.0, 6.0), best)
    assert strict["uprn"].drop_nulls().len() < loose["uprn"].drop_nulls().len()
    strict_acc = accuracy(strict, truth, _candidates(register))
    assert strict_acc.precision is not None and strict_acc.precision >= 0.99


@pytest.mark.parametrize("stem", ["council_tax", "housing_benefit"])
def test_the_person_samples_addresses_with_and_without_a_postcode(stem: str) -> None:
    homes = person_sample_uprns()
    truth = pl.DataFrame({"unique_id": [k[1] for k in homes if k[0] == stem],
                          "uprn": [v for k, v in homes.items() if k[0] == stem]})
    records, reference = read_path(SAMPLE_DIR / f"{stem}.csv"), read_path(SAMPLE_DIR / "gazetteer.csv")
    config = suggest_address_config(records, reference)
    for postcode in (True, False):
        chosen = config if postcode else replace(config, records=replace(
            config.records, postcode_column=None))
        result = match_addresses(records, reference, chosen)
        acc = accuracy(decisions(result), truth, _candidates(result))
        result.workspace.close()
        assert acc.precision is not None and acc.precision >= MIN_PRECISION, (postcode, acc)
        assert acc.recall is not None and acc.recall >= MIN_RECALL, (postcode, acc)
