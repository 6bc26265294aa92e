"""Clusters: groups of records joined by pairs above the threshold (one group = one person)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import polars as pl

from matching.chains import split_chains
from matching.pipeline import LinkageResult

_generation = itertools.count(1)
#: Largest clusters listed (and kept with the clusters, so a page rerun does not query again).
LARGEST_KEPT = 200


@dataclass(frozen=True)
class Clusters:
    """Cluster IDs for every input record at one threshold, held in a DuckDB table.

    Cluster 1 is the largest; records that match nothing are clusters of one.
    """

    table: str
    threshold: float
    records: int
    clusters: int
    records_in_multi: int
    multi_clusters: int
    #: Summaries computed with the clusters, so a page rerun reads them instead of querying.
    size_counts: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    largest: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    #: Clusters held together only by chains of links, split apart (``matching.chains``),
    #: and the records they held.
    chains_split: int = 0
    records_in_chains: int = 0


def cluster_at(result: LinkageResult, threshold: float) -> Clusters:
    """Cluster every record at ``threshold`` (a match weight) by connected components, then
    split clusters held together only by chains of links (see ``matching.chains``)."""
    con = result.con
    with result.workspace.lock:
        splink_clusters = result.linker.clustering.cluster_pairwise_predictions_at_threshold(
            result.predictions, threshold_match_weight=threshold
        )
        found = splink_clusters.physical_name
        chains = split_chains(con, found, result.predictions_table, threshold)
        table = f"mw_clusters_{next(_generation)}"
        con.execute(
            f"""
            CREATE TABLE {table} AS
            WITH keyed AS (
                SELECT c.source_dataset, c.unique_id,
                       coalesce(s.part, CAST(c.cluster_id AS VARCHAR)) AS splink_cluster_id
                FROM {found} AS c LEFT JOIN {chains.table} AS s
                  ON c.source_dataset = s.source_dataset AND c.unique_id = s.unique_id
            ),
            ranked AS (  -- cluster 1 is the largest
                SELECT splink_cluster_id, count(*) AS cluster_size,
                       row_number() OVER (ORDER BY count(*) DESC, splink_cluster_id) AS cluster_id
                FROM keyed GROUP BY splink_cluster_id
            )
            SELECT c.source_dataset, c.unique_id, r.cluster_id, r.cluster_size
            FROM keyed AS c JOIN ranked AS r USING (splink_cluster_id)
            """
        )
        con.execute(f"DROP TABLE IF EXISTS {chains.table}")
        splink_clusters.drop_table_from_database_and_remove_from_cache()
        row = con.sql(
            # Clusters are numbered 1, 2, ... largest first: the highest number is the count.
            f"""SELECT count(*), coalesce(max(cluster_id), 0),
                       count(*) FILTER (WHERE cluster_size > 1),
                       coalesce(max(cluster_id) FILTER (WHERE cluster_size > 1), 0)
                FROM {table}"""
        ).fetchall()[0]
    clusters = Clusters(table, threshold, int(row[0]), int(row[1]), int(row[2]), int(row[3]),
                        chains_split=chains.split, records_in_chains=chains.records)
    return replace(clusters, size_counts=cluster_size_counts(result, clusters),
                   largest=largest_clusters(result, clusters, limit=LARGEST_KEPT))


def drop_clusters(result: LinkageResult, clusters: Clusters) -> None:
    """Free the table behind ``clusters``."""
    with result.workspace.lock:
        result.con.execute(f"DROP TABLE IF EXISTS {clusters.table}")


def cluster_size_counts(result: LinkageResult, clusters: Clusters) -> pl.DataFrame:
    """How many clusters there are of each size: ``cluster_size``, ``clusters``."""
    if clusters.size_counts is not None:
        return clusters.size_counts
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT cluster_size, count(DISTINCT cluster_id) AS clusters
                FROM {clusters.table} GROUP BY cluster_size ORDER BY cluster_size"""
        ).pl()


