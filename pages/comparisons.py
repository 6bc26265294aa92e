"""Step 4 — Comparisons: how each column is compared, level by level."""

from dataclasses import replace

import streamlit as st

from matching.comparisons import CATALOGUE, DEFAULT_KIND_BY_ROLE, TF_BY_DEFAULT, comparison_levels
from matching.config import ComparisonKind, ComparisonSpec
from matching.settings import comparison_context
from ui.comparisons_view import (
    TF_SENTENCE,
    code_panel,
    kinds_for,
    options,
    playground,
    warnings_panel,
)
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files

state = bootstrap("comparisons")
config = require_files(state)
wb = state.workbench
intro(
    "4. Comparisons",
    "For every pair, each column is compared and put into a **level** of agreement, from "
    "exactly the same down to completely different. The model then learns how much each "
    "level says about whether two records are the same person: agreeing on a rare surname "
    "counts for more than agreeing on sex. Choose the kind of comparison that fits each "
    "column; the levels are listed in the order they are checked.",
)

ctx = comparison_context(config)
st.caption(TF_SENTENCE)
updated = []
for spec in config.comparisons:
    kinds = kinds_for(config, spec)
    with st.container(border=True):
        cells = st.columns([2, 3, 2], vertical_alignment="center")
        cells[0].markdown(f"**{spec.column}**")
        kind = cells[1].selectbox(
            "Compare as", kinds, index=kinds.index(spec.kind),
            format_func=lambda k: CATALOGUE[k].label, key=f"comparisons.{spec.column}.kind",
        )
        tf = cells[2].checkbox(
            "Adjust for common values", value=spec.term_frequency,
            key=f"comparisons.{spec.column}.tf",
            help="Agreeing on a common value (Smith, Begum, Patel) counts for less than "
            "agreeing on a rare one. Helps with names and postcodes.",
        )
        new = replace(spec, kind=kind, term_frequency=tf)
        if kind is not spec.kind:
            new = replace(new, thresholds=(), postcode_parts=(), other_column=None)
        if not cells[0].checkbox("compare", value=True, key=f"comparisons.{spec.column}.keep",
                                 help="Untick to leave this column out of the model."):
            continue
        st.caption(CATALOGUE[kind].summary)
        if new.kind is spec.kind:
            new = options(config, new)
        updated.append(new)
        levels = comparison_levels(new, ctx)
        st.markdown("\n".join(f"{i}. {level.description}" for i, level in enumerate(levels)))
        if new == spec:
            playground(state, spec)

if tuple(updated) != config.comparisons:
    wb.update_config(config.with_changes(comparisons=tuple(updated)))
    st.rerun()

compared = {c.column for c in config.comparisons}
if ctx.postcode_column and any(
    c.kind is ComparisonKind.ADDRESS_AND_POSTCODE for c in config.comparisons
):
    compared.add(ctx.postcode_column)
    st.caption(f"`{ctx.postcode_column}` is compared as part of the address comparison.")
spare = [c for c in config.used_columns if c.name not in compared]
if spare:
    with st.container(border=True):
        st.markdown("**Columns in use that are not compared:** "
                    + ", ".join(f"`{c.name}`" for c in spare))
        pick = st.selectbox("Compare this column too", [c.name for c in spare],
                            key="comparisons.add.column")
        if st.button("Add comparison", key="comparisons.add", icon=":material/add:"):
            column = config.column(pick)
            spec = ComparisonSpec(pick, DEFAULT_KIND_BY_ROLE.get(column.role, ComparisonKind.EXACT),
                                  column.role in TF_BY_DEFAULT)
            wb.update_config(config.with_changes(comparisons=(*config.comparisons, spec)))
            st.session_state.pop(f"comparisons.{pick}.keep", None)
            st.rerun()
if not config.comparisons:
    st.warning("No columns are compared. Tick some columns on the Columns page.")
else:
    warnings_panel(state)
    code_panel(state)
next_step("pages/train.py", "Next: train the model and find matches")
