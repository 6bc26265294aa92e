"""Which columns of the two files hold what, suggested from their headers and values.

Records: the ID, the address (one column or address lines, in file order) and the postcode.
Reference list: the UPRN, the address as LPI parts (``SAO_TEXT``, ``PAO_START_NUMBER``,
``STREET_DESCRIPTION``...; AddressBase's ``BUILDING_NAME``, ``THOROUGHFARE``... too) or as text,
the postcode, places (locality, town), the classification code and the parent UPRN.
"""

from __future__ import annotations

import re
from dataclasses import fields

import polars as pl

from matching.address_match.config import (
    AddressMatchConfig,
    LpiColumns,
    RecordsSpec,
    ReferenceSpec,
)
from matching.cleaning_postcodes import POSTCODE_IN_TEXT
from matching.errors import ConfigError
from matching.loading import LoadedTable
from matching.suggest import resolve_column, suggest_id_column

_POSTCODE = re.compile(r"^(post ?code|postcode locator|post code|pcode|postal code|zip)( text)?$"
                       r"|post ?code")
_ADDRESS = re.compile(r"addr|address|^line ?\d|street|road|premises|property address|house")
_NOT_ADDRESS = re.compile(r"e ?mail|\bip\b|web|url|post ?code|uprn|usrn|town|city|county|"
                          r"locality|country")
_UPRN = re.compile(r"^(uprn|unique property reference number( uprn)?|property reference "
                   r"number|property ref|uprn number)$")
_PLACE = re.compile(r"^(locality|locality name|town|town name|post town|city|district|area)$")
_CLASS = re.compile(r"^(class|classification|classification code|blpu class|class code)$")
_PARENT = re.compile(r"^(parent uprn|parent)$")
#: LPI field -> header names it goes by (LLPG / AddressBase LPI, and AddressBase DPA names).
LPI_HEADERS: dict[str, tuple[str, ...]] = {
    "sao_text": ("sao text", "sub building name", "sub building"),
    "sao_start_number": ("sao start number", "sao start"),
    "sao_start_suffix": ("sao start suffix",),
    "sao_end_number": ("sao end number", "sao end"),
    "sao_end_suffix": ("sao end suffix",),
    "pao_text": ("pao text", "building name"),
    "pao_start_number": ("pao start number", "pao start", "building number"),
    "pao_start_suffix": ("pao start suffix",),
    "pao_end_number": ("pao end number", "pao end"),
    "pao_end_suffix": ("pao end suffix",),
    "street": ("street description", "street name", "street", "thoroughfare",
               "thoroughfare name"),
}


def header(name: str) -> str:
    """A header in lower case with single spaces for punctuation ("SAO_TEXT" → "sao text")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def _headers(table: LoadedTable) -> dict[str, str]:
    """Internal column name -> normalised original header."""
    return {c: header(table.original_columns.get(c, c)) for c in table.frame.columns}


def _first(headers: dict[str, str], pattern: re.Pattern[str]) -> str | None:
    return next((c for c, h in headers.items() if pattern.search(h)), None)


def _share(series: pl.Series, pattern: str) -> float:
    values = series.drop_nulls().head(2000)
    return int(values.str.contains(pattern).sum()) / values.len() if values.len() else 0.0


def postcode_column(table: LoadedTable) -> str | None:
    """A column named like a postcode, or whose values mostly are postcodes."""
    headers = _headers(table)
    named = _first(headers, _POSTCODE)
    if named:
        return named
    pattern = r"(?i)^\s*" + POSTCODE_IN_TEXT.pattern.replace(r"\b", "") + r"\s*$"
    return next((c for c in table.frame.columns if _share(table.frame[c], pattern) > 0.6), None)


def address_columns(table: LoadedTable, skip: set[str]) -> tuple[str, ...]:
    """The address column(s) in file order: headers like Address, Address Line 2, Street;
    failing that, columns whose values look like "12 High Street"."""
    headers = _headers(table)
    named = tuple(c for c, h in headers.items()
                  if c not in skip and _ADDRESS.search(h) and not _NOT_ADDRESS.search(h))
    if named:
        return named
    looks = r"(?i)\d+[a-z]?\s+\w+.*\b(road|street|lane|avenue|close|way|house|court|rd|st)\b"
    return tuple(c for c in table.frame.columns
                 if c not in skip and _share(table.frame[c], looks) > 0.5)


def uprn_column(table: LoadedTable) -> str | None:
    """A column named UPRN, or one of whole numbers of 1 to 12 digits that are all different."""
    headers = _headers(table)
    named = _first(headers, _UPRN)
    if named:
        return named
    for column in table.frame.columns:
        values = table.frame[column].drop_nulls()
        if values.len() and _share(values, r"^\s*\d{5,12}(\.0+)?\s*$") > 0.95 \
                and values.n_unique() > 0.9 * values.len():
            return column
    return None


def lpi_columns(table: LoadedTable) -> LpiColumns:
    """The LPI parts the reference list has, by their headers."""
    headers = _headers(table)
    found: dict[str, str] = {}
    for name in (f.name for f in fields(LpiColumns)):
        for alias in LPI_HEADERS[name]:
            column = next((c for c, h in headers.items() if h == alias), None)
            if column is not None:
                found[name] = column
                break
    return LpiColumns(**found)


def suggest_records(table: LoadedTable, id_column: str | None = None) -> RecordsSpec:
    """The records' ID, address and postcode columns."""
    identifier = resolve_column(table, id_column) if id_column else suggest_id_column(table)
    postcode = postcode_column(table)
    skip = {c for c in (identifier, postcode) if c}
    address = address_columns(table, skip)
    if not address:
        raise ConfigError(
            f"The workbench could not find the address in {table.file_name}.",
            hint="Choose the column (or address lines) holding each record's address.")
    return RecordsSpec(file_name=table.file_name, address_columns=address, id_column=identifier,
                       postcode_column=postcode, sha256=table.sha256, rows=table.frame.height)


def suggest_reference(table: LoadedTable) -> ReferenceSpec:
    """The reference list's UPRN, address (LPI parts or text), postcode, places, class and
    parent columns."""
    uprn = uprn_column(table)
    if uprn is None:
        raise ConfigError(
            f"The workbench could not find the UPRN column in {table.file_name}.",
            hint="The reference list needs a column of UPRNs (unique property reference "
                 "numbers) beside each address: choose it on the Addresses page.")
    headers = _headers(table)
    lpi = lpi_columns(table)
    postcode = postcode_column(table)
    places = tuple(c for c, h in headers.items() if _PLACE.match(h))
    used = {uprn, *(c for c in (postcode,) if c), *places, *lpi.columns().values()}
    address: tuple[str, ...] = () if lpi.used else address_columns(table, used)
    if not lpi.used and not address:
        raise ConfigError(
            f"The workbench could not find the addresses in {table.file_name}.",
            hint="Choose the address column, or the street, building name and number columns.")
    return ReferenceSpec(
        file_name=table.file_name, uprn_column=uprn, address_columns=address, lpi=lpi,
        postcode_column=postcode, place_columns=places,
        class_column=_first(headers, _CLASS), parent_column=_first(headers, _PARENT),
        sha256=table.sha256, rows=table.frame.height,
    )


def suggest_address_config(records: LoadedTable, reference: LoadedTable, *,
                           id_column: str | None = None) -> AddressMatchConfig:
    """The suggested set-up for matching ``records`` to ``reference``."""
    return AddressMatchConfig(suggest_records(records, id_column), suggest_reference(reference))