def largest_clusters(result: LinkageResult, clusters: Clusters, *,
                     limit: int = 200) -> pl.DataFrame:
    """The biggest clusters of two or more records: ``cluster_id``, ``cluster_size``."""
    if clusters.largest is not None and limit <= LARGEST_KEPT:
        return clusters.largest.head(limit)
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT DISTINCT cluster_id, cluster_size FROM {clusters.table}
                WHERE cluster_size > 1 ORDER BY cluster_size DESC, cluster_id LIMIT $n""",
            params={"n": limit},
        ).pl()


def cluster_members(result: LinkageResult, clusters: Clusters, cluster_id: int) -> pl.DataFrame:
    """The records in one cluster: ``source_dataset``, ``unique_id``."""
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT source_dataset, unique_id FROM {clusters.table}
                WHERE cluster_id = $c ORDER BY source_dataset, unique_id""",
            params={"c": cluster_id},
        ).pl()


def cluster_links(result: LinkageResult, clusters: Clusters, cluster_id: int) -> pl.DataFrame:
    """Scored pairs between records of one cluster, strongest first."""
    with result.workspace.lock:
        return result.con.sql(
            f"""
            WITH members AS (SELECT source_dataset, unique_id FROM {clusters.table}
                             WHERE cluster_id = $c)
            SELECT p.source_dataset_l, p.unique_id_l, p.source_dataset_r, p.unique_id_r,
                   p.match_weight, p.match_probability,
                   p.match_weight >= $t AS above_threshold
            FROM {result.predictions_table} p
            JOIN members l ON p.source_dataset_l = l.source_dataset AND p.unique_id_l = l.unique_id
            JOIN members r ON p.source_dataset_r = r.source_dataset AND p.unique_id_r = r.unique_id
            ORDER BY p.match_weight DESC
            """,
            params={"c": cluster_id, "t": clusters.threshold},
        ).pl()


def cluster_assignments(result: LinkageResult, clusters: Clusters) -> pl.DataFrame:
    """Every record with its cluster: ``source_dataset``, ``unique_id``, ``cluster_id``."""
    with result.workspace.lock:
        return result.con.sql(
            f"""SELECT source_dataset, unique_id, cluster_id FROM {clusters.table}
                ORDER BY cluster_id, source_dataset, unique_id"""
        ).pl()


# --- ranking, drawing and correcting clusters ------------------------------------------------

RecordKey = tuple[str, str]


def cluster_ranking(result: LinkageResult, clusters: Clusters, *, by: str = "size",
                    limit: int = 200) -> pl.DataFrame:
    """Clusters of two or more records with how tightly they hold together.

    ``links`` counts accepted pairs inside the cluster, ``density`` is that share of all the
    pairs the cluster could have (1 = everyone matched everyone), ``weakest_link`` the lowest
    accepted match weight inside it. ``by`` = "size" (largest first) or "weakness" (lowest
    density, then weakest link, first).
    """
    order = ("cluster_size DESC, cluster_id" if by == "size"
             else "density, weakest_link, cluster_size DESC, cluster_id")
    with result.workspace.lock:
        return result.con.sql(
            f"""
            WITH members AS (SELECT * FROM {clusters.table} WHERE cluster_size > 1),
            links AS (
                SELECT l.cluster_id, count(*) AS links, min(p.match_weight) AS weakest_link
                FROM {result.predictions_table} p
                JOIN members l ON p.source_dataset_l = l.source_dataset
                              AND p.unique_id_l = l.unique_id
                JOIN members r ON p.source_dataset_r = r.source_dataset
                              AND p.unique_id_r = r.unique_id
                WHERE l.cluster_id = r.cluster_id AND p.match_weight >= $t
                GROUP BY l.cluster_id
            ), sizes AS (SELECT DISTINCT cluster_id, cluster_size FROM members)
            SELECT s.cluster_id, s.cluster_size, coalesce(k.links, 0) AS links,
                   coalesce(k.links, 0) / (s.cluster_size * (s.cluster_size - 1) / 2.0)
                       AS density,
                   k.weakest_link
            FROM sizes s LEFT JOIN links k USING (cluster_id)
            ORDER BY {order} LIMIT $n
            """,
            params={"t": clusters.threshold, "n": limit},
        ).pl()


def circle_layout(count: int) -> list[tuple[float, float]]:
    """``count`` points evenly round a unit circle (one at the centre when alone)."""
    if count == 1:
        return [(0.0, 0.0)]
    return [(math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count))
            for i in range(count)]


