"""The address job's set-up: config round trip, column suggestions, reading both files."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from matching.address_match.config import AddressMatchConfig, DecisionRule, PoolPolicy
from matching.address_match.inputs import clean_uprns, record_frame, reference_frame
from matching.address_match.suggest import suggest_address_config, suggest_records, suggest_reference
from matching.errors import ConfigError, UploadError
from matching.loading import read_table

LPI_CSV = (
    b"UPRN,PARENT_UPRN,CLASS,SAO_TEXT,SAO_START_NUMBER,PAO_TEXT,PAO_START_NUMBER,PAO_START_SUFFIX,"
    b"PAO_END_NUMBER,STREET_DESCRIPTION,LOCALITY,TOWN,POSTCODE_LOCATOR\n"
    b"100,,PP,,,,45,,,MARE STREET,HACKNEY,LONDON,E8 1AA\n"
    b"101.0,100,RD06,FLAT 1,,,45,,,MARE STREET,HACKNEY,LONDON,E8 1AA\n"
    b"102,100,RD06,,2,,45,,,MARE STREET,HACKNEY,LONDON,E8 1AA\n"
    b"103,,RD04,,,,23,A,,MARE STREET,HACKNEY,LONDON,E8 1AB\n"
    b"104,,RD04,,,,10,,12,MARE STREET,HACKNEY,LONDON,E8 1AB\n"
    b"105,,RG02,GARAGE 1,,,47,,,MARE STREET,HACKNEY,LONDON,E8 1AB\n"
    b"106,,RD06,FLAT 3,,MARLOWE HOUSE,,,,KINGSLAND ROAD,DALSTON,LONDON,E8 2BB\n"
)
RECORDS_CSV = (
    b"Ref,Name,Address Line 1,Address Line 2,Post Code\n"
    b"A1,Ann,\"Flat 1, 45 Mare St\",Hackney,E8 1AA\n"
    b"A2,Bob,3 Marlowe Ho,\"Kingsland Rd, London\",\n"
)


@pytest.fixture
def gazetteer():
    return read_table(LPI_CSV, "llpg.csv")


@pytest.fixture
def records():
    return read_table(RECORDS_CSV, "records.csv")


def test_config_round_trips_through_json(records, gazetteer) -> None:
    config = suggest_address_config(records, gazetteer).with_decision(min_weight=1.5, min_gap=4)
    again = AddressMatchConfig.from_json(config.to_json())
    assert again == config and again.decision == DecisionRule(1.5, 4.0)
    assert config.without_decision().decision == DecisionRule()


def test_a_broken_config_says_so(records, gazetteer) -> None:
    data = suggest_address_config(records, gazetteer).to_dict()
    data["records"]["colour"] = "blue"
    with pytest.raises(ConfigError, match="not valid"):
        AddressMatchConfig.from_dict(data)
    with pytest.raises(ConfigError, match="newer version"):
        AddressMatchConfig.from_dict({**data, "version": 99})


def test_lpi_headers_are_recognised(gazetteer) -> None:
    spec = suggest_reference(gazetteer)
    assert spec.uprn_column == "uprn" and spec.lpi.street == "street_description"
    assert spec.lpi.sao_start_number == "sao_start_number" and spec.lpi.pao_text == "pao_text"
    assert spec.postcode_column == "postcode_locator" and spec.class_column == "class"
    assert spec.parent_column == "parent_uprn" and spec.place_columns == ("locality", "town")
    assert spec.address_columns == ()


def test_address_lines_and_postcode_of_the_records_are_found(records) -> None:
    spec = suggest_records(records)
    assert spec.address_columns == ("address_line_1", "address_line_2")
    assert spec.postcode_column == "post_code" and spec.id_column == "ref"


def test_addressbase_and_free_text_lists_are_recognised() -> None:
    dpa = read_table(b"UPRN,SUB_BUILDING_NAME,BUILDING_NAME,BUILDING_NUMBER,THOROUGHFARE,"
                     b"POSTCODE\n1,FLAT 1,,4,HIGH STREET,E1 1AA\n", "abp.csv")
    spec = suggest_reference(dpa)
    assert (spec.lpi.sao_text, spec.lpi.pao_start_number, spec.lpi.street) == (
        "sub_building_name", "building_number", "thoroughfare")
    text = read_table(b"property_ref,Full Address\n100023,12 High St E8 1AA\n100024,"
                      b"14 High St E8 1AA\n", "list.csv")
    spec = suggest_reference(text)
    assert spec.uprn_column == "property_ref" and spec.address_columns == ("full_address",)


def test_a_list_without_uprns_is_refused_with_a_hint() -> None:
    table = read_table(b"Address,Postcode\n12 High St,E8 1AA\n", "list.csv")
    with pytest.raises(ConfigError, match="UPRN column") as info:
        suggest_reference(table)
    assert info.value.hint and "unique property reference" in info.value.hint


def test_uprns_are_cleaned_and_scientific_notation_is_refused() -> None:
    values = pl.Series(["10008239651.0", " 00123 ", "abc", None, "1234567890123"])
    assert clean_uprns(values, "x").to_list() == ["10008239651", "123", None, None, None]
    with pytest.raises(UploadError, match="scientific notation"):
        clean_uprns(pl.Series(["1.00023E+11"]), "list.csv")


def test_reference_rows_are_read_from_lpi_parts_and_the_pool_leaves_out_shells(
        gazetteer) -> None:
    frame, pool = reference_frame(gazetteer, suggest_reference(gazetteer), PoolPolicy())
    rows = {r["uprn"]: r for r in frame.iter_rows(named=True)}
    assert (rows["101"]["flat"], rows["101"]["number"]) == ("1", "45")  # the .0 float repaired
    assert (rows["102"]["flat"], rows["102"]["number"]) == ("2", "45")  # SAO as a number
    assert rows["103"]["number"] == "23A" and rows["104"]["number"] == "10-12"
    assert (rows["106"]["flat"], rows["106"]["number"]) == ("3", None)
    assert rows["106"]["words"] == ["MARLOWE", "HOUSE", "KINGSLAND", "ROAD"]
    assert rows["101"]["address"] == "FLAT 1, 45 MARE STREET, HACKNEY, LONDON E8 1AA"
    assert not rows["100"]["in_pool"] and rows["100"]["left_out"] == "parent shells"
    assert not rows["105"]["in_pool"] and rows["105"]["left_out"] == "garages"
    assert pool.candidates == 5 and pool.left_out == {"parent shells": 1, "garages": 1}
    assert "5 of the list's 7 addresses are candidates" in pool.describe()


def test_without_a_class_column_parents_of_other_rows_are_left_out(gazetteer) -> None:
    spec = suggest_reference(gazetteer)
    _, pool = reference_frame(gazetteer, replace(spec, class_column=None), PoolPolicy())
    assert pool.left_out == {"parent shells (UPRNs other rows name as their parent)": 1,
                             "addresses starting GARAGE": 1}


def test_records_are_read_with_their_ids_and_joined_lines(records, gazetteer) -> None:
    config = suggest_address_config(records, gazetteer)
    frame = record_frame(records, config.records)
    assert frame["unique_id"].to_list() == ["A1", "A2"]
    assert frame["address"][0] == "Flat 1, 45 Mare St, Hackney"
    assert (frame["flat"][1], frame["number"][1]) == ("3", None)
    assert frame["postcode"].to_list() == ["E8 1AA", None]
