"""Helpers shared by the AppTest tests: open the app, read texts and plotly specs."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from ui.session import STATE_KEY, AppState

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE_DIR = ROOT / "sample_data"

START_INFO = "Start by loading your data"
TRAIN_INFO = "Train the model and score the pairs first."
SPLINK_TIMEOUT = 180


def sample_rows(name: str) -> int:
    """Data rows in a committed sample file (the samples may be regenerated)."""
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def open_app(state: AppState | None = None, page: str | None = None) -> AppTest:
    """Run the app once (router, sidebar, Data page), then optionally switch to ``page``."""
    at = AppTest.from_file(APP, default_timeout=60)
    if state is not None:
        at.session_state[STATE_KEY] = state
    at.run()
    if page is not None:
        at.switch_page(page).run(timeout=SPLINK_TIMEOUT)
    return at


def state_of(at: AppTest) -> AppState:
    state = at.session_state[STATE_KEY]
    assert isinstance(state, AppState)
    return state


def texts(elements: Any) -> list[str]:
    return [e.value for e in elements]


def joined(elements: Any) -> str:
    return "\n".join(texts(elements))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def as_int(value: str) -> int:
    return int(value.replace(",", ""))


def plotly_specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def no_exception(at: AppTest) -> None:
    """Fail with the real message (tests run with full error details)."""
    assert not at.exception, [e.value for e in at.exception]


def train(at: AppTest, state: AppState) -> None:
    """Press Train and match and wait for the background run to finish (then rerun the page)."""
    at.button(key="train.run").click().run(timeout=SPLINK_TIMEOUT)
    job = state.workbench.job
    assert job is not None, "training did not start"
    assert job.wait(SPLINK_TIMEOUT), "training did not finish in time"
    at.run(timeout=SPLINK_TIMEOUT)


#: What each lazy download button would build on a click: deferred file id -> the callable.
#: Filled while the ``lazy_downloads`` fixture is active (AppTest's runtime lasts one run).
LAZY_DOWNLOADS: dict[str, Any] = {}


def downloaded(at: AppTest, key: str) -> bytes:
    """The file a download button gives: built as on a click when the button builds it lazily
    (needs the ``lazy_downloads`` fixture)."""
    proto = at.download_button(key=key).proto
    assert not proto.url, "this button holds its file already"
    data = LAZY_DOWNLOADS[proto.deferred_file_id]()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)
