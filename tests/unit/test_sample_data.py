"""The committed synthetic sample data is reproducible and its truth file is complete."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from sample_data.generate import HEADERS, main

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
ID_COLUMNS = {"council_tax": "Account Ref", "housing_benefit": "claim_id", "residents": "ID"}


def _rows(stem: str) -> list[dict[str, str]]:
    with (SAMPLE_DIR / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def truth() -> list[dict[str, str]]:
    return _rows("truth")


def _people(truth: list[dict[str, str]], stem: str) -> list[str]:
    return [row["person_id"] for row in truth if row["source_dataset"] == stem]


def test_regenerating_rewrites_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    main(tmp_path)
    for stem in HEADERS:
        fresh, committed = tmp_path / f"{stem}.csv", SAMPLE_DIR / f"{stem}.csv"
        assert fresh.read_bytes() == committed.read_bytes(), (
            f"{stem}.csv is out of date: run `python sample_data/generate.py`")


@pytest.mark.parametrize("stem", list(ID_COLUMNS))
def test_record_ids_are_unique_and_each_is_in_truth_exactly_once(
    stem: str, truth: list[dict[str, str]]
) -> None:
    ids = [row[ID_COLUMNS[stem]] for row in _rows(stem)]
    assert len(ids) == len(set(ids))
    truth_ids = [row["record_id"] for row in truth if row["source_dataset"] == stem]
    assert Counter(truth_ids) == Counter(ids)


def test_truth_covers_only_the_three_data_files_and_stays_out_of_them(
    truth: list[dict[str, str]],
) -> None:
    assert {row["source_dataset"] for row in truth} == set(ID_COLUMNS)
    for stem in ID_COLUMNS:
        with (SAMPLE_DIR / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == HEADERS[stem]


def test_council_tax_and_housing_benefit_share_700_to_900_people(
    truth: list[dict[str, str]],
) -> None:
    shared = set(_people(truth, "council_tax")) & set(_people(truth, "housing_benefit"))
    assert 700 <= len(shared) <= 900


def test_residents_contains_within_file_duplicates(truth: list[dict[str, str]]) -> None:
    copies = Counter(_people(truth, "residents"))
    repeated = [n for n in copies.values() if n > 1]
    assert len(repeated) >= 100
    assert max(repeated) == 3


def test_nhs_numbers_are_valid_test_range_numbers() -> None:
    numbers = [row["NHS Number"].replace(" ", "") for row in _rows("residents")]
    present = [n for n in numbers if n]
    assert len(present) > 0.9 * len(numbers)
    for number in present:
        check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(number[:9])) % 11) % 11
        assert number.startswith("999") and len(number) == 10 and check == int(number[9])
