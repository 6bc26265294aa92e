"""The address job in the app: Data (sample and uploads), Addresses, Threshold, Review, Export,
Households and You vs the model, on a real match of the sample register to the gazetteer."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import polars as pl
import pytest

from matching.address_match.evaluate import truth_from_table
from matching.address_match.samples import address_sample_paths, address_truth_path
from matching.loading import read_path
from tests.app.support import (
    SAMPLE_DIR,
    SPLINK_TIMEOUT,
    downloaded,
    joined,
    metrics,
    no_exception,
    open_app,
    plotly_specs,
    state_of,
    texts,
)
from ui.session import AppState

ADDRESSES = "Match addresses to a reference list"


def _loaded() -> AppState:
    state = AppState()
    records, reference = (read_path(p) for p in address_sample_paths())
    state.workbench.start_address_job(records, reference)
    state.workbench.addresses.set_truth(truth_from_table(read_path(address_truth_path())),
                                        "the sample's known UPRNs")
    return state


@pytest.fixture(scope="module")
def matched_state() -> Iterator[AppState]:
    """One real match of the sample register, shared read-mostly (the rule is put back)."""
    state = _loaded()
    state.workbench.addresses.run()
    yield state
    state.workbench.close()


@pytest.fixture
def matched(matched_state: AppState) -> Iterator[AppState]:
    job = matched_state.workbench.addresses
    rule = job.rule
    yield matched_state
    job.set_rule(rule.min_weight, rule.min_gap)
    job.labels.clear()
    matched_state.teaching = None
    matched_state.households = None


def test_the_sample_loads_with_its_known_answers() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(ADDRESSES).run()
    no_exception(at)
    assert "Your records (with addresses)" in [u.label for u in at.get("file_uploader")]
    at.button(key="data.address_sample").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    state = state_of(at)
    job = state.workbench.addresses
    assert job.active and job.config is not None and not state.workbench.tables
    assert job.truth is not None and job.truth.height == 3180
    page = joined(at.markdown)
    assert "electoral_register.csv" in page and "gazetteer.csv" in page
    assert "Known answers" in joined(at.caption)
    state.workbench.close()


def test_uploading_both_files_starts_the_job_and_one_file_is_not_enough() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(ADDRESSES).run()
    records = (SAMPLE_DIR / "housing_benefit.csv").read_bytes()
    reference = (SAMPLE_DIR / "gazetteer.csv").read_bytes()
    uploaders = at.get("file_uploader")
    uploaders[0].set_value(("claims.csv", records, "text/csv"))
    at.run()
    assert "Upload both files" in joined(at.info)
    uploaders = at.get("file_uploader")
    uploaders[1].set_value(("llpg.csv", reference, "text/csv"))
    at.run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    job = state_of(at).workbench.addresses
    assert job.active and job.records is not None and job.records.file_name == "claims.csv"
    assert job.config is not None and job.config.records.address_columns == ("address",)
    state_of(at).workbench.close()


def test_the_addresses_page_matches_in_the_background_and_explains_a_record() -> None:
    state = _loaded()
    at = open_app(state, page="pages/addresses.py")
    no_exception(at)
    assert "press **Match addresses**" in joined(at.info)
    parsed = at.dataframe[0].value
    assert list(parsed.columns) == ["address as written", "postcode", "flat", "house number",
                                    "street and building words"]
    at.button(key="addresses.run").click().run()
    job = state.workbench.addresses.job
    assert job is not None and job.wait(SPLINK_TIMEOUT) and job.error is None
    at.run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    shown = metrics(at)
    assert shown["Records"] == "3,180"
    assert int(shown["Given a UPRN"].replace(",", "")) > 2900
    specs = plotly_specs(at)
    assert {s["data"][0]["type"] for s in specs} >= {"bar", "waterfall"}
    assert "addresses are candidates" in joined(at.caption)  # the pool described
    state.workbench.close()


def test_changing_a_column_makes_the_result_stale() -> None:
    state = _loaded()
    job = state.workbench.addresses
    job.run()
    at = open_app(state, page="pages/addresses.py")
    at.selectbox(key="addresses.postcode").set_value("(none)").run()
    no_exception(at)
    assert job.result is None and job.config is not None
    assert job.config.records.postcode_column is None
    assert "press **Match addresses**" in joined(at.info)
    state.workbench.close()


def test_without_an_address_job_the_page_says_where_to_start() -> None:
    at = open_app(page="pages/addresses.py")
    no_exception(at)
    assert "Match addresses to a reference list" in joined(at.info)


def test_the_threshold_moves_what_is_given_and_accuracy_is_measured(matched: AppState) -> None:
    at = open_app(matched, page="pages/threshold.py")
    no_exception(at)
    before = metrics(at)
    assert float(before["Precision"].rstrip("%")) >= 97.0
    assert float(before["Recall"].rstrip("%")) >= 90.0
    at.slider(key="threshold.address_weight").set_value(20.0).run()
    no_exception(at)
    after = metrics(at)
    given = (int(before["Given a UPRN"].replace(",", "")),
             int(after["Given a UPRN"].replace(",", "")))
    assert given[1] < given[0]
    assert matched.workbench.addresses.rule.min_weight == 20.0
    kinds = [s["data"][0]["type"] for s in plotly_specs(at)]
    assert "scattergl" in kinds and "scatter" in kinds


def test_review_labels_a_close_call_and_blind_mode_hides_the_score(matched: AppState) -> None:
    at = open_app(matched, page="pages/review.py")
    no_exception(at)
    assert texts(at.subheader)[0].startswith("Record 1 of 50 · match weight")
    assert plotly_specs(at)[0]["data"][0]["type"] == "waterfall"
    at.button(key="review.address_match").click().run()
    no_exception(at)
    labels = matched.workbench.addresses.labels
    assert len(labels) == 1 and labels.labels[0].key[0] == "records"
    assert texts(at.subheader)[0].startswith("Record 2 of 50")
    at.toggle(key="review.address_blind").set_value(True).run()
    no_exception(at)
    assert "match weight" not in texts(at.subheader)[0] and not at.get("plotly_chart")


def test_export_gives_the_cli_columns_and_addresses_only_when_ticked(
        matched: AppState, lazy_downloads: None) -> None:
    at = open_app(matched, page="pages/export.py")
    no_exception(at)
    given = pl.read_csv(io.BytesIO(downloaded(at, "export.addresses")), infer_schema=False)
    assert given.columns == ["unique_id", "uprn", "match_weight", "reason"]
    assert given.height == 3180
    plain = pl.read_csv(io.BytesIO(downloaded(at, "export.address_details")), infer_schema=False)
    assert "record_address" not in plain.columns and "outcome" in plain.columns
    at.checkbox(key="export.address_personal").check().run()
    personal = pl.read_csv(io.BytesIO(downloaded(at, "export.address_details")),
                           infer_schema=False)
    assert {"record_address", "candidate_address"} <= set(personal.columns)
    project = json.loads(downloaded(at, "export.address_project"))
    assert project["kind"] == "address_match"


def test_households_of_the_register_flag_the_care_home_and_halls(matched: AppState) -> None:
    at = open_app(matched, page="pages/households.py")
    no_exception(at)
    shown = metrics(at)
    assert shown["People"] == "3,180"
    assert int(shown["Households"].replace(",", "")) < 3180
    busy = at.dataframe[0].value
    assert busy["people"].max() >= 20  # the halls and the care home
    assert any("care home, hostel or halls" in f for f in busy["flag"])
    assert plotly_specs(at)[0]["data"][0]["type"] == "bar"


def test_you_against_the_model_on_the_address_sample(matched: AppState) -> None:
    at = open_app(matched, page="pages/teaching.py")
    no_exception(at)
    at.button(key="teaching.start").click().run()
    no_exception(at)
    assert texts(at.subheader)[0] == "Pair 1 of 10"
    records = at.dataframe[0].value
    assert list(records["field"]) == ["record ID", "address"]
    assert not [i for i in at.info if "weight" in i.value]  # blind: no score shown
    for _ in range(10):
        at.button(key="teaching.nonmatch").click().run()
    no_exception(at)
    shown = metrics(at)
    assert shown["You"] == "5 of 10 right"  # ground truth: half the pairs are right UPRNs
    assert shown["The model"].endswith("of 10 right")


def test_person_steps_point_to_the_addresses_page(matched: AppState) -> None:
    for page in ("pages/columns.py", "pages/train.py", "pages/clusters.py"):
        at = open_app(matched, page=page)
        no_exception(at)
        assert "You are matching addresses" in joined(at.info)


def test_clear_my_data_forgets_the_address_job() -> None:
    state = _loaded()
    state.workbench.addresses.run()
    state.confirm_clear = True  # "Clear my data" asks first; this is the confirmation
    at = open_app(state)
    at.sidebar.button(key="sidebar.clear_confirm").click().run()
    no_exception(at)
    assert not state.workbench.addresses.active and state.workbench.addresses.result is None
    assert "Removed 2 file(s) (electoral_register.csv, gazetteer.csv)" in joined(at.success)
    assert state.households is None and state.teaching is None
