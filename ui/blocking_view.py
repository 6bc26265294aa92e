"""Widgets of the Blocking step: the rule list, the rule builder and the pair budget."""

from __future__ import annotations

import streamlit as st

from matching.blocking import BlockingSummary, describe_key, suggest_blocking
from matching.config import BlockingKey, BlockingRuleSpec, Transform
from matching.roles import Role
from ui.session import AppState

TRANSFORM_LABELS = {
    Transform.EXACT: "the whole value",
    Transform.FIRST_LETTERS: "the first letters",
    Transform.PHONETIC: "how it sounds (names)",
    Transform.YEAR: "the year (dates)",
    Transform.POSTCODE_DISTRICT: "the postcode district",
    Transform.POSTCODE_SECTOR: "the postcode sector",
}
NAME_ROLES = {Role.FIRST_NAME, Role.SURNAME, Role.FULL_NAME}


def rules_table(state: AppState, summary: BlockingSummary) -> None:
    """Each rule with the pairs it adds, and a button to remove it."""
    wb = state.workbench
    assert wb.config is not None
    for i, count in enumerate(summary.rules):
        cells = st.columns([6, 2, 2, 2], vertical_alignment="center")
        cells[0].markdown(f"**{i + 1}.** {count.description}")
        cells[1].markdown(f"adds {count.pairs:,} pairs")
        cells[2].markdown(f"total {count.cumulative:,}")
        if cells[3].button("Remove", key=f"blocking.remove.{i}", icon=":material/close:"):
            rules = tuple(r for j, r in enumerate(wb.config.blocking) if j != i)
            wb.update_config(wb.config.with_changes(blocking=rules))
            st.rerun()
    if st.button("Restore the suggested rules", key="blocking.restore",
                 icon=":material/restart_alt:"):
        wb.update_config(wb.config.with_changes(blocking=suggest_blocking(wb.workspace, wb.config)))
        st.rerun()


def _transforms(role: Role) -> list[Transform]:
    options = [Transform.EXACT, Transform.FIRST_LETTERS]
    if role in NAME_ROLES:
        options.append(Transform.PHONETIC)
    if role is Role.DATE_OF_BIRTH:
        options.append(Transform.YEAR)
    if role is Role.POSTCODE:
        options += [Transform.POSTCODE_DISTRICT, Transform.POSTCODE_SECTOR]
    return options


def add_rule_form(state: AppState) -> BlockingRuleSpec | None:
    """Build a rule by picking the columns records must agree on."""
    wb = state.workbench
    assert wb.config is not None
    columns = {c.name: c for c in wb.config.used_columns}
    st.subheader("Add a rule")
    chosen = st.multiselect("Records must agree on", list(columns), key="blocking.new.columns",
                            placeholder="Pick one or more columns")
    keys = []
    for name in chosen:
        cells = st.columns([2, 1])
        options = _transforms(columns[name].role)
        transform = cells[0].selectbox(f"Use from {name}", options,
                                       format_func=lambda t: TRANSFORM_LABELS[t],
                                       key=f"blocking.new.{name}.transform")
        length = 1
        if transform is Transform.FIRST_LETTERS:
            length = int(cells[1].number_input("How many letters", 1, 10, 1,
                                               key=f"blocking.new.{name}.length"))
        keys.append(BlockingKey(name, transform, length))
    if keys:
        st.caption("The rule: same " + " and ".join(describe_key(k) for k in keys) + ".")
    if st.button("Add rule", key="blocking.new.add", disabled=not keys, icon=":material/add:"):
        return BlockingRuleSpec(tuple(keys))
    return None


def budget_setting(state: AppState) -> None:
    """The most pairs a run may create on this computer."""
    wb = state.workbench
    assert wb.config is not None
    with st.expander("Pair limit", icon=":material/speed:"):
        st.caption("Runs that would compare more pairs than this are stopped before they "
                   "start, so the computer does not grind to a halt. About 50 million pairs "
                   "take a few minutes on a typical laptop.")
        budget = st.number_input("Most pairs allowed", min_value=1_000, max_value=2_000_000_000,
                                 value=wb.config.pair_budget, step=1_000_000,
                                 key="blocking.budget")
        if int(budget) != wb.config.pair_budget:
            wb.update_config(wb.config.with_changes(pair_budget=int(budget)))
            st.rerun()
