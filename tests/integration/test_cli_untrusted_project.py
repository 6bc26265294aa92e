"""A project file is untrusted input: ``run`` refuses a tampered one with exit code 2, a plain
message naming the field, and nothing of the file's own run (no SQL, no files read or written)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.support import COUNCIL_TAX, HOUSING_BENEFIT, run_cli

pytestmark = pytest.mark.slow

#: If any of these ran, DuckDB would raise an "Invalid Input Error" quoting this word.
MARK = "pwned-by-project-file"
Tamper = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("auto")
    done = run_cli("auto", COUNCIL_TAX, HOUSING_BENEFIT, "--out", out)
    assert done.code == 0, done.stderr
    return json.loads((out / "project.json").read_text(encoding="utf-8"))


def _set(path: str, value: object) -> Tamper:
    """Set a field given as "training.seed" or "blocking.0.keys.0.column"."""
    def tamper(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return tamper


CASES: dict[str, tuple[Tamper, str]] = {
    "sql sub-query": (
        _set("blocking.0", {"keys": [], "sql": "l.surname = r.surname AND l.surname IN "
                                               f"(SELECT error('{MARK}'))"}),
        "blocking[0].sql is refused. This SQL rule cannot be used: it contains a sub-query"),
    "sql table function": (
        _set("blocking.0", {"keys": [], "sql": "l.surname = r.surname AND "
                                               "l.surname = (SELECT * FROM range(100000000000))"}),
        "blocking[0].sql is refused."),
    "seed pasted into SQL": (
        _set("training.seed", f"x' || (SELECT error('{MARK}')) || '"),
        "training.seed must be a whole number, not"),
    "key column as an expression": (
        _set("blocking.0.keys.0.column", f"error('{MARK}')"),
        "blocking[0].keys[0].column must be a column name made of letters, digits and _"),
    "key column that is not a column": (
        _set("blocking.0.keys.0.column", "shoe_size"),
        "blocking[0].keys[0].column names \"shoe_size\", which is not a column of the project"),
    "huge threshold": (
        _set("threshold_match_weight", 1e308),
        "threshold_match_weight must be from -100 and at most 100, not 1e+308"),
    "negative u sample": (_set("training.u_max_pairs", -1),
                          "training.u_max_pairs must be from 1 to 1,000,000,000, not -1"),
    "no files": (_set("datasets", []), "datasets must list 2 files for linking two files"),
    "three files": (lambda d: d["datasets"].append(dict(d["datasets"][0], name="third")),
                    "datasets has 3 entries; at most 2 are allowed"),
    "review band as a list": (_set("review_band", [1, 2]),
                              "review_band must be an object ({...}), not [1, 2]"),
    "path outside": (_set("datasets.0.path", "../../../../etc/passwd"),
                     "datasets[0].path must not climb out of a folder with '..'"),
    "path to another file": (_set("datasets.0.path", "/etc/passwd"),
                             "datasets[0].path must name a CSV, Excel or Parquet file"),
    "seed as true": (_set("training.seed", True), "training.seed must be a whole number, not true"),
}


def _refused(tmp_path: Path, text: str | bytes) -> str:
    file = tmp_path / "project.json"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("run", file, "--out", out, "--data", COUNCIL_TAX, HOUSING_BENEFIT)
    assert done.code == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "Invalid Input Error" not in done.stderr, "the file's own SQL ran"
    assert "The matching run stopped" not in done.stderr
    assert "[  0%]" not in done.stderr, "the run started"
    assert not out.exists() or not any(out.iterdir()), "results were written"
    return done.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_a_tampered_field_is_refused_by_name(case: str, project: dict[str, Any],
                                             tmp_path: Path) -> None:
    tamper, expected = CASES[case]
    data = json.loads(json.dumps(project))
    tamper(data)

    stderr = _refused(tmp_path, json.dumps(data))

    assert stderr.startswith(f"Error: The project file cannot be used: {expected}"), stderr
    assert "What to do: Use a project.json exactly as the workbench wrote it" in stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NaN", "holds a value that is not an ordinary number"),
        ("Infinity", "holds a value that is not an ordinary number"),
        ("1" * 5000, "holds a value that is not an ordinary number"),
    ],
)
def test_numbers_json_should_not_hold_are_refused(text: str, expected: str,
                                                  project: dict[str, Any], tmp_path: Path) -> None:
    data = json.dumps(dict(project, threshold_match_weight=123456789))
    stderr = _refused(tmp_path, data.replace("123456789", text))

    assert expected in stderr


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    stderr = _refused(tmp_path, '{"link_type": ' + "[" * 100_000 + "]" * 100_000 + "}")

    assert "nests more than 12 levels deep" in stderr


def test_a_file_that_is_not_utf8_is_refused(project: dict[str, Any], tmp_path: Path) -> None:
    text = json.dumps(dict(project, link_type="link_only"), ensure_ascii=False)
    stderr = _refused(tmp_path, text.encode("utf-8") + b"\xff\xfe garbage")

    assert "is not UTF-8 text" in stderr


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    stderr = _refused(tmp_path, " " * 6_000_000 + "{}")

    assert "far too big to be a Matching Workbench project" in stderr


def test_the_untampered_project_still_runs(project: dict[str, Any], tmp_path: Path) -> None:
    file = tmp_path / "project.json"
    file.write_text(json.dumps(project), encoding="utf-8")

    done = run_cli("run", file, "--out", tmp_path / "out", "--data", COUNCIL_TAX,
                   HOUSING_BENEFIT)

    assert done.code == 0, done.stderr
    assert (tmp_path / "out" / "pairs.csv").is_file()
