"""Families at one address: spouses, siblings and twins share a surname, a home and an email,
and the model must not take them for one person (real Splink on DuckDB)."""

from __future__ import annotations

import pytest

from matching import Workspace, run_linkage, suggest_config
from matching.comparisons import AT_HOME_LABEL
from matching.model import model_parameters
from tests.unit.people import household_pair

pytestmark = pytest.mark.slow


def test_family_members_are_not_matched_and_the_shared_home_counts_once() -> None:
    pair = household_pair()
    workspace = Workspace(memory_limit="2GB")
    try:
        tables = [pair.left, pair.right]
        config = suggest_config(tables, workspace)
        assert any(c.at_home for c in config.comparisons)
        result = run_linkage(tables, config, workspace=workspace)
        with workspace.lock:
            found = set(workspace.con.sql(
                f"SELECT unique_id_l, unique_id_r FROM {result.predictions_table} "
                "WHERE match_weight >= $t", params={"t": result.recommended_threshold},
            ).fetchall())
        true_found = len(found & pair.matches)
        precision, recall = true_found / len(found), true_found / len(pair.matches)

        assert precision >= 0.97 and recall >= 0.95, (precision, recall)
        parameters = model_parameters(result)
        surname = parameters.filter(parameters["comparison"] == "surname")
        at_home = surname.filter(surname["level"].str.contains(AT_HOME_LABEL))
        elsewhere = surname.filter(surname["level"] == "Exactly the same name")
        # ground truth: everyone at one address shares the surname, so agreeing there is
        # common among different people and worth far less than agreeing elsewhere
        assert at_home["u"][0] > 10 * elsewhere["u"][0]
        assert at_home["match_weight"][0] < elsewhere["match_weight"][0] - 3
        assert any("shared home is counted once" in n for n in result.training.notes)
    finally:
        workspace.close()
