"""Step 1 — Data: sample data, real uploads through the file uploader, and human errors."""

from __future__ import annotations

import json

from matching.export import project_with_threshold
from tests.app.support import (
    SAMPLE_DIR,
    SPLINK_TIMEOUT,
    joined,
    no_exception,
    open_app,
    plotly_specs,
    sample_rows,
    state_of,
    texts,
)
from ui.session import AppState

DEDUPE = "Find duplicates in one file"


def _csv(name: str) -> tuple[str, bytes, str]:
    return (name, (SAMPLE_DIR / name).read_bytes(), "text/csv")


def test_data_page_starts_empty() -> None:
    at = open_app()
    no_exception(at)
    assert at.radio(key="data.mode").value == "Link two files"
    uploader = at.file_uploader[0]
    assert uploader.accept_multiple_files
    assert uploader.label == "Upload two files"
    assert {"csv", "xlsx", "parquet"} <= {t.lstrip(".") for t in uploader.allowed_type}
    assert "Your data" not in texts(at.subheader)
    assert not at.get("page_link"), "no way forward before data is loaded"


def test_use_sample_data_loads_two_files_and_a_setup() -> None:
    at = open_app()
    at.button(key="data.sample").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    wb = state_of(at).workbench
    assert [t.file_name for t in wb.tables] == ["council_tax.csv", "housing_benefit.csv"]
    assert wb.config is not None
    assert len(wb.config.datasets) == 2
    assert wb.config.used_columns and wb.config.blocking and wb.config.comparisons
    assert "Your data" in texts(at.subheader)
    panels = joined(at.markdown)
    assert f"**council_tax.csv** — {sample_rows('council_tax.csv'):,} rows" in panels
    assert f"**housing_benefit.csv** — {sample_rows('housing_benefit.csv'):,} rows" in panels
    assert len(at.dataframe) == 4  # a preview and a column profile per file
    # The suggested record IDs are the files' ID columns, shown under their original headers.
    assert at.selectbox(key="data.id.0.0").value == "account_ref"
    assert at.selectbox(key="data.id.1.0").value == "claim_id"
    assert [link.proto.label for link in at.get("page_link")] == ["Next: check the columns"]


def test_use_sample_data_for_duplicates_loads_one_file() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    assert at.file_uploader[0].label == "Upload one file"
    at.button(key="data.sample").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    wb = state_of(at).workbench
    assert [t.file_name for t in wb.tables] == ["residents.csv"]
    assert wb.config is not None and len(wb.config.datasets) == 1


def test_uploading_two_csv_files_loads_them() -> None:
    at = open_app()
    at.file_uploader[0].set_value(
        [_csv("council_tax.csv"), _csv("housing_benefit.csv")]
    ).run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    state = state_of(at)
    wb = state.workbench
    assert [t.file_name for t in wb.tables] == ["council_tax.csv", "housing_benefit.csv"]
    assert wb.config is not None and wb.config.used_columns
    assert len(state.upload_ids) == 4  # two file ids and two (no) sheet names
    rows = sample_rows("council_tax.csv")
    assert f"**council_tax.csv** — {rows:,} rows, 10 columns" in joined(at.markdown)
    # A rerun with the same files attached does not read them again.
    config = wb.config
    at.run()
    assert state_of(at).workbench.config is config


def test_uploading_one_file_when_linking_asks_for_two() -> None:
    at = open_app()
    at.file_uploader[0].set_value([_csv("council_tax.csv")]).run()
    no_exception(at)
    assert texts(at.warning) == ["Please upload exactly 2 file(s): 1 is attached."]
    assert not state_of(at).workbench.tables


def test_uploading_one_file_for_duplicates() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    at.file_uploader[0].set_value([_csv("residents.csv")]).run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    wb = state_of(at).workbench
    assert [t.file_name for t in wb.tables] == ["residents.csv"]
    assert f"**residents.csv** — {sample_rows('residents.csv'):,} rows" in joined(at.markdown)


def test_an_empty_file_shows_a_human_error() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    at.file_uploader[0].set_value([("empty.csv", b"", "text/csv")]).run()
    no_exception(at)
    assert texts(at.error) == ["empty.csv is empty (0 bytes)."]
    assert any(c.startswith("What to do:") for c in texts(at.caption))
    assert not state_of(at).workbench.tables


def test_a_header_only_file_shows_a_human_error() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    at.file_uploader[0].set_value([("headers.csv", b"Name,Postcode\n", "text/csv")]).run()
    no_exception(at)
    assert "no data rows" in joined(at.error)
    assert not state_of(at).workbench.tables


