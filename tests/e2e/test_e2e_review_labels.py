"""Clerical review in a real browser: train in the background, label five pairs on the Review
page, see the measured precision on the Threshold page and the decisions in the counts."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.support import (
    TRAIN_TIMEOUT_MS,
    assert_no_error_details,
    nav_to,
    screenshot,
    upload_link_sample,
    wait_idle,
)


def test_label_five_pairs_and_see_precision(page: Page, app_url: str) -> None:
    upload_link_sample(page, app_url)

    nav_to(page, "Train & match")
    page.get_by_role("button", name="Train and match").click()
    # The run is in the background: the page polls it and shows the result when it is done.
    expect(page.get_by_role("heading", name="What the model learned")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS)
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
    expect(page.get_by_text("Training and scoring finished in")).to_be_visible()
    screenshot(page, "review_labels_01_train")

    nav_to(page, "Review")
    expect(page.get_by_role("heading", name="Pair 1 of")).to_be_visible()
    screenshot(page, "review_labels_02_review")
    for number, verdict in enumerate(["Match", "Match", "Not a match", "Match", "Unsure"],
                                     start=1):
        expect(page.get_by_role("heading", name=f"Pair {number} of")).to_be_visible()
        page.get_by_role("button", name=verdict, exact=True).click()
        wait_idle(page)
    expect(page.get_by_role("heading", name="Pair 6 of")).to_be_visible()
    expect(page.get_by_text("5 of")).to_be_visible()
    expect(page.get_by_text("All your labels (5)")).to_be_visible()
    assert_no_error_details(page)
    screenshot(page, "review_labels_03_labelled")

    nav_to(page, "Threshold")
    precision = page.get_by_test_id("stMetric").filter(has_text=re.compile(r"^Precision"))
    expect(precision).to_be_visible()
    expect(precision).to_contain_text("%")
    expect(page.get_by_test_id("stMetric").filter(has_text="Known pairs")).to_contain_text("4")
    expect(page.get_by_text("Three bands: accept, review, reject")).to_be_visible()
    # The labels decide: the counts say they include them, and 4 known pairs are too few.
    expect(page.get_by_text("These counts include your decisions")).to_be_visible()
    expect(page.get_by_text("Only 4 pairs have a known answer")).to_be_visible()
    assert_no_error_details(page)
    screenshot(page, "review_labels_04_threshold")

    nav_to(page, "Clusters")
    expect(page.get_by_text("These clusters include your decisions: 3 pair(s) labelled "
                            "match, 1 labelled not a match")).to_be_visible()
    assert_no_error_details(page)
    screenshot(page, "review_labels_05_clusters")
