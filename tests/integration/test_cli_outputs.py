"""What ``auto`` and ``run`` leave in --out: old results or new ones, never a mix; and review
labels (``run --labels``) change the pairs and clusters written."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from matching.labels import LabelBook, Verdict
from tests.integration.support import (
    COUNCIL_TAX,
    HOUSING_BENEFIT,
    RESIDENTS,
    ROOT,
    read_text_csv,
    run_cli,
)

pytestmark = pytest.mark.slow
OUTPUTS = ("pairs.csv", "clusters.csv", "project.json")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _consistent(out: Path) -> set[str]:
    """The datasets all three files describe; fails when they come from different runs."""
    project = {d["name"] for d in json.loads((out / "project.json").read_text())["datasets"]}
    clusters = set(read_text_csv(out / "clusters.csv")["source_dataset"])
    pairs = read_text_csv(out / "pairs.csv")
    in_pairs = set(pairs["source_dataset_l"]) | set(pairs["source_dataset_r"])
    assert clusters == project, "clusters.csv and project.json come from different runs"
    assert in_pairs <= project, "pairs.csv and project.json come from different runs"
    return project


@pytest.fixture
def old_results(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    done = run_cli("auto", RESIDENTS, "--out", out)
    assert done.code == 0, done.stderr
    return out


def _auto_process(out: Path, *, file_size_limit: int | None = None) -> subprocess.Popen[str]:
    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen(
        [sys.executable, "-m", "matching", "auto", str(COUNCIL_TAX), str(HOUSING_BENEFIT),
         "--out", str(out)], cwd=ROOT, env=env, preexec_fn=limit,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_running_out_of_space_mid_write_keeps_the_old_results(old_results: Path) -> None:
    before = _snapshot(old_results)

    # The files of a link run are bigger than this: writing them fails half way, as on a
    # full disk (EFBIG; Python ignores SIGXFSZ, so the process is not killed).
    process = _auto_process(old_results, file_size_limit=20_000)
    _, stderr = process.communicate(timeout=600)

    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert "The results could not be written to" in stderr
    assert "not enough disk space" in stderr
    assert "unchanged: the previous run's results" in stderr
    assert _snapshot(old_results) == before
    assert sorted(p.name for p in old_results.iterdir()) == sorted(OUTPUTS), "no leftovers"


def test_a_run_killed_while_writing_leaves_complete_old_or_new_results(
        old_results: Path) -> None:
    process = _auto_process(old_results)
    deadline = time.monotonic() + 600
    seen = {p.name: p.stat().st_mtime_ns for p in old_results.iterdir()}
    while process.poll() is None and time.monotonic() < deadline:
        now = {p.name: p.stat().st_mtime_ns for p in old_results.iterdir() if p.exists()}
        if now != seen:  # writing has begun: kill it there and then
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.0005)
    process.wait(timeout=60)

    assert _consistent(old_results) in ({"residents"}, {"council_tax", "housing_benefit"})
    done = run_cli("auto", COUNCIL_TAX, HOUSING_BENEFIT, "--out", old_results)
    assert done.code == 0, done.stderr
    assert _consistent(old_results) == {"council_tax", "housing_benefit"}
    assert sorted(p.name for p in old_results.iterdir()) == sorted(OUTPUTS), \
        "the next run removes what a killed run left"


def _label_file(path: Path, book: LabelBook) -> Path:
    path.write_bytes(book.to_csv_bytes())  # exactly what the Review page downloads
    return path


def test_run_with_labels_applies_the_decisions(tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert run_cli("auto", COUNCIL_TAX, HOUSING_BENEFIT, "--out", first).code == 0
    pairs = read_text_csv(first / "pairs.csv")
    clusters = read_text_csv(first / "clusters.csv")
    rejected = pairs.row(0, named=True)  # the strongest pair, labelled not a match
    singles = clusters.filter(pl.col("cluster_id").is_unique())
    a = singles.filter(pl.col("source_dataset") == "council_tax").row(0, named=True)
    b = singles.filter(pl.col("source_dataset") == "housing_benefit").row(0, named=True)
    book = LabelBook()
    book.set((rejected["source_dataset_l"], rejected["unique_id_l"],
              rejected["source_dataset_r"], rejected["unique_id_r"]), Verdict.NON_MATCH)
    book.set((a["source_dataset"], a["unique_id"], b["source_dataset"], b["unique_id"]),
             Verdict.MATCH, "same person, checked by phone")
    labels = _label_file(tmp_path / "labels.csv", book)

    again = tmp_path / "again"
    done = run_cli("run", first / "project.json", "--out", again, "--data", COUNCIL_TAX,
                   HOUSING_BENEFIT, "--labels", labels)

    assert done.code == 0, done.stderr
    assert "Review labels applied: 1 match, 1 not a match." in done.stderr
    relabelled = read_text_csv(again / "pairs.csv")
    keys = set(relabelled.select("unique_id_l", "unique_id_r").iter_rows())
    assert (rejected["unique_id_l"], rejected["unique_id_r"]) not in keys
    added = relabelled.filter(pl.col("decision") == "reviewer")
    assert {(added["unique_id_l"][0], added["unique_id_r"][0])} <= {
        (a["unique_id"], b["unique_id"]), (b["unique_id"], a["unique_id"])}
    assert relabelled.height == pairs.height  # one left out, one added
    assert relabelled.columns == [*pairs.columns, "decision"]
    regrouped = read_text_csv(again / "clusters.csv")
    cluster = dict(zip(regrouped["unique_id"], regrouped["cluster_id"], strict=True))
    assert cluster[a["unique_id"]] == cluster[b["unique_id"]]
    assert cluster[rejected["unique_id_l"]] != cluster[rejected["unique_id_r"]]
    assert set(regrouped["decision"]) == {"model", "reviewer"}


def test_run_without_labels_keeps_the_documented_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("auto", RESIDENTS, "--out", out).code == 0
    assert read_text_csv(out / "pairs.csv").columns == [
        "unique_id_l", "unique_id_r", "match_weight", "match_probability",
        "source_dataset_l", "source_dataset_r"]
    assert read_text_csv(out / "clusters.csv").columns == [
        "source_dataset", "unique_id", "cluster_id"]


def test_a_labels_file_that_is_not_one_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert run_cli("auto", RESIDENTS, "--out", first).code == 0
    bad = tmp_path / "labels.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")

    done = run_cli("run", first / "project.json", "--out", tmp_path / "again", "--data",
                   RESIDENTS, "--labels", bad)

    assert done.code == 2
    assert "Error: This is not a labels file: it has no source_dataset_l" in done.stderr
