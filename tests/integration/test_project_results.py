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


def test_training_again_keeps_the_old_model_until_the_new_one_is_saved(tmp_path: Path) -> None:
    store = ProjectStore(tmp_path)
    project = store.create("Trained twice")
    session = WorkbenchSession(on_change=lambda _what: project.save(session),
                               on_trained=project.save_trained)
    session.set_tables([read_path(p) for p in sample_paths(link=False)])
    session.suggest()
    old = session.run()

    job = session.start_training()  # press Train and match again...
    refreshed = store.open(project.id).load()  # ...and refresh the page straight away

    assert session.result is old, "the old model stays while the new one trains"
    assert refreshed.result is not None, "a refresh mid-run keeps the previous model"
    assert refreshed.result.pair_count == old.pair_count
    assert refreshed.interrupted_training == session.training_since, "and says a run was going"
    assert job.wait(180) and job.error is None
    # The finished run was saved from its own thread, so the refreshed tab can open it...
    reopened = store.open(project.id)
    assert reopened._document["training_started"] is None
    new_model = reopened.load()
    assert new_model.result is not None and new_model.interrupted_training is None
    # ...and the tab that started it takes it in place of the old model.
    assert session.take_trained()
    assert session.result is job.result is not old
    assert not project.changed_elsewhere()
    for wb in (session, refreshed, new_model):
        wb.close()


def test_a_failed_or_cancelled_run_keeps_the_old_model(tmp_path: Path) -> None:
    session = WorkbenchSession()
    session.set_tables([read_path(p) for p in sample_paths(link=False)])
    session.suggest()
    old = session.run()
    job = session.start_training()
    job.cancel()
    assert job.wait(180)
    session.take_trained()
    assert session.result is old if job.cancelled else session.result is job.result
    assert session.training_since is None
    session.close()
