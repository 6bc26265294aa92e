"""Two officers on one server at once: neither ever sees the other's data, and a closed tab's
data is released promptly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect

from tests.e2e.privacy_support import PeopleFile, write_people
from tests.e2e.server import running_server
from tests.e2e.support import TRAIN_TIMEOUT_MS, assert_no_error_details, data_uploader, nav_to, wait_idle

RELEASE_AFTER_S = 2
RELEASED = "Released the data of 1 closed session(s)."


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server in team mode whose disconnected sessions are released after two seconds."""
    log = tmp_path_factory.mktemp("shared") / "streamlit.log"
    env = {"MATCHING_WORKBENCH_SHARED": "1", "MATCHING_WORKBENCH_RELEASE_AFTER": str(RELEASE_AFTER_S)}
    with running_server(log, env, ["--server.disconnectedSessionTTL=2"]) as url:
        yield url, log


@dataclass
class Officer:
    """One browser context (a separate person) and everything their browser received."""

    page: Page
    data: PeopleFile
    texts: list[str] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)

    def listen(self, socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, bytes) else payload.encode()))

    def look(self) -> None:
        """Keep what is on the screen now: visible text and the whole page's HTML."""
        wait_idle(self.page)
        assert_no_error_details(self.page)
        self.texts += [self.page.locator("body").inner_text(), self.page.content()]

    def everything_seen(self) -> str:
        received = b"\n".join(self.frames).decode("utf-8", errors="replace")
        return "\n".join([*self.texts, received]).casefold()


def _officer(browser: Browser, data: PeopleFile) -> Officer:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    officer = Officer(context.new_page(), data)
    officer.page.on("websocket", officer.listen)
    return officer


def _upload(officer: Officer, url: str) -> None:
    page = officer.page
    page.goto(url)
    expect(page.get_by_role("heading", name="1. Data", exact=True)).to_be_visible(timeout=30_000)
    wait_idle(page)
    page.get_by_test_id("stRadio").get_by_text("Find duplicates in one file").click()
    wait_idle(page)
    data_uploader(page).set_input_files(officer.data.path)
    expect(page.get_by_text(f"{officer.data.name} — 160 rows")).to_be_visible(timeout=60_000)
    officer.look()


def _train(officer: Officer) -> None:
    nav_to(officer.page, "Train & match")
    officer.page.get_by_role("button", name="Train and match").click()
    expect(officer.page.get_by_role("heading", name="What the model learned")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS)
    wait_idle(officer.page, timeout=TRAIN_TIMEOUT_MS)
    officer.look()


def _visit(officer: Officer, title: str) -> None:
    nav_to(officer.page, title)
    officer.look()


def test_two_sessions_side_by_side_never_see_each_others_data(
    browser: Browser, shared_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, log = shared_server
    kestrel = write_people(
        tmp_path / "kestrel_tenants.csv",
        ["Kestrel Ref", "Forename Kestrel", "Surname Kestrel", "DOB Kestrel", "Postcode Kestrel"],
        ["Quorvale", "Brimstowe", "Fennimoor", "Ardwhistle", "Castellane"], seed=1)
    marmot = write_people(
        tmp_path / "marmot_claimants.csv",
        ["Marmot No", "Given Name Marmot", "Family Name Marmot", "Birth Date Marmot", "Post Code Marmot"],
        ["Zellingham", "Oxtabury", "Pendragast", "Wyvernell", "Thistlecombe"], seed=2)
    a, b = _officer(browser, kestrel), _officer(browser, marmot)

    _upload(a, url)
    _upload(b, url)
    for title in ("Columns", "Blocking", "Comparisons"):
        _visit(a, title)
        _visit(b, title)
    _train(a)
    _train(b)
    for title in ("Threshold", "Review", "Clusters", "Data"):
        _visit(b, title)
        _visit(a, title)

    for me, other in ((a, b), (b, a)):
        seen = me.everything_seen()
        assert me.data.name.casefold() in seen and me.data.surnames[0].casefold() in seen
        leaked = [s for s in other.data.secrets() if s.casefold() in seen]
        assert leaked == [], f"{me.data.name}'s browser received {other.data.name}'s data: {leaked}"

    # A closes the tab: A's data is released within seconds; B carries on untouched.
    a.page.context.close()
    deadline = time.monotonic() + 30
    while RELEASED not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the closed session's data was not released"
        time.sleep(0.5)
    _visit(b, "Threshold")
    expect(b.page.get_by_test_id("stMetric").first).to_be_visible()
    assert "Quorvale".casefold() not in b.everything_seen()
    b.page.context.close()
