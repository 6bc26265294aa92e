"""Step 7 — Review: the queue from the review band, labelling with notes, back, undo, blind mode,
and labels as CSV."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from matching.labels import LabelBook, Verdict
from tests.app.support import joined, no_exception, open_app, plotly_specs, texts
from ui.session import AppState


@pytest.fixture
def reviewing(trained: AppState) -> Iterator[AppState]:
    """The shared trained state with no labels before or after the test."""
    trained.workbench.labels.clear()
    trained.review_queue = None
    yield trained
    trained.workbench.labels.clear()
    trained.review_queue = None


def test_review_page_shows_the_first_pair_with_reason_records_and_waterfall(
        reviewing: AppState) -> None:
    result = reviewing.workbench.result
    assert result is not None
    lower, upper = reviewing.workbench.config.review_band.bounds(result.threshold)
    at = open_app(reviewing, page="pages/review.py")
    no_exception(at)
    queue = reviewing.review_queue
    assert queue is not None and 0 < queue.height <= 50
    assert all(lower <= w < upper for w in queue["match_weight"])
    first = queue.row(0, named=True)
    assert texts(at.subheader)[0].startswith(f"Pair 1 of {queue.height} · match weight "
                                            f"{first['match_weight']:.2f}")
    assert "0 of" in at.get("progress")[0].proto.text
    reason = joined(at.info)
    assert reason.endswith(".") and ("same" in reason.lower() or "differs" in reason)
    records = at.table[0].value
    assert list(records.columns) == ["field", "first record", "second record"]
    assert records["first record"].iloc[0] == first["unique_id_l"]
    waterfall = plotly_specs(at)[0]["data"][0]
    assert waterfall["type"] == "waterfall" and waterfall["measure"][-1] == "total"


def test_labelling_with_a_note_moves_on_and_undo_and_back_work(reviewing: AppState) -> None:
    wb = reviewing.workbench
    at = open_app(reviewing, page="pages/review.py")
    keys = [tuple(r) for r in reviewing.review_queue.select(  # type: ignore[union-attr]
        "source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r").iter_rows()]
    note = next(t for t in at.text_input if t.key.startswith("review.note."))
    note.set_value("same person, moved house")
    at.button(key="review.match").click().run()
    no_exception(at)
    assert wb.labels.get(keys[0]).verdict is Verdict.MATCH  # type: ignore[union-attr]
    assert wb.labels.get(keys[0]).note == "same person, moved house"  # type: ignore[union-attr]
    assert texts(at.subheader)[0].startswith("Pair 2 of")
    assert "1 of" in at.get("progress")[0].proto.text
    at.button(key="review.nonmatch").click().run()
    at.button(key="review.unsure").click().run()
    assert len(wb.labels) == 3 and texts(at.subheader)[0].startswith("Pair 4 of")
    at.button(key="review.undo").click().run()
    no_exception(at)
    assert len(wb.labels) == 2 and keys[2] not in wb.labels
    assert texts(at.subheader)[0].startswith("Pair 3 of")
    at.button(key="review.back").click().run()
    assert texts(at.subheader)[0].startswith("Pair 2 of")
    assert "You labelled this pair" in joined(at.caption)
    assert "not a match" in joined(at.caption)


def test_blind_mode_hides_the_score_and_explanation(reviewing: AppState) -> None:
    at = open_app(reviewing, page="pages/review.py")
    at.toggle(key="review.blind").set_value(True).run()
    no_exception(at)
    assert "match weight" not in texts(at.subheader)[0]
    assert not at.get("plotly_chart")
    assert not [i for i in at.info if "same" in i.value.lower() or "differs" in i.value]
    assert "match weight" not in at.dataframe[0].value.columns  # the queue overview


def test_stratified_queue_and_the_labels_download(reviewing: AppState) -> None:
    at = open_app(reviewing, page="pages/review.py")
    uncertain = reviewing.review_queue
    at.radio(key="review.order").set_value("stratified").run()
    no_exception(at)
    assert reviewing.review_queue is not None and not reviewing.review_queue.equals(uncertain)
    at.button(key="review.match").click().run()
    button = at.get("download_button")[0]
    assert button.proto.label == "Download labels (1)"
    assert not button.proto.disabled


def test_no_pairs_in_an_empty_band(reviewing: AppState) -> None:
    wb = reviewing.workbench
    wb.set_threshold(1_000.0)
    at = open_app(reviewing, page="pages/review.py")
    no_exception(at)
    assert "There are no pairs in the review band" in joined(at.info)
    assert not at.get("plotly_chart")
    assert at.get("download_button")[0].proto.disabled


def test_labels_csv_round_trip_through_the_session(reviewing: AppState) -> None:
    wb = reviewing.workbench
    book = LabelBook()
    book.set(("council_tax", "CT1", "housing_benefit", "HB1"), Verdict.MATCH, "checked")
    wb.set_labels_frame(book.frame())
    assert wb.labels_frame().equals(book.frame())
