"""Plain-English headings for the engine's column names."""

PAIR_LABELS: dict[str, str] = {
    "source_dataset_l": "file 1",
    "unique_id_l": "record 1",
    "source_dataset_r": "file 2",
    "unique_id_r": "record 2",
    "match_weight": "match weight",
    "match_probability": "match probability",
    "above_threshold": "accepted",
}
