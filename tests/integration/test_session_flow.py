"""One officer's session, as the app drives it: load, suggest, run, move the threshold,
cluster, change the set-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from matching.clusters import cluster_assignments
from matching.config import ComparisonKind, ComparisonSpec
from matching.loading import read_path
from matching.session import WorkbenchSession
from tests.integration.support import RESIDENTS, read_text_csv

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def session() -> Iterator[WorkbenchSession]:
    wb = WorkbenchSession()
    yield wb
    wb.close()


def _tables(session: WorkbenchSession) -> set[str]:
    with session.workspace.lock:
        return {row[0] for row in session.workspace.con.sql("SHOW TABLES").fetchall()}


def test_session_flow(session: WorkbenchSession) -> None:
    session.set_tables([read_path(RESIDENTS)])
    config = session.suggest()
    assert config.link_type == "dedupe_only"
    assert config.comparisons and config.blocking
    assert session.config == config and session.result is None
    summary = session.blocking_summary()
    assert session.blocking_summary() is summary  # remembered until the set-up changes
    assert 0 < summary.total_pairs <= config.pair_budget

    result = session.run()

    assert session.result is result
    assert session.threshold == result.recommended_threshold  # none chosen yet
    clusters = session.current_clusters()
    assert (clusters.threshold, clusters.records) == (result.recommended_threshold, 1000)
    assert session.current_clusters() is clusters
    assignments = cluster_assignments(result, clusters)
    assert sorted(assignments["unique_id"]) == sorted(read_text_csv(RESIDENTS)["ID"])

    # Only the threshold changes: the model and its pairs stay, the clusters are redone.
    stricter = result.recommended_threshold + 10
    session.set_threshold(stricter)

    assert session.result is result
    assert session.config is not None and session.config.threshold_match_weight == stricter
    assert session.threshold == stricter
    assert clusters.table not in _tables(session)  # the old clusters were dropped
    higher = session.current_clusters()
    assert (higher.threshold, higher.records) == (stricter, 1000)
    assert higher.records_in_multi <= clusters.records_in_multi  # fewer links, smaller groups

    # A real change to the set-up makes the result stale.
    predictions = result.predictions_table
    assert {predictions, higher.table} <= _tables(session)
    session.update_config(session.config.with_changes(comparisons=config.comparisons[:-1]))

    assert session.result is None and session.clusters is None
    assert session.threshold is None
    assert predictions not in _tables(session)
    assert higher.table not in _tables(session)


def test_a_postcode_comparison_next_to_address_and_postcode_still_runs() -> None:
    wb = WorkbenchSession()
    try:
        wb.set_tables([read_path(RESIDENTS)])
        config = wb.suggest()
        # an officer adds a postcode comparison of its own on the Comparisons page
        extra = ComparisonSpec("postcode", ComparisonKind.POSTCODE, term_frequency=True)
        wb.update_config(config.with_changes(comparisons=(*config.comparisons, extra)))

        result = wb.run()

        assert result.pair_count > 0
    finally:
        wb.close()
