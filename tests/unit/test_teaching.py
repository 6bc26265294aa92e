"""You vs the model: a round of blind labels, scored against the truth and the model."""

from __future__ import annotations

import duckdb
import polars as pl

from matching.known_matches import KnownMatches
from matching.teaching import PAIR_SCHEMA, address_pairs, draw_round, person_pairs


def _pairs(n: int = 40) -> pl.DataFrame:
    # ground truth: even pairs are matches, weights spread from -15 to +24
    rows = [("a", f"l{i}", "b", f"r{i}", -15.0 + i, i % 2 == 0) for i in range(n)]
    return pl.DataFrame(rows, schema=PAIR_SCHEMA, orient="row")


def test_a_round_mixes_matches_and_non_matches_mostly_near_the_threshold() -> None:
    round_ = draw_round(_pairs(), threshold=5.0, size=10, seed=3)
    assert round_ is not None and len(round_.items) == 10
    assert sum(item.is_match for item in round_.items) == 5
    near = sum(abs(item.match_weight - 5.0) <= 6 for item in round_.items)
    assert near >= 6
    again = draw_round(_pairs(), threshold=5.0, size=10, seed=3)
    assert again is not None and [i.key for i in again.items] == [i.key for i in round_.items]


def test_too_few_pairs_make_no_round() -> None:
    only_matches = _pairs().filter(pl.col("is_match"))
    assert draw_round(only_matches, 0.0, size=10, seed=1) is None


def test_answers_are_scored_beside_the_model() -> None:
    round_ = draw_round(_pairs(), threshold=5.0, size=6, seed=1)
    assert round_ is not None
    for item in round_.items:
        round_.answer(item.is_match)  # the officer is always right
    assert round_.done and round_.officer_right == 6
    model = sum((item.match_weight >= 5.0) == item.is_match for item in round_.items)
    assert round_.model_right == model
    outcomes = round_.outcomes()
    assert outcomes.height == 6 and set(outcomes["you"]) <= {"match", "not a match"}
    assert (outcomes["who_was_wrong"] != "").sum() == 6 - model
    assert all(w in ("", "the model") for w in outcomes["who_was_wrong"])


def test_person_pairs_come_from_scored_pairs_with_known_people() -> None:
    con = duckdb.connect()
    con.execute("""CREATE TABLE preds AS SELECT * FROM (VALUES
        ('ct', '1', 'hb', '7', 9.5), ('ct', '2', 'hb', '8', -3.0), ('ct', '3', 'hb', '9', 1.0))
        t(source_dataset_l, unique_id_l, source_dataset_r, unique_id_r, match_weight)""")
    known = KnownMatches.from_records(pl.DataFrame({
        "source_dataset": ["ct", "hb", "ct", "hb"], "unique_id": ["1", "7", "2", "8"],
        "truth": ["P1", "P1", "P2", "P9"]}), "test")
    pairs = person_pairs(con, "preds", known).sort("unique_id_l")
    assert pairs["is_match"].to_list() == [True, False]  # pair 3 has no known people
    assert pairs["match_weight"].to_list() == [9.5, -3.0]


def test_address_pairs_are_a_records_best_and_runner_up() -> None:
    best = pl.DataFrame({"unique_id": ["r1", "r2"], "uprn": ["10", "20"], "match_weight": [8.0, 1.0],
                         "runner_up_uprn": ["11", None], "runner_up_weight": [2.0, None]})
    known = pl.DataFrame({"unique_id": ["r1", "r2"], "uprn": ["10", "21"]})
    decided = pl.DataFrame({"unique_id": ["r1", "r2"], "uprn": ["10", None]})
    pairs = address_pairs(best, known, decided).sort(["unique_id_l", "unique_id_r"])
    assert pairs.select("unique_id_r", "is_match", "model_says").rows() == [
        ("10", True, True), ("11", False, False), ("20", False, False)]
    round_ = draw_round(pairs, 0.0, size=3, seed=1)
    assert round_ is not None
    assert {round_.model_says(i) for i in range(len(round_.items))} == {True, False}
