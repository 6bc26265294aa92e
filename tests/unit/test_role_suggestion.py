"""Column role suggestions from council-style headers and from column contents."""

from __future__ import annotations

from datetime import date

import pytest

from matching.role_suggestion import (
    content_role,
    looks_like_id_column,
    normalise_header,
    suggest_role,
    suggest_roles,
)
from matching.roles import Role

POSTCODES = ["E8 1AA", "sw1a1aa", "N16 7AB", "SE15 4QL", "ZZ99 3VZ", None, ""]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Forename", Role.FIRST_NAME),
        ("Forenames", Role.FIRST_NAME),
        ("First Name", Role.FIRST_NAME),
        ("FirstName", Role.FIRST_NAME),
        ("given_name", Role.FIRST_NAME),
        ("fname", Role.FIRST_NAME),
        ("Middle Names", Role.MIDDLE_NAMES),
        ("Surname", Role.SURNAME),
        ("Last Name", Role.SURNAME),
        ("family_name", Role.SURNAME),
        ("lname", Role.SURNAME),
        ("DOB", Role.DATE_OF_BIRTH),
        ("Date of Birth", Role.DATE_OF_BIRTH),
        ("DateOfBirth", Role.DATE_OF_BIRTH),
        ("birth_date", Role.DATE_OF_BIRTH),
        ("Post Code", Role.POSTCODE),
        ("postcode", Role.POSTCODE),
        ("pcode", Role.POSTCODE),
        ("Address Line 1", Role.ADDRESS),
        ("addr1", Role.ADDRESS),
        ("address", Role.ADDRESS),
        ("Address_LPI", Role.ADDRESS),
        ("House No", Role.ADDRESS),
        ("UPRN", Role.UPRN),
        ("Unique property reference number (UPRN)", Role.UPRN),
        ("NI Number", Role.NI_NUMBER),
        ("NINO", Role.NI_NUMBER),
        ("National Insurance", Role.NI_NUMBER),
        ("NHS No", Role.NHS_NUMBER),
        ("nhs_number", Role.NHS_NUMBER),
        ("NHSNumber", Role.NHS_NUMBER),
        ("Email", Role.EMAIL),
        ("e-mail", Role.EMAIL),
        ("Email Address", Role.EMAIL),
        ("Phone", Role.PHONE),
        ("Tel", Role.PHONE),
        ("Tel No", Role.PHONE),
        ("mobile", Role.PHONE),
        ("telephone", Role.PHONE),
        ("Sex", Role.SEX),
        ("Gender", Role.SEX),
        ("Full Name", Role.FULL_NAME),
        ("Name", Role.FULL_NAME),
        ("Client Name", Role.FULL_NAME),
        ("Company Name", Role.COMPANY_NAME),
        ("Company No", Role.COMPANY_NUMBER),
        ("Account Ref", Role.RECORD_ID),
        ("ID", Role.RECORD_ID),
        ("claim_id", Role.RECORD_ID),
        ("ClaimID", Role.RECORD_ID),
        ("Person ID", Role.RECORD_ID),
        ("Elector Number", Role.RECORD_ID),
        ("Title", Role.OTHER),
        ("Ethnicity", Role.CATEGORY),  # not a city
        ("Occupation", Role.CATEGORY),
        ("Country of Birth", Role.PLACE),  # not a date of birth
        ("birth_place", Role.PLACE),
        ("Town", Role.PLACE),
        ("suburb", Role.PLACE),
        ("first_and_surname", Role.FULL_NAME),  # names both parts: a full name
        ("Forename and Surname", Role.FULL_NAME),
        ("Start Date", Role.OTHER_DATE),
        ("Notes", Role.FREE_TEXT),
        ("Amount Paid", Role.OTHER),  # not an ID
    ],
)
def test_header_variants(header: str, role: Role) -> None:
    assert suggest_role(header, []) is role


def test_normalise_header() -> None:
    assert normalise_header("FirstName_1") == " first name 1 "
    assert normalise_header("NHSNumber") == " nhs number "
    assert normalise_header("addr1") == " addr 1 "


@pytest.mark.parametrize(
    ("values", "role"),
    [
        (POSTCODES, Role.POSTCODE),
        (["a.smith@example.com", "b@council.gov.uk", None], Role.EMAIL),
        (["12/03/1984", "01/01/2001", "1999-12-31"], Role.DATE_OF_BIRTH),
        ([date(1984, 3, 12), date(2001, 1, 1)], Role.DATE_OF_BIRTH),
        (["943 476 5919", 9434765919, "4010232137"], Role.NHS_NUMBER),
        (["JG123456C", "AB 12 34 56"], Role.NI_NUMBER),
        (["020 7946 0123", "07700 900123", "+44 7700 900123"], Role.PHONE),
        (["M", "F", "F", "Male", "female"], Role.SEX),
        (["12 High Street, London E8 1AA", "3 Acacia Road"], Role.ADDRESS),
        (["apple", "pear"], None),
        ([None, ""], None),
    ],
)
def test_content_role(values: list[object], role: Role | None) -> None:
    assert content_role(values) is role  # type: ignore[arg-type]


