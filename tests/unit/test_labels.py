"""Labels: verdicts on pairs, undo, Splink's CSV format both ways, and the review queue."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl
import pytest

from matching.errors import UploadError
from matching.labels import (
    LABEL_COLUMNS,
    LabelBook,
    Verdict,
    canonical,
    next_unlabelled,
    queue_keys,
    review_queue,
)

A = ("council_tax", "CT1", "housing_benefit", "HB1")
B = ("council_tax", "CT2", "housing_benefit", "HB2")
C = ("council_tax", "CT3", "housing_benefit", "HB3")


def test_a_pair_is_the_same_pair_in_either_order() -> None:
    assert canonical(("b", "2", "a", "1")) == ("a", "1", "b", "2")
    book = LabelBook()
    book.set(A, Verdict.MATCH)
    assert (A[2], A[3], A[0], A[1]) in book
    assert book.get((A[2], A[3], A[0], A[1])).verdict is Verdict.MATCH  # type: ignore[union-attr]


def test_the_latest_verdict_wins_and_undo_steps_back() -> None:
    book = LabelBook()
    book.set(A, Verdict.MATCH, "  same person ")
    book.set(B, "not a match")
    book.set(A, Verdict.UNSURE, "twins?")
    assert len(book) == 2
    assert book.get(A).verdict is Verdict.UNSURE and book.get(A).note == "twins?"  # type: ignore[union-attr]
    assert book.undo() == canonical(A)
    assert book.get(A).verdict is Verdict.MATCH and book.get(A).note == "same person"  # type: ignore[union-attr]
    assert book.undo() == canonical(B)
    assert B not in book
    assert book.undo() == canonical(A)
    assert len(book) == 0 and not book.can_undo
    assert book.undo() is None


def test_labels_frame_is_splinks_format_and_round_trips_through_csv() -> None:
    book = LabelBook()
    book.set(A, Verdict.MATCH, "same DOB, name \"Bob\", Robert", labelled_at="2026-01-02T03:04:05+00:00")
    book.set(B, Verdict.NON_MATCH)
    book.set(C, Verdict.UNSURE, "line one\nline two")
    frame = book.frame()
    assert frame.columns == LABEL_COLUMNS
    scores = dict(zip(frame["unique_id_l"], frame["clerical_match_score"], strict=True))
    assert scores == {"CT1": 1.0, "CT2": 0.0, "CT3": None}
    again = LabelBook.from_csv_bytes(book.to_csv_bytes())
    assert again.frame().equals(frame)
    assert LabelBook.from_frame(frame).frame().equals(frame)
    assert not again.can_undo, "an imported file is not an undoable change"


def test_a_splink_labels_file_without_label_column_reads_from_the_score() -> None:
    csv = (
        "\ufeffsource_dataset_l,unique_id_l,source_dataset_r,unique_id_r,clerical_match_score\n"
        "council_tax,CT1,housing_benefit,HB1,1\n"
        "council_tax,CT2,housing_benefit,HB2,0.0\n"
        "council_tax,CT3,housing_benefit,HB3,\n"
    ).encode()
    book = LabelBook.from_csv_bytes(csv)
    assert [book.get(k).verdict for k in (A, B, C)] == [  # type: ignore[union-attr]
        Verdict.MATCH, Verdict.NON_MATCH, Verdict.UNSURE]
    assert book.counts() == {Verdict.MATCH: 1, Verdict.NON_MATCH: 1, Verdict.UNSURE: 1}
    decided = book.decided()
    assert decided.height == 2 and decided["is_match"].to_list() == [True, False]


@pytest.mark.parametrize(("csv", "message"), [
    (b"a,b\n1,2\n", "This is not a labels file: it has no source_dataset_l, unique_id_l, "
                    "source_dataset_r, unique_id_r column."),
    (b"source_dataset_l,unique_id_l,source_dataset_r,unique_id_r\nx,1,y,2\n",
     "This is not a labels file: it has no clerical_match_score column."),
    (b"source_dataset_l,unique_id_l,source_dataset_r,unique_id_r,clerical_match_score\n"
     b"x,1,y,2,yes\n", "Line 2 of the labels file has a clerical_match_score of 'yes'."),
    (b"source_dataset_l,unique_id_l,source_dataset_r,unique_id_r,clerical_match_score\n"
     b"x,1,y,2,1\nx,,y,3,0\n", "Line 3 of the labels file has an empty record ID or file name."),
])
def test_bad_labels_files_say_what_is_wrong(csv: bytes, message: str) -> None:
    with pytest.raises(UploadError) as caught:
        LabelBook.from_csv_bytes(csv)
    assert caught.value.message == message


def test_merge_adds_uploaded_labels() -> None:
    mine, theirs = LabelBook(), LabelBook()
    mine.set(A, Verdict.MATCH)
    theirs.set(A, Verdict.NON_MATCH)
    theirs.set(B, Verdict.MATCH)
    assert mine.merge(theirs) == 2
    assert mine.get(A).verdict is Verdict.NON_MATCH and len(mine) == 2  # type: ignore[union-attr]


# --- review queue ---------------------------------------------------------------------------


@pytest.fixture
def predictions() -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    con = duckdb.connect()
    # 20 pairs with weights -5.0, -4.5, ..., 4.5
    con.execute("""CREATE TABLE p AS SELECT 'a' AS source_dataset_l, 'L' || i AS unique_id_l,
                   'b' AS source_dataset_r, 'R' || i AS unique_id_r,
                   -5 + i * 0.5 AS match_weight, 1 / (1 + pow(2, 5 - i * 0.5)) AS match_probability
                   FROM range(20) t(i)""")
    yield con, "p"
    con.close()


def test_uncertain_queue_takes_the_band_closest_to_the_threshold_first(predictions) -> None:  # type: ignore[no-untyped-def]
    con, table = predictions
    queue = review_queue(con, table, -2.0, 2.0, threshold=0.6, size=4)
    # band: -2.0 .. 1.5 (8 pairs); distance to 0.6: 0.5 -> 0.1, 1.0 -> 0.4, 0.0 -> 0.6, 1.5 -> 0.9
    assert queue["match_weight"].to_list() == [0.5, 1.0, 0.0, 1.5]
    assert queue.columns[:4] == ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]
    assert queue_keys(queue)[0] == ("a", "L11", "b", "R11")


def test_stratified_queue_takes_evenly_from_each_slice_and_is_repeatable(predictions) -> None:  # type: ignore[no-untyped-def]
    con, table = predictions
    queue = review_queue(con, table, -4.0, 4.0, threshold=0.0, size=8, order="stratified",
                         strata=4)
    weights = queue["match_weight"].to_list()
    assert len(weights) == 8 and all(-4.0 <= w < 4.0 for w in weights)
    # slices of width 2: [-4,-2), [-2,0), [0,2), [2,4): two pairs from each
    slices = pl.Series(weights).map_elements(lambda w: int((w + 4) // 2), return_dtype=pl.Int64)
    assert sorted(slices.value_counts()["count"].to_list()) == [2, 2, 2, 2]
    again = review_queue(con, table, -4.0, 4.0, threshold=0.0, size=8, order="stratified",
                         strata=4)
    assert again.equals(queue)
    other_seed = review_queue(con, table, -4.0, 4.0, threshold=0.0, size=8,
                              order="stratified", strata=4, seed=7)
    assert set(other_seed["match_weight"]) != set(weights) or not other_seed.equals(queue)


def test_empty_band_gives_an_empty_queue(predictions) -> None:  # type: ignore[no-untyped-def]
    con, table = predictions
    assert review_queue(con, table, 3.0, 3.0, threshold=3.0).height == 0
    assert review_queue(con, table, 3.0, 1.0, threshold=3.0, order="stratified").height == 0


def test_next_unlabelled_skips_labelled_pairs() -> None:
    book = LabelBook()
    book.set(A, Verdict.MATCH)
    keys = [canonical(k) for k in (A, B, C)]
    assert next_unlabelled(keys, book) == 1
    assert next_unlabelled(keys, book, start=2) == 2
    book.set(B, Verdict.MATCH)
    book.set(C, Verdict.MATCH)
    assert next_unlabelled(keys, book) is None
