"""One officer's address job: the two files, the set-up, the result, known answers and review
labels. Pure Python, no UI; the app keeps one per browser tab (on ``WorkbenchSession``).

Data flows downstream as in the person workflow: new files clear the set-up and result; a new
set-up clears the result; a new decision rule (minimum weight and lead) keeps the scores.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

import polars as pl

from matching.address_match.config import AddressMatchConfig, DecisionRule
from matching.address_match.evaluate import (
    AddressAccuracy,
    accuracy,
    accuracy_curve,
    truth_from_column,
)
from matching.address_match.explain import scored_pair, waterfall
from matching.address_match.results import DecisionSummary, best_candidates, decisions, summarise
from matching.address_match.run import AddressResult, match_addresses
from matching.address_match.suggest import suggest_address_config
from matching.config import DatasetSpec
from matching.database import Workspace, check_row_limit
from matching.jobs import Job, start_job
from matching.labels import LabelBook, Verdict
from matching.loading import LoadedTable
from matching.prepare import record_ids
from matching.training import Progress

T = TypeVar("T")
RECORDS, REFERENCE = "records", "reference"


def label_key(unique_id: str, uprn: str) -> tuple[str, str, str, str]:
    """A review label's pair: the record and the UPRN it was offered."""
    return (RECORDS, str(unique_id), REFERENCE, str(uprn))


