"""Households and You vs the model on the trained person job (council tax x housing benefit)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl
import pytest

from tests.app.support import (
    SPLINK_TIMEOUT,
    downloaded,
    joined,
    metrics,
    no_exception,
    open_app,
    plotly_specs,
    texts,
)
from ui.session import AppState


@pytest.fixture
def people(trained: AppState) -> Iterator[AppState]:
    """The shared trained state, without known answers, corrections or households after."""
    wb = trained.workbench
    yield trained
    wb.known_matches = None
    wb.decisions.clear()
    if trained.households is not None:
        trained.households.close()
    trained.households = None
    trained.teaching = None


def test_households_from_the_sample_gazetteer(people: AppState, lazy_downloads: None) -> None:
    at = open_app(people, page="pages/households.py")
    no_exception(at)
    assert "Upload your reference list" in joined(at.info)
    at.button(key="households.sample").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    shown = metrics(at)
    households = int(shown["Households"].replace(",", ""))
    # ground truth: 2,800 person records in the two files, 800 people in both; the model's
    # clusters say how many people it found
    clusters = people.workbench.current_clusters()
    assert 2000 <= households <= 2800
    assert shown["People"] == f"{clusters.clusters:,}"
    assert int(shown["Placed by UPRN"].replace(",", "")) > 0.95 * households
    assert "Households split across files" in texts(at.subheader)
    kinds = [s["data"][0]["type"] for s in plotly_specs(at)]
    assert kinds == ["bar", "bar"]  # sizes, and which files each household is in
    at.switch_page("pages/export.py").run()
    no_exception(at)
    rows = pl.read_csv(io.BytesIO(downloaded(at, "export.households")), infer_schema=False)
    assert rows.height == households and "address" not in rows.columns
    assert {"household_id", "uprn", "people", "ids_council_tax", "ids_housing_benefit"} <= set(
        rows.columns)


def test_households_follow_the_cluster_corrections(people: AppState) -> None:
    at = open_app(people, page="pages/households.py")
    at.radio(key="households.source").set_value("address").run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    view = people.households
    assert view is not None and view.households is not None
    linked = view.households.members.group_by("household_id").agg(
        pl.col("person_id").n_unique().alias("people"), pl.len().alias("n"),
        pl.col("source_dataset").first(), pl.col("unique_id").first()).filter(
        (pl.col("people") == 1) & (pl.col("n") == 2)).row(0, named=True)
    before = int(metrics(at)["People"].replace(",", ""))
    people.workbench.decisions.add("remove", [(linked["source_dataset"], linked["unique_id"])])
    at.run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    assert int(metrics(at)["People"].replace(",", "")) == before + 1


def test_you_against_the_model_with_the_samples_answers(people: AppState) -> None:
    at = open_app(people, page="pages/teaching.py")
    no_exception(at)
    at.button(key="teaching.sample").click().run()
    no_exception(at)
    assert people.workbench.known_matches is not None
    at.button(key="teaching.start").click().run()
    no_exception(at)
    assert texts(at.subheader)[0] == "Pair 1 of 10"
    assert not at.get("plotly_chart")  # blind
    for _ in range(10):
        at.button(key="teaching.match").click().run()
    no_exception(at)
    shown = metrics(at)
    assert shown["You"] == "5 of 10 right"  # ground truth: half the pairs are true matches
    round_ = people.teaching
    assert round_ is not None and round_.done
    assert shown["The model"] == f"{round_.model_right} of 10 right"
    assert "The pairs where you disagreed" in texts(at.subheader)
    assert "waterfall" in [s["data"][0]["type"] for s in plotly_specs(at)]


def test_teaching_needs_a_result_first() -> None:
    at = open_app(page="pages/teaching.py")
    no_exception(at)
    assert "Train the model first" in joined(at.info)
