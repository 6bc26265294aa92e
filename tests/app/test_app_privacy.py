"""On screen: hostile text shows literally, personal details can be masked, and Clear my data
says what it removed."""

from __future__ import annotations

import re

import polars as pl

from matching.loading import read_table
from tests.app.support import joined, no_exception, open_app, state_of, texts
from ui import reaper
from ui.privacy import md
from ui.session import AppState, clear_everything

HOSTILE_NAME = "o'brien [x](http://evil.example) <img src=x> :red[y].csv"
HOSTILE_HEADERS = ['Ref"; DROP TABLE t; --', "First Name <script>alert(1)</script>", "Surname `x`",
                   "Date of Birth {} {0}", "Postcode ![i](http://evil.example/i.png)"]
HOSTILE_ROWS = [['1"', "<b>Ann</b>", "=1+2", "01/02/1980", "E1 6AN"],
                ["2'", "Bob", "'; DROP TABLE x; --", "03/04/1990", "N1 9GU"]]


def _hostile_csv() -> bytes:
    lines = [HOSTILE_HEADERS, *HOSTILE_ROWS]
    return "\n".join(",".join('"' + v.replace('"', '""') + '"' for v in row) for row in lines
                     ).encode("utf-8")


def test_hostile_file_name_headers_and_values_show_literally_on_the_data_page() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value("Find duplicates in one file").run()
    at.file_uploader[0].set_value([(HOSTILE_NAME, _hostile_csv(), "text/csv")]).run()
    no_exception(at)
    table = state_of(at).workbench.tables[0]
    assert table.file_name == HOSTILE_NAME
    assert f"**{md(HOSTILE_NAME)}** — 2 rows, 5 columns" in texts(at.markdown)
    assert "\\[x\\](http\\://evil.example) \\<img src=x\\> \\:red\\[y\\]" in md(HOSTILE_NAME)
    preview = at.dataframe[0].value
    assert list(preview.columns) == HOSTILE_HEADERS
    assert preview.iloc[:, 1].tolist() == ["<b>Ann</b>", "Bob"]
    assert preview.iloc[:, 2].tolist() == ["=1+2", "'; DROP TABLE x; --"]


def test_an_error_quoting_a_hostile_file_name_is_escaped() -> None:
    at = open_app()
    at.radio(key="data.mode").set_value("Find duplicates in one file").run()
    at.file_uploader[0].set_value([("[a](http://x) *b*.csv", b"", "text/csv")]).run()
    no_exception(at)
    assert texts(at.error) == ["\\[a\\](http\\://x) \\*b\\*.csv is empty (0 bytes)."]


def test_hidden_personal_details_mask_the_review_side_by_side_and_data_preview(
    trained: AppState
) -> None:
    first_record = [v for v in trained.workbench.tables[0].frame.row(0)
                    if isinstance(v, str) and len(v) > 1]
    trained.hide_personal = True
    try:
        at = open_app(trained, page="pages/review.py")
        no_exception(at)
        side = at.table[0].value
        values = [v for v in side["first record"].tolist() + side["second record"].tolist()
                  if isinstance(v, str) and v]
        assert values and all("*" in v for v in values if len(v) > 1)
        assert "None" not in values, "a missing value is blank, not the word None"
        # The reason quotes masked values ("1959-**-**"): shown as typed, not as Markdown
        # (which turned "**/**/1959" into "//1959").
        reason = joined(at.info)
        assert "*" in reason, reason
        assert not re.search(r"(?<!\\)\*", reason), "every * is escaped"
        at.switch_page("pages/data.py").run()
        preview = at.dataframe[0].value
        shown_values = {str(v) for v in preview.to_numpy().ravel()}
        assert first_record and not shown_values & set(first_record)
        assert any(v.startswith("**/**/") for v in shown_values), shown_values
    finally:
        trained.hide_personal = False


def test_the_sidebar_toggle_switches_masking_before_the_page_draws(loaded: AppState) -> None:
    at = open_app(loaded)
    toggle = at.toggle(key="sidebar.hide_personal")
    assert toggle.label == "Hide personal details" and toggle.value is False
    before = at.dataframe[0].value.to_numpy().ravel().tolist()
    toggle.set_value(True).run()
    no_exception(at)
    assert state_of(at).hide_personal is True
    after = at.dataframe[0].value.to_numpy().ravel().tolist()
    assert after != before and any("*" in str(v) for v in after)


def test_clear_my_data_says_what_it_removed(loaded: AppState) -> None:
    files = ", ".join(t.file_name for t in loaded.workbench.tables)
    database = loaded.workbench.workspace
    words = clear_everything(loaded)
    assert words == (
        f"Removed 2 file(s) ({files}) and the column set-up, blocking rules and comparisons "
        "from this session's memory; this session's private database was closed."
    )
    assert database.closed
    assert clear_everything(loaded) == "Removed no files from this session's memory."


def test_clear_my_data_after_training_names_the_results(loaded: AppState) -> None:
    frame = pl.DataFrame({"id": ["1", "2", "3"], "first_name": ["Ann", "Ann", "Bob"],
                          "surname": ["Lee", "Lee", "Ng"], "dob": ["01/02/1980"] * 2 + ["03/04/1990"]})
    table = read_table(frame.write_csv().encode(), "tiny.csv")
    loaded.workbench.set_tables([table])
    loaded.workbench.suggest()
    loaded.workbench.run()
    words = clear_everything(loaded)
    assert words.startswith("Removed 1 file(s) (tiny.csv), the column set-up, blocking rules and "
                            "comparisons and the trained model, scored pairs and clusters from")
    loaded.notice = words
    at = open_app(loaded)
    assert "trained model" in joined(at.success)


def test_test_sessions_are_never_taken_for_closed_tabs(loaded: AppState) -> None:
    """AppTest stands a mock in for the server: its sessions must not be tracked (and later
    released as 'gone') by the reaper, which would close a state still in use."""
    before = set(reaper.TRACKER.tracked())
    at = open_app(loaded)
    no_exception(at)
    assert set(reaper.TRACKER.tracked()) == before
    assert reaper.reap_once() == []
    assert loaded.workbench.tables, "the state is still open"
