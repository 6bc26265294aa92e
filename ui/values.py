"""Narrowing helpers: values from polars and Streamlit, whose types are wide, as the types the
pages use."""

from __future__ import annotations

from decimal import Decimal


def number(value: object, default: float) -> float:
    """A polars aggregate (``Series.min()``, ``.max()``, ``.mean()``) as a float: ``default``
    when there is none (an empty column gives ``None``) or it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return default
    return float(value)
