"""A plain rerun of a result page must not repeat heavy work: training, scoring, clustering.

Streamlit reruns the whole page on every click; with a million records a repeated training or
prediction would freeze the app for minutes. The engine's entry points are wrapped to count
their calls (they still run for real).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from splink.internals.linker_components.inference import LinkerInference
from splink.internals.linker_components.training import LinkerTraining

import matching.export
import matching.pipeline
import matching.projects
import matching.reviewed
import matching.session
from tests.app.support import SPLINK_TIMEOUT, no_exception, open_app, train
from ui.session import AppState

RESULT_PAGES = ["train", "threshold", "review", "clusters", "export"]
RERUNS = 3


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts of calls to the expensive entry points, by name."""
    counts: Counter[str] = Counter()

    def counted(owner: Any, name: str, label: str) -> None:
        real: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[label] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    counted(matching.session, "run_linkage", "run_linkage")
    counted(matching.pipeline, "train", "train")
    counted(matching.pipeline, "prepare_tables", "prepare_tables")
    counted(LinkerTraining, "estimate_u_using_random_sampling", "estimate_u")
    counted(LinkerTraining, "estimate_parameters_using_expectation_maximisation", "em")
    counted(LinkerInference, "predict", "predict")
    counted(matching.reviewed, "cluster_at", "cluster_at")
    counted(matching.session, "reviewed_pair_count", "reviewed_pair_count")
    counted(matching.session, "weight_histogram", "weight_histogram")
    # Queries of the scored pairs and clusters behind the Threshold and Clusters pages.
    for name in ("threshold_summary", "band_counts", "overlap", "cluster_ranking",
                 "cluster_links", "cluster_members"):
        counted(matching.session, name, name)
    # The export files are built only when a download button is pressed.
    for name in ("pairs_export", "records_export", "people_export"):
        counted(matching.export, name, name)
    counted(matching.projects.Project, "save", "project_save")
    return counts


def test_rerunning_result_pages_does_not_retrain_or_rescore(loaded: AppState,
                                                             calls: Counter[str]) -> None:
    at = open_app(loaded, page="pages/train.py")
    train(at, loaded)
    no_exception(at)
    assert loaded.workbench.result is not None
    trained = dict(calls)
    assert trained["run_linkage"] == trained["train"] == trained["estimate_u"] == 1
    assert trained["predict"] == 1
    assert trained["em"] >= 1

    for page in RESULT_PAGES:
        at.switch_page(f"pages/{page}.py").run(timeout=SPLINK_TIMEOUT)
        no_exception(at)
        saves = calls["project_save"]
        for _ in range(RERUNS):
            at.run(timeout=SPLINK_TIMEOUT)
            no_exception(at)
        assert calls["project_save"] == saves, f"a rerun of {page} saved the project again"

    for name in ("run_linkage", "train", "prepare_tables", "estimate_u", "em", "predict"):
        assert calls[name] == trained.get(name, 0), f"{name} ran again on a rerun"
    # Clusters and the score histogram are derived once for the threshold, then reused.
    assert calls["cluster_at"] == 1
    assert calls["weight_histogram"] == 1
    # Each page's queries ran once for this threshold, band and cluster, not on each rerun.
    for name in ("threshold_summary", "band_counts", "overlap", "cluster_ranking",
                 "cluster_links", "cluster_members", "reviewed_pair_count"):
        assert calls[name] == 1, f"{name} ran {calls[name]} times"
    for name in ("pairs_export", "records_export", "people_export"):
        assert calls[name] == 0, f"{name} built a file nobody asked for"
