"""Step 3 — Blocking: which pairs of records are compared at all."""

import streamlit as st

from matching.blocking import describe_rule
from matching.errors import WorkbenchError
from ui.blocking_view import (
    add_rule_form,
    budget_setting,
    largest_blocks_panel,
    over_budget,
    reach_panel,
    recall_panel,
    rules_table,
    sql_rule_form,
)
from ui.charts import blocking_chart
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files, show_error

state = bootstrap("blocking")
require_files(state)
wb = state.workbench
intro(
    "3. Blocking",
    "Comparing every record with every other record would take far too long, so the "
    "workbench only compares pairs that agree on something: these are the **blocking rules**. "
    "A pair is compared if it satisfies **any** rule. Good rules are loose enough to catch "
    "true matches despite typos (use several rules on different columns) and strict enough "
    "to keep the number of pairs manageable. Each rule's count is what it adds on top of the "
    "rules above it.",
)

try:
    summary = wb.blocking_summary()
except WorkbenchError as err:
    show_error(err)
    st.stop()

rules_table(state, summary)
if summary.rules:
    st.plotly_chart(blocking_chart(summary), key="blocking.chart")
estimate = " (estimated from a 5% sample)" if summary.is_estimate else ""
st.metric(
    "Pairs to compare" + estimate, f"{summary.total_pairs:,}",
    help=f"Out of {summary.total_possible:,} possible pairs "
    f"({summary.share_of_possible:.4%}).",
)
if not summary.rules:
    st.error("There are no rules, so no pairs would be compared. Add a rule below.")
elif not summary.within_budget:
    over_budget(state, summary)
else:
    st.caption(f"Within the limit of {summary.budget:,} pairs (change it under 'Pair limit').")
if summary.rules:
    reach_panel(state)
if summary.is_estimate and st.button("Count exactly", key="blocking.exact",
                                     help="Slower on large files."):
    exact = wb.blocking_summary(exact=True)
    st.info(f"Exact count: {exact.total_pairs:,} pairs.")
largest_blocks_panel(state, summary)

new_rule = add_rule_form(state)
if new_rule is not None:
    config = require_files(state)  # as the panels above left it
    if new_rule in config.blocking:
        st.warning(f"'{describe_rule(new_rule)}' is already a rule.")
    else:
        wb.update_config(config.with_changes(blocking=(*config.blocking, new_rule)))
        st.rerun()
sql_rule_form(state)
budget_setting(state)
recall_panel(state)
next_step("pages/comparisons.py", "Next: choose how columns are compared")
