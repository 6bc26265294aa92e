"""The synthetic address samples shipped in ``sample_data/`` (no real person or property)."""

from __future__ import annotations

from pathlib import Path

from matching.samples import SAMPLE_DIR

RECORDS = "electoral_register.csv"
REFERENCE = "gazetteer.csv"
TRUTH = "address_truth.csv"


def address_sample_paths() -> tuple[Path, Path]:
    """The register of messy addresses and the gazetteer to match them to."""
    return SAMPLE_DIR / RECORDS, SAMPLE_DIR / REFERENCE


def address_truth_path() -> Path:
    """Each register record's true UPRN (blank where its home is not in the gazetteer)."""
    return SAMPLE_DIR / TRUTH


def is_address_sample(file_names: tuple[str, str]) -> bool:
    return file_names == (RECORDS, REFERENCE)
