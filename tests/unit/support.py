"""Helpers shared by unit tests."""

from __future__ import annotations

import duckdb


def scored_pairs(con: duckdb.DuckDBPyConnection) -> str:
    """A small predictions table ``p`` (two files, a and b) with known match weights."""
    con.execute("""CREATE TABLE p (source_dataset_l VARCHAR, unique_id_l VARCHAR,
                   source_dataset_r VARCHAR, unique_id_r VARCHAR, match_weight DOUBLE)""")
    con.executemany("INSERT INTO p VALUES (?, ?, ?, ?, ?)", [
        ("a", "1", "b", "1", 6.0), ("a", "2", "b", "2", 1.0), ("a", "3", "b", "3", -3.0),
        ("a", "1", "b", "2", -8.0),
    ])
    return "p"
