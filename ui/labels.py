"""Plain-English headings for the engine's column names, and the review-label widgets."""

from __future__ import annotations

import pandas as pd
import polars as pl
import streamlit as st

from matching.errors import WorkbenchError
from matching.labels import LabelBook, Verdict

PAIR_LABELS: dict[str, str] = {
    "source_dataset_l": "file 1",
    "unique_id_l": "record 1",
    "source_dataset_r": "file 2",
    "unique_id_r": "record 2",
    "match_weight": "match weight",
    "match_probability": "match probability",
    "above_threshold": "accepted",
}

VERDICT_ICONS = {Verdict.MATCH: "✅", Verdict.NON_MATCH: "❌", Verdict.UNSURE: "❔"}
DIFFERENT = "background-color: #fff3b0"


def _norm(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


def highlight_differences(records: pl.DataFrame) -> pd.io.formats.style.Styler:
    """The side-by-side table (``field``, ``record_1``, ``record_2``) with the rows whose
    values differ highlighted (ignoring case and spacing); headings in plain words."""
    frame = records.rename({"record_1": "first record", "record_2": "second record"}).to_pandas()

    def colour(row: pd.Series) -> list[str]:
        differs = row["field"] != "record ID" and _norm(row["first record"]) != _norm(
            row["second record"])
        return [DIFFERENT if differs else ""] * len(row)

    return frame.style.apply(colour, axis=1)


def labels_download(book: LabelBook, key: str) -> None:
    """A download button for the labels CSV (Splink's format)."""
    st.download_button(f"Download labels ({len(book):,})", data=book.to_csv_bytes(),
                       file_name="labels.csv", mime="text/csv", key=key,
                       icon=":material/download:", on_click="ignore", disabled=not len(book))


def labels_upload(book: LabelBook, key: str, seen: str | None) -> str | None:
    """An uploader that adds a labels CSV to ``book``; returns the file ID it handled.

    ``seen`` is the ID of the file handled before, so a file still attached is not re-read.
    """
    upload = st.file_uploader("Add labels from a CSV file (Splink's labels format)",
                              type=["csv"], key=key,
                              help="Columns source_dataset_l, unique_id_l, source_dataset_r, "
                              "unique_id_r and clerical_match_score (1 = match, 0 = not).")
    if upload is None or upload.file_id == seen:
        return seen
    try:
        added = book.merge(LabelBook.from_csv_bytes(upload.getvalue()))
    except WorkbenchError as err:
        st.error(err.message, icon=":material/error:")
        if err.hint:
            st.caption(f"What to do: {err.hint}")
    else:
        st.success(f"Added {added:,} label(s) from {upload.name}.", icon=":material/check:")
    return upload.file_id


def label_counts_text(book: LabelBook) -> str:
    counts = book.counts()
    return (f"{counts[Verdict.MATCH]:,} match · {counts[Verdict.NON_MATCH]:,} not a match · "
            f"{counts[Verdict.UNSURE]:,} unsure")
