"""The set-up of the address job: which columns hold what, and which reference rows are
candidates. Every change goes straight into the job's set-up (``AddressSession.update_config``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import polars as pl
import streamlit as st

from matching.address_match.config import AddressMatchConfig, LpiColumns, PoolPolicy
from matching.address_match.inputs import record_frame, reference_places
from matching.address_match.vocabulary import NON_RESIDENTIAL_CLASSES
from matching.errors import WorkbenchError
from matching.loading import LoadedTable
from ui.privacy import md, shown
from ui.session import AppState
from ui.widgets import show_error

NONE = "(none)"
NUMBERED = "(no ID column: number the rows 1, 2, 3...)"
CLASS_NAMES = {"PP": "parent shells (the building above its flats)", "RG": "garages",
               "RC": "car parking spaces", "RB": "ancillary buildings (sheds, stores)",
               "PS": "streets"}
LPI_LABELS = {"sao_text": "Flat, room or floor (SAO text)", "sao_start_number": "Flat number (SAO)",
              "pao_text": "Building name (PAO text)", "pao_start_number": "House number (PAO)",
              "pao_start_suffix": "House number letter", "pao_end_number": "End of a range",
              "street": "Street"}


def _label(table: LoadedTable) -> Callable[[str], str]:
    return lambda c: c if c in (NONE, NUMBERED) else table.original_columns.get(c, c)


def _pick(label: str, table: LoadedTable, current: str | None, key: str, *,
          empty: str = NONE, help: str | None = None) -> str | None:
    options = [empty, *table.frame.columns]
    chosen = st.selectbox(label, options, index=options.index(current) if current in options
                          else 0, format_func=_label(table), key=key, help=help)
    return None if chosen == empty else chosen


def _columns(label: str, table: LoadedTable, current: tuple[str, ...], key: str, *,
             help: str | None = None) -> tuple[str, ...]:
    chosen = st.multiselect(label, table.frame.columns, default=list(current),
                            format_func=_label(table), key=key, help=help)
    return tuple(chosen)


def setup_panel(state: AppState) -> None:
    """What each column holds, in both files, and the candidate pool."""
    job = state.workbench.addresses
    config, records, reference = job.config, job.records, job.reference
    assert config is not None and records is not None and reference is not None
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Your records:** {md(records.file_name)}")
        spec = config.records
        ident = _pick("Record ID", records, spec.id_column, "addresses.id", empty=NUMBERED,
                      help="Each record's ID appears in the results, so you can find it in "
                           "your own system.")
        address = _columns("Address (one column, or the address lines in order)", records,
                           spec.address_columns, "addresses.address",
                           help="Lines are joined in the order chosen.")
        postcode = _pick("Postcode (optional)", records, spec.postcode_column,
                         "addresses.postcode", help="A postcode found inside the address is "
                                                    "used too.")
        new_records = replace(spec, id_column=ident, address_columns=address,
                              postcode_column=postcode)
    with right:
        st.markdown(f"**Your reference list:** {md(reference.file_name)}")
        ref = config.reference
        uprn = _pick("UPRN", reference, ref.uprn_column, "addresses.uprn") or ref.uprn_column
        if ref.lpi.used:
            st.caption("The list's addresses are in parts, as in an LLPG or AddressBase extract:")
            lpi = ref.lpi
            changes: dict[str, Any] = {}
            for field, label in LPI_LABELS.items():
                changes[field] = _pick(label, reference, getattr(lpi, field),
                                       f"addresses.lpi.{field}")
            new_lpi = replace(lpi, **changes)
            text = ref.address_columns
        else:
            new_lpi = LpiColumns()
            text = _columns("Address (one column, or lines in order)", reference,
                            ref.address_columns, "addresses.ref_address")
        ref_postcode = _pick("Postcode", reference, ref.postcode_column, "addresses.ref_postcode")
        places = _columns("Locality and town (place names)", reference, ref.place_columns,
                          "addresses.places", help="Place names at the end of an address "
                          "(Dalston, London) say little once there is a street; naming them "
                          "here lets the workbench ignore them.")
        klass = _pick("Classification code (optional)", reference, ref.class_column,
                      "addresses.class", help="AddressBase / LLPG class: RD06 a flat, PP a "
                      "parent shell, RG a garage...")
        parent = _pick("Parent UPRN (optional)", reference, ref.parent_column, "addresses.parent")
        new_reference = replace(ref, uprn_column=uprn, lpi=new_lpi, address_columns=text,
                                postcode_column=ref_postcode, place_columns=places,
                                class_column=klass, parent_column=parent)
    st.markdown("**Which addresses of the list may be given**")
    exclude = st.multiselect(
        "Leave out these kinds of address (by classification code)",
        list(NON_RESIDENTIAL_CLASSES), default=list(config.pool.exclude_classes),
        format_func=lambda c: f"{c}: {CLASS_NAMES.get(c, c)}", key="addresses.exclude",
        disabled=new_reference.class_column is None,
        help="A person lives in a flat, not in the building above it (its parent shell), nor in "
             "a garage. Leaving these out stops a record being given the wrong one.")
    parents = st.checkbox("Without a classification code: leave out UPRNs that are the parent "
                          "of others", value=config.pool.exclude_parents,
                          key="addresses.exclude_parents",
                          disabled=new_reference.class_column is not None
                          or new_reference.parent_column is None)
    pool = PoolPolicy(exclude_classes=tuple(exclude), exclude_text=config.pool.exclude_text,
                      exclude_parents=parents)
    updated = replace(config, records=new_records, reference=new_reference, pool=pool)
    if updated != config:
        job.update_config(updated)


def parsed_preview(state: AppState, rows: int = 8) -> None:
    """How the workbench reads the first few records' addresses."""
    job = state.workbench.addresses
    assert job.records is not None and job.reference is not None and job.config is not None
    try:
        head = LoadedTable(job.records.frame.head(rows), job.records.file_name,
                           job.records.original_columns, job.records.sha256,
                           job.records.file_format)
        parsed = record_frame(head, job.config.records,
                              reference_places(job.reference, job.config.reference))
    except WorkbenchError as err:
        show_error(err)
        return
    view = parsed.select(
        pl.col("address").alias("address as written"), pl.col("postcode"),
        pl.col("flat"), pl.col("number").alias("house number"),
        pl.col("words").list.join(" ").alias("street and building words"))
    st.dataframe(shown(view, state), hide_index=True, key="addresses.parsed")
    st.caption("The workbench splits each address into the parts that decide which property it "
               "is. Flats matter most: 'Flat 3, 45 Kingsland Rd' and '3/45 Kingsland Road' are "
               "the same flat, and never flat 4. Town names at the end are ignored.")


def config_json(config: AddressMatchConfig) -> str:
    return config.to_json()
