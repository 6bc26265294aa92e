"""Hostile column names, values and file names go through the whole engine as plain text."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import polars as pl
import pytest

from matching import WorkbenchSession, read_path
from matching.export import clusters_table, pairs_table
from matching.export_formats import to_csv_bytes

pytestmark = pytest.mark.slow

HOSTILE_HEADERS = [
    'Ref"; DROP TABLE mw_input_1_0; --',
    "First Name' OR '1'='1",
    "Surname`) <script>alert(1)</script>",
    "Date of Birth {} {0} %s",
    'Post"code"',
    "Notes 名前 ✓",
]
HOSTILE_VALUES = ['"; DROP TABLE t; --', "<script>alert('x')</script>", "=HYPERLINK(\"http://x\")",
                  "{}", "O'Brien", "Zoë 名 `tick`", "-2+3", "@SUM(A1)"]
FILE_NAME = "o'brien \"list\" <b>{x}.csv"


def _hostile_file(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    surnames = ["O'Brien", "D'Souza", "Smith-Jones", "Ng", "Begum", "MacDonald"]
    rows = []
    for i in range(80):
        person = (rng.choice(["Amira", "Seán", "Zoë", "Kwame", "Priya"]), rng.choice(surnames),
                  f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2000)}",
                  rng.choice(["E1 6AN", "N1 9GU", "SE5 7HN"]))
        rows.append((f"R'{i}\"", *person, rng.choice(HOSTILE_VALUES)))
        if i % 3 == 0:
            rows.append((f"R'{i}\"dup", *person, rng.choice(HOSTILE_VALUES)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HOSTILE_HEADERS)
        writer.writerows(rows)
    return path


def test_hostile_headers_values_and_file_names_run_end_to_end(tmp_path: Path) -> None:
    left = _hostile_file(tmp_path / FILE_NAME, seed=1)
    right = _hostile_file(tmp_path / "second `file`; DROP.csv", seed=2)
    session = WorkbenchSession()
    session.set_tables([read_path(left), read_path(right)])
    config = session.suggest()

    assert [t.file_name for t in session.tables] == [FILE_NAME, "second `file`; DROP.csv"]
    assert list(session.tables[0].original_columns.values()) == HOSTILE_HEADERS
    assert {c.kind.value for c in config.comparisons} >= {"name", "date_of_birth", "postcode"}
    assert session.blocking_summary().total_pairs > 0
    result = session.run()
    clusters = session.current_clusters()
    pairs = pairs_table(result, clusters.threshold)
    records = clusters_table(result, clusters)

    assert config.datasets[0].name == "o'brien \"list\" <b>{x}"
    assert pairs.height > 0
    assert set(records["source_dataset"]) == {"o'brien \"list\" <b>{x}", "second `file`; DROP"}
    ids = set(records["unique_id"])
    assert {"R'0\"", "R'0\"dup"} <= ids  # IDs with quotes come back exactly
    read_back = pl.read_csv(io.BytesIO(to_csv_bytes(records)), infer_schema=False)
    assert set(read_back["unique_id"]) == ids
    with session.workspace.lock:  # nothing was dropped by a value or a name
        assert session.workspace.input_row_counts() == [107, 107]
    session.close()


def test_a_rule_the_database_cannot_run_is_reported_in_plain_words() -> None:
    # A rule the validator allows but DuckDB refuses (text compared with a number): counting
    # its pairs used to end in a SplinkException traceback on the Blocking page.
    from dataclasses import replace

    from matching.config import BlockingRuleSpec
    from matching.errors import LinkageError
    from matching.samples import sample_paths
    from matching.sql_rules import validate_sql_rule

    session = WorkbenchSession()
    session.set_tables([read_path(sample_paths(link=False)[0])])
    config = session.suggest()
    sql = validate_sql_rule("l.full_name = r.full_name AND l.address > 5",
                            ["full_name", "address"])
    session.update_config(replace(config, blocking=(BlockingRuleSpec((), sql=sql),)))
    with pytest.raises(LinkageError) as caught:
        session.blocking_summary()
    assert caught.value.message.startswith(
        "The database could not count the pairs these rules make: Binder Error: Cannot compare "
        "values of type VARCHAR and type INTEGER_LITERAL")
    assert "CREATE TABLE" not in caught.value.message, "no SQL shown to the officer"
    session.close()
