"""Households from real matching: the linked sample people placed at UPRNs from the sample
gazetteer, checked against the truth; the household view follows cluster corrections."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from matching.address_match.samples import address_sample_paths
from matching.households.grouping import file_presence, household_members
from matching.households.view import HouseholdView
from matching.loading import read_path
from matching.samples import sample_paths
from matching.session import WorkbenchSession
from sample_data.address_generate import person_sample_uprns

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def session() -> Iterator[WorkbenchSession]:
    wb = WorkbenchSession()
    wb.set_tables([read_path(p) for p in sample_paths(link=True)])
    wb.suggest()
    wb.run()
    yield wb
    wb.close()


def test_people_are_placed_at_their_true_uprns(session: WorkbenchSession) -> None:
    view = HouseholdView(source="reference", reference=read_path(address_sample_paths()[1]))
    households = view.for_people(session)
    homes = person_sample_uprns()
    placed = households.members.filter(pl.col("uprn").is_not_null())
    right = sum(homes[(s, u)] == uprn for s, u, uprn in
                placed.select("source_dataset", "unique_id", "uprn").iter_rows())
    assert placed.height >= 0.9 * households.members.height
    assert right / placed.height >= 0.97
    presence = dict(file_presence(households).iter_rows())
    # ground truth: 800 people are in both files, 12 % of them moved between the extracts
    assert 600 <= presence["in every file"] <= 800
    view.close()


def test_households_follow_the_officers_corrections(session: WorkbenchSession) -> None:
    view = HouseholdView(source="address")
    before = view.for_people(session)
    pair = before.members.filter(pl.col("household_id").is_not_null()).group_by(
        "household_id").agg(pl.col("person_id").n_unique().alias("people"), pl.len().alias("n"),
                            pl.col("source_dataset"), pl.col("unique_id")).filter(
        (pl.col("people") == 1) & (pl.col("n") == 2)).row(0, named=True)
    record = (pair["source_dataset"][0], pair["unique_id"][0])
    session.decisions.add("remove", [record], "not the same person")
    try:
        after = view.for_people(session)
        assert after is not before  # rebuilt: the corrections changed
        members = household_members(after, str(after.members.filter(
            (pl.col("source_dataset") == record[0]) & (pl.col("unique_id") == record[1])
        )["household_id"][0]))
        assert members["person_id"].n_unique() == 2  # the two records are two people now
    finally:
        session.decisions.undo()