def test_a_binary_file_named_csv_shows_a_human_error() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value(DEDUPE).run()
    junk = bytes(range(256)) * 40
    at.file_uploader[0].set_value([("photo.csv", junk, "text/csv")]).run()
    no_exception(at)
    assert at.error, "an error explains the file could not be read"
    assert not state_of(at).workbench.tables


def test_choosing_a_non_unique_id_column_is_refused() -> None:
    at = open_app()
    at.button(key="data.sample").click().run(timeout=SPLINK_TIMEOUT)
    wb = state_of(at).workbench
    assert wb.config is not None
    at.selectbox(key="data.id.0.0").set_value("title").run()
    no_exception(at)
    assert "duplicated values" in joined(at.error)
    assert wb.config.datasets[0].id_column == "account_ref", "the set-up keeps the good ID"


def test_choosing_generated_ids_updates_the_setup() -> None:
    at = open_app()
    at.button(key="data.sample").click().run(timeout=SPLINK_TIMEOUT)
    at.selectbox(key="data.id.1.0").select_index(0).run()
    no_exception(at)
    config = state_of(at).workbench.config
    assert config is not None
    assert config.datasets[1].id_column is None
    assert config.datasets[0].id_column == "account_ref"


def _project_uploader(at):
    return next(u for u in at.file_uploader if u.label == "Project file")


def test_reusing_a_saved_project_applies_its_setup(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    saved = wb.config.with_changes(blocking=wb.config.blocking[:2])
    saved = project_with_threshold(saved, 4.5)
    at = open_app(loaded)
    _project_uploader(at).set_value(
        ("project.json", saved.to_json().encode("utf-8"), "application/json")
    ).run()
    no_exception(at)
    assert "Project loaded" in joined(at.success)
    assert wb.config.blocking == saved.blocking
    assert wb.config.threshold_match_weight == 4.5


def test_a_broken_project_file_shows_a_human_error(loaded: AppState) -> None:
    config = loaded.workbench.config
    at = open_app(loaded)
    _project_uploader(at).set_value(("project.json", b"{not json", "application/json")).run()
    no_exception(at)
    assert "not valid JSON" in joined(at.error)
    assert loaded.workbench.config is config


def test_a_tampered_project_file_is_refused_before_anything_runs(loaded: AppState) -> None:
    wb = loaded.workbench
    assert wb.config is not None
    config = wb.config
    seed = json.loads(config.to_json())
    seed["training"]["seed"] = "x' || (SELECT max(range) FROM range(100000000000)) || '"
    sql = json.loads(config.to_json())
    sql["blocking"][0] = {"keys": [], "sql": "l.surname = r.surname AND l.surname IN "
                                             "(SELECT error('pwned'))"}
    for tampered, message in ((seed, "training.seed must be a whole number"),
                              (sql, "blocking\\[0\\].sql is refused.")):
        at = open_app(loaded)
        _project_uploader(at).set_value(
            ("project.json", json.dumps(tampered).encode("utf-8"), "application/json")).run()
        no_exception(at)
        assert joined(at.error).startswith(f"The project file cannot be used: {message}")
        assert wb.config is config, "nothing of the file was taken"
    not_utf8 = config.to_json().encode("utf-8") + b"\xff"
    at = open_app(loaded)
    _project_uploader(at).set_value(("project.json", not_utf8, "application/json")).run()
    assert "is not UTF-8 text" in joined(at.error)
    assert wb.config is config


def test_each_file_gets_a_column_profile_with_verdicts() -> None:
    at = open_app()
    at.button(key="data.sample").click().run(timeout=SPLINK_TIMEOUT)
    no_exception(at)
    profile = at.dataframe[1].value  # the first file's profile, after its preview
    assert "verdict" in profile.columns
    surname = profile[profile["column"] == "Surname"].iloc[0]
    assert surname["verdict"].startswith("Surname: 100% filled")
    charts = plotly_specs(at)
    assert charts and charts[0]["data"][0]["type"] == "bar"
    assert charts[0]["layout"]["title"]["text"] == "How full each column is"


def test_missing_values_show_as_blanks_not_none(trained: AppState) -> None:
    # ground truth: the first council tax record has no date of birth
    assert trained.workbench.tables[0].frame["date_of_birth"][0] is None
    at = open_app(trained)
    preview = at.dataframe[0].value
    assert preview["Date of Birth"].iloc[0] == ""
    assert preview.isna().sum().sum() == 0, "no cell shows None"
