"""Households: people grouped by the property they live at (UPRN, or the cleaned address)."""
