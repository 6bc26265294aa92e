"""Step 8 — Clusters: ranking by weakness, the network, and corrections carried to the export."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from matching.clusters import cluster_assignments
from matching.export import clusters_table
from tests.app.support import joined, metrics, no_exception, open_app, plotly_specs
from ui.session import AppState


@pytest.fixture
def deciding(trained: AppState) -> Iterator[AppState]:
    trained.workbench.decisions.clear()
    yield trained
    trained.workbench.decisions.clear()


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


def test_removing_a_record_and_splitting_are_kept_and_exported(deciding: AppState) -> None:
    wb = deciding.workbench
    result = wb.result
    assert result is not None
    at = open_app(deciding, page="pages/clusters.py")
    pick = at.selectbox(key="clusters.pick")
    biggest = pick.value
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
    table = at.dataframe[0].value
    assert list(table.loc[table["record ID"] == record, "your decision"]) == ["taken out"]
    # The export gives that record a cluster of its own.
    clusters = wb.current_clusters()
    before = cluster_assignments(result, clusters)
    exported = clusters_table(result, clusters, wb.decisions)
    moved = exported.filter(exported["unique_id"] == record)["cluster_id"][0]
    assert moved != biggest and moved not in set(before["cluster_id"])
    assert exported.height == before.height
    # Split the rest at its weakest link (when it still has two records), then undo it.
    if not at.button(key="clusters.split").proto.disabled:
        assert "The weakest link is" in joined(at.markdown)
        at.button(key="clusters.split").click().run()
        no_exception(at)
        assert len(wb.decisions) == 2 and wb.decisions.items[1].action == "split"
        at.button(key="clusters.undo").click().run()
        assert len(wb.decisions) == 1
