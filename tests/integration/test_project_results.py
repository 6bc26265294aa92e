"""A trained project reopens without retraining: the same model, scored pairs and threshold."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from matching.clusters import cluster_assignments
from matching.loading import read_path
from matching.projects import ProjectStore
from matching.samples import sample_paths
from matching.session import WorkbenchSession

pytestmark = pytest.mark.slow


def test_the_trained_model_and_its_pairs_round_trip(tmp_path: Path) -> None:
    store = ProjectStore(tmp_path)
    project = store.create("Trained")
    session = WorkbenchSession(on_change=lambda _what: project.save(session))
    session.set_tables([read_path(p) for p in sample_paths(link=True)])
    session.suggest()
    result = session.run()
    session.set_threshold(result.recommended_threshold - 2)

    restored = store.open(project.id).load()
    again = restored.result
    assert again is not None
    assert restored.config == session.config
    assert again.threshold == result.threshold
    assert again.recommended_threshold == result.recommended_threshold
    assert again.pair_count == result.pair_count
    assert asdict(again.training) == asdict(result.training)
    assert again.linker.misc.save_model_to_json() == result.linker.misc.save_model_to_json()
    order = "ORDER BY unique_id_l, unique_id_r"
    assert again.con.sql(f"SELECT * FROM {again.predictions_table} {order}").pl().equals(
        result.con.sql(f"SELECT * FROM {result.predictions_table} {order}").pl())
    assert cluster_assignments(again, restored.current_clusters()).equals(
        cluster_assignments(result, session.current_clusters()))

    # The restored pairs are released with the result, like Splink's own tables.
    table = again.predictions_table
    restored.clear_results()
    names = {r[0] for r in restored.workspace.con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert table not in names
    session.close()
    restored.close()
