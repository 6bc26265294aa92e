"""Exports (IDs and scores by default, personal details on request), the governance pack and
the "Export as Python" script, on a real trained link model of the sample files."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from html import escape
from pathlib import Path

import polars as pl
import pytest

from matching.accuracy import confusion_at, scores_for_labels
from matching.export import (
    CLUSTER_COLUMNS,
    PAIR_COLUMNS,
    pairs_export,
    pairs_table,
    people_export,
    project_with_threshold,
    records_export,
    script_bundle,
)
from matching.labels import Verdict, canonical, queue_keys, review_queue
from matching.loading import read_path, read_table
from matching.report import governance_report
from matching.samples import sample_paths
from matching.session import WorkbenchSession

pytestmark = pytest.mark.slow
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def session() -> Iterator[WorkbenchSession]:
    wb = WorkbenchSession()
    wb.set_tables([read_path(p) for p in sample_paths(link=True)])
    wb.suggest()
    wb.run()
    yield wb
    wb.close()


def test_pairs_carry_ids_and_scores_unless_personal_details_are_asked_for(
        session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    plain = pairs_export(result, session.threshold or 0, session.tables)
    assert plain.columns == PAIR_COLUMNS
    assert plain.equals(pairs_table(result, session.threshold or 0))
    full = pairs_export(result, session.threshold or 0, session.tables, personal=True)
    assert full.height == plain.height and full.columns[:6] == PAIR_COLUMNS
    assert {"first_name_l", "first_name_r", "postcode_l", "postcode_r"} <= set(full.columns)
    council = session.tables[0].frame
    row = full.row(0, named=True)
    source = council.filter(pl.col("account_ref") == row["unique_id_l"]).row(0, named=True)
    assert row["first_name_l"] == source["forename"], "values as loaded, not cleaned"


def test_records_have_cluster_ids_and_source_columns_on_request(session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    clusters = session.current_clusters()
    plain = records_export(result, clusters, session.tables)
    assert plain.columns == CLUSTER_COLUMNS
    assert plain.height == sum(t.frame.height for t in session.tables)
    full = records_export(result, clusters, session.tables, personal=True)
    assert full.height == plain.height
    headers = set(session.tables[0].original_columns.values()) | set(
        session.tables[1].original_columns.values())
    assert headers <= set(full.columns), "every source column under its original header"
    assert full.filter(pl.col("source_dataset") == "council_tax")["Forename"].null_count() == 0


def test_one_row_per_person(session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    clusters = session.current_clusters()
    people = people_export(result, clusters, session.tables)
    assert people.height == clusters.clusters
    assert people["records"].sum() == clusters.records
    assert people.columns == ["cluster_id", "records", "council_tax IDs", "housing_benefit IDs"]
    records = records_export(result, clusters, session.tables)
    first = records.filter(pl.col("cluster_id") == 1)
    row = people.filter(pl.col("cluster_id") == 1).row(0, named=True)
    for dataset in ("council_tax", "housing_benefit"):
        ids = sorted(first.filter(pl.col("source_dataset") == dataset)["unique_id"].to_list())
        assert (row[f"{dataset} IDs"] or "") == "; ".join(ids)
    named = people_export(result, clusters, session.tables, personal=True)
    assert {"first_name", "surname", "date_of_birth"} <= set(named.columns)


def test_labels_give_accuracy_at_the_threshold(session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    threshold = session.threshold or 0
    above = pairs_table(result, threshold).head(3)
    below = pairs_table(result, -10).filter(pl.col("match_weight") < threshold).head(2)
    keys = ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]
    labels = pl.concat([
        above.select(keys).with_columns(clerical_match_score=pl.lit(1.0)),
        above.head(1).select(keys).with_columns(clerical_match_score=pl.lit(0.0)),
        below.select(keys).with_columns(clerical_match_score=pl.lit(1.0)),
    ])
    # the same pair written the other way round counts too
    swapped = labels.head(1).rename({"source_dataset_l": "source_dataset_r", "unique_id_l": "unique_id_r",
                                     "source_dataset_r": "source_dataset_l", "unique_id_r": "unique_id_l"})
    decided = pl.concat([labels, swapped.select(labels.columns)]).with_columns(
        is_match=pl.col("clerical_match_score") >= 0.5)
    with result.workspace.lock:
        known = scores_for_labels(result.con, result.predictions_table, decided)
    accuracy = confusion_at(known, threshold)
    assert (accuracy.true_positives, accuracy.false_positives) == (4, 1)
    assert (accuracy.false_negatives, accuracy.true_negatives) == (2, 0)
    assert accuracy.precision == pytest.approx(0.8)
    assert accuracy.recall == pytest.approx(4 / 6)


def test_governance_pack_has_every_section_and_escapes_user_text(session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    html = governance_report(session, name=f"Project {HOSTILE}", purpose=f"Check {HOSTILE}",
                             notes="Line 1\nLine 2 & more", threshold_reason="Raised after review")
    titles = re.findall(r"<h2>\d+\. ([^<]+)</h2>", html)
    assert titles == ["Purpose", "Input files", "Cleaning applied", "Blocking rules",
                      "Comparisons and trained weights", "Threshold", "Results",
                      "Accuracy from known answers", "Software"]
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Line 2 &amp; more" in html and "Raised after review" in html
    assert not re.search(r"(src|href)\s*=", html), "nothing to fetch: the page is self-contained"
    for table in session.tables:
        assert table.sha256 in html and f"{table.frame.height:,}" in html
    assert html.count("<svg") == len(session.config.comparisons)
    assert "splink</td>" in html and "duckdb</td>" in html
    assert "No known answers" in html
    assert f"{result.pair_count:,}" in html
    assert "@media print" in html
    assert len(html) < 200_000


def test_governance_pack_escapes_hostile_file_and_column_names(tmp_path: Path) -> None:
    residents = sample_paths(link=False)[0].read_text(encoding="utf-8")
    header, body = residents.split("\n", 1)
    csv = (header.replace("Full Name", f"Full Name {HOSTILE}") + "\n" + body).encode()
    wb = WorkbenchSession()
    wb.set_tables([read_table(csv, f"{HOSTILE}.csv")])
    wb.suggest()
    wb.run()
    html = governance_report(wb, name="x")
    assert "<script" not in html.lower()
    assert f"{escape(HOSTILE)}.csv" in html
    assert f"Full Name {escape(HOSTILE)}" in html
    wb.close()


def test_the_python_script_reproduces_the_pairs(session: WorkbenchSession, tmp_path: Path) -> None:
    result = session.result
    assert result is not None and session.config is not None
    threshold = session.threshold or 0
    bundle = zipfile.ZipFile(io.BytesIO(
        script_bundle(session.tables, project_with_threshold(session.config, threshold),
                      result.training)))
    assert sorted(bundle.namelist()) == ["council_tax_prepared.parquet",
                                         "housing_benefit_prepared.parquet", "reproduce_matching.py"]
    bundle.extractall(tmp_path)
    script = (tmp_path / "reproduce_matching.py").read_text()
    assert "import matching" not in script and "from matching" not in script
    run = subprocess.run([sys.executable, "reproduce_matching.py"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    theirs = pl.read_csv(tmp_path / "pairs.csv", infer_schema=False)
    ours = pairs_table(result, threshold)
    assert set(zip(theirs["unique_id_l"], theirs["unique_id_r"], strict=True)) == set(
        zip(ours["unique_id_l"], ours["unique_id_r"], strict=True))
    clusters = pl.read_csv(tmp_path / "clusters.csv", infer_schema=False)
    assert clusters.height == sum(t.frame.height for t in session.tables)


def test_review_labels_change_the_exports_and_the_pack_reports_them(
        session: WorkbenchSession) -> None:
    result = session.result
    assert result is not None
    threshold = session.threshold or 0
    pairs = pairs_table(result, threshold)
    lower, upper = session.config.review_band.bounds(threshold)
    with result.workspace.lock:
        band = review_queue(result.con, result.predictions_table, lower, upper,
                            threshold=threshold, size=12)
    try:
        for position, key in enumerate(queue_keys(band)):  # ground truth: 4 of 12 are matches
            session.labels.set(key, Verdict.MATCH if position % 3 == 0 else Verdict.NON_MATCH)
        rejected = {k for k in queue_keys(band) if session.labels.get(k).verdict  # type: ignore[union-attr]
                    is Verdict.NON_MATCH}
        exported = pairs_export(result, threshold, session.tables, labels=session.labels)
        clusters = session.current_clusters()
        html = governance_report(session, name="x")
    finally:
        session.labels.clear()
    exported_keys = {canonical(k) for k in exported.select(
        "source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r").iter_rows()}
    model_keys = {canonical(k) for k in pairs.select(
        "source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r").iter_rows()}
    accepted = {canonical(k) for k in queue_keys(band)} - {canonical(k) for k in rejected}
    assert not exported_keys & {canonical(k) for k in rejected}
    assert exported.columns == [*PAIR_COLUMNS, "decision"]
    # the model's pairs, less those labelled not a match, plus those labelled a match
    assert exported_keys == (model_keys - {canonical(k) for k in rejected}) | accepted
    assert exported_keys != model_keys
    assert f"<td>Pairs matched (at or above the threshold, after review)</td><td class=\"n\">" \
           f"{exported.height:,}</td>" in html
    assert f"{clusters.multi_clusters:,}</td>" in html
    assert "Sample: 12 pairs with a known answer (4 known matches, 8 known not matches" in html
    assert "Only 12 pairs have a known answer" in html, "the sample is too small: say so"
    assert "Review labels come mostly from the review band" in html
    assert "The counts include the reviewers' decisions" in html
