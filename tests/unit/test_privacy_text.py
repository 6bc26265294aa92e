"""Officers' text is made inert before Streamlit's Markdown or plotly's labels see it."""

from __future__ import annotations

import polars as pl
import pytest

from ui.privacy import md, plain, shown


@pytest.mark.parametrize(("text", "escaped"), [
    ("council_tax_2024.csv", "council_tax_2024.csv"),
    ("empty.csv is empty (0 bytes).", "empty.csv is empty (0 bytes)."),
    ("Columns are: Ref, Name", "Columns are: Ref, Name"),
    ("[click](http://evil.example)", "\\[click\\](http\\://evil.example)"),
    ("![x](http://evil.example/p.png)", "!\\[x\\](http\\://evil.example/p.png)"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("**bold** _it_ ~~no~~ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~no\\~\\~ \\`code\\`"),
    (":red[alarm] :material/home: :smile:", "\\:red\\[alarm\\] \\:material/home: \\:smile:"),
    ("$x^2$ a|b &lt;", "\\$x^2\\$ a\\|b \\&lt;"),
    ("- not a list\n# not a heading\n1. not a list",
     "\\- not a list  \n\\# not a heading  \n1\\. not a list"),
    ("back\\slash", "back\\\\slash"),
    ("Zoë 名前 {} {0} %s", "Zoë 名前 {} {0} %s"),
])
def test_markdown_in_officers_text_is_escaped(text: str, escaped: str) -> None:
    assert md(text) == escaped


def test_plotly_labels_show_tags_as_text() -> None:
    assert plain("<b>Ann</b> & <a href='x'>") == "&lt;b&gt;Ann&lt;/b&gt; &amp; &lt;a href='x'&gt;"


def test_shown_masks_only_when_asked() -> None:
    class State:
        hide_personal = False

    frame = pl.DataFrame({"surname": ["Begum"], "match_weight": [3.2]})
    state = State()
    assert shown(frame, state).equals(frame)
    state.hide_personal = True
    assert shown(frame, state).to_dict(as_series=False) == {"surname": ["B****"], "match_weight": [3.2]}
