"""Results after a person's decisions: review labels and cluster corrections change what counts.

A pair a reviewer labelled **not a match** is never accepted, whatever its score, so it is left
out of the matched pairs and cannot hold a cluster together. A pair labelled **match** is
accepted, whatever its score (even one the model never scored). "Unsure" changes nothing.
Cluster corrections (a record taken out, a cluster split at its weakest link) are applied on
top, and the cluster table is rebuilt so that every count, chart and export reads the corrected
clusters. The same functions serve the app and ``python -m matching run --labels``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import polars as pl

from matching.clusters import (
    ClusterDecisions,
    Clusters,
    apply_decisions,
    cluster_assignments,
    cluster_at,
    cluster_size_counts,
    drop_clusters,
    largest_clusters,
)
from matching.labels import PAIR_KEY, LabelBook, canonical
from matching.pipeline import LinkageResult

_generation = itertools.count(1)
#: The ``decision`` column of exported pairs: accepted by its score, or by a reviewer.
BY_MODEL, BY_REVIEWER = "model", "reviewer"
KEY = ", ".join(PAIR_KEY)


@dataclass(frozen=True)
class Decided:
    """Review labels with a clear verdict that apply to this result's records."""

    matches: int
    non_matches: int
    ignored: int  # labels naming records that are not in the loaded files

    def __len__(self) -> int:
        return self.matches + self.non_matches


def _register_labels(result: LinkageResult, labels: LabelBook) -> tuple[str, Decided]:
    """A table of the decided labels whose records exist (``PAIR_KEY``, ``is_match``)."""
    decided = labels.decided()
    table = f"mw_decided_{next(_generation)}"
    inputs = " UNION ALL ".join(
        f'SELECT CAST(source_dataset AS VARCHAR) AS s, CAST(unique_id AS VARCHAR) AS u FROM "{t}"'
        for t in result.workspace.input_tables)
    con = result.con
    con.register("mw_incoming_labels", decided.to_arrow())
    try:
        con.execute(f"""
            CREATE TABLE {table} AS
            WITH records AS ({inputs or "SELECT NULL::VARCHAR AS s, NULL::VARCHAR AS u"})
            SELECT d.* FROM mw_incoming_labels d
            WHERE EXISTS (SELECT 1 FROM records WHERE s = d.source_dataset_l AND u = d.unique_id_l)
              AND EXISTS (SELECT 1 FROM records WHERE s = d.source_dataset_r AND u = d.unique_id_r)
        """)
    finally:
        con.unregister("mw_incoming_labels")
    matches, total = con.sql(f"SELECT count(*) FILTER (WHERE is_match), count(*) FROM {table}"
                             ).fetchall()[0]
    return table, Decided(int(matches), int(total) - int(matches), decided.height - int(total))


def _joined(predictions: str, decided: str) -> str:
    """Predictions with the reviewer's verdict (``verdict``: true, false or null) on each pair,
    whichever way round Splink put its two records."""
    return f"""
        SELECT p.*, d.is_match AS verdict FROM {predictions} p
        LEFT JOIN {decided} d ON
            (d.source_dataset_l = p.source_dataset_l AND d.unique_id_l = p.unique_id_l
             AND d.source_dataset_r = p.source_dataset_r AND d.unique_id_r = p.unique_id_r)
         OR (d.source_dataset_l = p.source_dataset_r AND d.unique_id_l = p.unique_id_r
             AND d.source_dataset_r = p.source_dataset_l AND d.unique_id_r = p.unique_id_l)"""


def _unscored_matches(predictions: str, decided: str) -> str:
    """Pairs labelled match that the model never scored."""
    return f"""
        SELECT {KEY} FROM {decided} d WHERE d.is_match AND NOT EXISTS (
            SELECT 1 FROM {predictions} p WHERE
               (d.source_dataset_l = p.source_dataset_l AND d.unique_id_l = p.unique_id_l
                AND d.source_dataset_r = p.source_dataset_r AND d.unique_id_r = p.unique_id_r)
            OR (d.source_dataset_l = p.source_dataset_r AND d.unique_id_l = p.unique_id_r
                AND d.source_dataset_r = p.source_dataset_l AND d.unique_id_r = p.unique_id_l))"""


def decided_labels(result: LinkageResult, labels: LabelBook) -> Decided:
    """How many labels count for this result, and how many name records it does not have."""
    with result.workspace.lock:
        table, decided = _register_labels(result, labels)
        result.con.execute(f"DROP TABLE {table}")
    return decided


