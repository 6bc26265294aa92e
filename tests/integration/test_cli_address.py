"""``python -m matching address RECORDS REFERENCE --out DIR``: the contract and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from matching.address_match.samples import address_sample_paths, address_truth_path
from tests.integration.support import COUNCIL_TAX, read_text_csv, run_cli

pytestmark = pytest.mark.slow
RECORDS, GAZETTEER = address_sample_paths()


@pytest.fixture(scope="module")
def register_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("address") / "out"
    run = run_cli("address", RECORDS, GAZETTEER, "--out", out, "--id-column", "Elector Number")
    assert run.code == 0, run.stderr
    return out, run.stdout


def test_one_row_per_record_with_the_four_columns(register_run: tuple[Path, str]) -> None:
    out, stdout = register_run
    given = read_text_csv(out / "addresses.csv")
    assert given.columns == ["unique_id", "uprn", "match_weight", "reason"]
    records = read_text_csv(RECORDS)
    assert given["unique_id"].to_list() == records["Elector Number"].to_list()
    assert given["reason"].null_count() == 0
    assert given["uprn"].null_count() > 0  # nothing good enough: left empty
    assert given["uprn"].drop_nulls().str.contains(r"^\d{1,12}$").all()  # no ".0" floats
    assert "Given a UPRN:" in stdout and "addresses.csv" in stdout


def test_the_uprns_written_are_right(register_run: tuple[Path, str]) -> None:
    out, _ = register_run
    given = read_text_csv(out / "addresses.csv").filter(pl.col("uprn").is_not_null())
    truth = read_text_csv(address_truth_path())
    joined = given.join(truth, left_on="unique_id", right_on="record_id")
    assert (joined["uprn"] == joined["uprn_right"]).mean() >= 0.97  # ground truth: the truth file


def test_the_set_up_is_written_and_can_be_read_again(register_run: tuple[Path, str]) -> None:
    out, _ = register_run
    project = json.loads((out / "address_project.json").read_text(encoding="utf-8"))
    assert project["kind"] == "address_match"
    assert project["records"]["id_column"] == "elector_number"
    assert project["reference"]["uprn_column"] == "uprn"


def test_options_choose_columns_and_the_decision_rule(tmp_path: Path) -> None:
    run = run_cli("address", COUNCIL_TAX, GAZETTEER, "--out", tmp_path, "--address-columns",
                  "Address Line 1", "Address Line 2", "--postcode-column", "Postcode",
                  "--min-weight", "40")
    assert run.code == 0, run.stderr
    given = read_text_csv(tmp_path / "addresses.csv")
    assert given.height == 2000
    strict = given.filter(pl.col("uprn").is_not_null() & (pl.col("match_weight").cast(pl.Float64)
                                                           < 40))
    assert strict["reason"].str.contains("written the same").all()  # only exact matches pass


def test_a_reference_list_without_uprns_is_a_clear_error(tmp_path: Path) -> None:
    reference = tmp_path / "list.csv"
    reference.write_text("Address,Postcode\n12 High St,E8 1AA\n", encoding="utf-8")
    run = run_cli("address", RECORDS, reference, "--out", tmp_path / "out")
    assert run.code == 2
    assert "could not find the UPRN column" in run.stderr and "What to do:" in run.stderr
    assert not (tmp_path / "out" / "addresses.csv").exists()


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    run = run_cli("address", tmp_path / "nope.csv", GAZETTEER, "--out", tmp_path / "out")
    assert run.code == 2 and "There is no file" in run.stderr


def test_a_column_that_is_not_there_is_named(tmp_path: Path) -> None:
    run = run_cli("address", RECORDS, GAZETTEER, "--out", tmp_path, "--uprn-column", "Nope")
    assert run.code == 2 and "Nope" in run.stderr


def test_format_parquet_writes_the_same_rows_and_replaces_the_csv(
        register_run: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = register_run
    csv_rows = read_text_csv(out / "addresses.csv")
    again = tmp_path / "again"
    again.mkdir()
    (again / "addresses.csv").write_text("left over from an earlier run\n", encoding="utf-8")
    run = run_cli("address", RECORDS, GAZETTEER, "--out", again, "--id-column", "Elector Number",
                  "--format", "parquet")
    assert run.code == 0, run.stderr
    written = pl.read_parquet(again / "addresses.parquet")
    assert written.columns == ["unique_id", "uprn", "match_weight", "reason"]
    assert written["unique_id"].cast(pl.String).to_list() == csv_rows["unique_id"].to_list()
    assert written["uprn"].cast(pl.String).to_list() == csv_rows["uprn"].to_list()
    assert not (again / "addresses.csv").exists()  # never an old file beside new ones
    assert "addresses.parquet" in run.stdout


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, before any work
        run_cli("address", RECORDS, GAZETTEER, "--out", tmp_path, "--format", "pdf")
    assert stopped.value.code == 2
