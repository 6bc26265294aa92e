"""You vs the model: label a handful of pairs blind, then compare with the model."""

import polars as pl
import streamlit as st

from matching.teaching import address_pairs, draw_round, person_pairs
from ui.page_end import end_page
from ui.session import bootstrap
from ui.teaching_view import known_answers, labelling, round_results
from ui.widgets import intro

state = bootstrap("teaching")
wb = state.workbench
job = wb.addresses
addresses = job.active
intro(
    "You vs the model",
    "A bootcamp exercise for data whose answers are known (the sample data, or a file with a "
    "truth column). You see a handful of pairs **without the score** and say whether they are "
    + ("the same property" if addresses else "the same person")
    + "; then your accuracy is shown beside the model's on the same pairs, with the pairs "
    "where either of you got it wrong and why the model scored them as it did. Each browser "
    "tab has its own round, so a whole cohort can play on one shared server.",
)

# --- the pairs with known answers ---------------------------------------------------------------
if addresses:
    if job.result is None:
        st.info("Match the addresses first (Addresses page).")
        st.page_link("pages/addresses.py", label="Go to Addresses", icon=":material/home_pin:")
        end_page(state)
    if job.known().height == 0:
        st.info("This exercise needs known UPRNs: use the sample data, or choose a column of "
                "known UPRNs on the Threshold page.")
        end_page(state)
    threshold = job.rule.min_weight

    def known_pairs() -> pl.DataFrame:
        return address_pairs(job.best(), job.known(), job.decided())
else:
    if wb.result is None or wb.config is None:
        st.info("Train the model first (Train & match page), on the sample data or on files "
                "with a truth column.")
        st.page_link("pages/train.py", label="Go to Train & match",
                     icon=":material/model_training:")
        end_page(state)
    if wb.known_matches is None or len(wb.known_matches) == 0:
        known_answers(state)
        end_page(state)
    result, known = wb.result, wb.known_matches
    threshold = result.threshold

    def known_pairs() -> pl.DataFrame:
        with result.workspace.lock:
            return person_pairs(result.con, result.predictions_table, known)

# --- a round ------------------------------------------------------------------------------------
cells = st.columns([1, 2])
size = int(cells[0].number_input("Pairs in a round", min_value=4, max_value=30, value=10,
                                 step=2, key="teaching.size"))
if cells[1].button("Start a new round", type="primary", key="teaching.start",
                   icon=":material/casino:"):
    state.teaching = draw_round(known_pairs(), threshold, size=size)
    if state.teaching is None:
        st.warning("There are too few pairs with known answers for a round.")
round_ = state.teaching
if round_ is None:
    st.info("Press **Start a new round**: pairs are drawn from the scored pairs whose answer "
            "is known, half of them matches, most of them close calls.")
    end_page(state)

if not round_.done:
    labelling(state, round_, addresses=addresses)
    end_page(state)
round_results(state, round_, addresses=addresses, threshold=threshold)