def reviewed_pairs(result: LinkageResult, threshold: float,
                   labels: LabelBook | None = None) -> pl.DataFrame:
    """The matched pairs: at or above ``threshold`` unless labelled not a match, plus every
    pair labelled match. Columns: the pair key, ``match_weight``, ``match_probability`` (null
    for a pair the model never scored) and, when any label applies, ``decision`` (``model`` or
    ``reviewer``). Strongest first."""
    predictions = result.predictions_table
    if labels is None or not labels.decided().height:
        with result.workspace.lock:
            return result.con.sql(
                f"""SELECT {KEY}, match_weight, match_probability FROM {predictions}
                    WHERE match_weight >= $t ORDER BY match_weight DESC, {KEY}""",
                params={"t": threshold}).pl()
    with result.workspace.lock:
        decided, _ = _register_labels(result, labels)
        try:
            return result.con.sql(
                f"""
                WITH judged AS ({_joined(predictions, decided)})
                SELECT {KEY}, match_weight, match_probability,
                       CASE WHEN verdict THEN '{BY_REVIEWER}' ELSE '{BY_MODEL}' END AS decision
                FROM judged
                WHERE verdict OR (match_weight >= $t AND verdict IS NOT FALSE)
                UNION ALL
                SELECT {KEY}, NULL::DOUBLE, NULL::DOUBLE, '{BY_REVIEWER}'
                FROM ({_unscored_matches(predictions, decided)})
                ORDER BY match_weight DESC NULLS LAST, {KEY}""",
                params={"t": threshold}).pl()
        finally:
            result.con.execute(f"DROP TABLE {decided}")


def reviewed_pair_count(result: LinkageResult, threshold: float,
                        labels: LabelBook | None = None) -> int:
    """How many pairs ``reviewed_pairs`` holds (counted in the database)."""
    predictions = result.predictions_table
    with result.workspace.lock:
        if labels is None or not labels.decided().height:
            return int(result.con.sql(
                f"SELECT count(*) FROM {predictions} WHERE match_weight >= $t",
                params={"t": threshold}).fetchall()[0][0])
        decided, _ = _register_labels(result, labels)
        try:
            return int(result.con.sql(
                f"""SELECT (SELECT count(*) FROM ({_joined(predictions, decided)})
                            WHERE verdict OR (match_weight >= $t AND verdict IS NOT FALSE))
                         + (SELECT count(*) FROM ({_unscored_matches(predictions, decided)}))""",
                params={"t": threshold}).fetchall()[0][0])
        finally:
            result.con.execute(f"DROP TABLE {decided}")


def _labelled_predictions(result: LinkageResult, decided: str) -> str:
    """A copy of the scored pairs in which labels decide: a non-match can never be accepted and
    a match always is (added when the model never scored it)."""
    predictions = result.predictions_table
    table = f"__splink__mw_reviewed_{next(_generation)}"
    result.con.execute(f"""
        CREATE TABLE {table} AS
        SELECT * EXCLUDE (verdict) REPLACE (
            CASE WHEN verdict THEN 'inf'::DOUBLE WHEN NOT verdict THEN '-inf'::DOUBLE
                 ELSE match_weight END AS match_weight,
            CASE WHEN verdict THEN 1.0 WHEN NOT verdict THEN 0.0
                 ELSE match_probability END AS match_probability)
        FROM ({_joined(predictions, decided)})
        UNION ALL BY NAME
        SELECT {KEY}, 'inf'::DOUBLE AS match_weight, 1.0::DOUBLE AS match_probability
        FROM ({_unscored_matches(predictions, decided)})""")
    return table


