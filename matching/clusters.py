"""Clusters: groups of records joined by pairs above the threshold (one group = one person)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import polars as pl

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


def cluster_at(result: LinkageResult, threshold: float) -> Clusters:
    """Cluster every record at ``threshold`` (a match weight) by connected components."""
    con = result.con
    with result.workspace.lock:
        splink_clusters = result.linker.clustering.cluster_pairwise_predictions_at_threshold(
            result.predictions, threshold_match_weight=threshold
        )
        table = f"mw_clusters_{next(_generation)}"
        con.execute(
            f"""
            CREATE TABLE {table} AS
            WITH sized AS (
                SELECT source_dataset, unique_id, cluster_id AS splink_cluster_id,
                       count(*) OVER (PARTITION BY cluster_id) AS cluster_size
                FROM {splink_clusters.physical_name}
            )
            SELECT source_dataset, unique_id,
                   dense_rank() OVER (ORDER BY cluster_size DESC, splink_cluster_id)
                       AS cluster_id,
                   cluster_size
            FROM sized
            """
        )
        splink_clusters.drop_table_from_database_and_remove_from_cache()
        row = con.sql(
            f"""SELECT count(*), count(DISTINCT cluster_id),
                       count(*) FILTER (WHERE cluster_size > 1),
                       count(DISTINCT cluster_id) FILTER (WHERE cluster_size > 1)
                FROM {table}"""
        ).fetchall()[0]
    clusters = Clusters(table, threshold, int(row[0]), int(row[1]), int(row[2]), int(row[3]))
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