def spring_layout(count: int, edges: Sequence[tuple[int, int, float]], *,
                  iterations: int = 100) -> list[tuple[float, float]]:
    """Positions for a small network (Fruchterman-Reingold, starting from a circle, so the
    same cluster is always drawn the same way): linked records pull together, all push apart."""
    pos = [list(p) for p in circle_layout(count)]
    if count < 3 or not edges:
        return [(x, y) for x, y in pos]
    k = math.sqrt(4.0 / count)
    temperature = 0.2
    for _ in range(iterations):
        shift = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            for j in range(i + 1, count):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                dist = max(math.hypot(dx, dy), 1e-3)
                push = k * k / dist
                shift[i][0] += dx / dist * push
                shift[i][1] += dy / dist * push
                shift[j][0] -= dx / dist * push
                shift[j][1] -= dy / dist * push
        for i, j, _ in edges:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            dist = max(math.hypot(dx, dy), 1e-3)
            pull = dist * dist / k
            shift[i][0] -= dx / dist * pull
            shift[i][1] -= dy / dist * pull
            shift[j][0] += dx / dist * pull
            shift[j][1] += dy / dist * pull
        for i in range(count):
            length = max(math.hypot(*shift[i]), 1e-9)
            step = min(length, temperature)
            pos[i][0] += shift[i][0] / length * step
            pos[i][1] += shift[i][1] / length * step
        temperature *= 0.97
    return [(x, y) for x, y in pos]


