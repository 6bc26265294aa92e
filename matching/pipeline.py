"""Run a whole matching job: prepare, check the pair budget, train, predict, recommend a threshold."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import duckdb
from splink import Linker
from splink.internals.exceptions import SplinkException
from splink.internals.splink_dataframe import SplinkDataFrame

from matching.blocking import check_pair_budget, count_pairs, possible_pairs, rule_pairs
from matching.blocking_suggest import estimate_recall, recall_model
from matching.config import BlockingRuleSpec, MatchConfig
from matching.database import (
    Workspace,
    database_errors,
    is_out_of_memory,
    memory_guard,
    out_of_memory_error,
)
from matching.errors import ConfigError, LinkageError, WorkbenchError
from matching.home_evidence import specialise
from matching.loading import LoadedTable
from matching.one_to_one import one_record_per_person, weigh_rivals
from matching.prepare import prepare_tables
from matching.settings import to_settings
from matching.thresholds import recommend_threshold
from matching.training import Progress, TrainingReport, train

#: Pairs scoring below this match weight (probability about 0.001) are not kept.
PREDICTION_FLOOR_WEIGHT = -10.0
ONE_TO_ONE_NOTE = (
    "Each file holds each person at most once, so a record matches at most one record of the "
    "other file: a pair whose record has a far stronger partner elsewhere (a spouse or twin "
    "at the same address) was marked down.")


def _no_progress(fraction: float, message: str) -> None:
    """Progress callback that ignores progress."""


class _SplinkNotes(logging.Handler):
    """Collects Splink's warnings during a run instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = " ".join(record.getMessage().split())
        if text and text not in self.messages:
            self.messages.append(text)


@contextmanager
def _capture_splink_logs() -> Iterator[_SplinkNotes]:
    logger = logging.getLogger("splink")
    notes = _SplinkNotes()
    saved = logger.handlers[:], logger.propagate
    logger.handlers = [notes]
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.handlers, logger.propagate = saved


class _Stopwatch:
    """Seconds between successive ``lap`` calls, by stage name."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now


@dataclass
class LinkageResult:
    """A trained model and its scored pairs, which stay in the session's DuckDB database."""

    config: MatchConfig
    linker: Linker
    predictions: SplinkDataFrame
    training: TrainingReport
    recommended_threshold: float
    pair_count: int
    workspace: Workspace
    #: Seconds spent in each stage of the run ("clean", "count", "train", "predict", "threshold").
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def predictions_table(self) -> str:
        return self.predictions.physical_name

    @property
    def threshold(self) -> float:
        """The chosen threshold, or the recommended one when none was chosen."""
        chosen = self.config.threshold_match_weight
        return self.recommended_threshold if chosen is None else chosen

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.workspace.con


def load_workspace(workspace: Workspace, tables: Sequence[LoadedTable],
                   config: MatchConfig) -> None:
    """Put the cleaned tables for ``config`` into the workspace (skipped when unchanged)."""
    # Where a file was read from does not change its cleaned table (the command line sets it
    # after the suggestions, which have already loaded the workspace).
    datasets = tuple(replace(d, path=None) for d in config.datasets)
    key = (tuple(t.sha256 for t in tables), datasets, config.used_columns)
    if workspace.has_inputs and workspace._key == key:
        return
    frames = prepare_tables(tables, config)
    workspace.load_inputs(frames, [d.name for d in config.datasets], key=key)


HOME_NOTE = (
    "Agreeing at a shared home (family members share surnames, emails and phones, and twins a "
    "date of birth) was measured among the people who share a home, so a shared home is "
    "counted once.")


def estimated_recall(workspace: Workspace, config: MatchConfig,
                     rules: Sequence[BlockingRuleSpec]) -> float | None:
    """The estimated share of true matches ``rules`` find, or None when it cannot be told
    (too few records that clearly belong together)."""
    estimate = estimate_recall(workspace, config, rules)
    return estimate.recall if estimate.estimated_columns and not estimate.guessed_columns \
        else None


def estimated_precision(workspace: Workspace, config: MatchConfig,
                        rule: BlockingRuleSpec) -> float:
    """About what share of the pairs ``rule`` makes are true matches (1 when it cannot be
    told): the true matches it reaches over the pairs it makes, on a sample of large files."""
    return 1.0 if rule.sql or not rule.keys else recall_model(workspace, config).precision(rule)


