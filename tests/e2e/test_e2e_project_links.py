"""A project's link in a real browser: a bookmark naming a step opens that step; the bare link
returns to the last step visited."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.e2e.support import (
    assert_no_error_details,
    nav_to,
    screenshot,
    upload_link_sample,
    wait_idle,
)


def test_a_bookmarked_step_opens_that_step(page: Page, app_url: str) -> None:
    upload_link_sample(page, app_url)
    nav_to(page, "Blocking")  # the last step visited
    page.wait_for_function("() => window.location.search.includes('project=')")
    project = parse_qs(urlparse(page.url).query)["project"][0]

    bookmark = page.context.new_page()
    bookmark.goto(f"{app_url}/train?project={project}")
    expect(bookmark.get_by_role("heading", name="5. Train & match", exact=True)).to_be_visible(
        timeout=60_000)
    wait_idle(bookmark)
    assert_no_error_details(bookmark)
    screenshot(bookmark, "project_link_bookmarked_step")

    plain = page.context.new_page()
    plain.goto(f"{app_url}/?project={project}")  # no step named: the last one visited
    expect(plain.get_by_role("heading", name="5. Train & match", exact=True)).to_be_visible(
        timeout=60_000)
