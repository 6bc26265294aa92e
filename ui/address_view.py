"""Small helpers the address pages share."""

from __future__ import annotations

import polars as pl

from matching.masking import NOT_PERSONAL, mask_frame

#: Columns of the address pages that are not personal details (IDs, scores, outcomes).
NOT_PERSONAL_HERE = NOT_PERSONAL | {"record", "uprn", "outcome", "lead", "rank", "row_id",
                                    "candidate_uprn", "runner_up_uprn", "gap", "status",
                                    "household_id", "people", "records", "person_id", "flag",
                                    "datasets", "key_kind", "households", "your label"}


def shown_here(frame: pl.DataFrame, state: object) -> pl.DataFrame:
    """``frame`` as it may appear on screen: masked when personal details are hidden, but
    record IDs, UPRNs, scores and outcomes stay readable."""
    if not getattr(state, "hide_personal", False):
        return frame
    keep = NOT_PERSONAL_HERE | {c for c in frame.columns if c.startswith("records_")}
    return mask_frame(frame, keep=keep)
