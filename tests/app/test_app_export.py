"""Export page: IDs and scores by default, personal details only when ticked, the governance
pack's purpose saved with the project, the Python export behind the personal-details box."""

from __future__ import annotations

import json

from tests.app.support import downloaded, joined, no_exception, open_app, state_of
from ui.session import AppState


def test_personal_details_are_opt_in_and_the_purpose_is_saved(trained: AppState,
                                                               lazy_downloads: None) -> None:
    at = open_app(trained, page="pages/export.py")
    no_exception(at)
    assert at.checkbox(key="export.personal").value is False
    assert "record IDs and scores only" in joined(at.caption)
    assert at.download_button(key="export.python").disabled
    plain = downloaded(at, "export.pairs")

    at.checkbox(key="export.personal").check().run()
    no_exception(at)
    assert "The files will hold **personal details**" in joined(at.caption)
    assert not at.download_button(key="export.python").disabled
    personal = downloaded(at, "export.pairs")
    assert personal != plain
    assert len(personal.split(b"\n", 1)[0]) > len(plain.split(b"\n", 1)[0])  # more columns

    at.text_area(key="export.purpose").input("Single person discount review <b>2026</b>").run()
    no_exception(at)
    project = state_of(at).project
    assert project is not None
    saved = json.loads(project.json_path.read_text(encoding="utf-8"))
    assert saved["purpose"] == "Single person discount review <b>2026</b>"
    assert at.download_button(key="export.report").proto.label == "Governance pack (HTML)"
    at.checkbox(key="export.personal").uncheck().run()
