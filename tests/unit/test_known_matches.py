"""Known matches: one notion for blocking recall and accuracy, from labels, pairs or person IDs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from matching.accuracy import confusion_at
from matching.config import DatasetSpec, MatchConfig
from matching.known_matches import KnownMatches
from matching.labels import LabelBook, Verdict
from matching.loading import read_path
from matching.projects import ProjectStore
from matching.samples import sample_paths
from matching.session import WorkbenchSession
from tests.unit.support import scored_pairs

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


TRUTH = pl.DataFrame({"source_dataset": ["a", "b", "a", "b", "a", "b"],
                      "unique_id": ["1", "1", "2", "2", "3", "4"],
                      "truth": ["P1", "P1", "P2", "P9", "P3", "P3"]})


def test_person_ids_label_every_scored_pair_and_count_the_unscored() -> None:
    con = duckdb.connect()
    known = KnownMatches.from_records(TRUTH, "column person").scores(
        con, scored_pairs(con), link_only=True)
    # a1-b1 P1=P1 match, a2-b2 P2/P9 not, a1-b2 P1/P9 not; a3-b3 (b3 unknown) left out;
    # a3-b4 (P3) is a true pair never scored
    assert sorted(known.scores.rows()) == [(-8.0, False), (1.0, False), (6.0, True)]
    assert known.unscored_matches == 1 and known.matches == 2


def test_a_review_label_wins_over_a_person_id_and_is_not_counted_twice() -> None:
    con = duckdb.connect()
    book = LabelBook()
    book.set(("b", "2", "a", "2"), Verdict.MATCH)   # the IDs say not: the reviewer knows better
    book.set(("a", "3", "b", "4"), Verdict.MATCH)   # the unscored true pair, labelled
    book.set(("a", "9", "b", "9"), Verdict.UNSURE)  # left out
    known = KnownMatches.from_records(TRUTH, "column person").with_labels(book.frame())
    assert known.source == "3 review label(s) and column person"
    scored = known.scores(con, scored_pairs(con), link_only=True)
    rows = sorted(scored.scores.rows(), key=lambda r: (r[0] is None, r[0] or 0))
    assert rows == [(-8.0, False), (1.0, True), (6.0, True), (None, True)]
    assert scored.unscored_matches == 0 and len(scored) == 4
    c = confusion_at(scored, 0.0)
    assert (c.true_positives, c.false_positives, c.false_negatives) == (2, 0, 1)


def test_matching_pairs_for_blocking_recall_from_pairs_and_person_ids() -> None:
    config = MatchConfig(datasets=(DatasetSpec("a", "a.csv"), DatasetSpec("b", "b.csv")),
                         link_type="link_only")
    pairs = KnownMatches.from_pairs(pl.DataFrame({
        "source_dataset_l": ["b", "a"], "unique_id_l": ["1", "5"],
        "source_dataset_r": ["a", "b"], "unique_id_r": ["1", "5"],
        "clerical_match_score": [1.0, 0.0]}), "file pairs.csv")
    both = KnownMatches(pairs.pairs, KnownMatches.from_records(TRUTH, "").records, "x")
    rows = both.match_pairs(config).rows()
    # b1-a1 (given both ways round and implied by P1) once; a3-b4 from P3; a5-b5 is not a match
    assert sorted(rows) == [("a", "1", "b", "1", 1.0), ("a", "3", "b", "4", 1.0)]


def test_saved_as_one_table_and_read_back() -> None:
    pairs = pl.DataFrame({"source_dataset_l": ["a"], "unique_id_l": ["1"],
                          "source_dataset_r": ["b"], "unique_id_r": ["1"],
                          "clerical_match_score": [1.0]})
    known = KnownMatches(KnownMatches.from_pairs(pairs, "").pairs,
                         KnownMatches.from_records(TRUTH, "").records, "file known.csv")
    again = KnownMatches.from_frame(known.frame())
    assert again.equals(known) and len(again) == 7


@pytest.mark.parametrize("empty", [KnownMatches.empty()])
def test_no_answers_score_nothing(empty: KnownMatches) -> None:
    con = duckdb.connect()
    scored = empty.scores(con, scored_pairs(con), link_only=True)
    assert len(scored) == 0 and scored.matches == 0


def test_kept_on_the_session_saved_with_the_project_and_cleared_with_new_files(
        tmp_path: Path) -> None:
    store = ProjectStore(tmp_path / "projects")
    project = store.create("Known matches")
    session = WorkbenchSession()
    session.set_tables([read_path(p) for p in sample_paths(link=True)])
    session.known_matches = KnownMatches.from_table(read_path(SAMPLE_DIR / "truth.csv"))
    project.save(session)
    restored = store.open(project.id).load()
    assert restored.known_matches is not None
    assert restored.known_matches.equals(session.known_matches)
    assert restored.known_matches.source == "file truth.csv"
    restored.set_tables(restored.tables)
    assert restored.known_matches is None
    for s in (session, restored):
        s.close()
