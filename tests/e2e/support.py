"""Helpers for the browser tests: find chromium, wait for Streamlit, navigate, screenshot."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "sample_data"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
TRAIN_TIMEOUT_MS = 180_000
MAX_SHOT_HEIGHT = 8_000
STEP_NUMBERS = {"Data": 1, "Columns": 2, "Blocking": 3, "Comparisons": 4, "Train & match": 5,
                "Threshold": 6, "Review": 7, "Clusters": 8, "Export": 9}


def sample_rows(name: str) -> str:
    """Data rows in a committed sample file, formatted as the app shows them (2,000)."""
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return f"{sum(1 for _ in csv.DictReader(handle)):,}"


def data_uploader(page: Page) -> Locator:
    """The Data page's file input (not the project-file uploader further down)."""
    return (page.get_by_test_id("stFileUploader").filter(has_text="Upload ")
            .get_by_test_id("stFileUploaderDropzoneInput"))


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (the running-man widget is gone)."""
    page.wait_for_timeout(300)  # let a rerun that was just triggered show up first
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def nav_to(page: Page, title: str) -> None:
    """Go to a step with the sidebar navigation (keeps the session, unlike page.goto)."""
    link = page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=title, exact=True)
    link.click()
    expect(link).to_have_attribute("aria-current", "page")
    heading = f"{STEP_NUMBERS[title]}. {title}"
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    wait_idle(page)


def assert_no_error_details(page: Page) -> None:
    """No uncaught exception box and no Python error text anywhere on the page."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    text = page.locator("body").inner_text()
    for word in ("Traceback", "Exception", "KeyError", "ValueError", "TypeError"):
        assert word not in text, f"{word!r} is visible on the page"


def truncated_button_labels(page: Page) -> list[str]:
    """Labels of buttons too narrow for their text (shown as "R..." to the officer)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button [data-testid=stMarkdownContainer]')]
              .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
              .map(e => e.innerText)"""
    )


def screenshot(page: Page, name: str) -> Path:
    """A whole-page screenshot in tests/e2e/screenshots.

    Streamlit scrolls inside ``stMain``, not the document, so Playwright's ``full_page`` only
    sees the viewport: the viewport is stretched to the content for the shot, then put back.
    """
    wait_idle(page)
    viewport = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=stMain]') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": viewport["width"],
                            "height": min(max(int(height), viewport["height"]), MAX_SHOT_HEIGHT)})
    page.wait_for_timeout(800)  # grids and charts repaint after the resize
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    return path


def publish(path: Path, name: str) -> None:
    """Copy a screenshot to docs/screenshots for the README."""
    DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOC_SCREENSHOTS / name)


EXPORT_DOWNLOADS = ("Matched pairs", "Records with cluster IDs", "One row per person",
                    "Project file (JSON)", "Governance pack (HTML)")


def expect_export_downloads(page: Page) -> None:
    """The Export page offers each of its downloads."""
    buttons = page.get_by_test_id("stDownloadButton")
    for label in EXPORT_DOWNLOADS:
        expect(buttons.filter(has_text=label)).to_have_count(1)


def upload_link_sample(page: Page, app_url: str) -> None:
    """Open the app and upload the two sample files (council tax, housing benefit)."""
    page.goto(app_url)
    expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    data_uploader(page).set_input_files(
        [SAMPLE_DIR / "council_tax.csv", SAMPLE_DIR / "housing_benefit.csv"]
    )
    expect(page.get_by_role("heading", name="Your data")).to_be_visible(timeout=60_000)
    wait_idle(page)
