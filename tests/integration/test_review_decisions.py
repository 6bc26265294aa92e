"""Review labels and cluster corrections change the matched pairs and the clusters (real Splink)."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from matching import WorkbenchSession, read_path
from matching.clusters import ClusterDecisions, cluster_assignments
from matching.labels import LabelBook, Verdict
from matching.reviewed import (
    decided_labels,
    reviewed_clusters,
    reviewed_pair_count,
    reviewed_pairs,
    reviewed_records,
)
from matching.samples import sample_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def session() -> Iterator[WorkbenchSession]:
    wb = WorkbenchSession()
    wb.set_tables([read_path(p) for p in sample_paths(link=True)])
    wb.suggest()
    wb.run()
    yield wb
    wb.close()


def _key(row: dict[str, object]) -> tuple[str, str, str, str]:
    return (str(row["source_dataset_l"]), str(row["unique_id_l"]),
            str(row["source_dataset_r"]), str(row["unique_id_r"]))


def _cluster_of(session: WorkbenchSession, clusters: object, record: tuple[str, str]) -> int:
    assert session.result is not None
    frame = cluster_assignments(session.result, clusters)  # type: ignore[arg-type]
    row = frame.filter((pl.col("source_dataset") == record[0])
                       & (pl.col("unique_id") == record[1]))
    return int(row["cluster_id"][0])


def test_a_pair_labelled_not_a_match_leaves_the_pairs_and_stops_holding_its_cluster(
        session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    threshold = result.threshold
    pairs = reviewed_pairs(result, threshold)
    # ground truth: the strongest accepted pair whose two records have no other accepted link
    counts: dict[tuple[str, str], int] = {}
    for row in pairs.iter_rows(named=True):
        for side in ("l", "r"):
            record = (row[f"source_dataset_{side}"], row[f"unique_id_{side}"])
            counts[record] = counts.get(record, 0) + 1
    lone = next(r for r in pairs.iter_rows(named=True)
                if counts[(r["source_dataset_l"], r["unique_id_l"])] == 1
                and counts[(r["source_dataset_r"], r["unique_id_r"])] == 1)
    key = _key(lone)
    before = reviewed_clusters(result, threshold)
    assert _cluster_of(session, before, key[:2]) == _cluster_of(session, before, key[2:])

    labels = LabelBook()
    labels.set(key, Verdict.NON_MATCH)
    after_pairs = reviewed_pairs(result, threshold, labels)
    after = reviewed_clusters(result, threshold, labels)

    assert after_pairs.height == pairs.height - 1
    assert key not in {_key(r) for r in after_pairs.iter_rows(named=True)}
    assert set(after_pairs["decision"]) == {"model"}
    assert reviewed_pair_count(result, threshold, labels) == pairs.height - 1
    assert _cluster_of(session, after, key[:2]) != _cluster_of(session, after, key[2:])
    assert after.multi_clusters == before.multi_clusters - 1
    assert after.records_in_multi == before.records_in_multi - 2


def test_a_pair_labelled_match_joins_the_pairs_and_the_clusters_even_below_the_threshold(
        session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    threshold = result.threshold
    before = reviewed_clusters(result, threshold)
    with result.workspace.lock:
        below = result.con.sql(
            f"SELECT * FROM {result.predictions_table} WHERE match_weight < $t "
            "ORDER BY match_weight LIMIT 1", params={"t": threshold}).pl().row(0, named=True)
    scored = _key(below)
    ids = session.tables[0].frame["account_ref"]
    unscored = ("council_tax", ids[0], "council_tax", ids[1])  # one file: never scored
    labels = LabelBook()
    labels.set(scored, Verdict.MATCH)
    labels.set(unscored, Verdict.MATCH)
    labels.set(("council_tax", "nobody", "housing_benefit", "HB-001091"), Verdict.MATCH)
    labels.set(("council_tax", ids[2], "housing_benefit", "HB-003933"), Verdict.UNSURE)

    pairs = reviewed_pairs(result, threshold, labels)
    clusters = reviewed_clusters(result, threshold, labels)

    added = pairs.filter(pl.col("decision") == "reviewer")
    assert {_key(r) for r in added.iter_rows(named=True)} >= {scored}
    assert added.height == 2
    assert added.filter(pl.col("match_weight").is_null()).height == 1, "the unscored pair"
    assert _cluster_of(session, clusters, scored[:2]) == _cluster_of(session, clusters, scored[2:])
    assert (_cluster_of(session, clusters, unscored[:2])
            == _cluster_of(session, clusters, unscored[2:]))
    assert clusters.records == before.records, "a label naming no record adds nothing"
    assert decided_labels(result, labels).ignored == 1
    assert decided_labels(result, labels).matches == 2


def test_cluster_corrections_change_the_counts(session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    before = reviewed_clusters(result, result.threshold)
    largest = before.largest
    assert largest is not None
    members = cluster_assignments(result, before).filter(
        pl.col("cluster_id") == int(largest["cluster_id"][0]))
    taken_out = (str(members["source_dataset"][0]), str(members["unique_id"][0]))
    decisions = ClusterDecisions()
    decisions.add("remove", [taken_out])

    after = reviewed_clusters(result, result.threshold, decisions=decisions)

    assert after.clusters == before.clusters + 1
    assert after.records == before.records
    sizes = after.size_counts
    assert sizes is not None
    assert int((sizes["cluster_size"] * sizes["clusters"]).sum()) == after.records
    records = reviewed_records(cluster_assignments(result, after), None, decisions)
    assert records.filter(pl.col("decision") == "reviewer").height == 1
