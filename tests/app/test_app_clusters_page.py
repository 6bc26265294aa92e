"""Step 8 — Clusters: ranking by weakness, the network, and corrections carried to the export."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from matching.export import clusters_table
from matching.labels import Verdict
from tests.app.support import as_int, joined, metrics, no_exception, open_app, plotly_specs
from ui.session import AppState


@pytest.fixture
def deciding(trained: AppState) -> Iterator[AppState]:
    trained.workbench.decisions.clear()
    trained.workbench.labels.clear()
    yield trained
    trained.workbench.decisions.clear()
    trained.workbench.labels.clear()


def test_weakest_clusters_first_and_the_network(deciding: AppState) -> None:
    at = open_app(deciding, page="pages/clusters.py")
    at.radio(key="clusters.rank").set_value("weakness").run()
    no_exception(at)
    options = at.selectbox(key="clusters.pick").options
    densities = [int(o.split("· ")[1].split("%")[0]) for o in options]
    assert densities == sorted(densities), "lowest density first"
    network = plotly_specs(at)[1]
    nodes = network["data"][-1]
    size = int(options[0].split("— ")[1].split()[0])
    assert nodes["mode"] == "markers+text" and len(nodes["x"]) == size
    assert len(at.dataframe[0].value) == size


def _network_size(at: object) -> int:
    return len(plotly_specs(at)[1]["data"][-1]["x"])  # type: ignore[arg-type]


def test_removing_a_record_and_splitting_change_the_counts_chart_network_and_export(
        deciding: AppState) -> None:
    wb = deciding.workbench
    result = wb.result
    assert result is not None
    at = open_app(deciding, page="pages/clusters.py")
    pick = at.selectbox(key="clusters.pick")
    biggest = pick.value
    size = int(pick.options[pick.index].split("— ")[1].split()[0])
    before_metrics, before_sizes = metrics(at), plotly_specs(at)[0]["data"]
    assert _network_size(at) == size
    options = at.selectbox(key=f"clusters.record.{biggest}")
    record = options.options[options.index].rsplit(" (", 1)[0]
    at.text_input(key="clusters.note").set_value("different date of birth")
    at.button(key="clusters.remove").click().run()
    no_exception(at)
    assert len(wb.decisions) == 1
    frame = wb.decisions_frame()
    assert frame.row(0, named=True)["unique_id"] == record
    assert frame["note"].to_list() == ["different date of birth"]
    assert metrics(at)["Your corrections"] == "1"
    # The record has left the cluster: its table, network and the counts say so.
    assert plotly_specs(at)[0]["data"] != before_sizes, "the size chart shows the correction"
    if size > 2:
        assert at.selectbox(key="clusters.pick").value == biggest
        assert record not in list(at.dataframe[0].value["record ID"])
        assert _network_size(at) == size - 1
    else:  # the cluster has gone: one cluster fewer
        assert as_int(metrics(at)["Clusters of two or more"]) == as_int(
            before_metrics["Clusters of two or more"]) - 1
    # The export gives that record a cluster of its own.
    clusters = wb.current_clusters()
    exported = clusters_table(result, clusters, wb.decisions)
    moved = exported.filter(exported["unique_id"] == record)["cluster_id"][0]
    assert moved != biggest
    assert exported.filter(exported["cluster_id"] == moved).height == 1
    assert exported.height == clusters.records
    assert wb.export_counts()[2] == clusters.clusters
    # Split the rest at its weakest link (when it still has two records), then undo it.
    if not at.button(key="clusters.split").proto.disabled:
        assert "The weakest link is" in joined(at.markdown)
        remaining = _network_size(at)
        multi = as_int(metrics(at)["Clusters of two or more"])
        at.button(key="clusters.split").click().run()
        no_exception(at)
        assert len(wb.decisions) == 2 and wb.decisions.items[1].action == "split"
        if remaining > 2:
            assert _network_size(at) < remaining, "the network shows the split"
        else:  # a pair split in two: one cluster fewer
            assert as_int(metrics(at)["Clusters of two or more"]) == multi - 1
        at.button(key="clusters.undo").click().run()
        assert len(wb.decisions) == 1
        assert as_int(metrics(at)["Clusters of two or more"]) == multi


def test_a_pair_labelled_not_a_match_stops_holding_its_cluster(deciding: AppState) -> None:
    wb = deciding.workbench
    at = open_app(deciding, page="pages/clusters.py")
    before = as_int(metrics(at)["Clusters of two or more"])
    pairs = wb.cluster_ranking("size").filter(pl.col("cluster_size") == 2)
    cluster = int(pairs["cluster_id"][0])
    _, links = wb.cluster_detail(cluster)
    key = tuple(str(v) for v in links.row(0)[:4])
    wb.labels.set(key, Verdict.NON_MATCH)
    try:
        at.run()
        no_exception(at)
        assert as_int(metrics(at)["Clusters of two or more"]) == before - 1
        assert "1 labelled not a match" in joined(at.caption)
    finally:
        wb.labels.clear()
