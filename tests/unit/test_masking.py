"""Masking for demonstrations: personal values become "J*** S****", and nothing else changes."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.masking import mask_frame, mask_value


@pytest.mark.parametrize(("value", "masked"), [
    ("John Smith", "J*** S****"),
    ("O'Brien", "O******"),
    ("Smith-Jones", "S****-J****"),
    ("23/08/1984", "**/**/1984"),
    ("3.8.1984", "*.*.1984"),
    ("1984-08-23", "1984-**-**"),
    ("E1 6AN", "E1 ***"),
    ("sw1a1aa", "SW1A ***"),
    ("jo.smith@hackney.gov.uk", "j*******@*******.***.**"),
    ("Flat 2, 12 High Street", "F*** 2, 1* H*** S*****"),
    ("9992667877", "9*********"),
    ("Zoë 名前", "Z** 名*"),
    ("", ""),
    ("  ", "  "),
    (None, None),
])
def test_values_are_masked_by_their_shape(value: str | None, masked: str | None) -> None:
    assert mask_value(value) == masked


def test_frames_mask_text_columns_but_not_scores_or_engine_columns() -> None:
    frame = pl.DataFrame({"name": ["Ann Lee", None], "match_weight": [1.5, -2.0],
                          "source_dataset": ["council_tax", "housing"], "dob": ["01/02/1990", ""]})
    assert mask_frame(frame).to_dict(as_series=False) == {
        "name": ["A** L**", None], "match_weight": [1.5, -2.0],
        "source_dataset": ["council_tax", "housing"], "dob": ["**/**/1990", ""],
    }
    assert mask_frame(frame, keep={"name", "dob"})["name"].to_list() == ["Ann Lee", None]


SPECIAL = re.compile(r"^\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d|[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d"
                     r"[A-Za-z]{2}\s*$|[^@\s]+@\S+\s*$)")


@given(st.text())
def test_masking_never_fails_and_keeps_no_two_letters_of_a_word_together(value: str) -> None:
    masked = mask_value(value)
    assert isinstance(masked, str)
    if not SPECIAL.match(value):
        assert len(masked) == len(value)
        assert all(m in (v, "*") for m, v in zip(masked, value, strict=True))
        assert not re.search(r"\w\w", masked)


@given(st.lists(st.sampled_from(["Amira", "Begum", "O'Neil", "Kwame", "Ng", "Ødegaard"]),
                min_size=1, max_size=4))
def test_names_show_only_their_initials(words: list[str]) -> None:
    masked = mask_value(" ".join(words))
    assert masked is not None
    assert [w[0] for w in masked.split(" ")] == [w[0] for w in words]
    assert set(masked.replace(" ", "")) - {w[0] for w in words} <= {"*"}
