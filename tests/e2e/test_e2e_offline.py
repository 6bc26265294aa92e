"""Nothing leaves the machine: the whole workflow runs with every non-loopback connection made to
fail, in the server (a socket guard) and in the browser (requests to other hosts aborted)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserType, Route, expect

from tests.e2e.server import running_server
from tests.e2e.support import (
    CHROMIUM,
    SAMPLE_DIR,
    TRAIN_TIMEOUT_MS,
    assert_no_error_details,
    data_uploader,
    nav_to,
    sample_rows,
    wait_idle,
)

NETGUARD = Path(__file__).resolve().parent / "netguard"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def _guarded_env(log: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(NETGUARD), "MW_NETGUARD_LOG": str(log),
            "MATCHING_WORKBENCH_SHARED": "1"}


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("offline")
    attempts = folder / "network_attempts.log"
    with running_server(folder / "streamlit.log", _guarded_env(attempts)) as url:
        yield url, attempts


def test_the_guard_really_blocks_and_records(tmp_path: Path) -> None:
    """The server guard is not a no-op: an outside connection fails and is written down."""
    log = tmp_path / "attempts.log"
    probe = ("import socket\ntry:\n    socket.create_connection(('192.0.2.1', 443), timeout=2)\n"
             "except OSError as e:\n    print('refused' if 'network guard' in str(e) else e)\n")
    out = subprocess.run([sys.executable, "-c", probe], env={**_guarded_env(log)},
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "refused"
    assert log.read_text() == "getaddrinfo '192.0.2.1'\n"


def test_whole_workflow_completes_with_no_outside_connection(
    browser_type: BrowserType, guarded_server: tuple[str, Path]
) -> None:
    url, server_attempts = guarded_server
    browser = browser_type.launch(executable_path=CHROMIUM, args=[
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage",
    ])
    outside: list[str] = []
    requested: list[str] = []

    def guard(route: Route) -> None:
        target = urlparse(route.request.url)
        if target.scheme in LOCAL_SCHEMES or target.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("websocket", lambda socket: requested.append(socket.url))

        page.goto(url)
        expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible(timeout=30_000)
        wait_idle(page)
        page.get_by_test_id("stRadio").get_by_text("Find duplicates in one file").click()
        wait_idle(page)
        data_uploader(page).set_input_files(SAMPLE_DIR / "residents.csv")
        expect(page.get_by_text(f"residents.csv — {sample_rows('residents.csv')} rows")).to_be_visible(
            timeout=60_000)
        wait_idle(page)
        nav_to(page, "Train & match")
        page.get_by_role("button", name="Train and match").click()
        expect(page.get_by_role("heading", name="What the model learned")).to_be_visible(
            timeout=TRAIN_TIMEOUT_MS)
        wait_idle(page, timeout=TRAIN_TIMEOUT_MS)
        nav_to(page, "Threshold")
        expect(page.get_by_test_id("stMetric").filter(has_text="Pairs accepted")).to_be_visible()
        nav_to(page, "Export")
        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").filter(has_text="Matched pairs") \
                .get_by_role("button").click()
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        assert rows and "match_weight" in rows[0]
        assert_no_error_details(page)
    finally:
        browser.close()

    assert requested, "the browser made requests"
    assert outside == [], f"the page tried to reach other hosts: {outside}"
    assert all(urlparse(u).hostname in LOCAL_HOSTS or urlparse(u).scheme in LOCAL_SCHEMES
               for u in requested)
    attempts = server_attempts.read_text() if server_attempts.exists() else ""
    assert attempts == "", f"the server tried to reach other hosts:\n{attempts}"
