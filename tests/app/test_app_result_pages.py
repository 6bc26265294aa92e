"""Steps 5-9 — Train & match, Threshold, Review, Clusters and Export, on a real Splink model."""

from __future__ import annotations

from tests.app.support import (
    SPLINK_TIMEOUT,
    TRAIN_INFO,
    as_int,
    downloaded,
    joined,
    metrics,
    no_exception,
    open_app,
    plotly_specs,
    sample_rows,
    texts,
)
from ui.session import AppState

LEARNED = "What the model learned"
LINK_RECORDS = sample_rows("council_tax.csv") + sample_rows("housing_benefit.csv")


# --- Train & match ---------------------------------------------------------------------------


def test_train_page_before_training_offers_the_button(loaded: AppState) -> None:
    at = open_app(loaded, page="pages/train.py")
    no_exception(at)
    config = loaded.workbench.config
    assert config is not None
    shown = metrics(at)
    assert as_int(shown["Records"]) == LINK_RECORDS
    assert as_int(shown["Blocking rules"]) == len(config.blocking)
    assert at.button(key="train.run").proto.label == "Train and match"
    assert "Press **Train and match** to start" in joined(at.info)
    assert LEARNED not in texts(at.subheader)
    assert not at.get("plotly_chart")


def test_train_button_trains_and_changing_the_setup_clears_it(loaded_dedupe: AppState) -> None:
    wb = loaded_dedupe.workbench
    at = open_app(loaded_dedupe, page="pages/train.py")
    at.button(key="train.run").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    # Training runs in the background: the page shows its progress and a Cancel button.
    job = wb.job
    assert job is not None
    if not job.done:
        assert at.status[0].proto.label == "Training the model..."
        assert at.button(key="train.cancel").proto.label == "Cancel"
        assert at.button(key="train.run").proto.disabled
    assert job.wait(SPLINK_TIMEOUT)
    at.run()
    no_exception(at)
    assert wb.result is not None and job.result is wb.result
    assert at.status[0].state == "complete"
    assert at.status[0].proto.label.startswith("Training and scoring finished in ")
    assert LEARNED in texts(at.subheader)
    shown = metrics(at)
    assert as_int(shown["Pairs scored"]) == wb.result.pair_count > 0
    assert shown["Recommended threshold"] == f"{wb.result.recommended_threshold:.2f}"
    assert f"Why {wb.result.training.u_max_pairs:,} random pairs" in joined(at.caption)
    report = joined(at.markdown)
    assert "**Training report**" in report and "rounds of expectation maximisation" in report
    weights, m_u = plotly_specs(at)[:2]
    chart = weights["data"][0]
    assert chart["type"] == "bar" and chart["y"]
    assert any(w > 0 for w in chart["x"]) and any(w < 0 for w in chart["x"])
    assert [t["name"] for t in m_u["data"]] == ["true matches (m)", "random pairs (u)"]
    assert all(0 <= v <= 1 for v in m_u["data"][0]["x"] if v is not None)
    assert "How to read it" in joined(at.caption)
    assert [link.proto.label for link in at.get("page_link")] == ["Next: choose the threshold"]

    # The result pages now work on the deduplication model...
    at.switch_page("pages/clusters.py").run()
    no_exception(at)
    assert as_int(metrics(at)["Records"]) == sample_rows("residents.csv")
    # ...and editing the set-up makes the model stale, so they ask for training again.
    at.switch_page("pages/comparisons.py").run()
    column = wb.config.comparisons[0].column
    at.checkbox(key=f"comparisons.{column}.tf").set_value(
        not wb.config.comparisons[0].term_frequency
    ).run()
    no_exception(at)
    assert wb.result is None
    at.switch_page("pages/threshold.py").run()
    assert TRAIN_INFO in joined(at.info)
    at.switch_page("pages/train.py").run()
    assert LEARNED not in texts(at.subheader)


# --- Threshold -------------------------------------------------------------------------------


def test_threshold_page_shows_metrics_and_charts(trained: AppState) -> None:
    result = trained.workbench.result
    assert result is not None
    at = open_app(trained, page="pages/threshold.py")
    no_exception(at)
    slider = at.slider(key="threshold.slider")
    assert slider.value == result.threshold == result.recommended_threshold
    assert slider.min < slider.value < slider.max
    shown = metrics(at)
    assert as_int(shown["Pairs accepted as matches"]) > 0
    assert as_int(shown["Groups of records (clusters)"]) > 0
    assert shown["Model's expected precision"].endswith("%")
    assert f"Recommended: {result.recommended_threshold:.2f}" in joined(at.info)
    histogram, expected = plotly_specs(at)
    assert histogram["data"][0]["type"] == "bar"
    assert histogram["layout"]["shapes"][0]["x0"] == result.threshold
    assert {t["type"] for t in expected["data"]} == {"scatter"}
    assert len(expected["data"]) == 3
    assert "threshold.reset" not in [b.key for b in at.button], "already at the recommendation"


