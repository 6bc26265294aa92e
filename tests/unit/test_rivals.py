"""Links between files that hold each person once: each pair is weighed against its rivals."""

from __future__ import annotations

import io
import math

import duckdb

from matching.config import ColumnSpec, DatasetSpec, MatchConfig
from matching.database import Workspace
from matching.loading import read_table
from matching.one_to_one import MODEL_WEIGHT, duplicate_share, one_record_per_person, rivals_sql
from matching.pipeline import load_workspace
from matching.roles import Role


def _scored(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE TABLE p (source_dataset_l VARCHAR, unique_id_l VARCHAR,
                   source_dataset_r VARCHAR, unique_id_r VARCHAR, match_weight DOUBLE,
                   match_probability DOUBLE)""")
    # ground truth: a1 is b1 (weight 20); a1's spouse b2 scores 8 against a1 only; a3 ~ b3
    # has no rival
    rows = [("a", "1", "b", "1", 20.0), ("a", "1", "b", "2", 8.0), ("a", "3", "b", "3", 2.0)]
    con.executemany("INSERT INTO p VALUES (?, ?, ?, ?, ?, ?)",
                    [(*r, 2 ** r[4] / (1 + 2 ** r[4])) for r in rows])


def test_a_pair_with_a_far_stronger_rival_falls_and_a_lone_pair_keeps_its_score() -> None:
    con = duckdb.connect()
    _scored(con)
    con.execute(rivals_sql("p"))
    weights = {(left, right): (w, m) for left, right, w, m in con.sql(
        f"SELECT unique_id_l, unique_id_r, match_weight, {MODEL_WEIGHT} FROM p").fetchall()}

    assert math.isclose(weights[("3", "3")][0], 2.0) and weights[("3", "3")][1] == 2.0
    # the true pair stays near-certain: odds 2^20 against 1 + 2^8
    assert math.isclose(weights[("1", "1")][0], 20 - math.log2(1 + 2**8), abs_tol=0.01)
    # the spouse: odds 2^8 against 1 + 2^8 + 2^20, so about 2^-12
    assert math.isclose(weights[("1", "2")][0], 8 - math.log2(1 + 2**20), abs_tol=0.01)
    assert weights[("1", "2")][1] == 8.0  # the model's own weight is kept


def _workspace(left: str, right: str) -> tuple[Workspace, MatchConfig]:
    tables = [read_table(io.BytesIO(t.encode()), n) for t, n in ((left, "a.csv"), (right, "b.csv"))]
    columns = tuple(ColumnSpec(n, r, ((n,), (n,))) for n, r in (
        ("first_name", Role.FIRST_NAME), ("surname", Role.SURNAME),
        ("date_of_birth", Role.DATE_OF_BIRTH)))
    config = MatchConfig("link_only", (DatasetSpec("a", "a.csv", "id"),
                                       DatasetSpec("b", "b.csv", "id")), columns)
    workspace = Workspace(memory_limit="1GB")
    load_workspace(workspace, tables, config)
    return workspace, config


HEADER = "id,first_name,surname,date_of_birth\n"


def test_files_with_their_own_duplicates_are_not_treated_as_one_record_per_person() -> None:
    once = HEADER + "1,Ann,Lee,01/02/1980\n2,Bo,Li,03/04/1990\n3,Cy,Ng,05/06/1970\n"
    twice = HEADER + "1,Ann,Lee,01/02/1980\n2,Ann,Lee,01/02/1980\n3,Cy,Ng,05/06/1970\n"
    workspace, config = _workspace(once, once)
    assert duplicate_share(workspace, config) == 0.0
    assert one_record_per_person(workspace, config)
    workspace.close()
    workspace, config = _workspace(once, twice)
    assert math.isclose(duplicate_share(workspace, config), 2 / 3)
    assert not one_record_per_person(workspace, config)
    assert one_record_per_person(workspace, config.with_changes(one_to_one=True))  # chosen
    workspace.close()
