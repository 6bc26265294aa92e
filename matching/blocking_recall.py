"""Blocking recall: of the pairs known to match, how many would the blocking rules never compare?

Known matches come as pair labels in Splink's format (``source_dataset_l, unique_id_l,
source_dataset_r, unique_id_r, clerical_match_score``; a score of 0.5 or more is a match), or as
one row per record with a person ID (records sharing an ID match), turned into pairs by
``labels_from_person_ids``. A pair the rules miss can never be found by the model, however
good it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from matching.blocking import describe_rule
from matching.config import BlockingRuleSpec, MatchConfig
from matching.database import Workspace
from matching.errors import UploadError
from matching.settings import blocking_rule

LABEL_COLUMNS = ("source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r",
                 "clerical_match_score")
MATCH_SCORE = 0.5
MAX_EXAMPLES = 20


@dataclass(frozen=True)
class RecallSummary:
    """Known matching pairs, and how many the rules compare (``found_by[i]``: first found by
    rule ``i``)."""

    known_matches: int
    not_in_data: int
    found_by: tuple[int, ...]
    rule_descriptions: tuple[str, ...]
    missed_examples: pl.DataFrame

    @property
    def found(self) -> int:
        return sum(self.found_by)

    @property
    def missed(self) -> int:
        return self.known_matches - self.found

    @property
    def recall(self) -> float:
        return self.found / self.known_matches if self.known_matches else 0.0


def person_records(frame: pl.DataFrame) -> pl.DataFrame:
    """``source_dataset, unique_id, person_id`` rows of an uploaded table (headers in any case;
    ``record_id`` for ``unique_id``, ``cluster``/``cluster_id`` for ``person_id``), as text."""
    columns = {c.strip().lower(): c for c in frame.columns}
    renames = {"record_id": "unique_id", "cluster": "person_id", "cluster_id": "person_id"}
    records = frame.rename({orig: renames.get(low, low) for low, orig in columns.items()})
    missing = {"source_dataset", "unique_id", "person_id"} - set(records.columns)
    if missing:
        raise UploadError(
            "The known matches need the columns source_dataset, unique_id (or record_id) and "
            f"person_id; missing: {', '.join(sorted(missing))}.",
            hint="Use one row per record with its file name, record ID and a person ID, or "
            "pairs in Splink's labels format.",
        )
    return records.select(
        pl.col("source_dataset").cast(pl.String), pl.col("unique_id").cast(pl.String),
        pl.col("person_id").cast(pl.String),
    ).drop_nulls().unique(maintain_order=True)


def labels_from_person_ids(records: pl.DataFrame, config: MatchConfig) -> pl.DataFrame:
    """Pair labels from ``source_dataset, unique_id, person_id`` rows: records sharing a
    person ID match (across files only, when linking two files)."""
    frame = person_records(records)
    pairs = frame.join(frame, on="person_id", suffix="_r").rename(
        {"source_dataset": "source_dataset_l", "unique_id": "unique_id_l"}
    )
    left = pl.concat_str("source_dataset_l", "unique_id_l", separator="\x1f")
    right = pl.concat_str("source_dataset_r", "unique_id_r", separator="\x1f")
    pairs = pairs.filter(left < right)
    if config.link_type == "link_only":
        pairs = pairs.filter(pl.col("source_dataset_l") != pl.col("source_dataset_r"))
    return pairs.select(*LABEL_COLUMNS[:4]).sort(LABEL_COLUMNS[:4]).with_columns(
        pl.lit(1.0).alias("clerical_match_score")
    )


def read_known_matches(frame: pl.DataFrame, config: MatchConfig) -> pl.DataFrame:
    """Pair labels from an uploaded table in either accepted shape."""
    columns = {c.strip().lower(): c for c in frame.columns}
    if all(c in columns for c in LABEL_COLUMNS):
        return frame.select(
            *(pl.col(columns[c]).cast(pl.String).alias(c) for c in LABEL_COLUMNS[:4]),
            pl.col(columns["clerical_match_score"]).cast(pl.Float64, strict=False)
            .alias("clerical_match_score"),
        )
    return labels_from_person_ids(frame, config)


def blocking_recall(workspace: Workspace, config: MatchConfig, labels: pl.DataFrame,
                    rules: Sequence[BlockingRuleSpec] | None = None) -> RecallSummary:
    """How many known matching pairs the rules compare, and which they miss."""
    rules = list(config.blocking if rules is None else rules)
    names = [d.name for d in config.datasets]
    matches = labels.filter(
        (pl.col("clerical_match_score") >= MATCH_SCORE)
        & pl.col("source_dataset_l").is_in(names) & pl.col("source_dataset_r").is_in(names)
    ).select(
        *(pl.col(c).cast(pl.String) for c in LABEL_COLUMNS[:4])
    ).unique().with_row_index("pair_id")
    conditions = [
        blocking_rule(r).get_blocking_rule("duckdb").blocking_rule_sql for r in rules
    ]
    found_case = "CASE " + " ".join(
        f"WHEN {cond} THEN {i}" for i, cond in enumerate(conditions)
    ) + " END" if conditions else "NULL"
    with workspace.lock:
        records = " UNION ALL BY NAME ".join(f'SELECT * FROM "{t}"'
                                             for t in workspace.input_tables)
        workspace.con.register("mw_known_matches", matches.to_arrow())
        try:
            # Each pair both ways round: a rule finds it if it holds either way.
            result = workspace.con.sql(f"""
                WITH recs AS ({records}),
                both_ways AS (
                    SELECT pair_id, source_dataset_l AS sl, unique_id_l AS il,
                           source_dataset_r AS sr, unique_id_r AS ir FROM mw_known_matches
                    UNION ALL
                    SELECT pair_id, source_dataset_r, unique_id_r, source_dataset_l, unique_id_l
                    FROM mw_known_matches
                ),
                judged AS (
                    SELECT b.pair_id, {found_case} AS rule_index
                    FROM both_ways b
                    JOIN recs l ON l.source_dataset = b.sl AND l.unique_id = b.il
                    JOIN recs r ON r.source_dataset = b.sr AND r.unique_id = b.ir
                )
                SELECT m.pair_id, min(j.rule_index) AS rule_index, count(j.pair_id) > 0 AS present
                FROM mw_known_matches m LEFT JOIN judged j USING (pair_id)
                GROUP BY m.pair_id
            """).pl()
        finally:
            workspace.con.unregister("mw_known_matches")
    present = result.filter(pl.col("present"))
    found = present["rule_index"].drop_nulls().to_list()
    missed_ids = present.filter(pl.col("rule_index").is_null())["pair_id"]
    examples = (matches.filter(pl.col("pair_id").is_in(missed_ids.implode()))
                .sort("pair_id").head(MAX_EXAMPLES).drop("pair_id"))
    return RecallSummary(
        known_matches=present.height,
        not_in_data=result.height - present.height,
        found_by=tuple(found.count(i) for i in range(len(rules))),
        rule_descriptions=tuple(describe_rule(r) for r in rules),
        missed_examples=examples,
    )

