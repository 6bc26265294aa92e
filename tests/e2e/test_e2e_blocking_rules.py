"""Blocking in a real browser: add a rule and see the pair count change; a hostile SQL rule is
refused with a plain message."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import (
    assert_no_error_details,
    nav_to,
    screenshot,
    upload_link_sample,
    wait_idle,
)


def _metric(page: Page) -> Locator:
    return (page.get_by_test_id("stMetric").filter(has_text="Pairs to compare")
            .get_by_test_id("stMetricValue"))


def _choose(page: Page, widget: Locator, option: str) -> None:
    """Open a select box (again, if a rerun closed it) and pick ``option``."""
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(5):
        widget.get_by_role("combobox").click()
        try:
            expect(choice).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            wait_idle(page)
    choice.click()


def _pairs(page: Page) -> int:
    return int(re.sub(r"[^0-9]", "", _metric(page).inner_text()))


def test_adding_a_rule_changes_the_pair_count(page: Page, app_url: str) -> None:
    upload_link_sample(page, app_url)
    nav_to(page, "Blocking")
    before = _pairs(page)
    assert before > 0

    # Add "same postcode district": looser than the suggested rules, so it adds pairs.
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Records must agree on")
    _choose(page, picker, "postcode")
    page.keyboard.press("Escape")
    wait_idle(page)
    chooser = page.get_by_test_id("stSelectbox").filter(has_text="Use from postcode")
    expect(chooser).to_be_visible()
    _choose(page, chooser, "the postcode district")
    wait_idle(page)
    expect(page.get_by_text("The rule: same postcode district.")).to_be_visible()
    page.get_by_role("button", name="Add rule").click()
    expect(page.get_by_text("Same postcode district").first).to_be_visible(timeout=30_000)
    expect(_metric(page)).not_to_have_text(f"{before:,}", timeout=30_000)
    wait_idle(page)
    after = _pairs(page)
    assert after > before

    # A SQL rule that tries to read a file is refused in plain English.
    page.get_by_text("Advanced: write a rule in SQL").click()
    page.get_by_role("textbox", name="SQL condition").fill(
        "l.surname = r.surname AND read_csv('/etc/passwd') IS NOT NULL")
    page.get_by_role("button", name="Check and add SQL rule").click()
    wait_idle(page)
    expect(page.get_by_text("This SQL rule cannot be used: the function 'read_csv' is not "
                            "allowed.")).to_be_visible()
    assert _pairs(page) == after
    assert_no_error_details(page)
    screenshot(page, "blocking_rule_added")
