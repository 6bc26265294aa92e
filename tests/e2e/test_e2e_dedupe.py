"""Finding duplicates in one file in a real browser: the sample, and a file with awkward headers."""

from __future__ import annotations

import csv
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.support import (
    SAMPLE_DIR,
    TRAIN_TIMEOUT_MS,
    assert_no_error_details,
    data_uploader,
    expect_export_downloads,
    nav_to,
    sample_rows,
    screenshot,
    wait_idle,
)

AWKWARD_HEADER = ['Réf "ID"', "Prénom", "Last Name", "Date of Birth", "Post Code", "Post Code",
                  " Adresse (ligne 1) "]


def _open_for_duplicates(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.get_by_test_id("stRadio").get_by_text("Find duplicates in one file").click()
    expect(page.get_by_text("Upload one file")).to_be_visible()
    wait_idle(page)


def _train_and_open_clusters(page: Page, prefix: str) -> None:
    nav_to(page, "Train & match")
    assert_no_error_details(page)
    page.get_by_role("button", name="Train and match").click()
    expect(page.get_by_role("heading", name="What the model learned")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
    assert_no_error_details(page)
    screenshot(page, f"{prefix}_train")
    nav_to(page, "Clusters")
    bars = page.locator(".js-plotly-plot .bars path")
    expect(bars.first).to_be_visible()
    assert bars.count() > 0
    expect(page.get_by_text("Look at a cluster (largest first)")).to_be_visible()
    assert_no_error_details(page)
    screenshot(page, f"{prefix}_clusters")


def test_sample_duplicates_to_clusters_then_clear(page: Page, app_url: str) -> None:
    _open_for_duplicates(page, app_url)
    page.get_by_role("button", name="Use sample data").click()
    expect(page.get_by_text(f"residents.csv — {sample_rows('residents.csv')} rows")).to_be_visible(
        timeout=60_000
    )
    wait_idle(page)
    assert_no_error_details(page)
    screenshot(page, "dedupe_data")
    _train_and_open_clusters(page, "dedupe")

    # "Clear my data" asks first, then forgets everything and says what it removed.
    page.get_by_role("button", name="Clear my data").click()
    expect(page.get_by_text("It cannot be undone.")).to_be_visible()
    screenshot(page, "dedupe_clear_question")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible()
    expect(page.get_by_text("Removed 1 file(s) (residents.csv)")).to_be_visible()
    expect(page.get_by_role("heading", name="Your data")).to_have_count(0)
    nav_to_guarded = page.get_by_test_id("stSidebarNavItems").get_by_role(
        "link", name="Clusters", exact=True
    )
    nav_to_guarded.click()
    expect(page.get_by_text("Start by loading your data")).to_be_visible()


def _awkward_csv(path: Path) -> Path:
    """residents.csv rewritten with spaces, quotes, accents and a duplicated header."""
    with (SAMPLE_DIR / "residents.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, quoting=csv.QUOTE_ALL)
        writer.writerow(AWKWARD_HEADER)
        for i, row in enumerate(rows):
            first, _, last = row["Full Name"].partition(" ")
            previous = row["Postcode"] if i % 3 == 0 else ""
            writer.writerow([row["ID"], first, last, row["DOB"], row["Postcode"], previous,
                             row["Address"]])
    return path


def test_awkward_headers_run_with_defaults(page: Page, app_url: str, tmp_path: Path) -> None:
    upload = _awkward_csv(tmp_path / "résidents export (2).csv")
    _open_for_duplicates(page, app_url)
    data_uploader(page).set_input_files(upload)
    expect(page.get_by_role("heading", name="Your data")).to_be_visible(timeout=60_000)
    wait_idle(page)
    rows = sample_rows("residents.csv")
    expect(page.get_by_text(f"résidents export (2).csv — {rows} rows, 7 columns")).to_be_visible()
    # The ID column is offered under its original header, quotes and all.
    id_box = page.get_by_test_id("stSelectbox").filter(has_text="unique ID in résidents")
    expect(id_box.get_by_role("combobox")).to_have_value('Réf "ID"')
    assert_no_error_details(page)
    screenshot(page, "awkward_data")

    nav_to(page, "Columns")
    screenshot(page, "awkward_columns")
    # Sources are shown under their original headers.
    expect(page.get_by_text("Last Name", exact=True).first).to_be_visible()
    expect(page.get_by_text("Adresse (ligne 1)", exact=True).first).to_be_visible()
    assert_no_error_details(page)
    nav_to(page, "Blocking")
    expect(page.get_by_test_id("stMetric").filter(has_text="Pairs to compare")).to_be_visible()
    assert_no_error_details(page)
    nav_to(page, "Comparisons")
    assert_no_error_details(page)
    _train_and_open_clusters(page, "awkward")
    nav_to(page, "Review")
    assert_no_error_details(page)
    screenshot(page, "awkward_review")
    nav_to(page, "Export")
    expect_export_downloads(page)
    assert_no_error_details(page)