class _DisjointSets:
    """Union-find over record keys: which records are joined, link by link."""

    def __init__(self, nodes: Sequence[RecordKey]) -> None:
        self.parent = {n: n for n in nodes}

    def find(self, n: RecordKey) -> RecordKey:
        parent = self.parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def join(self, a: RecordKey, b: RecordKey) -> bool:
        """Join the sets of ``a`` and ``b``; False if they were already one."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        self.parent[root_a] = root_b
        return True


def _components(nodes: Sequence[RecordKey],
                edges: Sequence[tuple[RecordKey, RecordKey]]) -> list[set[RecordKey]]:
    sets = _DisjointSets(nodes)
    for a, b in edges:
        sets.join(a, b)
    groups: dict[RecordKey, set[RecordKey]] = {}
    for n in nodes:
        groups.setdefault(sets.find(n), set()).add(n)
    return list(groups.values())


@dataclass(frozen=True)
class WeakLink:
    """The link that holds a cluster together most weakly, and the records cut off without it."""

    record_l: RecordKey
    record_r: RecordKey
    match_weight: float
    cut_off: tuple[RecordKey, ...]


def weakest_link(members: Sequence[RecordKey],
                 links: Sequence[tuple[RecordKey, RecordKey, float]]) -> WeakLink | None:
    """The weakest link of the strongest tree joining ``members`` with accepted ``links``
    (the lowest weight needed to keep the cluster in one piece); None if nothing to split.

    Cutting it splits the cluster in two; ``cut_off`` is the smaller side.
    """
    nodes = list(dict.fromkeys(members))
    if len(nodes) < 2:
        return None
    tree: list[tuple[RecordKey, RecordKey, float]] = []
    sets = _DisjointSets(nodes)
    for a, b, w in sorted(links, key=lambda e: -e[2]):
        if a in sets.parent and b in sets.parent and sets.join(a, b):
            tree.append((a, b, w))
    if not tree:
        return None
    cut = min(tree, key=lambda e: e[2])
    sides = _components(nodes, [(a, b) for a, b, _ in tree if (a, b, _) != cut])
    side = next(s for s in sides if cut[0] in s)
    other = set(nodes) - side
    smaller = min(side, other, key=lambda s: (len(s), sorted(s)))
    return WeakLink(cut[0], cut[1], cut[2], tuple(sorted(smaller)))


@dataclass(frozen=True)
class ClusterDecision:
    """A person's correction: ``records`` leave their cluster and form a new one together.

    ``action`` is "remove" (one record taken out) or "split" (the cluster cut at a link).
    """

    action: str
    records: tuple[RecordKey, ...]
    note: str = ""
    decided_at: str = ""


DECISION_SCHEMA = {"decision": pl.Int64, "action": pl.String, "source_dataset": pl.String,
                   "unique_id": pl.String, "note": pl.String, "decided_at": pl.String}


@dataclass
class ClusterDecisions:
    """All cluster corrections of a session, applied in order."""

    items: list[ClusterDecision] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, action: str, records: Sequence[RecordKey], note: str = "") -> ClusterDecision:
        decision = ClusterDecision(action, tuple((str(s), str(u)) for s, u in records),
                                   note.strip(), datetime.now(UTC).isoformat(timespec="seconds"))
        self.items.append(decision)
        return decision

    def undo(self) -> ClusterDecision | None:
        return self.items.pop() if self.items else None

    def clear(self) -> None:
        self.items.clear()

    def frame(self) -> pl.DataFrame:
        """One row per record per decision (``decision`` numbers them in order)."""
        rows = [
            {"decision": number, "action": d.action, "source_dataset": s, "unique_id": u,
             "note": d.note, "decided_at": d.decided_at}
            for number, d in enumerate(self.items, start=1) for s, u in d.records
        ]
        return pl.DataFrame(rows, schema=DECISION_SCHEMA)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> ClusterDecisions:
        out = cls()
        for (_,), group in frame.sort("decision").group_by(["decision"], maintain_order=True):
            first = group.row(0, named=True)
            out.items.append(ClusterDecision(
                str(first["action"]),
                tuple((str(s), str(u)) for s, u in group.select("source_dataset", "unique_id")
                      .iter_rows()),
                str(first.get("note") or ""), str(first.get("decided_at") or "")))
        return out


def apply_decisions(assignments: pl.DataFrame, decisions: ClusterDecisions) -> pl.DataFrame:
    """Cluster assignments (``source_dataset``, ``unique_id``, ``cluster_id``) with each
    decision applied in order: its records still sharing a cluster with others get a new
    cluster ID of their own (one new ID per original cluster they came from)."""
    if not decisions.items or assignments.height == 0:
        return assignments
    keys = list(zip(assignments["source_dataset"].cast(pl.String),
                    assignments["unique_id"].cast(pl.String), strict=True))
    cluster = dict(zip(keys, assignments["cluster_id"].to_list(), strict=True))
    next_id = max(cluster.values()) + 1
    for decision in decisions.items:
        moving: dict[object, list[RecordKey]] = {}
        for record in decision.records:
            if record in cluster:
                moving.setdefault(cluster[record], []).append(record)
        sizes: dict[object, int] = {}
        for value in cluster.values():
            sizes[value] = sizes.get(value, 0) + 1
        for old, records in moving.items():
            if len(records) == sizes[old]:
                continue  # already on their own
            for record in records:
                cluster[record] = next_id
            next_id += 1
    return assignments.with_columns(
        pl.Series("cluster_id", [cluster[k] for k in keys],
                  dtype=assignments.schema["cluster_id"])
    )


@dataclass(frozen=True)
class Overlap:
    """For two files: records found in one file only, and people (clusters) found in both."""

    first: str
    second: str
    first_only: int
    second_only: int
    in_both: int


def overlap(result: LinkageResult, clusters: Clusters) -> Overlap | None:
    """How two linked files overlap at the clusters' threshold (None unless two files)."""
    names = [d.name for d in result.config.datasets]
    if len(names) != 2:
        return None
    with result.workspace.lock:
        row = result.con.sql(
            f"""
            WITH per_cluster AS (
                SELECT cluster_id,
                       count(*) FILTER (WHERE source_dataset = $a) AS a,
                       count(*) FILTER (WHERE source_dataset = $b) AS b
                FROM {clusters.table} GROUP BY cluster_id
            )
            SELECT coalesce(sum(a) FILTER (WHERE b = 0), 0),
                   coalesce(sum(b) FILTER (WHERE a = 0), 0),
                   count(*) FILTER (WHERE a > 0 AND b > 0)
            FROM per_cluster
            """,
            params={"a": names[0], "b": names[1]},
        ).fetchall()[0]
    return Overlap(names[0], names[1], int(row[0]), int(row[1]), int(row[2]))
