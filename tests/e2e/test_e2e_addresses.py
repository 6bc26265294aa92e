"""In a real browser: a messy address list and a gazetteer to UPRNs with reasons and a
household view; and the bootcamp's "You vs the model" round on the linked sample people."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import Page, expect

from tests.e2e.support import (
    TRAIN_TIMEOUT_MS,
    assert_no_error_details,
    screenshot,
    truncated_button_labels,
    upload_link_sample,
    wait_idle,
)


def _go(page: Page, link: str, heading: str) -> None:
    """Open a page from the sidebar and wait for its heading."""
    item = page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=link, exact=True)
    item.click()
    expect(item).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    wait_idle(page)


def _shot(page: Page, name: str) -> None:
    assert_no_error_details(page)
    assert not truncated_button_labels(page), truncated_button_labels(page)
    screenshot(page, name)


def test_addresses_to_uprns_and_households(page: Page, app_url: str) -> None:
    # Data: the address job, with the sample register and gazetteer.
    page.goto(app_url)
    expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.get_by_test_id("stRadio").get_by_text("Match addresses to a reference list").click()
    expect(page.get_by_text("Your reference list (UPRNs and addresses)")).to_be_visible()
    page.get_by_role("button", name="Use sample data").click()
    expect(page.get_by_text("electoral_register.csv (records) — 3,180 rows")).to_be_visible(
        timeout=60_000)
    expect(page.get_by_text("gazetteer.csv (reference list) — 19,468 rows")).to_be_visible()
    _shot(page, "addresses_01_data")

    # Addresses: the columns as suggested, then the match in the background.
    _go(page, "Addresses", "Addresses → UPRNs")
    expect(page.get_by_text("How the workbench reads your records' addresses")).to_be_visible()
    page.get_by_role("button", name="Match addresses").click()
    expect(page.get_by_role("heading", name="What each record got")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS)
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
    expect(page.get_by_test_id("stMetric").filter(has_text="Given a UPRN")).to_be_visible()
    expect(page.locator(".js-plotly-plot").nth(1)).to_be_visible()  # the waterfall
    _shot(page, "addresses_02_matched")

    # Threshold: the two rules and the accuracy against the sample's known UPRNs.
    _go(page, "Threshold", "6. Threshold")
    expect(page.get_by_test_id("stSlider")).to_have_count(2)
    precision = page.get_by_test_id("stMetric").filter(has_text="Precision")
    expect(precision).to_be_visible()
    assert float(precision.get_by_test_id("stMetricValue").inner_text().rstrip("%")) >= 97
    _shot(page, "addresses_03_threshold")

    # Review: label the closest call.
    _go(page, "Review", "7. Review")
    expect(page.get_by_role("heading", name="Record 1 of")).to_be_visible()
    page.get_by_role("button", name="Right UPRN").click()
    expect(page.get_by_role("heading", name="Record 2 of")).to_be_visible()
    _shot(page, "addresses_04_review")

    # Households: the register's people by UPRN; the care home and halls stand out.
    _go(page, "Households", "Households")
    expect(page.get_by_test_id("stMetric").filter(has_text="Households")).to_be_visible(
        timeout=60_000)
    # The largest household is the halls: its line under "Who lives where" says so.
    expect(page.get_by_test_id("stMarkdownContainer").filter(
        has_text="30 people at one address; care home, hostel or halls")).to_be_visible()
    _shot(page, "addresses_05_households")

    # Export: UPRNs for every record, as the command line writes them.
    _go(page, "Export", "9. Export")
    buttons = page.get_by_test_id("stDownloadButton")
    expect(buttons.filter(has_text="One row per household")).to_have_count(1)
    with page.expect_download() as download:
        buttons.filter(has_text="UPRNs for your records").get_by_role("button").click()
    assert download.value.suggested_filename == "addresses.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == 3180 and list(rows[0]) == ["unique_id", "uprn", "match_weight", "reason"]
    assert sum(1 for r in rows if r["uprn"]) > 2900
    _shot(page, "addresses_06_export")


def test_you_against_the_model_on_the_sample_people(page: Page, app_url: str) -> None:
    upload_link_sample(page, app_url)
    _go(page, "Train & match", "5. Train & match")
    page.get_by_role("button", name="Train and match").click()
    expect(page.get_by_role("heading", name="What the model learned")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS)
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)

    _go(page, "You vs the model", "You vs the model")
    page.get_by_role("button", name="Use the sample's answers").click()
    page.get_by_role("button", name="Start a new round").click()
    expect(page.get_by_role("heading", name="Pair 1 of 10")).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # no score while labelling
    _shot(page, "teaching_01_blind")
    for number in range(2, 11):
        page.get_by_role("button", name="Same person").click()
        expect(page.get_by_role("heading", name=f"Pair {number} of 10")).to_be_visible()
    page.get_by_role("button", name="Different people").click()
    expect(page.get_by_role("heading", name="How you did")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stMetric").filter(has_text="You")).to_be_visible()
    expect(page.get_by_role("heading", name="The pairs where you disagreed")).to_be_visible()
    _shot(page, "teaching_02_results")

    # Households of the linked people, placed by the sample gazetteer.
    _go(page, "Households", "Households")
    page.get_by_role("button", name="Use the sample gazetteer").click()
    expect(page.get_by_role("heading", name="Households split across files")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS)
    wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
    _shot(page, "households_people")