def test_moving_the_threshold_slider_updates_everything(trained: AppState) -> None:
    wb = trained.workbench
    assert wb.result is not None
    recommended = wb.result.recommended_threshold
    at = open_app(trained, page="pages/threshold.py")
    before = metrics(at)
    slider = at.slider(key="threshold.slider")
    higher = min(float(round(recommended) + 8), slider.max)
    slider.set_value(higher).run()
    no_exception(at)
    assert wb.result.threshold == higher
    assert wb.config.threshold_match_weight == higher
    after = metrics(at)
    assert as_int(after["Pairs accepted as matches"]) < as_int(before["Pairs accepted as matches"])
    assert as_int(after["Records matched to another"]) <= as_int(
        before["Records matched to another"]
    )
    histogram = plotly_specs(at)[0]
    assert histogram["layout"]["shapes"][0]["x0"] == higher
    # The model is kept (only the threshold changed) and the other pages follow it.
    at.switch_page("pages/clusters.py").run()
    no_exception(at)
    assert float(metrics(at)["Threshold (match weight)"]) == higher
    at.switch_page("pages/export.py").run()
    assert as_int(at.download_button(key="export.pairs").proto.label.split("(")[1][:-1]) == (
        as_int(after["Pairs accepted as matches"])
    )
    # And the recommendation is one click away.
    at.switch_page("pages/threshold.py").run()
    at.button(key="threshold.reset").click().run()
    no_exception(at)
    assert wb.result.threshold == recommended
    assert at.slider(key="threshold.slider").value == recommended


# --- Clusters --------------------------------------------------------------------------------


def test_clusters_page_shows_sizes_and_members(trained: AppState) -> None:
    at = open_app(trained, page="pages/clusters.py")
    no_exception(at)
    shown = metrics(at)
    assert as_int(shown["Records"]) == LINK_RECORDS
    multi = as_int(shown["Clusters of two or more"])
    assert multi > 0
    bars = plotly_specs(at)[0]["data"][0]
    assert bars["type"] == "bar"
    sizes = dict(zip(bars["x"], bars["y"], strict=True))
    assert sum(n for size, n in sizes.items() if int(size) > 1) == multi
    assert sum(int(size) * n for size, n in sizes.items()) == LINK_RECORDS
    pick = at.selectbox(key="clusters.pick")
    assert pick.options[0].startswith(f"Cluster {pick.value} — ")
    size = int(pick.options[0].split("— ")[1].split()[0])
    assert size == max(int(s) for s in sizes)
    assert len(at.dataframe[0].value) == size, "one row per record in the cluster"
    assert len(at.dataframe[1].value) >= size - 1, "enough links to join them"


def test_clusters_page_picking_another_cluster(trained: AppState) -> None:
    at = open_app(trained, page="pages/clusters.py")
    pick = at.selectbox(key="clusters.pick")
    last = pick.options[-1]
    pick.select_index(len(pick.options) - 1).run()
    no_exception(at)
    size = int(last.split("— ")[1].split()[0])
    assert len(at.dataframe[0].value) == size


def test_clusters_page_with_no_matches(trained: AppState) -> None:
    trained.workbench.set_threshold(1_000.0)
    at = open_app(trained, page="pages/clusters.py")
    no_exception(at)
    assert "No records were matched at this threshold" in joined(at.info)
    assert as_int(metrics(at)["Clusters of two or more"]) == 0
    assert not at.get("selectbox")


# --- Export ----------------------------------------------------------------------------------


def test_export_page_has_its_downloads(trained: AppState, lazy_downloads: None) -> None:
    at = open_app(trained, page="pages/export.py")
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 6
    assert labels[0].startswith("Matched pairs (")
    assert labels[1] == f"Records with cluster IDs ({LINK_RECORDS:,})"
    assert labels[2].startswith("One row per person (")
    assert labels[3:] == ["Project file (JSON)", "Governance pack (HTML)",
                          "Python script and cleaned inputs (zip)"]
    assert at.download_button(key="export.project").proto.url
    for key in ("export.pairs", "export.clusters", "export.people"):  # built on a click
        assert downloaded(at, key).count(b"\n") > 1, key
    records = downloaded(at, "export.clusters").decode("utf-8").splitlines()
    assert len(records) == LINK_RECORDS + 1  # a header and every record
    assert at.radio(key="export.format").options == ["CSV", "Excel", "Parquet"]


def test_export_page_in_each_format(trained: AppState, lazy_downloads: None) -> None:
    at = open_app(trained, page="pages/export.py")
    files = {downloaded(at, "export.pairs")}
    for fmt in ("Excel", "Parquet"):
        at.radio(key="export.format").set_value(fmt).run()
        no_exception(at)
        assert len(at.get("download_button")) == 6
        files.add(downloaded(at, "export.pairs"))
    assert len(files) == 3, "each format is a different file"


def test_training_can_be_cancelled_and_other_pages_say_it_is_running(loaded: AppState) -> None:
    wb = loaded.workbench
    at = open_app(loaded, page="pages/train.py")
    at.button(key="train.run").click().run()
    job = wb.job
    assert job is not None
    # Another page (a fresh run draws the router's sidebar) says training is under way.
    elsewhere = open_app(loaded)
    no_exception(elsewhere)
    running = not job.done
    job.cancel()
    if running:  # the sample trains in seconds: only check when it was still going
        assert "Training in progress" in joined(elsewhere.sidebar.info)
    assert job.wait(SPLINK_TIMEOUT)
    assert job.cancelled and wb.result is None
    at.switch_page("pages/train.py").run()
    no_exception(at)
    assert "The run was cancelled." in joined(at.info)
    assert not at.button(key="train.run").proto.disabled
