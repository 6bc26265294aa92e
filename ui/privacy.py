"""Show officers' text safely, and hide personal details on request.

* ``md(text)``: user text (file names, column headers, values, IDs, messages that quote them)
  for anything Streamlit renders as Markdown (``st.markdown``, ``st.caption``, ``st.error``...,
  widget labels, expander titles). Markdown would otherwise turn ``[x](http://...)`` into a link,
  ``![x](http://...)`` into an image fetched from the internet, ``:red[...]`` into colour and
  ``**`` into bold.
* ``plain(text)``: user text inside plotly labels and hover text, which understand a little HTML.
* ``shown(frame, state)``: a table of record values as it may be shown on screen: masked when
  the officer has switched on "Hide personal details" (``matching.masking``).
"""

from __future__ import annotations

import html
import re

import polars as pl

from matching.masking import mask_frame

#: Characters that start Markdown syntax anywhere: links and images (``[``), HTML, code,
#: emphasis, strike-through, LaTeX, tables, entities; a colon before a word starts Streamlit's
#: ``:red[...]``, ``:material/...:`` and emoji directives, and bare ``http://`` links.
_ALWAYS = re.compile(r"([\\`*\[\]|<>~$&]|:(?=[\w/]))")
#: An underscore starts emphasis unless it sits inside a word (council_tax.csv stays readable).
_LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
#: Line starts that make lists, headings or rules (a quote's ``>`` is always escaped).
_LINE_START = re.compile(r"^(\s*)([-+=#]|\d+(?=[.)]))", re.MULTILINE)


def md(text: object) -> str:
    """``text`` with the Markdown in it made inert, so it shows exactly as typed."""
    escaped = _ALWAYS.sub(r"\\\1", str(text))
    escaped = _LONE_UNDERSCORE.sub(r"\\_", escaped)
    escaped = _LINE_START.sub(lambda m: m[1] + "\\" + m[2] if not m[2].isdigit()
                              else m[1] + m[2] + "\\", escaped)
    return escaped.replace("\n", "  \n")


def plain(text: object) -> str:
    """``text`` for a plotly label: tags show as text instead of being drawn."""
    return html.escape(str(text), quote=False)


def shown(frame: pl.DataFrame, state: object) -> pl.DataFrame:
    """``frame`` as it may appear on screen: masked when personal details are hidden, and
    blank where a value is missing (a table would otherwise show the word "None").

    ``state`` is the tab's ``AppState`` (anything with a ``hide_personal`` flag); columns that
    are not personal (IDs the engine made, scores, counts) are left alone by the masking.
    """
    masked = mask_frame(frame) if getattr(state, "hide_personal", False) else frame
    return blank_missing(masked)


def blank_missing(frame: pl.DataFrame) -> pl.DataFrame:
    """Missing text shown as an empty cell, not as "None"."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(pl.col(text).fill_null("")) if text else frame


def missing_as_words(value: object) -> str:
    """A value for a sentence: "(missing)" rather than "None"."""
    return "(missing)" if value is None or str(value).strip() == "" else str(value)
