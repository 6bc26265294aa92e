"""Households: people grouped by the property they live at."""

import polars as pl
import streamlit as st

from matching.households.grouping import (
    file_presence,
    flagged,
    household_members,
    only_in,
    people_in_several,
    size_distribution,
)
from matching.households.view import HouseholdView
from ui.address_charts import file_presence_chart, household_size_chart
from ui.address_view import shown_here
from ui.households_view import people_households
from ui.page_end import end_page
from ui.privacy import md
from ui.session import bootstrap
from ui.values import number
from ui.widgets import intro, next_step

state = bootstrap("households")
wb = state.workbench
job = wb.addresses
intro(
    "Households",
    "People grouped by the **property** they live at: its UPRN where one was found with "
    "confidence, or else its cleaned address. A household counts **people**, not records: "
    "someone in both files counts once. Use it to understand the make-up of households, to "
    "find addresses with implausibly many people (hostels, houses in multiple occupation, care "
    "homes, or data errors), and, with two files, the households found in only one of them "
    "(paying council tax but not claiming housing benefit, say).",
)
view = state.households if state.households is not None else HouseholdView()
state.households = view

if job.active:
    if job.result is None:
        st.info("Match the addresses first: households are built from the UPRNs given.")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        end_page(state)
    st.caption("Each record of your address file is one person, at the UPRN it was given (or "
               "its cleaned address where it got none).")
    households = view.for_address_job(job)
elif wb.result is not None and wb.config is not None:
    households = people_households(state, view)
else:
    st.info("Households are built from matched people (train the model on the Train & match "
            "page) or from an address job (choose **Match addresses to a reference list** on "
            "the Data page).")
    st.page_link("pages/data.py", label="Go to Data", icon=":material/upload_file:")
    end_page(state)

large = int(st.number_input("Flag addresses with at least this many people", min_value=3,
                            max_value=50, value=view.large, step=1, key="households.large",
                            help="England's average household has 2.4 people; hostels, care "
                                 "homes and houses in multiple occupation have many more."))
if large != view.large:
    view.large = large
    st.rerun()

table = households.table
with_uprn = int((table["key_kind"] == "uprn").sum())
cells = st.columns(4)
cells[0].metric("Households", f"{households.count:,}")
cells[1].metric("People", f"{households.people:,}")
cells[2].metric("Average size", f"{number(table['people'].mean(), 0.0):.2f}",
                help="People per household.")
cells[3].metric("Placed by UPRN", f"{with_uprn:,}", help="The others are grouped by their "
                "cleaned address, a weaker key.")
st.plotly_chart(household_size_chart(size_distribution(households)), key="households.sizes")
st.caption("How to read it: most homes hold one to four people. A long tail of big households "
           "means shared homes, or records piling up at one address.")

busy = flagged(households)
st.subheader(f"Addresses to look at ({busy.height:,})")
if busy.height:
    st.dataframe(shown_here(busy.select("household_id", "uprn", "address", "people", "records",
                                        "flag"), state), hide_index=True, key="households.busy")
    st.caption("Implausibly many people at one address: a hostel, care home or house in "
               "multiple occupation (check its classification in your gazetteer), people who "
               "left without the record being closed, or a data error.")
else:
    st.caption(f"No address holds {large} people or more.")

if len(households.datasets) > 1:
    st.subheader("Households split across files")
    presence = file_presence(households)
    st.plotly_chart(file_presence_chart(presence), key="households.presence")
    pick = st.selectbox("Households found in only one file", households.datasets,
                        format_func=lambda n: f"only in {n}", key="households.only")
    alone = only_in(households, pick)
    st.dataframe(shown_here(alone.select("household_id", "uprn", "address", "people",
                                         "records").head(500), state),
                 hide_index=True, key="households.alone")
    moved = people_in_several(households)
    st.caption(f"{alone.height:,} households have records only in {md(pick)}. "
               f"{moved.height:,} people have records at more than one property (moved "
               "house, or an address written differently in the two files).")

st.subheader("Who lives where")
ids = table["household_id"].to_list()
if ids:
    described = {r["household_id"]: f"{r['household_id']} — {r['people']} people · "
                 f"{r['records']} records" for r in table.head(2000).iter_rows(named=True)}
    choice = st.selectbox("Look at a household (largest first)", list(described),
                          format_func=lambda h: described[h], key="households.pick")
    row = table.filter(pl.col("household_id") == choice).row(0, named=True)
    st.markdown(f"**{md(row['address'] or 'No address')}** · UPRN {md(row['uprn'] or 'none')}"
                + (f" · {md(row['flag'])}" if row["flag"] else ""))
    st.dataframe(shown_here(household_members(households, choice), state), hide_index=True,
                 key="households.members")
next_step("pages/export.py", "Next: export one row per household")
