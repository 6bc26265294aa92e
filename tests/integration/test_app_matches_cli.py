"""The app's workflow and ``python -m matching auto`` must give the same results."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from matching.export import clusters_table, pairs_table
from matching.loading import read_path
from matching.session import WorkbenchSession
from tests.integration.support import COUNCIL_TAX, HOUSING_BENEFIT, run_cli

pytestmark = pytest.mark.slow


def test_app_session_and_cli_agree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("auto", COUNCIL_TAX, HOUSING_BENEFIT, "--out", out).code == 0

    session = WorkbenchSession()
    session.set_tables([read_path(COUNCIL_TAX), read_path(HOUSING_BENEFIT)])
    session.suggest()
    result = session.run()
    clusters = session.current_clusters()

    keys = ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]
    cli_pairs = pl.read_csv(out / "pairs.csv", infer_schema=False).select(keys).sort(keys)
    app_pairs = pairs_table(result, clusters.threshold).select(keys).sort(keys)
    assert app_pairs.height > 0
    assert app_pairs.equals(cli_pairs)

    cli_clusters = pl.read_csv(out / "clusters.csv", infer_schema=False)
    app_clusters = clusters_table(result, clusters).with_columns(pl.col("cluster_id").cast(pl.String))
    order = ["source_dataset", "unique_id"]
    assert app_clusters.sort(order).equals(cli_clusters.sort(order))
    session.close()
