"""One officer's work in progress: files, set-up, results. Pure Python, no UI.

Data flows downstream: changing the files clears the set-up and results; changing the set-up
clears the results; changing only the threshold keeps the model and re-clusters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar

import polars as pl

from matching.accuracy import KnownPairs
from matching.address_match.config import AddressMatchConfig
from matching.address_match.session import AddressSession
from matching.blocking import (
    Block,
    BlockingSummary,
    Tightening,
    check_pair_budget,
    column_label,
    count_pairs,
    largest_blocks,
    suggest_tighter_rule,
)
from matching.blocking_recall import RecallSummary, blocking_recall
from matching.blocking_suggest import RecallEstimate, estimate_recall
from matching.cleaning_guard import cleaning_notes, emptied_columns
from matching.clusters import (
    ClusterDecisions,
    Clusters,
    Overlap,
    cluster_links,
    cluster_members,
    cluster_ranking,
    drop_clusters,
    overlap,
)
from matching.column_mapping import LeftOut, left_out_columns
from matching.config import BlockingRuleSpec, ColumnSpec, MatchConfig, ReviewBand
from matching.database import Workspace, check_row_limit, database_errors, memory_guard
from matching.diagnosis import copies_error, no_blocking_rules_error
from matching.errors import ConfigError
from matching.jobs import Job, start_job
from matching.known_matches import KnownMatches
from matching.labels import LabelBook
from matching.loading import LoadedTable, check_different_files
from matching.pipeline import LinkageResult, load_workspace, run_linkage
from matching.pre_training import SetupWarning, setup_warnings
from matching.reviewed import Decided, decided_labels, reviewed_clusters, reviewed_pair_count
from matching.suggest import suggest_config
from matching.thresholds import (
    BandCounts,
    ThresholdSummary,
    band_counts,
    expected_curve,
    threshold_summary,
    weight_histogram,
)
from matching.training import Progress

T = TypeVar("T")


def _drop_result_tables(result: LinkageResult) -> None:
    """Free the tables a result keeps in the database (a result nobody will use)."""
    with result.workspace.lock:
        result.linker.table_management.delete_tables_created_by_splink_from_db()


def _without_threshold(config: MatchConfig | None) -> MatchConfig | None:
    """The set-up without what can change after a run (the threshold and review band)."""
    return None if config is None else replace(config, threshold_match_weight=None,
                                               review_band=ReviewBand())


@dataclass
class WorkbenchSession:
    """Everything one session holds. The app keeps exactly one of these per browser tab."""

    tables: list[LoadedTable] = field(default_factory=list)
    config: MatchConfig | None = None
    result: LinkageResult | None = None
    clusters: Clusters | None = None
    _clusters_key: tuple[Hashable, ...] | None = None
    _workspace: Workspace | None = None
    _blocking: tuple[MatchConfig, BlockingSummary] | None = None
    _scores: tuple[LinkageResult, pl.DataFrame, pl.DataFrame] | None = None
    labels: LabelBook = field(default_factory=LabelBook)
    decisions: ClusterDecisions = field(default_factory=ClusterDecisions)
    job: Job[LinkageResult] | None = None
    #: Answers known from outside the model (a file, a person-ID column); review labels are
    #: added to them by ``all_known_matches``.
    known_matches: KnownMatches | None = None
    #: Called with what changed ("tables", "config", "result") so the project can be saved.
    on_change: Callable[[str], None] | None = None
    #: When the training run in progress started (saved with the project, so a tab that
    #: reopens the project can say that the run stopped); None when none is running.
    training_since: str | None = None
    #: A run the saved project says was in progress when it was reopened: it stopped with the
    #: tab that started it (or finished there and was saved; see ``on_trained``).
    interrupted_training: str | None = None
    #: Called from the training thread with a finished result, so it is saved at once and
    #: survives the tab being refreshed or closed.
    on_trained: Callable[[LinkageResult], None] | None = None
    _trained: LinkageResult | None = None  # finished, waiting to be taken by ``take_trained``

    def changed(self, what: str) -> None:
        """Tell the listener (the saved project) that ``what`` changed."""
        if self.on_change is not None:
            self.on_change(what)
    _rule_memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    #: Answers derived from the current result (and clusters): forgotten when they change.
    _result_memo: dict[tuple[Hashable, ...], object] = field(default_factory=dict)
    _known_scores: tuple[tuple[object, ...], KnownPairs] | None = None
    #: The address job (records to give UPRNs, a reference list) and the reference list used
    #: for households; it shares this session's database.
    addresses: AddressSession = field(init=False)

    def __post_init__(self) -> None:
        self.addresses = AddressSession(workspace_factory=lambda: self.workspace)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace()
        return self._workspace

    @property
    def threshold(self) -> float | None:
        return None if self.result is None else self.result.threshold

    def set_tables(self, tables: Sequence[LoadedTable]) -> None:
        """Start again with new files (everything downstream is cleared)."""
        check_row_limit([t.frame.height for t in tables], [t.file_name for t in tables])
        check_different_files(tables)
        self.clear_results()
        self.addresses.clear()  # one job at a time: people or addresses
        self.tables = list(tables)
        self.config = None
        self._blocking = None
        self.labels.clear()
        self.decisions.clear()
        self.known_matches = None
        self.changed("tables")
        self._rule_memo.clear()

    def start_address_job(self, records: LoadedTable,
                          reference: LoadedTable) -> AddressMatchConfig:
        """Switch to giving ``records`` UPRNs from ``reference`` (one job at a time: the person
        files and their results are put away). Returns the suggested address set-up."""
        check_row_limit([records.frame.height, reference.frame.height],
                        [records.file_name, reference.file_name])
        if self.tables or self.config is not None:
            self.set_tables([])
        return self.addresses.load(records, reference)

    def suggest(self, id_columns: Sequence[str | None] | None = None) -> MatchConfig:
        """Fill in the suggested set-up for the loaded files."""
        config = suggest_config(self.tables, self.workspace, id_columns=id_columns)
        self.update_config(config)
        return config

    def no_rules_error(self) -> ConfigError:
        """Why no blocking rule could be suggested for these files, in words."""
        if (copies := copies_error(self.tables)) is not None:
            return copies
        assert self.config is not None, "set up the project first"
        load_workspace(self.workspace, self.tables, self.config)
        return no_blocking_rules_error(self.workspace, self.config,
                                       [t.file_name for t in self.tables])

    def update_config(self, config: MatchConfig) -> None:
        """Replace the set-up; results go stale unless only the threshold changed."""
        if self.result is not None and _without_threshold(config) != _without_threshold(
            self.result.config
        ):
            self.clear_results()
        elif self.result is not None:
            moved = self.result.threshold
            self.result.config = config
            if self.result.threshold != moved:  # the review band alone keeps the clusters
                self._drop_clusters()
        self.config = config
        self.changed("config")

    def blocking_summary(self, *, exact: bool = False) -> BlockingSummary:
        """Pair counts for the current rules (remembered until the set-up changes)."""
        assert self.config is not None, "set up the project first"
        if not exact and self._blocking and self._blocking[0] == self.config:
            return self._blocking[1]
        limit = self.workspace.memory_limit
        with memory_guard(limit), database_errors("count the pairs these rules make", limit):
            load_workspace(self.workspace, self.tables, self.config)
            summary = count_pairs(self.workspace, self.config, exact=exact)
        self._blocking = (self.config, summary)
        return summary

    def _data_key(self) -> tuple[object, ...]:
        assert self.config is not None, "set up the project first"
        return (tuple(t.sha256 for t in self.tables), self.config.link_type,
                self.config.datasets, self.config.used_columns)

    def largest_blocks(self, rule: BlockingRuleSpec) -> list[Block]:
        """The biggest groups of records a rule compares (remembered per data and rule)."""
        key = ("blocks", self._data_key(), rule)
        if key not in self._rule_memo:
            self.blocking_summary()  # loads the prepared tables
            assert self.config is not None
            self._rule_memo[key] = largest_blocks(self.workspace, self.config, rule)
        return self._rule_memo[key]  # type: ignore[return-value]

    def left_out_columns(self) -> list[LeftOut]:
        """Every column of the files not used for matching, with the reason (remembered per
        set-up of the columns)."""
        assert self.config is not None, "set up the project first"
        key = ("left out", tuple(t.sha256 for t in self.tables), self.config.datasets,
               self.config.columns)
        if key not in self._rule_memo:
            self._rule_memo[key] = left_out_columns(self.tables, self.config.datasets,
                                                    self.config.columns)
        return self._rule_memo[key]  # type: ignore[return-value]

    def recall_estimate(self) -> RecallEstimate:
        """The share of true matches the rules should reach, estimated without labels
        (remembered per set-up)."""
        key = ("recall estimate", self._data_key(), self.config.blocking if self.config else ())
        if key not in self._rule_memo:
            self.blocking_summary()  # loads the prepared tables
            assert self.config is not None
            with memory_guard(self.workspace.memory_limit):
                self._rule_memo[key] = estimate_recall(self.workspace, self.config)
        return self._rule_memo[key]  # type: ignore[return-value]

    def tighter_rule(self) -> Tightening | None:
        """A stricter version of the rule creating most pairs (remembered per set-up)."""
        key = ("tighter", self.config)
        if key not in self._rule_memo:
            summary = self.blocking_summary()
            assert self.config is not None
            self._rule_memo[key] = suggest_tighter_rule(self.workspace, self.config, summary)
        return self._rule_memo[key]  # type: ignore[return-value]

    def all_known_matches(self) -> KnownMatches:
        """Everything known about who is who: the review labels plus ``known_matches``."""
        known = self.known_matches or KnownMatches.empty()
        return known.with_labels(self.labels_frame())

    def _known_key(self) -> tuple[Hashable, ...]:
        return (id(self.known_matches), tuple(self.labels.labels))

    def blocking_recall(self) -> RecallSummary:
        """Known matches the rules would compare or miss (remembered per rules and answers)."""
        assert self.config is not None, "set up the project first"
        key = ("recall", self._data_key(), self.config.blocking, *self._known_key())
        cached = self._rule_memo.get(key)
        if not (isinstance(cached, tuple) and cached[0] is self.known_matches):
            self.blocking_summary()
            pairs = self.all_known_matches().match_pairs(self.config)
            cached = (self.known_matches, blocking_recall(self.workspace, self.config, pairs))
            self._rule_memo[key] = cached
        return cached[1]  # type: ignore[no-any-return]

    def known_scores(self) -> KnownPairs:
        """The known pairs with their scores, for accuracy (remembered per result and answers,
        whatever the threshold)."""
        result, config = self.result, self.config
        assert result is not None and config is not None, "run the model first"
        labels = tuple(self.labels.labels)
        cached = self._known_scores
        if cached is None or not (cached[0][0] is result and cached[0][1] is self.known_matches
                                  and cached[0][2] == labels):
            with result.workspace.lock:
                scores = self.all_known_matches().scores(
                    result.con, result.predictions_table,
                    link_only=config.link_type == "link_only")
            self._known_scores = cached = ((result, self.known_matches, labels), scores)
        return cached[1]

    def setup_warnings(self) -> list[SetupWarning]:
        """Plain-English warnings about the set-up, before training (remembered per set-up)."""
        key = ("warnings", self._data_key(), self.config)
        if key not in self._rule_memo:
            self.blocking_summary()
            assert self.config is not None
            emptied = [
                SetupWarning(
                    f"Cleaning sets {share:.0%} of '{column_label(spec.name)}' to missing",
                    "The cleaning steps chosen for this column empty many values that are "
                    "filled in (not placeholders), so they cannot help matching. Turn the "
                    "checking step off on the Columns page, or choose the column's meaning "
                    "again (for example a postal code from outside the UK).")
                for spec, share in emptied_columns(self.config.used_columns, self.tables)
            ]
            self._rule_memo[key] = emptied + setup_warnings(self.workspace, self.config)
        return self._rule_memo[key]  # type: ignore[return-value]

    def cleaning_notes(self, column: ColumnSpec) -> list[str]:
        """Steps of a column's usual cleaning that are off because they would empty it
        (remembered per column set-up)."""
        key = ("cleaning notes", tuple(t.sha256 for t in self.tables), column)
        if key not in self._rule_memo:
            self._rule_memo[key] = cleaning_notes(column, self.tables)
        return self._rule_memo[key]  # type: ignore[return-value]

    def run(self, progress: Progress | None = None) -> LinkageResult:
        """Train and score with the current set-up, here and now (no background thread)."""
        assert self.config is not None, "set up the project first"
        self.clear_results()
        kwargs = {"progress": progress} if progress else {}
        self.result = run_linkage(self.tables, self.config, workspace=self.workspace, **kwargs)
        self.changed("result")
        return self.result

    def score_distribution(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The match-weight histogram and the expected-matches curve (once per result)."""
        assert self.result is not None, "run the model first"
        if self._scores is None or self._scores[0] is not self.result:
            with self.result.workspace.lock:
                hist = weight_histogram(self.result.con, self.result.predictions_table)
                curve = expected_curve(self.result.con, self.result.predictions_table)
            self._scores = (self.result, hist, curve)
        return self._scores[1], self._scores[2]

    def set_threshold(self, threshold: float) -> None:
        """Choose the threshold (a match weight) used for clusters and exports."""
        assert self.config is not None and self.result is not None
        self.update_config(replace(self.config, threshold_match_weight=float(threshold)))

    def review_key(self) -> tuple[Hashable, ...]:
        """What the officer decided (clear review verdicts, cluster corrections), to compare."""
        verdicts = tuple(sorted((label.key, label.verdict.value) for label in self.labels.labels
                                if label.verdict.score is not None))
        return verdicts, tuple(self.decisions.items)

    def current_clusters(self) -> Clusters:
        """Clusters at the current threshold after the review labels and cluster corrections
        (``matching.reviewed``; computed once per threshold and set of decisions)."""
        assert self.result is not None, "run the model first"
        threshold = self.result.threshold
        key = (threshold, self.review_key())
        if self.clusters is None or self._clusters_key != key:
            self._drop_clusters()
            self.clusters = reviewed_clusters(self.result, threshold, self.labels, self.decisions)
            self._clusters_key = key
        return self.clusters

    def accepted_pairs(self, threshold: float) -> int:
        """Pairs counted as matches at ``threshold`` after the review labels."""
        result = self.result
        assert result is not None, "run the model first"
        return self._once(("accepted", threshold, self.review_key()[0]),
                          lambda: reviewed_pair_count(result, threshold, self.labels))

    def decided_labels(self) -> Decided:
        """How many review labels change the results (and how many name no loaded record)."""
        result = self.result
        assert result is not None, "run the model first"
        return self._once(("decided", self.review_key()[0]),
                          lambda: decided_labels(result, self.labels))

    def _drop_clusters(self) -> None:
        if self.clusters is not None:
            if self.result is not None:
                drop_clusters(self.result, self.clusters)
            self._result_memo.clear()  # answers about the old clusters and threshold
        self.clusters = None

    # --- answers about the result, each computed once (a page rerun reads them) ------------

    def _once(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        if key not in self._result_memo:
            self._result_memo[key] = compute()
        return self._result_memo[key]  # type: ignore[return-value]

    def threshold_summary(self, threshold: float) -> ThresholdSummary:
        """Pairs accepted and the model's expectations at ``threshold``."""
        result = self.result
        assert result is not None, "run the model first"

        def compute() -> ThresholdSummary:
            with result.workspace.lock:
                return threshold_summary(result.con, result.predictions_table, threshold)
        return self._once(("summary", threshold), compute)

    def band_counts(self, lower: float, upper: float) -> BandCounts:
        """Pairs accepted, to review and rejected with the review band ``lower``-``upper``."""
        result = self.result
        assert result is not None, "run the model first"

        def compute() -> BandCounts:
            with result.workspace.lock:
                return band_counts(result.con, result.predictions_table, lower, upper)
        return self._once(("bands", lower, upper), compute)

    def overlap(self) -> Overlap | None:
        """How the two linked files overlap in the current clusters (None for one file)."""
        clusters = self.current_clusters()
        assert self.result is not None
        result = self.result
        return self._once(("overlap", clusters.table), lambda: overlap(result, clusters))

    def cluster_ranking(self, by: str = "size") -> pl.DataFrame:
        """The current clusters of two or more records, ranked (see ``cluster_ranking``)."""
        clusters = self.current_clusters()
        result = self.result
        assert result is not None
        return self._once(("ranking", clusters.table, by),
                          lambda: cluster_ranking(result, clusters, by=by))

    def cluster_detail(self, cluster_id: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        """One cluster's records and the scored pairs between them (``cluster_members``,
        ``cluster_links``)."""
        clusters = self.current_clusters()
        result = self.result
        assert result is not None
        return self._once(("cluster", clusters.table, cluster_id),
                          lambda: (cluster_members(result, clusters, cluster_id),
                                   cluster_links(result, clusters, cluster_id)))

    def export_counts(self) -> tuple[int, int, int]:
        """Rows of the three exports at the current threshold, after the cluster decisions:
        matched pairs, records, people."""
        clusters = self.current_clusters()
        result = self.result
        assert result is not None

        def compute() -> tuple[int, int, int]:
            pairs = self.accepted_pairs(clusters.threshold)
            return pairs, clusters.records, clusters.clusters
        return self._once(("exports", clusters.table), compute)

    def clear_results(self) -> None:
        self._drop_clusters()
        if self.result is not None:
            with self.workspace.lock:
                self.result.linker.table_management.delete_tables_created_by_splink_from_db()
        self.result = None
        self._scores = None
        self._result_memo.clear()
        self._known_scores = None

    def close(self) -> None:
        """Forget everything and release the database."""
        if self.job is not None and not self.job.done:
            self.job.cancel()
            self.job.wait()
        self.job = None
        self._drop_trained()
        self.training_since = None
        self.clear_results()
        self.addresses.clear()
        if self._workspace is not None:
            self._workspace.close()
        self._workspace = None
        self.tables = []
        self.config = None
        self._blocking = None
        self.labels.clear()
        self.decisions.clear()
        self.known_matches = None
        self._rule_memo.clear()

    # --- training in the background ---------------------------------------------------------

    @property
    def training_in_progress(self) -> bool:
        return self.job is not None and not self.job.done

    def start_training(self) -> Job[LinkageResult]:
        """Train and score in a background thread. The current model stays until the new one
        has finished and is taken (``take_trained``), unless the set-up changed meanwhile.
        Returns the running job (the same one if running).

        Raises PairBudgetError at once when the blocking rules make too many pairs."""
        assert self.config is not None, "set up the project first"
        if self.job is not None and not self.job.done:
            return self.job
        check_pair_budget(self.blocking_summary())  # refuse at once, not after a wait
        config, tables, workspace = self.config, list(self.tables), self.workspace
        self._drop_trained()

        def work(progress: Progress) -> LinkageResult:
            return run_linkage(tables, config, workspace=workspace, progress=progress)

        def finished(job: Job[LinkageResult]) -> None:  # in the training thread
            result = job.result
            if result is None:
                return
            if self._workspace is workspace and self._same_setup(config):
                self._trained = result
                if self.on_trained is not None:
                    try:
                        self.on_trained(result)
                    except Exception:  # saving is retried by the tab; the result is kept
                        logging.getLogger(__name__).exception("saving a finished run failed")
            else:  # the set-up changed while training: this result is stale
                _drop_result_tables(result)

        self.training_since = datetime.now(UTC).isoformat(timespec="seconds")
        self.interrupted_training = None
        self.job = start_job("training", work, on_done=finished)
        self.changed("training")
        return self.job

    def _same_setup(self, config: MatchConfig) -> bool:
        return _without_threshold(self.config) == _without_threshold(config)

    def take_trained(self) -> bool:
        """Adopt a finished training run in place of the previous model (call it from the
        thread that draws the pages); True when something changed."""
        job = self.job
        if job is None or not job.done or self.training_since is None:
            return False
        self.training_since = None
        trained, self._trained = self._trained, None
        if trained is not None and self._same_setup(trained.config) and self.config is not None:
            if self.result is not None:
                self.clear_results()
            trained.config = self.config  # the threshold may have moved meanwhile
            self.result = trained
            self.changed("result")
        else:
            if trained is not None:
                _drop_result_tables(trained)
            self.changed("training")
        return True

    def _drop_trained(self) -> None:
        trained, self._trained = self._trained, None
        if trained is not None:
            _drop_result_tables(trained)

    # --- labels and cluster decisions, as tables (for saving and loading projects) ----------

    def labels_frame(self) -> pl.DataFrame:
        """The review labels in Splink's format (see ``matching.labels``)."""
        return self.labels.frame()

    def set_labels_frame(self, frame: pl.DataFrame) -> None:
        """Replace the review labels with those in ``frame``."""
        self.labels = LabelBook.from_frame(frame)

    def decisions_frame(self) -> pl.DataFrame:
        """The cluster decisions, one row per record per decision."""
        return self.decisions.frame()

    def set_decisions_frame(self, frame: pl.DataFrame) -> None:
        self.decisions = ClusterDecisions.from_frame(frame)

    def known_matches_frame(self) -> pl.DataFrame | None:
        """The known matches as one table (None when there are none)."""
        return None if self.known_matches is None else self.known_matches.frame()

    def set_known_matches_frame(self, frame: pl.DataFrame) -> None:
        self.known_matches = KnownMatches.from_frame(frame)
