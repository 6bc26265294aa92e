"""Step 6 — Threshold: probability input, the three bands, and accuracy from labels or a truth
column."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace

import polars as pl
import pytest

from matching.accuracy import KnownPairs, confusion_at, scores_for_labels
from matching.config import ReviewBand
from matching.labels import Verdict, queue_keys, review_queue
from matching.loading import LoadedTable
from matching.thresholds import band_counts, weight_to_probability
from tests.app.support import (
    SAMPLE_DIR,
    as_int,
    joined,
    metrics,
    no_exception,
    open_app,
    plotly_specs,
)
from ui.session import AppState


@pytest.fixture
def clean(trained: AppState) -> Iterator[AppState]:
    trained.workbench.labels.clear()
    yield trained
    trained.workbench.labels.clear()
    trained.workbench.known_matches = None


def test_probability_input_moves_the_weight_slider(clean: AppState) -> None:
    wb = clean.workbench
    at = open_app(clean, page="pages/threshold.py")
    assert at.number_input(key="threshold.probability").value == pytest.approx(
        weight_to_probability(wb.result.threshold) * 100)  # type: ignore[union-attr]
    at.number_input(key="threshold.probability").set_value(80.0).run()
    no_exception(at)
    # p = 0.8 is odds of 4: a match weight of 2
    assert wb.result.threshold == pytest.approx(2.0)  # type: ignore[union-attr]
    assert at.slider(key="threshold.slider").value == pytest.approx(2.0)


def test_three_bands_count_every_pair_and_are_kept_in_the_config(clean: AppState) -> None:
    wb = clean.workbench
    result = wb.result
    assert result is not None
    at = open_app(clean, page="pages/threshold.py")
    shown = metrics(at)
    lower, upper = wb.config.review_band.bounds(result.threshold)
    assert at.slider(key="threshold.band").value == (lower, upper)
    total = sum(as_int(shown[k]) for k in ("Accepted without review", "For clerical review",
                                             "Rejected"))
    assert total == result.pair_count
    assert "at 20 seconds a pair" in joined(at.caption)
    at.slider(key="threshold.band").set_value((result.threshold - 1.0, result.threshold + 5.0)).run()
    no_exception(at)
    assert wb.result is result, "changing the band keeps the model"
    assert wb.config.review_band == ReviewBand(result.threshold - 1.0, result.threshold + 5.0)
    with result.workspace.lock:
        expected = band_counts(result.con, result.predictions_table, result.threshold - 1.0,
                               result.threshold + 5.0)
    assert as_int(metrics(at)["For clerical review"]) == expected.review
    wb.update_config(replace(wb.config, review_band=ReviewBand()))


def test_overlap_headline_for_two_files(clean: AppState) -> None:
    at = open_app(clean, page="pages/threshold.py")
    text = joined(at.markdown)
    assert "people are in both files" in text and "records only in *council_tax*" in text


def test_no_labels_says_how_to_get_them(clean: AppState) -> None:
    at = open_app(clean, page="pages/threshold.py")
    assert "No known matches yet" in joined(at.info)
    assert "Precision" not in metrics(at)


def test_labels_give_precision_recall_and_the_best_threshold(clean: AppState) -> None:
    wb = clean.workbench
    result = wb.result
    assert result is not None
    with result.workspace.lock:
        queue = review_queue(result.con, result.predictions_table, -5.0, 15.0,
                             threshold=result.threshold, size=10)
    keys = queue_keys(queue)
    weights = queue["match_weight"].to_list()
    for key, weight in zip(keys, weights, strict=True):  # label the strong half as matches
        wb.labels.set(key, Verdict.MATCH if weight >= result.threshold else Verdict.NON_MATCH)
    with result.workspace.lock:
        known = scores_for_labels(result.con, result.predictions_table, wb.labels.decided())
    expected = confusion_at(known, result.threshold)
    at = open_app(clean, page="pages/threshold.py")
    no_exception(at)
    shown = metrics(at)
    assert shown["Precision"] == f"{expected.precision:.1%}" == "100.0%"
    assert shown["Recall"] == f"{expected.recall:.1%}"
    assert as_int(shown["Known pairs"]) == len(keys)
    matrix = at.dataframe[0].value
    assert list(matrix["true match"]) == [expected.true_positives, expected.false_negatives]
    pr = plotly_specs(at)[-1]
    assert [t["name"].split()[0] for t in pr["data"]] == ["precision", "recall", "F1"]
    assert "The threshold with the best F1 on these pairs is" in joined(at.markdown)
    assert "but on too few pairs to rely on" in joined(at.markdown)
    assert "Only 10 pairs have a known answer" in joined(at.warning), "10 labels are too few"
    # Move away, then take the best threshold with one click.
    at.slider(key="threshold.slider").set_value(result.threshold + 6).run()
    assert metrics(at)["Recall"] != "100.0%"
    best = float(at.button(key="threshold.best").proto.label.split()[1])
    at.button(key="threshold.best").click().run()
    no_exception(at)
    assert wb.result.threshold == best  # type: ignore[union-attr]
    assert "threshold.best" not in [b.key for b in at.button], "already at the best"
    assert metrics(at)["F1"] == "100.0%"


def test_review_labels_change_the_accepted_pairs_and_clusters(clean: AppState) -> None:
    wb = clean.workbench
    result = wb.result
    assert result is not None
    at = open_app(clean, page="pages/threshold.py")
    before = metrics(at)
    with result.workspace.lock:
        strongest = result.con.sql(f"SELECT * FROM {result.predictions_table} "
                                   "ORDER BY match_weight DESC LIMIT 1").pl()
    wb.labels.set(queue_keys(strongest)[0], Verdict.NON_MATCH)

    at.run()

    no_exception(at)
    after = metrics(at)
    assert as_int(after["Pairs accepted as matches"]) == as_int(
        before["Pairs accepted as matches"]) - 1
    assert after["Groups of records (clusters)"] != before["Groups of records (clusters)"] or \
        after["Records matched to another"] != before["Records matched to another"]
    assert "These counts include your decisions" in joined(at.caption)


def _with_truth(table: LoadedTable, dataset: str, id_column: str) -> LoadedTable:
    with (SAMPLE_DIR / "truth.csv").open(encoding="utf-8", newline="") as handle:
        person = {r["record_id"]: r["person_id"] for r in csv.DictReader(handle)
                  if r["source_dataset"] == dataset}
    frame = table.frame.with_columns(
        pl.col(id_column).replace_strict(person, default=None).alias("person_id"))
    return replace(table, frame=frame,
                   original_columns={**table.original_columns, "person_id": "Person ID"})


def test_a_truth_column_measures_accuracy_on_every_pair(link_tables: list[LoadedTable]) -> None:
    state = AppState()
    wb = state.workbench
    wb.set_tables(link_tables)
    config = wb.suggest()
    ids = [d.id_column for d in config.datasets]
    assert all(ids)
    wb.set_tables([_with_truth(t, d.name, i)  # type: ignore[arg-type]
                   for t, d, i in zip(link_tables, config.datasets, ids, strict=True)])
    wb.suggest()
    wb.run()
    try:
        at = open_app(state, page="pages/threshold.py")
        at.radio(key="threshold.source").set_value("truth").run()
        assert "No known matches yet" in joined(at.info)
        for index in (0, 1):
            at.selectbox(key=f"threshold.truth.{index}").set_value("person_id").run()
        no_exception(at)
        shown = metrics(at)
        precision = float(shown["Precision"].rstrip("%"))
        recall = float(shown["Recall"].rstrip("%"))
        assert precision > 80 and recall > 50, shown
        known = wb.known_scores()
        assert isinstance(known, KnownPairs)
        assert known.matches > 0
    finally:
        wb.close()
