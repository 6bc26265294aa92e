"""Narrowing helpers for values whose declared types are wide (polars aggregates)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ui.values import number


def test_an_aggregate_is_a_float_and_an_empty_column_gives_the_default() -> None:
    assert number(pl.Series([1, 5, 3]).max(), 0.0) == 5.0
    assert number(pl.Series([2.5, -1.5]).min(), 0.0) == -1.5
    assert number(pl.Series([], dtype=pl.Float64).max(), -10.0) == -10.0
    assert number(pl.Series([None], dtype=pl.Int64).mean(), 7.0) == 7.0
    assert number(Decimal("1.25"), 0.0) == 1.25


def test_values_that_are_not_numbers_give_the_default() -> None:
    assert number("3", 1.0) == 1.0
    assert number(True, 1.0) == 1.0
    assert number(None, 2.0) == 2.0