def scoring_model(linker: Linker, config: MatchConfig, workspace: Workspace,
                  possible: int, report: TrainingReport) -> Linker:
    """The linker that scores pairs: the trained one, specialised for shared homes."""
    scoring, measured = specialise(linker, config, workspace, possible)
    if measured:
        report.notes.append(HOME_NOTE)
    return scoring


def check_enough_records(config: MatchConfig, row_counts: Sequence[int],
                         file_names: Sequence[str]) -> None:
    """Refuse a run with no possible pair: one record alone has nothing to be matched with."""
    if possible_pairs(config, row_counts) > 0:
        return
    if config.link_type == "dedupe_only":
        raise ConfigError(
            f"{file_names[0] if file_names else 'The file'} holds only "
            f"{sum(row_counts):,} record, so there is nothing to find duplicates among.",
            hint="Load a file with two or more records, or link this one with a second file.")
    empty = [name for name, rows in zip(file_names, row_counts, strict=False) if rows == 0]
    raise ConfigError(f"{', '.join(empty) or 'A file'} has no records to link.",
                      hint="Load files that both hold records.")


def _drop_splink_tables(workspace: Workspace, linker: Linker | None) -> None:
    """Free what a stopped run left in the database (a cancelled or failed run)."""
    if linker is None:
        return
    try:
        with workspace.lock:
            linker.table_management.delete_tables_created_by_splink_from_db()
    except (SplinkException, duckdb.Error):
        logging.getLogger(__name__).info("could not drop a stopped run's tables", exc_info=True)


def run_linkage(tables: Sequence[LoadedTable], config: MatchConfig, *,
                workspace: Workspace | None = None,
                progress: Progress = _no_progress) -> LinkageResult:
    """Train a model for ``config`` on ``tables`` and score every candidate pair."""
    workspace = workspace or Workspace()
    watch = _Stopwatch()
    progress(0.0, "Cleaning and loading the data")
    with memory_guard(workspace.memory_limit), database_errors(
            "count the pairs these rules make", workspace.memory_limit):
        load_workspace(workspace, tables, config)
        watch.lap("clean")
        summary = count_pairs(workspace, config)
    check_pair_budget(summary)
    row_counts = workspace.input_row_counts()
    check_enough_records(config, row_counts, [t.file_name for t in tables])
    watch.lap("count")
    linker: Linker | None = None
    try:
        with workspace.lock, _capture_splink_logs() as notes:
            _, sdfs = workspace.splink_inputs()
            linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0],
                            to_settings(config, split_home=False), log_level=logging.WARNING)
            possible = possible_pairs(config, row_counts)
            report = train(linker, config, row_counts, possible, progress,
                           candidate_pairs=summary.total_pairs,
                           count_rule=lambda rule: rule_pairs(workspace, config, rule),
                           rules_recall=lambda rules: estimated_recall(workspace, config, rules),
                           rule_precision=lambda rule: estimated_precision(workspace, config,
                                                                           rule))
            linker = scoring_model(linker, config, workspace, possible, report)
            watch.lap("train")
            progress(0.85, f"Scoring about {summary.total_pairs:,} candidate pairs")
            predictions = linker.inference.predict(
                threshold_match_weight=PREDICTION_FLOOR_WEIGHT
            )
            if one_record_per_person(workspace, config):
                weigh_rivals(workspace, predictions.physical_name)
                report.one_to_one = True
                report.notes.append(ONE_TO_ONE_NOTE)
            pair_count = int(
                workspace.con.sql(
                    f"SELECT count(*) FROM {predictions.physical_name}"
                ).fetchall()[0][0]
            )
            watch.lap("predict")
            progress(0.95, "Choosing a recommended threshold")
            recommended = recommend_threshold(workspace.con, predictions.physical_name)
            report.splink_messages = notes.messages
            watch.lap("threshold")
    except WorkbenchError:
        _drop_splink_tables(workspace, linker)
        raise
    except (SplinkException, duckdb.Error, ValueError, ArithmeticError) as exc:
        _drop_splink_tables(workspace, linker)
        if is_out_of_memory(exc):
            raise out_of_memory_error(workspace.memory_limit) from exc
        logging.getLogger(__name__).info("linkage failed", exc_info=True)
        raise LinkageError(
            f"The matching run stopped: {exc}",
            hint="Check the columns and rules, then try again. If it keeps failing, "
            "simplify the set-up (fewer comparisons or stricter blocking rules).",
        ) from exc
    progress(1.0, "Done")
    return LinkageResult(config, linker, predictions, report, recommended, pair_count,
                         workspace, timings=watch.timings)
