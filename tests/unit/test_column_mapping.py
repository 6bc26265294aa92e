"""Common columns across files: every informative column used, evidence counted once, and a
reason in words for every column left out."""

from __future__ import annotations

import io

from matching.column_mapping import left_out_columns, suggest_columns
from matching.loading import LoadedTable, read_table
from matching.roles import Role
from matching.suggest import suggest_comparisons, suggest_datasets
from tests.unit.people import people_pair


def _table(text: str, name: str) -> LoadedTable:
    return read_table(io.BytesIO(text.encode()), name)


def test_a_reference_number_both_files_carry_is_compared() -> None:
    pair = people_pair(200)
    tables = [pair.left, pair.right]
    columns = {c.name: c for c in suggest_columns(tables, suggest_datasets(tables))}

    assert columns["soc_sec_id"].role is Role.OTHER_ID and columns["soc_sec_id"].use
    comparisons = {c.column for c in suggest_comparisons(tuple(columns.values()))}
    assert "soc_sec_id" in comparisons


def test_a_reference_number_unique_to_each_record_is_left_out_with_its_reason() -> None:
    table = _table("id,name,dob,case_no\n" + "\n".join(
        f"{i},Person {i % 40},0{i % 9 + 1}/01/1980,C{1000 + i}" for i in range(60)), "a.csv")
    datasets = suggest_datasets([table])
    columns = {c.name: c for c in suggest_columns([table], datasets)}

    assert not columns["case_no"].use
    reasons = {c.column: c.reason for c in left_out_columns([table], datasets,
                                                            tuple(columns.values()))}
    assert "different value on every record" in reasons["case_no"]
    assert "record ID" in reasons["id"]


def test_full_name_beside_first_name_and_surname_is_counted_once() -> None:
    text = ("id,full_name,first_and_surname,first_name,surname,dob\n"
            "1,John William Smith,John Smith,John,Smith,01/02/1980\n"
            "2,Mary Ann Jones,Mary Jones,Mary,Jones,03/04/1990\n"
            "3,Mary Jones,Mary Jones,Mary,Jones,03/04/1990\n")
    table = _table(text, "people.csv")
    datasets = suggest_datasets([table])
    columns = suggest_columns([table], datasets)
    used = {c.role for c in columns if c.use}

    assert {Role.FIRST_NAME, Role.SURNAME} <= used
    assert Role.FULL_NAME not in used  # the same evidence as first name and surname
    surname = next(c for c in columns if c.role is Role.SURNAME)
    assert surname.sources == (("surname",),)  # not first_and_surname
    reasons = {c.column: c.reason for c in left_out_columns([table], datasets, columns)}
    assert "count the same evidence twice" in reasons["full_name"]
    assert "first_and_surname" in reasons


def test_places_categories_and_codes_outside_the_uk_are_used() -> None:
    rows = [f"{i},Name{i % 7},Surname{i % 11},{2000 + i % 50},town{i % 5},{'MF'[i % 2]},"
            f"{['nsw', 'vic', 'qld'][i % 3]}" for i in range(40)]
    text = "id,given_name,surname,postcode,suburb,gender,state\n" + "\n".join(rows)
    table = _table(text, "au.csv")
    columns = {c.name: c for c in suggest_columns([table], suggest_datasets([table]))}

    assert columns["postal_code"].role is Role.POSTAL_CODE and columns["postal_code"].use
    assert columns["suburb"].role is Role.PLACE and columns["suburb"].use
    assert columns["state"].role is Role.PLACE and columns["state"].use
    assert columns["sex"].use


def test_a_town_only_one_file_has_joins_that_files_address() -> None:
    left = _table("id,name,address,town\n1,Ann Lee,12 High St,Hackney\n2,Bo Li,3 Low Rd,Bow\n",
                  "left.csv")
    right = _table("id,name,address\n1,Ann Lee,12 High St Hackney\n2,Bo Li,3 Low Rd Bow\n",
                   "right.csv")
    columns = suggest_columns([left, right], suggest_datasets([left, right]))
    address = next(c for c in columns if c.role is Role.ADDRESS)
    assert address.sources == (("address", "town"), ("address",))


def test_a_column_with_one_value_is_left_out() -> None:
    table = _table("id,name,country\n" + "\n".join(f"{i},Person {i},UK" for i in range(10)),
                   "a.csv")
    datasets = suggest_datasets([table])
    columns = suggest_columns([table], datasets)
    country = next(c for c in columns if c.role is Role.PLACE)
    assert not country.use
    reasons = {c.column: c.reason for c in left_out_columns([table], datasets, columns)}
    assert "same value on every record" in reasons["country"]
