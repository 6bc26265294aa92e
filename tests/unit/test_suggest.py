"""Automatic set-up: dataset names, column lookup by header, the column mapping across two
files, comparisons that follow column changes, and adopting a saved project."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    ComparisonKind,
    ComparisonSpec,
    DatasetSpec,
    MatchConfig,
    Transform,
)
from matching.errors import ConfigError, UploadError
from matching.loading import LoadedTable, read_table
from matching.roles import Role
from matching.suggest import (
    adopt_project,
    dataset_names,
    resolve_column,
    suggest_columns,
    suggest_comparisons,
    suggest_datasets,
    with_columns,
)

COUNCIL = b"""Person ID,Forename,Surname,DOB,Address Line 1,Address Line 2,Post Code,Email
P001,Ayesha,Begum,03/04/1980,"Flat 2, 10 Mare Street",Hackney,E8 1AA,
P002,John,Smith,1975-12-01,45 Kingsland Road,London,E8 2NE,
P003,Mary,Jones,,12 Church Street,,N16 9RN,mary@example.com
"""
BENEFIT = b"""ref,first_name,last_name,date_of_birth,address,postcode,email
HB-000123,AYESHA,BEGUM,03/04/1980,"Flat 2, 10 Mare Street, London",E8 1AA,
HB-000124,Jon,Smith,01/12/1975,"45 Kingsland Rd, London",E8 2NE,
HB-000125,Mary,Jones,,12 Church St,N16 9RN,
"""
RESIDENTS = b"""ID,Full Name,DOB,Postcode
R001,Ayesha Begum,03/04/1980,E8 1AA
R002,John Smith,01/12/1975,E8 2NE
"""


def _table(data: bytes, file_name: str) -> LoadedTable:
    return read_table(io.BytesIO(data), file_name)


@pytest.fixture
def council() -> LoadedTable:
    return _table(COUNCIL, "council.csv")


@pytest.fixture
def benefit() -> LoadedTable:
    return _table(BENEFIT, "benefit.csv")


# --- dataset names and columns ------------------------------------------------------------


def test_dataset_names_are_file_stems_made_unique() -> None:
    names = dataset_names(["people.csv", "2025/people.xlsx", "other/people.csv", "homes.csv"])

    assert names == ["people", "people_2", "people_3", "homes"]


def test_dataset_names_never_repeat() -> None:
    names = dataset_names(["people_2.csv", "people.csv", "people.csv", ""])

    assert names == ["people_2", "people", "people_3", "data"]  # "people_2" was taken
    assert len(set(names)) == len(names)


def test_resolve_column_by_internal_name_or_original_header(council: LoadedTable) -> None:
    assert resolve_column(council, "post_code") == "post_code"
    assert resolve_column(council, "Post Code") == "post_code"
    assert resolve_column(council, "DOB") == "dob"
    assert resolve_column(council, " Person ID ") == "person_id"  # spaces around are ignored


def test_resolve_column_lists_the_headers_when_not_found(council: LoadedTable) -> None:
    with pytest.raises(UploadError) as caught:
        resolve_column(council, "NHS Number")

    assert caught.value.message == "council.csv has no column called 'NHS Number'."
    assert caught.value.hint == (
        "Columns are: Person ID, Forename, Surname, DOB, Address Line 1, Address Line 2, "
        "Post Code, Email"
    )


def test_suggested_datasets_pick_the_id_columns(council: LoadedTable,
                                                benefit: LoadedTable) -> None:
    left, right = suggest_datasets([council, benefit])

    assert (left.name, left.file_name, left.id_column, left.rows) == (
        "council", "council.csv", "person_id", 3)
    assert (right.name, right.id_column, right.sha256) == ("benefit", "ref", benefit.sha256)


def test_suggested_datasets_use_the_given_id_header(council: LoadedTable,
                                                    benefit: LoadedTable) -> None:
    left, right = suggest_datasets([council, benefit], ["Surname", None])

    assert (left.id_column, right.id_column) == ("surname", "ref")


def test_three_files_are_refused(council: LoadedTable) -> None:
    with pytest.raises(ConfigError) as caught:
        suggest_datasets([council] * 3)
    assert caught.value.message == "Load one file to find duplicates, or two files to link them."


# --- mapping columns across files ---------------------------------------------------------


def test_differently_named_columns_are_mapped_across_files(council: LoadedTable,
                                                           benefit: LoadedTable) -> None:
    columns = suggest_columns([council, benefit], suggest_datasets([council, benefit]))

    # ground truth: Forename/first_name, Surname/last_name, DOB/date_of_birth, the two address
    # lines joined against one address column, Post Code/postcode. Email is filled in 1 of 3
    # rows on the left and none on the right (under 5 %), so it is offered but not used.
    assert columns == (
        ColumnSpec("first_name", Role.FIRST_NAME, (("forename",), ("first_name",))),
        ColumnSpec("surname", Role.SURNAME, (("surname",), ("last_name",))),
        ColumnSpec("date_of_birth", Role.DATE_OF_BIRTH, (("dob",), ("date_of_birth",))),
        ColumnSpec("address", Role.ADDRESS, (("address_line_1", "address_line_2"),
                                             ("address",))),
        ColumnSpec("postcode", Role.POSTCODE, (("post_code",), ("postcode",))),
        ColumnSpec("email", Role.EMAIL, (("email",), ("email",)), use=False),
    )


def test_full_name_in_one_file_is_compared_with_the_name_parts_of_the_other(
    benefit: LoadedTable,
) -> None:
    residents = _table(RESIDENTS, "residents.csv")
    tables = [residents, benefit]

    columns = suggest_columns(tables, suggest_datasets(tables))

    assert columns[0] == ColumnSpec("full_name", Role.FULL_NAME,
                                    (("full_name",), ("first_name", "last_name")))
    assert {c.role for c in columns} == {Role.FULL_NAME, Role.DATE_OF_BIRTH, Role.POSTCODE}


def test_suggested_comparisons_compare_address_and_postcode_together(
    council: LoadedTable, benefit: LoadedTable,
) -> None:
    columns = suggest_columns([council, benefit], suggest_datasets([council, benefit]))

    # a home is compared, so family evidence is split at the home (see matching.home_evidence)
    assert suggest_comparisons(columns) == (
        ComparisonSpec("first_name", ComparisonKind.NAME, term_frequency=True),
        ComparisonSpec("surname", ComparisonKind.NAME, term_frequency=True, at_home=True),
        ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH, at_home=True),
        ComparisonSpec("address", ComparisonKind.ADDRESS_AND_POSTCODE),
    )  # unused email: no comparison


# --- with_columns -------------------------------------------------------------------------


def _project(council: LoadedTable, benefit: LoadedTable) -> MatchConfig:
    datasets = suggest_datasets([council, benefit])
    columns = suggest_columns([council, benefit], datasets)
    rules = (
        BlockingRuleSpec((BlockingKey("surname"), BlockingKey("date_of_birth"))),
        BlockingRuleSpec((BlockingKey("postcode"), BlockingKey("first_name",
                                                               Transform.FIRST_LETTERS))),
    )
    return MatchConfig("link_only", datasets, columns, rules, suggest_comparisons(columns))


def _replace_column(config: MatchConfig, name: str, **changes: object) -> list[ColumnSpec]:
    return [replace(c, **changes) if c.name == name else c for c in config.columns]


def test_with_columns_drops_comparisons_and_rules_of_unused_columns(
    council: LoadedTable, benefit: LoadedTable,
) -> None:
    config = _project(council, benefit)

    changed = with_columns(config, _replace_column(config, "date_of_birth", use=False))

    assert "date_of_birth" not in [c.column for c in changed.comparisons]
    assert changed.blocking == config.blocking[1:]  # the surname + date of birth rule went
    assert changed.columns[2].use is False


def test_with_columns_keeps_edited_comparisons_of_columns_still_used(
    council: LoadedTable, benefit: LoadedTable,
) -> None:
    config = _project(council, benefit)
    edited = ComparisonSpec("surname", ComparisonKind.EXACT, term_frequency=False)
    config = config.with_changes(
        comparisons=tuple(edited if c.column == "surname" else c for c in config.comparisons)
    )

    changed = with_columns(config, _replace_column(config, "email", use=True))

    assert edited in changed.comparisons
    assert changed.blocking == config.blocking
    # the newly used column gets the default comparison for its role
    assert changed.comparisons[-1] == ComparisonSpec("email", ComparisonKind.EMAIL,
                                                     at_home=True)


def test_with_columns_resets_a_comparison_when_the_role_changes(
    council: LoadedTable, benefit: LoadedTable,
) -> None:
    config = _project(council, benefit)
    edited = ComparisonSpec("surname", ComparisonKind.EXACT)
    config = config.with_changes(
        comparisons=tuple(edited if c.column == "surname" else c for c in config.comparisons)
    )

    changed = with_columns(config, _replace_column(config, "surname", role=Role.FULL_NAME))

    assert ComparisonSpec("surname", ComparisonKind.NAME, term_frequency=True,
                          at_home=True) in changed.comparisons
    assert edited not in changed.comparisons


def test_with_columns_keeps_a_separate_postcode_comparison(
    council: LoadedTable, benefit: LoadedTable,
) -> None:
    config = _project(council, benefit)
    split = (
        *(c for c in config.comparisons if c.column != "address"),
        ComparisonSpec("address", ComparisonKind.ADDRESS),
        ComparisonSpec("postcode", ComparisonKind.POSTCODE, term_frequency=True),
    )
    config = config.with_changes(comparisons=split)

    changed = with_columns(config, _replace_column(config, "email", use=True))

    assert ComparisonSpec("postcode", ComparisonKind.POSTCODE, True) in changed.comparisons


# --- adopting a saved project -------------------------------------------------------------


def test_adopt_project_takes_the_new_files_details(council: LoadedTable,
                                                   benefit: LoadedTable) -> None:
    config = _project(council, benefit)
    newer = _table(BENEFIT + b"HB-000126,Ali,Khan,,1 High Street,E8 3AA,\n", "benefit_v2.csv")

    adopted = adopt_project(config, [council, newer])

    assert adopted.datasets[1] == DatasetSpec("benefit", "benefit_v2.csv", "ref",
                                              sha256=newer.sha256, rows=4)
    assert adopted.with_changes(datasets=config.datasets) == config


def test_adopt_project_names_the_missing_columns(council: LoadedTable,
                                                 benefit: LoadedTable) -> None:
    config = _project(council, benefit)
    renamed = _table(BENEFIT.replace(b"last_name", b"family").replace(b"ref,", b"claim,"),
                     "benefit.csv")

    with pytest.raises(ConfigError) as caught:
        adopt_project(config, [council, renamed])

    assert caught.value.message == (
        "The loaded files lack columns the project uses (benefit.csv: last_name; "
        "benefit.csv: ref)."
    )
    assert caught.value.hint == (
        "Load files with the same column headers as the ones the project was made with."
    )


def test_adopt_project_needs_the_same_number_of_files(council: LoadedTable,
                                                      benefit: LoadedTable) -> None:
    with pytest.raises(ConfigError) as caught:
        adopt_project(_project(council, benefit), [council])

    assert caught.value.message == "The project was made for 2 file(s) but 1 are loaded."


def test_the_best_filled_of_two_phone_columns_is_used() -> None:
    # ground truth: "Phone" is mostly empty, "Mobile" is full, so Mobile is the phone to compare
    rows = "\n".join(f"R{i},Ann,Lee,,0770090{i:04d}" for i in range(20))
    table = _table(f"ID,First Name,Surname,Phone,Mobile\n{rows}\n".encode(), "people.csv")
    datasets = suggest_datasets([table])

    columns = {c.role: c for c in suggest_columns([table], datasets)}

    assert columns[Role.PHONE].sources == (("mobile",),)


def test_files_with_nothing_in_common_get_a_setup_to_map_by_hand() -> None:
    from matching.suggest import unmatched_config

    shoes = _table(b"Code,Shoe size\nA1,9\n", "shoes.csv")
    people = _table(COUNCIL, "council.csv")
    config = unmatched_config([shoes, people])
    assert config.link_type == "link_only"
    assert [d.name for d in config.datasets] == ["shoes", "council"]
    assert not config.used_columns and not config.blocking and not config.comparisons