def _corrected(result: LinkageResult, clusters: Clusters,
               decisions: ClusterDecisions) -> Clusters:
    """``clusters`` with the officer's corrections applied, in a table of their own."""
    assigned = apply_decisions(cluster_assignments(result, clusters), decisions)
    table = f"mw_clusters_corrected_{next(_generation)}"
    with result.workspace.lock:
        con = result.con
        con.register("mw_incoming_clusters", assigned.to_arrow())
        try:
            con.execute(f"""
                CREATE TABLE {table} AS
                SELECT source_dataset, unique_id, cluster_id,
                       count(*) OVER (PARTITION BY cluster_id) AS cluster_size
                FROM mw_incoming_clusters""")
        finally:
            con.unregister("mw_incoming_clusters")
        row = con.sql(f"""
            SELECT count(*), count(DISTINCT cluster_id), count(*) FILTER (WHERE cluster_size > 1),
                   count(DISTINCT cluster_id) FILTER (WHERE cluster_size > 1)
            FROM {table}""").fetchall()[0]
    drop_clusters(result, clusters)
    corrected = Clusters(table, clusters.threshold, int(row[0]), int(row[1]), int(row[2]),
                         int(row[3]), chains_split=clusters.chains_split,
                         records_in_chains=clusters.records_in_chains)
    return replace(corrected, size_counts=cluster_size_counts(result, corrected),
                   largest=largest_clusters(result, corrected))


def reviewed_clusters(result: LinkageResult, threshold: float,
                      labels: LabelBook | None = None,
                      decisions: ClusterDecisions | None = None) -> Clusters:
    """Clusters at ``threshold`` after the review labels and cluster corrections."""
    if labels is None or not labels.decided().height:
        clusters = cluster_at(result, threshold)
    else:
        with result.workspace.lock:
            decided, _ = _register_labels(result, labels)
            try:
                table = _labelled_predictions(result, decided)
            finally:
                result.con.execute(f"DROP TABLE {decided}")
            sdf = result.linker._db_api.table_to_splink_dataframe(table, table)
        try:
            clusters = cluster_at(replace(result, predictions=sdf), threshold)
        finally:
            with result.workspace.lock:
                result.con.execute(f"DROP TABLE IF EXISTS {table}")
    if decisions is not None and decisions.items:
        clusters = _corrected(result, clusters, decisions)
    return clusters


def reviewed_records(records: pl.DataFrame, labels: LabelBook | None,
                     decisions: ClusterDecisions | None) -> pl.DataFrame:
    """``records`` (``source_dataset``, ``unique_id``, ...) with a ``decision`` column when a
    person decided anything: ``reviewer`` for records in a labelled pair or a correction,
    ``model`` for the others. Unchanged when nobody decided anything."""
    people: set[tuple[str, str]] = set()
    if labels is not None:
        for label in labels.labels:
            if label.verdict.score is not None:
                people |= {label.key[:2], label.key[2:]}
    for decision in decisions.items if decisions is not None else ():
        people |= set(decision.records)
    if not people:
        return records
    reviewed = [(s, u) in people for s, u in records.select(
        pl.col("source_dataset").cast(pl.String), pl.col("unique_id").cast(pl.String)).iter_rows()]
    return records.with_columns(pl.Series("decision", [BY_REVIEWER if r else BY_MODEL
                                                       for r in reviewed], dtype=pl.String))


def reviewed_links(links: pl.DataFrame, members: pl.DataFrame,
                   labels: LabelBook | None) -> pl.DataFrame:
    """A cluster's scored pairs (``cluster_links``) after review: ``label`` holds the
    reviewer's verdict ("" when none), ``above_threshold`` says whether the pair counts as a
    match now, and pairs of ``members`` labelled match that the model never scored are added
    (with no score)."""
    if labels is None or not len(labels):
        return links.with_columns(pl.lit("").alias("label"))
    keys = [tuple(str(v) for v in row) for row in links.select(PAIR_KEY).iter_rows()]
    verdicts = [label.verdict.value if (label := labels.get(k)) else "" for k in keys]
    judged = links.with_columns(pl.Series("label", verdicts, dtype=pl.String)).with_columns(
        ((pl.col("label") == "match")
         | (pl.col("above_threshold") & (pl.col("label") != "not a match"))).alias(
            "above_threshold"))
    inside = {(str(s), str(u)) for s, u in members.select("source_dataset", "unique_id").iter_rows()}
    scored = {canonical(k) for k in keys}
    extra = [
        {**dict(zip(PAIR_KEY, label.key, strict=True)), "above_threshold": True, "label": "match"}
        for label in labels.labels
        if label.verdict.score == 1.0 and label.key[:2] in inside and label.key[2:] in inside
        and label.key not in scored
    ]
    if not extra:
        return judged
    added = pl.DataFrame(extra).with_columns(
        pl.lit(None, dtype=judged.schema["match_weight"]).alias("match_weight"),
        pl.lit(None, dtype=judged.schema["match_probability"]).alias("match_probability"))
    return pl.concat([judged, added.select(judged.columns).cast(judged.schema)])
