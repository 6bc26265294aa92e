"""The synthetic sample files shipped in ``sample_data/`` (no real person's data)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
LINK_SAMPLE = ("council_tax.csv", "housing_benefit.csv")
DEDUPE_SAMPLE = ("residents.csv",)


def sample_paths(*, link: bool = True) -> list[Path]:
    """The sample files: two to link, or one to deduplicate."""
    return [SAMPLE_DIR / name for name in (LINK_SAMPLE if link else DEDUPE_SAMPLE)]
