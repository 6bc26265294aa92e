"""Addresses: give each record the UPRN of its address in the reference list."""

import polars as pl
import streamlit as st

from matching.address_match.explain import candidates, scored_pair, waterfall
from matching.address_match.results import STATUS_TEXT
from matching.errors import WorkbenchError
from matching.jobs import elapsed_text
from ui.address_charts import outcome_chart
from ui.address_setup import parsed_preview, setup_panel
from ui.address_view import shown_here
from ui.charts import waterfall_chart
from ui.page_end import end_page
from ui.privacy import md
from ui.session import bootstrap
from ui.widgets import intro, next_step, show_error

SHOWN_ROWS = 500
OUTCOMES = {"all": "all records", "given": "given a UPRN", "none": "no UPRN"}

state = bootstrap("addresses")
job = state.workbench.addresses
intro(
    "Addresses → UPRNs",
    "Each record gets the **UPRN** of its address in your reference list, with a **match "
    "weight** (how strongly the address agrees with the list's; each point doubles the odds), "
    "its **lead** over the next-best property, and a **reason** in words. A record gets no UPRN "
    "when nothing agrees well enough, or when two properties fit equally (for example "
    "'45 Mare Street' when the list has flats 1 to 6 at number 45).",
)
if not job.active:
    st.info("Start on the Data page: choose **Match addresses to a reference list**, then load "
            "your records and your reference list (or the sample data).")
    st.page_link("pages/data.py", label="Go to Data", icon=":material/upload_file:")
    end_page(state)

st.caption("The address job lives in this tab: it is not saved as a project yet, so a refresh "
           "or a new tab starts it again (download the results from the Export page).")
with st.expander("What each column holds", icon=":material/view_column:",
                 expanded=job.result is None):
    setup_panel(state)
    st.markdown("**How the workbench reads your records' addresses**")
    parsed_preview(state)

if st.button("Match addresses", type="primary", key="addresses.run", icon=":material/play_arrow:",
             disabled=job.running):
    try:
        job.start()
    except WorkbenchError as err:
        show_error(err)
    else:
        st.rerun()

running = job.job
if running is not None and not running.done:

    @st.fragment(run_every=1.0)
    def _progress() -> None:
        current = job.job
        if current is None or current.done:
            st.rerun()
        with st.status("Matching addresses...", expanded=True):
            st.progress(current.fraction, text=current.message)
            st.caption(f"Running for {elapsed_text(current.elapsed)}. You can look at other "
                       "pages meanwhile; the result appears here.")
            st.button("Cancel", key="addresses.cancel", icon=":material/stop:",
                      on_click=current.cancel, disabled=current.cancelling)

    _progress()
    end_page(state)
if running is not None and running.error is not None:
    if running.cancelled:
        st.info("The matching was cancelled. Press **Match addresses** to start again.")
    else:
        show_error(running.error)

result = job.result
if result is None:
    st.info("Check the columns above, then press **Match addresses**. On the sample data it "
            "takes about ten seconds.")
    end_page(state)

summary = job.summary()
rule = job.rule
st.subheader("What each record got")
cells = st.columns(4)
cells[0].metric("Records", f"{summary.records:,}")
cells[1].metric("Given a UPRN", f"{summary.given:,}", help=f"{summary.share_given:.1%} of the "
                f"records; {summary.exact:,} are written exactly as one address of the list.")
cells[2].metric("Two close candidates", f"{summary.ambiguous:,}",
                help=f"The best property leads the next by less than {rule.min_gap:g}.")
cells[3].metric("Not good enough", f"{summary.weak + summary.none:,}",
                help=f"Best match weight below {rule.min_weight:g} ({summary.weak:,}), or nothing "
                f"in the list shares a postcode, number or street word ({summary.none:,}).")
st.caption(md(result.pool.describe()) + (f" {result.repaired_words:,} misspelt words in the "
           "records were read as the list's nearest word." if result.repaired_words else ""))
st.plotly_chart(outcome_chart(summary), key="addresses.outcomes")
st.caption("Change the least weight and lead on the **Threshold** page; check the close calls "
           "on the **Review** page.")

decided = job.decided()
show = st.radio("Show", list(OUTCOMES), format_func=OUTCOMES.get, horizontal=True,
                key="addresses.show")
if show == "given":
    decided = decided.filter(pl.col("uprn").is_not_null())
elif show == "none":
    decided = decided.filter(pl.col("uprn").is_null())
table = decided.head(SHOWN_ROWS).select(
    pl.col("unique_id").alias("record"), pl.col("record_address").alias("address"),
    pl.col("uprn"), pl.col("candidate_address").alias("best candidate"),
    pl.col("match_weight").round(2).alias("weight"), pl.col("gap").round(2).alias("lead"),
    pl.col("status").replace_strict(STATUS_TEXT, default=None).alias("outcome"),
    pl.col("reason"))
event = st.dataframe(shown_here(table, state), hide_index=True, on_select="rerun",
                     selection_mode="single-row", key="addresses.table", height=320)
if decided.height > SHOWN_ROWS:
    st.caption(f"The first {SHOWN_ROWS:,} of {decided.height:,} records; the Export page has "
               "them all.")
picked = event["selection"]["rows"] if event else []

st.subheader("Look at a record")
ids = table["record"].to_list()
if not ids:
    st.info("No record to show.")
    end_page(state)
choice = ids[picked[0]] if picked else ids[0]
row = decided.filter(pl.col("unique_id") == choice).row(0, named=True)
st.markdown(f"**Record {md(choice)}:** {md(row['record_address'] or '')}")
st.info(md(row["reason"]), icon=":material/psychology:")
options = candidates(result, choice)
if options.height:
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Its candidates, best first**")
        weights = [float(w) for w in options["match_weight"].to_list()]
        low, high = min([*weights, 0.0]), max([*weights, 1.0])
        st.dataframe(shown_here(options.select(pl.col("match_weight").round(2).alias("weight"),
                                               "uprn", "address"), state),
                     hide_index=True, key="addresses.candidates",
                     column_config={"weight": st.column_config.ProgressColumn(
                         "weight", format="%.2f", min_value=low, max_value=high)})
        st.caption("Up to five properties of the list, each with its best address. The lead "
                   "is the gap between the first two weights.")
    record = scored_pair(result, choice, str(options["row_id"][0]))
    if record is not None:
        with right:
            st.plotly_chart(waterfall_chart(waterfall(result, record)), key="addresses.waterfall")
            st.caption("From the starting point (one address out of the whole list), each "
                       "comparison adds or takes away; the last bar is the match weight.")
next_step("pages/threshold.py", "Next: choose the least weight and lead")
