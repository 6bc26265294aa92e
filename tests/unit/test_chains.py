"""Clusters held together by chains of weak links are split; dense clusters are left alone."""

from __future__ import annotations

import itertools

import duckdb

from matching.chains import MIN_CHAIN_RECORDS, acceptable, cut_chain, split_chains


def _key(i: int) -> tuple[str, str]:
    return ("a", str(i))


def test_groups_joined_by_weak_links_are_cut_there() -> None:
    # ground truth: five people of five records each, every person's records linked strongly;
    # four weak, wrong links join the people in a row (25 records, 54 of 300 pairs linked)
    groups = [list(range(g * 5, g * 5 + 5)) for g in range(5)]
    nodes = [_key(i) for i in range(25)]
    edges = [(_key(i), _key(j), 12.0) for g in groups for i, j in itertools.combinations(g, 2)]
    edges += [(_key(g[-1]), _key(g[-1] + 1), 1.0 + n) for n, g in enumerate(groups[:-1])]
    parts = cut_chain(nodes, edges)
    assert len(parts) > 1
    for part in parts:  # every part dense enough, and no person's records pulled apart
        links = sum(1 for a, b, _ in edges if a in part and b in part)
        assert acceptable(len(part), links)
        assert all(set(map(_key, g)) <= set(part) or not set(map(_key, g)) & set(part)
                   for g in groups)


def test_a_long_chain_falls_apart_and_a_dense_group_stays() -> None:
    assert acceptable(MIN_CHAIN_RECORDS - 1, 0)  # small groups are never split
    assert acceptable(10, 45) and not acceptable(10, 9)
    con = duckdb.connect()
    con.execute("CREATE TABLE c (source_dataset VARCHAR, unique_id VARCHAR, cluster_id BIGINT)")
    con.execute("""CREATE TABLE p (source_dataset_l VARCHAR, unique_id_l VARCHAR,
                   source_dataset_r VARCHAR, unique_id_r VARCHAR, match_weight DOUBLE)""")
    chain = list(range(30))  # 0~1~2~...~29: each record linked to its neighbours only
    clique = list(range(100, 110))  # ten records all linked to each other
    con.executemany("INSERT INTO c VALUES ('a', ?, 1)", [(str(i),) for i in chain])
    con.executemany("INSERT INTO c VALUES ('a', ?, 2)", [(str(i),) for i in clique])
    con.executemany("INSERT INTO p VALUES ('a', ?, 'a', ?, ?)",
                    [(str(i), str(i + 1), 3.0 + (i % 7)) for i in chain[:-1]])
    con.executemany("INSERT INTO p VALUES ('a', ?, 'a', ?, 20.0)",
                    [(str(i), str(j)) for i, j in itertools.combinations(clique, 2)])

    splits = split_chains(con, "c", "p", threshold=0.0)

    assert (splits.split, splits.records) == (1, 30)  # the chain only
    sizes = con.sql(f"SELECT count(*) FROM {splits.table} GROUP BY part").fetchall()
    assert max(n for (n,) in sizes) < MIN_CHAIN_RECORDS
    assert sum(n for (n,) in sizes) == 30