def test_generic_column_full_of_postcodes_is_postcode() -> None:
    assert suggest_role("field3", POSTCODES) is Role.POSTCODE
    assert suggest_role("code", POSTCODES) is Role.POSTCODE


def test_contents_below_threshold_stay_other() -> None:
    # ground truth: 3 of 4 values are postcodes, below the 80 % threshold
    assert suggest_role("code", ["E8 1AA", "N1 1AA", "E1 6AN", "XYZ"]) is Role.OTHER


def test_specific_header_wins_over_contents() -> None:
    # the header says postal code; the values are not UK postcodes, so they are kept as codes
    assert suggest_role("Postcode", ["a@b.com", "c@d.com"]) is Role.POSTAL_CODE
    assert suggest_role("Postcode", ["E8 1AA", "N1 1AA"]) is Role.POSTCODE
    assert suggest_role("zip", ["90210", "10001-1234"]) is Role.POSTAL_CODE
    assert suggest_role("Start Date", ["12/03/1984"]) is Role.OTHER_DATE


def test_id_header_yields_to_strong_contents_only() -> None:
    assert suggest_role("Ref", ["9434765919", "4010232137"]) is Role.NHS_NUMBER
    assert suggest_role("Ref", ["12/03/1984"]) is Role.RECORD_ID


def test_looks_like_id_column() -> None:
    assert looks_like_id_column("Person ID", ["1", "2", None, "3"])
    assert looks_like_id_column("claim_ref", [101, 102])
    assert not looks_like_id_column("Person ID", ["1", "1", "2"])  # repeated
    assert not looks_like_id_column("Person ID", [None, ""])  # nothing to go on
    assert not looks_like_id_column("Forename", ["a", "b"])  # not an ID header
    assert not looks_like_id_column("NHS Number", ["9434765919"])  # another role
    assert not looks_like_id_column("Phone No", ["07700900123"])


def test_suggest_roles_keeps_repeatable_roles_and_demotes_duplicates() -> None:
    columns = {
        "ID": ["1", "2", "3"],
        "Forename": ["Ann", "Bob", "Cat"],
        "Surname": ["Ali", "Begum", "Khan"],
        "Previous Surname": ["Smith", None, None],
        "Address Line 1": ["1 High St", "2 Low Rd", "3 Mid Way"],
        "Address Line 2": ["Hackney", "Lambeth", None],
        "field3": ["E8 1AA", "N1 1AA", "E1 6AN"],
        "Post Code": ["E8 1AA", "N1 1AA", "E1 6AN"],
        "Case Ref": ["9", "8", "7"],
    }
    assert suggest_roles(columns) == {
        "ID": Role.RECORD_ID,
        "Forename": Role.FIRST_NAME,
        "Surname": Role.SURNAME,
        "Previous Surname": Role.OTHER,  # the first surname column keeps the role
        "Address Line 1": Role.ADDRESS,
        "Address Line 2": Role.ADDRESS,
        "field3": Role.OTHER,  # a named postcode column beats one found by its contents
        "Post Code": Role.POSTCODE,
        "Case Ref": Role.OTHER_ID,  # a second reference number: maybe one both records carry
    }


def test_suggest_roles_prefers_a_unique_id_column() -> None:
    roles = suggest_roles({"Claim Ref": ["1", "1", "3"], "Case No": ["1", "2", "3"]})
    assert roles == {"Claim Ref": Role.OTHER_ID, "Case No": Role.RECORD_ID}


def test_columns_are_recognised_from_their_shape_when_headers_say_nothing() -> None:
    codes = [f"{1_000_000 + 7919 * i}" for i in range(200)]
    forenames = ["John", "Mary", "Ayesha", "Mohammed", "Sophie", "James"] * 30
    assert suggest_role("field1", codes) is Role.OTHER_ID  # mostly distinct codes
    assert suggest_role("field2", forenames) is Role.FIRST_NAME  # known first names
    assert suggest_role("field3", ["Active", "Closed", "Pending"] * 50) is Role.CATEGORY
    assert suggest_role("field4", ["Called twice, no answer from the tenant today"] * 5) \
        is Role.FREE_TEXT


def test_surnames_are_found_beside_first_names_found_from_values() -> None:
    rows = 120
    columns = {
        "field1": ["John", "Mary", "Ayesha", "Mohammed", "Sophie", "James"] * (rows // 6),
        "field2": [f"Surname{chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(rows)],
    }
    assert suggest_roles(columns) == {"field1": Role.FIRST_NAME, "field2": Role.SURNAME}


def test_a_second_date_of_birth_column_becomes_another_date() -> None:
    roles = suggest_roles({"DOB": ["01/02/1980"], "Date of birth (verified)": ["01/02/1980"]})
    assert roles == {"DOB": Role.DATE_OF_BIRTH, "Date of birth (verified)": Role.OTHER_DATE}


def test_company_names_are_told_from_people_by_their_values() -> None:
    companies = ["Acme Trading Ltd", "Smith & Sons", "Bolt Electrical Limited", "Jo Lee"] * 5
    assert suggest_role("Supplier Name", []) is Role.COMPANY_NAME
    assert suggest_role("Name", companies) is Role.COMPANY_NAME
    assert suggest_role("Name", ["Ann Lee", "Bo Li", "Cy Ng"]) is Role.FULL_NAME
