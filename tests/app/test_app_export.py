"""Export page: IDs and scores by default, personal details only when ticked, the governance
pack's purpose saved with the project, the Python export behind the personal-details box."""

from __future__ import annotations

import io
import json

import polars as pl

from matching.labels import Verdict
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


def test_review_labels_are_applied_to_the_exported_pairs(trained: AppState,
                                                         lazy_downloads: None) -> None:
    wb = trained.workbench
    result = wb.result
    assert result is not None
    at = open_app(trained, page="pages/export.py")
    plain = pl.read_csv(io.BytesIO(downloaded(at, "export.pairs")), infer_schema=False)
    label = at.download_button(key="export.pairs").proto.label
    first = plain.row(0, named=True)
    key = (first["source_dataset_l"], first["unique_id_l"], first["source_dataset_r"],
           first["unique_id_r"])
    wb.labels.set(key, Verdict.NON_MATCH)
    try:
        at.run()
        no_exception(at)
        reviewed = pl.read_csv(io.BytesIO(downloaded(at, "export.pairs")), infer_schema=False)
        new_label = at.download_button(key="export.pairs").proto.label
        records = pl.read_csv(io.BytesIO(downloaded(at, "export.clusters")), infer_schema=False)
        shown = joined(at.info)
    finally:
        wb.labels.clear()
    assert reviewed.height == plain.height - 1
    assert key not in set(reviewed.select(key_columns()).iter_rows())
    assert reviewed.columns == [*plain.columns, "decision"]
    assert label == f"Matched pairs ({plain.height:,})"
    assert new_label == f"Matched pairs ({plain.height - 1:,})"
    assert "Your decisions are applied" in shown
    decided = records.filter(pl.col("decision") == "reviewer")
    assert sorted(decided["unique_id"]) == sorted([key[1], key[3]])


def key_columns() -> list[str]:
    return ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]
