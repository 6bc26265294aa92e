"""The household view of one session: where its people's properties come from, and the
households built from them (rebuilt when the people, the corrections or the source change).

For the address job every record is a person at the UPRN it was given. For the person job the
people are the clusters, with the officer's corrections (``apply_decisions``), and each
record's property is its UPRN from a reference list (the records' addresses matched with the
address engine), from a UPRN column of the files, or else its cleaned address.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import polars as pl

from matching.address_match.config import AddressMatchConfig
from matching.address_match.run import AddressResult, match_addresses
from matching.address_match.session import AddressSession
from matching.address_match.suggest import suggest_reference
from matching.clusters import apply_decisions, cluster_assignments
from matching.households.grouping import DEFAULT_LARGE, Households, build_households
from matching.households.members import (
    members_from_address_job,
    members_from_people,
    person_records,
    person_records_spec,
)
from matching.loading import LoadedTable
from matching.session import WorkbenchSession

Progress = Callable[[float, str], None]
#: Where each record's property comes from.
SOURCES = {
    "reference": "matched to a reference list (UPRNs)",
    "uprn": "a UPRN column in the files",
    "address": "the cleaned address (no reference list)",
}


def _no_progress(fraction: float, message: str) -> None:
    """Progress callback that ignores progress."""


@dataclass
class HouseholdView:
    """Households of one session, and how they were made."""

    source: str = "reference"
    reference: LoadedTable | None = None
    large: int = DEFAULT_LARGE
    matched: AddressResult | None = None
    _matched_for: tuple[Hashable, ...] | None = None
    households: Households | None = None
    _built_for: tuple[Hashable, ...] | None = None
    notes: list[str] = field(default_factory=list)

    def set_reference(self, reference: LoadedTable | None) -> None:
        """Use ``reference`` to find the people's UPRNs (None: forget it)."""
        self.drop_match()
        self.reference = reference
        self.households = None
        self._built_for = None

    def drop_match(self) -> None:
        if self.matched is not None:
            self.matched.drop()
        self.matched, self._matched_for = None, None

    def for_address_job(self, job: AddressSession) -> Households:
        """Households of the address job's records, each record a person."""
        assert job.result is not None and job.config is not None
        key = ("address_job", id(job.result), job.rule, self.large)
        if self.households is None or self._built_for != key:
            members = members_from_address_job(job.result, _stem(job.config.records.file_name),
                                               job.decided())
            self.households = build_households(members, [_stem(job.config.records.file_name)],
                                               large=self.large, classes=_classes(job.result))
            self._built_for = key
        return self.households

    def for_people(self, wb: WorkbenchSession, progress: Progress = _no_progress) -> Households:
        """Households of the person job's people (its clusters, with the corrections)."""
        assert wb.result is not None and wb.config is not None
        clusters = wb.current_clusters()
        decisions = tuple(wb.decisions.items)
        key = ("people", id(wb.result), clusters.table, decisions, self.source,
               id(self.reference), self.large)
        if self.households is not None and self._built_for == key:
            return self.households
        assignments = apply_decisions(cluster_assignments(wb.result, clusters), wb.decisions)
        matched = None
        if self.source == "reference" and self.reference is not None:
            matched = self._match(wb, progress)
        members = members_from_people(wb.tables, wb.config, assignments, matched=matched,
                                      use_uprn_column=self.source == "uprn")
        self.households = build_households(
            members, [d.name for d in wb.config.datasets], large=self.large,
            classes=_classes(matched) if matched is not None else None)
        self._built_for = key
        return self.households

    def _match(self, wb: WorkbenchSession, progress: Progress) -> AddressResult:
        """The person records' addresses matched to the reference list (once per files)."""
        assert self.reference is not None and wb.config is not None
        key = (tuple(t.sha256 for t in wb.tables), wb.config.datasets,
               tuple(c for c in wb.config.columns), self.reference.sha256)
        if self.matched is None or self._matched_for != key:
            self.drop_match()
            people = person_records(wb.tables, wb.config)
            config = AddressMatchConfig(person_records_spec(people),
                                        suggest_reference(self.reference))
            self.matched = match_addresses(people, self.reference, config,
                                           workspace=wb.workspace, progress=progress)
            self._matched_for = key
        return self.matched

    def close(self) -> None:
        self.drop_match()
        self.households = None


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0] or file_name


def _classes(result: AddressResult) -> pl.DataFrame | None:
    """Each candidate UPRN's classification code, when the reference list has one."""
    spec = result.config.reference
    if spec.class_column is None:
        return None
    with result.workspace.lock:
        return result.con.sql(
            f'SELECT uprn, any_value(class) AS class FROM "{result.reference_table}" '
            "GROUP BY uprn").pl()
