"""Cluster corrections: the weakest link, decisions applied to assignments, layouts."""

from __future__ import annotations

import math

import polars as pl

from matching.clusters import (
    ClusterDecisions,
    apply_decisions,
    circle_layout,
    spring_layout,
    weakest_link,
)

A, B, C, D, E = (("f", x) for x in "abcde")


def test_weakest_link_is_the_bottleneck_of_the_strongest_tree() -> None:
    # a-b 9, b-c 8, a-c 2 (not needed: a and c are joined through b), c-d 3, d-e 7
    links = [(A, B, 9.0), (B, C, 8.0), (A, C, 2.0), (C, D, 3.0), (D, E, 7.0)]
    weak = weakest_link([A, B, C, D, E], links)
    assert weak is not None
    assert (weak.record_l, weak.record_r, weak.match_weight) == (C, D, 3.0)
    assert weak.cut_off == (D, E), "the smaller side is cut off"


def test_weakest_link_needs_two_linked_records() -> None:
    assert weakest_link([A], []) is None
    assert weakest_link([A, B], []) is None
    assert weakest_link([A, B], [(A, B, 4.0)]) is not None


def _assignments() -> pl.DataFrame:
    return pl.DataFrame({"source_dataset": ["f"] * 5, "unique_id": list("abcde"),
                         "cluster_id": [1, 1, 1, 2, 2]})


def test_decisions_move_records_to_new_clusters_in_order() -> None:
    decisions = ClusterDecisions()
    decisions.add("remove", [C], "different date of birth")
    decisions.add("split", [D])
    out = apply_decisions(_assignments(), decisions)
    assert out["cluster_id"].to_list() == [1, 1, 3, 4, 2]
    assert out.schema == _assignments().schema


def test_a_decision_on_records_already_alone_changes_nothing() -> None:
    decisions = ClusterDecisions()
    decisions.add("split", [D, E])  # the whole of cluster 2
    decisions.add("remove", [("f", "zz")])  # not in the data
    assert apply_decisions(_assignments(), decisions).equals(_assignments())


def test_decisions_round_trip_through_their_frame_and_undo() -> None:
    decisions = ClusterDecisions()
    decisions.add("split", [A, B], "two people")
    decisions.add("remove", [E])
    frame = decisions.frame()
    assert frame.columns == ["decision", "action", "source_dataset", "unique_id", "note",
                             "decided_at"]
    assert frame["decision"].to_list() == [1, 1, 2]
    again = ClusterDecisions.from_frame(frame)
    assert again.items == decisions.items
    assert decisions.undo() == again.items[1] and len(decisions) == 1


def test_layouts_place_every_record() -> None:
    assert circle_layout(1) == [(0.0, 0.0)]
    points = circle_layout(4)
    assert points[0] == (1.0, 0.0) and math.isclose(points[1][1], 1.0)
    spring = spring_layout(5, [(0, 1, 5.0), (1, 2, 5.0), (3, 4, 5.0)])
    assert len(spring) == 5 and all(math.isfinite(x) and math.isfinite(y) for x, y in spring)
    near = math.dist(spring[0], spring[1])
    far = math.dist(spring[0], spring[4])
    assert near < far, "linked records are drawn closer than unlinked ones"
    assert spring_layout(5, [(0, 1, 1.0)]) == spring_layout(5, [(0, 1, 1.0)])
