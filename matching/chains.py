"""Clusters held together by chains of weak links are split apart.

Connected components join any chain of links: A~B, B~C, C~D... puts A and D in one cluster
even when they have nothing in common, and on messy data such chains grow into clusters of
thousands. Records of one person link to most of each other, so a large cluster in which few of
its records are linked (a low *density*: the share of its possible pairs that are matched) is a
chain. Such a cluster is cut at the lowest threshold, above the chosen one and among its own
links' weights, at which every part is either small or dense enough; its strongest links stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

#: Clusters this large or larger are checked for chains.
MIN_CHAIN_RECORDS = 8
#: A cluster whose records are linked in fewer than this share of their pairs is a chain.
MIN_DENSITY = 0.25
_generation = itertools.count(1)

Key = tuple[str, str]


@dataclass(frozen=True)
class ChainSplits:
    """A table of (``source_dataset``, ``unique_id``, ``part``) for records of split chains,
    how many clusters were split and how many records they held."""

    table: str
    split: int
    records: int


def acceptable(size: int, links: int) -> bool:
    """Whether a group of ``size`` records with ``links`` matched pairs may stand as one."""
    return size < MIN_CHAIN_RECORDS or links >= MIN_DENSITY * size * (size - 1) / 2


def _parts(nodes: Sequence[Key], edges: Sequence[tuple[Key, Key, float]],
           cut: float) -> list[tuple[list[Key], int]]:
    """Connected components using links at or above ``cut``, with their link counts."""
    parent = {n: n for n in nodes}

    def find(n: Key) -> Key:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    kept = [(a, b) for a, b, w in edges if w >= cut]
    for a, b in kept:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[Key, list[Key]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    links: dict[Key, int] = dict.fromkeys(groups, 0)
    for a, _ in kept:
        links[find(a)] += 1
    return [(members, links[root]) for root, members in groups.items()]


def cut_chain(nodes: Sequence[Key], edges: Sequence[tuple[Key, Key, float]]
              ) -> list[list[Key]]:
    """The parts of one chained cluster: cut at the lowest of its links' weights at which
    every part is acceptable (the strongest links always hold)."""
    weights = sorted({w for _, _, w in edges})
    if not weights:
        return [[n] for n in nodes]
    low, high = 0, len(weights) - 1
    while low < high:  # the lowest cut at which every part is acceptable
        middle = (low + high) // 2
        if all(acceptable(len(m), k) for m, k in _parts(nodes, edges, weights[middle])):
            high = middle
        else:
            low = middle + 1
    return [members for members, _ in _parts(nodes, edges, weights[low])]


def split_chains(con: duckdb.DuckDBPyConnection, clusters: str, predictions: str,
                 threshold: float) -> ChainSplits:
    """Find and split chained clusters of ``clusters`` (``source_dataset``, ``unique_id``,
    ``cluster_id``) using the links of ``predictions`` at or above ``threshold``. Call under
    the workspace lock."""
    table = f"mw_chain_parts_{next(_generation)}"
    big = f"""
        WITH sizes AS (SELECT cluster_id, count(*) AS n FROM {clusters} GROUP BY ALL
                       HAVING count(*) >= {MIN_CHAIN_RECORDS}),
        members AS (SELECT c.* FROM {clusters} c JOIN sizes USING (cluster_id)),
        links AS (
            SELECT l.cluster_id, l.source_dataset AS sl, l.unique_id AS ul,
                   r.source_dataset AS sr, r.unique_id AS ur, p.match_weight AS w
            FROM {predictions} p
            JOIN members l ON p.source_dataset_l = l.source_dataset AND p.unique_id_l = l.unique_id
            JOIN members r ON p.source_dataset_r = r.source_dataset AND p.unique_id_r = r.unique_id
            WHERE l.cluster_id = r.cluster_id AND p.match_weight >= $t
        ),
        chained AS (
            SELECT s.cluster_id FROM sizes s LEFT JOIN
                (SELECT cluster_id, count(*) AS k FROM links GROUP BY ALL) k USING (cluster_id)
            WHERE coalesce(k.k, 0) < {MIN_DENSITY} * s.n * (s.n - 1) / 2
        )"""
    members = con.sql(
        f"{big} SELECT m.cluster_id, m.source_dataset, m.unique_id FROM members m "
        f"JOIN chained USING (cluster_id) ORDER BY ALL", params={"t": threshold}).fetchall()
    edges = con.sql(
        f"{big} SELECT k.cluster_id, sl, ul, sr, ur, w FROM links k JOIN chained "
        f"USING (cluster_id) ORDER BY ALL", params={"t": threshold}).fetchall()
    nodes: dict[object, list[Key]] = {}
    for cluster, source, uid in members:
        nodes.setdefault(cluster, []).append((str(source), str(uid)))
    links: dict[object, list[tuple[Key, Key, float]]] = {c: [] for c in nodes}
    for cluster, sl, ul, sr, ur, w in edges:
        links[cluster].append(((str(sl), str(ul)), (str(sr), str(ur)), float(w)))
    rows = []
    for cluster, keys in nodes.items():
        for i, part in enumerate(cut_chain(keys, links[cluster])):
            rows += [(source, uid, f"{cluster}~{i}") for source, uid in part]
    parts = pl.DataFrame(rows, schema={"source_dataset": pl.String, "unique_id": pl.String,
                                       "part": pl.String}, orient="row")
    con.register("mw_chain_rows", parts.to_arrow())
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM mw_chain_rows")
    con.unregister("mw_chain_rows")
    return ChainSplits(table, len(nodes), len(rows))