@dataclass
class AddressSession:
    """The address job of one session (``active`` once two files are loaded)."""

    workspace_factory: Callable[[], Workspace] = Workspace
    records: LoadedTable | None = None
    reference: LoadedTable | None = None
    config: AddressMatchConfig | None = None
    result: AddressResult | None = None
    #: Known answers (``unique_id``, ``uprn``; null = known not to be in the list) and where
    #: they came from, in words.
    truth: pl.DataFrame | None = None
    truth_source: str = ""
    labels: LabelBook = field(default_factory=LabelBook)
    job: Job[AddressResult] | None = None
    _memo: dict[tuple[Hashable, ...], object] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.records is not None and self.reference is not None

    @property
    def rule(self) -> DecisionRule:
        return self.config.decision if self.config is not None else DecisionRule()

    # --- set-up -------------------------------------------------------------------------------

    def load(self, records: LoadedTable, reference: LoadedTable) -> AddressMatchConfig:
        """Start again with two files; the set-up is suggested from them."""
        check_row_limit([records.frame.height, reference.frame.height],
                        [records.file_name, reference.file_name])
        config = suggest_address_config(records, reference)
        self.clear()
        self.records, self.reference, self.config = records, reference, config
        return config

    def update_config(self, config: AddressMatchConfig) -> None:
        """Replace the set-up; the result goes stale unless only the decision rule changed."""
        if self.result is not None and config.without_decision() != \
                self.result.config.without_decision():
            self._drop_result()
        elif self.result is not None:
            self.result.config = config
        self.config = config

    def set_rule(self, min_weight: float, min_gap: float) -> None:
        """The minimum weight and lead for a UPRN to be given."""
        assert self.config is not None
        self.update_config(self.config.with_decision(min_weight=min_weight, min_gap=min_gap))

    # --- running ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def run(self, progress: Progress | None = None) -> AddressResult:
        """Match now, in this thread (scripts and tests)."""
        assert self.records is not None and self.reference is not None and self.config
        self._drop_result()
        kwargs = {"progress": progress} if progress else {}
        self.result = match_addresses(self.records, self.reference, self.config,
                                      workspace=self._workspace(), **kwargs)
        return self.result

    def start(self) -> Job[AddressResult]:
        """Match in a background thread; the result is kept unless the set-up changed meanwhile."""
        assert self.records is not None and self.reference is not None and self.config
        if self.job is not None and not self.job.done:
            return self.job
        self._drop_result()
        records, reference, config = self.records, self.reference, self.config
        workspace = self._workspace()

        def work(progress: Progress) -> AddressResult:
            return match_addresses(records, reference, config, workspace=workspace,
                                   progress=progress)

        def adopt(job: Job[AddressResult]) -> None:
            result = job.result
            if result is None:
                return
            current = self.config
            if self.result is None and current is not None and \
                    current.without_decision() == config.without_decision():
                result.config = current
                self.result = result
            else:
                result.drop()

        self.job = start_job("address matching", work, on_done=adopt)
        return self.job

    def _workspace(self) -> Workspace:
        return self.workspace_factory()

    # --- answers, each computed once per result (a page rerun reads them) ---------------------

    def _once(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def best(self) -> pl.DataFrame:
        """Each record's best candidate, runner-up and gap (see ``results.best_candidates``)."""
        result = self.result
        assert result is not None, "run the match first"
        return self._once(("best", id(result)), lambda: best_candidates(result))

    def decided(self, rule: DecisionRule | None = None) -> pl.DataFrame:
        """What each record is given under ``rule`` (default: the current one)."""
        result = self.result
        assert result is not None, "run the match first"
        rule = rule or self.rule
        return self._once(("decided", id(result), rule),
                          lambda: decisions(result, rule, self.best()))

    def summary(self, rule: DecisionRule | None = None) -> DecisionSummary:
        decided = self.decided(rule)
        return self._once(("summary", id(decided)), lambda: summarise(decided))

    def candidate_uprns(self) -> pl.Series:
        """The UPRNs the list could give (the candidate pool)."""
        result = self.result
        assert result is not None

        def compute() -> pl.Series:
            with result.workspace.lock:
                return result.con.sql(
                    f'SELECT DISTINCT uprn FROM "{result.reference_table}"').pl()["uprn"]
        return self._once(("candidates", id(result)), compute)

    # --- one record and a candidate -----------------------------------------------------------

    def pair_view(self, unique_id: str, uprn: str) -> pl.DataFrame:
        """The record's address beside the candidate's, as ``side_by_side`` shows pairs:
        ``field``, ``record_1`` (the record, as loaded) and ``record_2`` (the list's)."""
        result = self.result
        assert result is not None
        best = self.best().filter(pl.col("unique_id") == unique_id)
        with result.workspace.lock:
            found = result.con.sql(
                f'SELECT address FROM "{result.reference_table}" WHERE uprn = $u LIMIT 1',
                params={"u": uprn}).fetchall()
        return pl.DataFrame({
            "field": ["record ID", "address"],
            "record_1": [unique_id, best["record_address"][0] if best.height else None],
            "record_2": [f"UPRN {uprn}", found[0][0] if found else None],
        }, schema={"field": pl.String, "record_1": pl.String, "record_2": pl.String})

    def waterfall(self, unique_id: str, uprn: str) -> pl.DataFrame | None:
        """How the record scored against the candidate (None if the pair was never scored)."""
        result = self.result
        assert result is not None
        with result.workspace.lock:
            rows = result.con.sql(
                f"""SELECT row_id FROM "{result.candidates_table}"
                    WHERE unique_id = $i AND uprn = $u""",
                params={"i": unique_id, "u": uprn}).fetchall()
        record = scored_pair(result, unique_id, str(rows[0][0])) if rows else None
        return waterfall(result, record) if record is not None else None

    # --- known answers and labels -------------------------------------------------------------

    def set_truth_column(self, column: str | None) -> None:
        """Known UPRNs from a column of the records file (None: forget them)."""
        if column is None:
            self.truth, self.truth_source = None, ""
        else:
            assert self.records is not None and self.config is not None
            ids = record_ids(self.records, _dataset(self.config))
            self.truth = truth_from_column(self.records.frame, ids, column,
                                           self.records.file_name)
            self.truth_source = f"column {self.records.original_columns.get(column, column)}"
        self._forget_accuracy()

    def set_truth(self, truth: pl.DataFrame | None, source: str) -> None:
        """Known UPRNs from a file (``unique_id``, ``uprn``)."""
        self.truth, self.truth_source = truth, source if truth is not None else ""
        self._forget_accuracy()

    def known(self) -> pl.DataFrame:
        """Known answers: the truth, with review labels saying "right UPRN" on top."""
        rows = [(label.key[1], label.key[3]) for label in self.labels.labels
                if label.verdict is Verdict.MATCH]
        labelled = pl.DataFrame(rows, schema={"unique_id": pl.String, "uprn": pl.String},
                                orient="row")
        if self.truth is None:
            return labelled
        return pl.concat([labelled, self.truth.select("unique_id", "uprn")]).unique(
            "unique_id", keep="first", maintain_order=True)

    def wrong_uprns(self) -> pl.DataFrame:
        """UPRNs a reviewer said are wrong for a record: ``unique_id``, ``uprn``."""
        rows = [(label.key[1], label.key[3]) for label in self.labels.labels
                if label.verdict is Verdict.NON_MATCH]
        return pl.DataFrame(rows, schema={"unique_id": pl.String, "uprn": pl.String},
                            orient="row")

    def _known_key(self) -> tuple[Hashable, ...]:
        return (id(self.truth), tuple(self.labels.labels))

    def accuracy(self, rule: DecisionRule | None = None) -> AddressAccuracy | None:
        """Precision and recall against the known answers (None without any)."""
        known = self.known()
        if known.height == 0 and self.wrong_uprns().height == 0:
            return None
        rule = rule or self.rule
        return self._once(("accuracy", id(self.result), rule, *self._known_key()),
                          lambda: accuracy(self.decided(rule), known, self.candidate_uprns(),
                                           wrong=self.wrong_uprns()))

    def accuracy_curve(self) -> pl.DataFrame:
        """Precision and recall at each minimum weight (the current lead kept)."""
        rule = self.rule
        return self._once(("curve", id(self.result), rule.min_gap, *self._known_key()),
                          lambda: accuracy_curve(self.best(), self.known(),
                                                 self.candidate_uprns(), rule))

    def _forget_accuracy(self) -> None:
        for key in [k for k in self._memo if k[0] in ("accuracy", "curve")]:
            del self._memo[key]

    # --- forgetting ---------------------------------------------------------------------------

    def _drop_result(self) -> None:
        if self.result is not None:
            self.result.drop()
        self.result = None
        self._memo.clear()

    def clear(self) -> None:
        """Forget the files, set-up, result, known answers and labels (the database stays)."""
        if self.job is not None and not self.job.done:
            self.job.cancel()
            self.job.wait()
        self.job = None
        self._drop_result()
        self.records = self.reference = None
        self.config = None
        self.truth, self.truth_source = None, ""
        self.labels.clear()


def _dataset(config: AddressMatchConfig) -> DatasetSpec:
    return DatasetSpec(name=RECORDS, file_name=config.records.file_name,
                       id_column=config.records.id_column)
