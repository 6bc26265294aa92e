"""The officer's journey in a real browser: upload two files, set up, train, review, export."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import Page, expect

from tests.e2e.support import (
    TRAIN_TIMEOUT_MS,
    assert_no_error_details,
    expect_export_downloads,
    nav_to,
    publish,
    sample_rows,
    screenshot,
    truncated_button_labels,
    upload_link_sample,
    wait_idle,
)

README_SHOTS = {"01_data": "data.png", "03_blocking": "blocking.png",
                "06_threshold": "threshold.png", "07_review": "review.png",
                "08_clusters": "clusters.png"}


def _shot(page: Page, name: str) -> None:
    assert_no_error_details(page)
    assert not truncated_button_labels(page), truncated_button_labels(page)
    path = screenshot(page, name)
    if name in README_SHOTS:
        publish(path, README_SHOTS[name])


def test_link_two_uploaded_files_end_to_end(page: Page, app_url: str) -> None:
    # 1. Data: both files through the one (multi-file) uploader.
    upload_link_sample(page, app_url)
    for name in ("council_tax.csv", "housing_benefit.csv"):
        expect(page.get_by_text(f"{name} — {sample_rows(name)} rows")).to_be_visible()
    _shot(page, "01_data")

    # 2-4. Set-up pages, as suggested.
    nav_to(page, "Columns")
    expect(page.get_by_text("column(s) will be used for matching")).to_be_visible()
    _shot(page, "02_columns")
    nav_to(page, "Blocking")
    expect(page.get_by_test_id("stMetric").filter(has_text="Pairs to compare")).to_be_visible()
    expect(page.locator(".js-plotly-plot .bars path").first).to_be_visible()
    _shot(page, "03_blocking")
    nav_to(page, "Comparisons")
    expect(page.get_by_text("Exactly the same date").first).to_be_visible()
    _shot(page, "04_comparisons")

    # 5. Train & match: real Splink in the server.
    nav_to(page, "Train & match")
    page.get_by_role("button", name="Train and match").click()
    expect(page.get_by_role("heading", name="What the model learned")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
    expect(page.locator(".js-plotly-plot .bars path").first).to_be_visible()
    _shot(page, "05_train")

    # 6-8. Results.
    nav_to(page, "Threshold")
    expect(page.get_by_test_id("stSlider").first).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Pairs accepted")).to_be_visible()
    _shot(page, "06_threshold")
    nav_to(page, "Review")
    expect(page.get_by_role("heading", name="Pair 1 of")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    _shot(page, "07_review")
    nav_to(page, "Clusters")
    expect(page.locator(".js-plotly-plot .bars path").first).to_be_visible()
    assert page.locator(".js-plotly-plot .bars path").count() > 0
    _shot(page, "08_clusters")

    # 9. Export: every download is offered; the pairs file is a real CSV of scored pairs.
    nav_to(page, "Export")
    expect_export_downloads(page)
    buttons = page.get_by_test_id("stDownloadButton")
    _shot(page, "09_export")
    with page.expect_download() as download:
        buttons.filter(has_text="Matched pairs").get_by_role("button").click()
    assert download.value.suggested_filename == "pairs.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows, "some pairs are above the threshold"
    assert "match_weight" in rows[0]
    with page.expect_download() as download:
        buttons.filter(has_text="Governance pack").get_by_role("button").click()
    pack = download.value.path().read_text(encoding="utf-8")
    assert "<h2>2. Input files</h2>" in pack and "<script" not in pack

    # A refresh reopens the saved project on the same step, with its results.
    assert "project=" in page.url
    page.reload()
    expect(page.get_by_role("heading", name="9. Export")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(6)
