"""The committed address samples are reproducible and their truth is complete and consistent."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from sample_data.address_generate import HEADERS, main, person_sample_uprns

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


def _rows(stem: str) -> list[dict[str, str]]:
    with (SAMPLE_DIR / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def truth() -> list[dict[str, str]]:
    return _rows("address_truth")


@pytest.fixture(scope="module")
def gazetteer() -> list[dict[str, str]]:
    return _rows("gazetteer")


def test_regenerating_rewrites_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    main(tmp_path)
    for stem in HEADERS:
        assert (tmp_path / f"{stem}.csv").read_bytes() == (SAMPLE_DIR / f"{stem}.csv").read_bytes(), (
            f"{stem}.csv is out of date: run `python sample_data/address_generate.py`")


def test_every_record_has_its_truth_and_listed_uprns_are_in_the_gazetteer(
        truth: list[dict[str, str]], gazetteer: list[dict[str, str]]) -> None:
    records = _rows("electoral_register")
    assert [r["Elector Number"] for r in records] == [t["record_id"] for t in truth]
    listed = {g["UPRN"].removesuffix(".0") for g in gazetteer}
    for row in truth:
        assert (row["uprn"] in listed) == (row["in_reference"] == "yes"), row
        assert row["expected"] in ("match", "abstain")
        if row["in_reference"] == "no":
            assert row["expected"] == "abstain"


def test_half_the_records_have_no_postcode_and_hard_cases_are_present(
        truth: list[dict[str, str]]) -> None:
    records = _rows("electoral_register")
    blank = sum(1 for r in records if not r["Postcode"]) / len(records)
    assert 0.5 <= blank <= 0.65  # missing, or inside the address text
    tags = Counter(t for row in truth for t in row["tags"].split(";") if t)
    for tag in ("flat_slash", "flat_moved", "flat_word_dropped", "flat_omitted", "typo",
                "abbreviated", "postcode_typo", "outward_only", "postcode_in_text", "saint",
                "range_written", "alias_name", "duplicate_text", "street_in_two_districts"):
        assert tags[tag] > 0, tag
    assert 50 <= sum(1 for row in truth if row["in_reference"] == "no") <= 200


def test_the_gazetteer_has_shells_flats_garages_floats_and_shared_homes(
        gazetteer: list[dict[str, str]]) -> None:
    classes = Counter(g["CLASS"][:2] for g in gazetteer)
    assert {"PP", "RD", "RG", "RC", "RH", "RI"} <= set(classes)
    assert any(g["UPRN"].endswith(".0") for g in gazetteer)
    assert {g["LOGICAL_STATUS"] for g in gazetteer} == {"1", "3", "8"}
    uprns = Counter(g["UPRN"].removesuffix(".0") for g in gazetteer if g["LOGICAL_STATUS"] == "1")
    assert max(uprns.values()) == 1  # one approved address per UPRN


def test_every_home_of_the_person_samples_is_in_the_gazetteer(
        gazetteer: list[dict[str, str]]) -> None:
    homes = person_sample_uprns()
    assert len(homes) == 4200
    listed = {g["UPRN"].removesuffix(".0") for g in gazetteer}
    assert set(homes.values()) <= listed
