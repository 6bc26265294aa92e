"""People grouped by property: sizes, busy addresses, households split across files."""

from __future__ import annotations

import polars as pl

from matching.households.grouping import (
    MEMBER_SCHEMA,
    build_households,
    file_presence,
    flagged,
    household_members,
    households_export,
    only_in,
    people_in_several,
    size_distribution,
)

# ground truth: person P1 is in both files at UPRN 10; P2 lives with P1 (HB only); P3 is alone
# at UPRN 20 (CT only); P4 has no UPRN, only a cleaned address; P5 to P12 live in a hostel
# (UPRN 30, class RI01); P6 also has a council tax record at UPRN 20 (moved).
ROWS = [
    ("ct", "C1", "P1", "10", "|1|MARE STREET", "1 Mare St"),
    ("hb", "H1", "P1", "10", "|1|MARE STREET", "1 MARE STREET"),
    ("hb", "H2", "P2", "10", "|1|MARE STREET", "1 Mare Street"),
    ("ct", "C3", "P3", "20", "|3|WELL STREET", "3 Well St"),
    ("ct", "C4", "P4", None, "A|5|KEATS ROAD", "Flat A, 5 Keats Rd"),
    *[("hb", f"H{n}", f"P{n}", "30", "|9|HIGH ROAD", "9 High Rd") for n in range(5, 13)],
    ("ct", "C6", "P6", "20", "|3|WELL STREET", "3 Well Street"),
]


def _households(large: int = 7):
    members = pl.DataFrame(ROWS, schema=list(MEMBER_SCHEMA), orient="row")
    classes = pl.DataFrame({"uprn": ["30"], "class": ["RI01"]})
    return build_households(members, ["ct", "hb"], large=large, classes=classes)


def test_a_household_counts_people_not_records() -> None:
    households = _households()
    by_uprn = {r["uprn"]: r for r in households.table.iter_rows(named=True)}
    assert by_uprn["10"]["people"] == 2 and by_uprn["10"]["records"] == 3
    assert (by_uprn["10"]["records_ct"], by_uprn["10"]["records_hb"]) == (1, 2)
    assert by_uprn["30"]["people"] == 8 and by_uprn["20"]["people"] == 2
    assert households.count == 4 and households.people == 12
    assert households.table["household_id"][0] == "H000001"  # the largest first
    without = households.table.filter(pl.col("uprn").is_null()).row(0, named=True)
    assert without["key_kind"] == "address" and "no UPRN" in without["flag"]


def test_busy_and_communal_homes_are_flagged() -> None:
    busy = flagged(_households())
    assert busy["uprn"].to_list() == ["30"]
    assert busy["flag"][0] == "8 people at one address; care home, hostel or halls"
    assert flagged(_households(large=2))["uprn"].sort().to_list() == ["10", "20", "30"]


def test_size_distribution() -> None:
    sizes = size_distribution(_households())
    assert dict(sizes.iter_rows()) == {"1": 1, "2": 2, "8": 1}


def test_households_split_across_files() -> None:
    households = _households()
    presence = dict(file_presence(households).iter_rows())
    assert presence == {"in every file": 1, "only in ct": 2, "only in hb": 1}
    assert only_in(households, "hb")["uprn"].to_list() == ["30"]
    moved = people_in_several(households)
    assert moved["person_id"].to_list() == ["P6"] and moved["households"][0] == 2


def test_who_lives_where_and_the_export() -> None:
    households = _households()
    first = households.table["household_id"][0]
    assert household_members(households, first)["person_id"].unique().len() == 8
    out = households_export(households)
    assert "address" not in out.columns and out.height == 4
    row = out.filter(pl.col("uprn") == "10").row(0, named=True)
    assert (row["ids_ct"], row["ids_hb"], row["person_ids"]) == ("C1", "H1; H2", "P1; P2")
    assert "address" in households_export(households, personal=True).columns
