"""Widgets of the Blocking step: the rule list, the rule builder and the pair budget."""

from __future__ import annotations

import streamlit as st

from matching.blocking import BlockingSummary, block_advice, column_label, describe_key
from matching.blocking_suggest import describe_estimate, suggest_blocking
from matching.config import BlockingKey, BlockingRuleSpec, Transform
from matching.errors import UploadError, WorkbenchError
from matching.known_matches import KnownMatches
from matching.loading import read_table
from matching.prepare import prepared_column_names
from matching.roles import Role
from matching.sql_rules import allowed_functions, validate_sql_rule
from ui.session import AppState
from ui.widgets import show_error

TRANSFORM_LABELS = {
    Transform.EXACT: "the whole value",
    Transform.FIRST_LETTERS: "the first letters",
    Transform.PHONETIC: "how it sounds (names)",
    Transform.YEAR: "the year (dates)",
    Transform.POSTCODE_DISTRICT: "the postcode district",
    Transform.POSTCODE_SECTOR: "the postcode sector",
    Transform.LAST_LETTERS: "the last characters",
    Transform.HOUSE_NUMBERS: "the house and flat numbers (addresses)",
}
NAME_ROLES = {Role.FIRST_NAME, Role.SURNAME, Role.FULL_NAME}


def _move(state: AppState, i: int, step: int) -> None:
    wb = state.workbench
    assert wb.config is not None
    rules = list(wb.config.blocking)
    j = i + step
    if 0 <= j < len(rules):
        rules[i], rules[j] = rules[j], rules[i]
        wb.update_config(wb.config.with_changes(blocking=tuple(rules)))
        st.rerun()


def rules_table(state: AppState, summary: BlockingSummary) -> None:
    """Each rule with the pairs it adds, buttons to move it up or down, and to remove it."""
    wb = state.workbench
    assert wb.config is not None
    last = len(summary.rules) - 1
    for i, count in enumerate(summary.rules):
        cells = st.columns([6, 2, 2, 1, 1, 2], vertical_alignment="center")
        text = f"`{count.rule.sql}`" if count.rule.sql else count.description
        cells[0].markdown(f"**{i + 1}.** {'SQL rule: ' if count.rule.sql else ''}{text}")
        cells[1].markdown(f"adds {count.pairs:,} pairs")
        cells[2].markdown(f"total {count.cumulative:,}")
        if cells[3].button("", key=f"blocking.up.{i}", icon=":material/arrow_upward:",
                           disabled=i == 0, help="Move this rule up"):
            _move(state, i, -1)
        if cells[4].button("", key=f"blocking.down.{i}", icon=":material/arrow_downward:",
                           disabled=i == last, help="Move this rule down"):
            _move(state, i, 1)
        if cells[5].button("Remove", key=f"blocking.remove.{i}", icon=":material/close:"):
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
    if role is Role.ADDRESS:
        options.append(Transform.HOUSE_NUMBERS)
    options.append(Transform.LAST_LETTERS)
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
        if transform in (Transform.FIRST_LETTERS, Transform.LAST_LETTERS):
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


#: Below this estimated share of true matches reached, the page suggests another rule.
GOOD_REACH = 0.99


def reach_panel(state: AppState) -> None:
    """How many true matches the rules should reach, estimated without labels."""
    wb = state.workbench
    try:
        estimate = wb.recall_estimate()
    except WorkbenchError as err:
        show_error(err)
        return
    if not estimate.estimated_columns:
        st.caption(describe_estimate(estimate))
        return
    st.metric(
        "True matches these rules should reach (estimated)", f"about {estimate.recall:.1%}",
        help="Estimated without labels: pairs of records that agree on several columns are "
        "almost surely the same person, and how often those pairs agree on each rule's "
        "columns shows how many true matches the rules compare. A true match the rules never "
        "compare can never be found by the model, however good it is.",
    )
    notes = []
    if estimate.guessed_columns:
        notes.append("Too few pairs to measure " + ", ".join(
            column_label(c) for c in estimate.guessed_columns) + ": cautious guesses are used.")
    if estimate.sql_rules_left_out:
        notes.append("SQL rules are not included in the estimate.")
    st.caption(f"From {estimate.anchor_pairs:,} pairs that agree on several columns. "
               + " ".join(notes))
    if estimate.recall < GOOD_REACH:
        st.warning(
            f"About {1 - estimate.recall:.1%} of true matches would never be compared, so the "
            "model cannot find them. A rule on columns the others do not use may catch some "
            "(for example the date of birth with the first letter of the surname, or a "
            "reference number).", icon=":material/warning:")


def over_budget(state: AppState, summary: BlockingSummary) -> None:
    """The refusal, with a concrete stricter rule and a button to use it."""
    wb = state.workbench
    assert wb.config is not None
    worst = max(summary.rules, key=lambda r: r.pairs)
    st.error(
        f"Too many pairs: {summary.total_pairs:,} is over the limit of {summary.budget:,}. "
        f"'{worst.description}' creates the most ({worst.pairs:,}). "
        "The run is blocked until the rules are stricter or the limit is raised."
    )
    tighter = wb.tighter_rule()
    if tighter is None:
        st.caption("Suggestion: add another column to that rule, or remove it.")
        return
    st.markdown(f"**Suggestion:** {tighter.advice}")
    if st.button("Use the suggested rule", key="blocking.tighten", icon=":material/tune:"):
        rules = list(wb.config.blocking)
        rules[tighter.index] = tighter.new
        wb.update_config(wb.config.with_changes(blocking=tuple(rules)))
        st.rerun()


def largest_blocks_panel(state: AppState, summary: BlockingSummary) -> None:
    """The values of one rule that make the most pairs, with advice."""
    wb = state.workbench
    keyed = [(i, c) for i, c in enumerate(summary.rules) if not c.rule.sql]
    if not keyed:
        return
    with st.expander("Largest groups: which values make the most pairs",
                     icon=":material/group_work:"):
        st.caption("Records that share a rule's value are all compared with each other, so one "
                   "very common value (a placeholder date, a hostel address) can make most of "
                   "the pairs. These are the five biggest groups of the rule you pick.")
        labels = {i: f"{i + 1}. {c.description}" for i, c in keyed}
        pick = st.selectbox("Rule", list(labels), format_func=labels.__getitem__,
                            key="blocking.blocks.rule")
        count = summary.rules[pick]
        blocks = wb.largest_blocks(count.rule)
        if not blocks:
            st.info("No two records share a value of this rule.")
            return
        for b in blocks:
            st.markdown(f"- **{b.label}**: {b.records:,} records, {b.pairs:,} pairs")
        advice = block_advice(blocks, count.pairs)
        if advice:
            st.warning(advice, icon=":material/warning:")
        else:
            st.success("No single value dominates this rule.", icon=":material/check:")


def sql_rule_form(state: AppState) -> None:
    """Advanced: a rule written as a SQL condition, checked before it is added."""
    wb = state.workbench
    assert wb.config is not None
    with st.expander("Advanced: write a rule in SQL", icon=":material/code:"):
        st.caption(
            "One condition on a pair of records: `l.` is the left record and `r.` the right "
            "one, e.g. `l.surname = r.surname AND levenshtein(l.first_name, r.first_name) <= 1`. "
            "Only column names, values, comparisons, AND/OR/NOT and these functions are "
            "allowed: " + ", ".join(allowed_functions()) + ". Rules without an exact match "
            "on some column (only fuzzy conditions) compare every pair and are slow."
        )
        columns = prepared_column_names(wb.config)
        st.caption("Columns: " + ", ".join(f"`{c}`" for c in columns))
        text = st.text_area("SQL condition", key="blocking.sql.text", height=80)
        if st.button("Check and add SQL rule", key="blocking.sql.add", icon=":material/add:"):
            try:
                sql = validate_sql_rule(text, columns)
            except WorkbenchError as err:
                show_error(err)
                return
            rule = BlockingRuleSpec((), sql=sql)
            if rule in wb.config.blocking:
                st.warning("This SQL rule is already a rule.")
                return
            wb.update_config(wb.config.with_changes(blocking=(*wb.config.blocking, rule)))
            st.rerun()


def _common_raw_columns(state: AppState) -> dict[str, str]:
    """Columns every loaded file has, internal name -> the header people know."""
    tables = state.workbench.tables
    common = [c for c in tables[0].frame.columns if all(c in t.frame.columns for t in tables)]
    return {c: tables[0].original_columns.get(c, c) for c in common}


def recall_panel(state: AppState) -> None:
    """Known matches the rules would never compare."""
    wb = state.workbench
    assert wb.config is not None
    with st.expander("Check the rules against known matches", icon=":material/fact_check:"):
        st.caption(
            "If you already know some records that are the same person, the workbench can say "
            "how many of those pairs the rules would never compare: the model can never find "
            "them. Give either a file of known pairs (Splink's labels format: "
            "source_dataset_l, unique_id_l, source_dataset_r, unique_id_r, "
            "clerical_match_score) or one row per record (source_dataset, record_id, "
            "person_id), or pick a column of your files that holds a trusted person ID."
        )
        upload = st.file_uploader("Known matches (CSV)", type=["csv"], key="blocking.known.file")
        if upload is not None and upload.file_id != state.known_upload_id:
            state.known_upload_id = upload.file_id
            try:
                wb.known_matches = KnownMatches.from_table(read_table(upload.getvalue(), upload.name))
            except UploadError as err:
                show_error(err)
        raw = _common_raw_columns(state)
        options = ["", *raw]
        column = st.selectbox("…or a column holding a person ID", options,
                              format_func=lambda c: raw.get(c, "(none)"),
                              key="blocking.known.column")
        if column and column != state.known_column:
            state.known_column = column
            wb.known_matches = KnownMatches.from_columns(wb.tables, wb.config,
                                                         [column] * len(wb.tables))
        if wb.known_matches is None and not len(wb.labels):
            return
        source = wb.all_known_matches().source
        if len(wb.labels):
            st.caption("Your review labels count as known answers too.")
        recall = wb.blocking_recall()
        if recall.known_matches == 0:
            st.warning(f"None of the known matches (from {source}) are "
                       "pairs of records in the loaded files.")
            return
        st.metric("Known matches the rules compare", f"{recall.found:,} of "
                  f"{recall.known_matches:,}", help=f"From {source}.")
        if recall.missed:
            st.warning(
                f"The rules would never compare {recall.missed:,} of the "
                f"{recall.known_matches:,} known matching pairs ({1 - recall.recall:.1%}). "
                "Add a looser rule on a different column (for example the same date of birth, "
                "or the sound of the surname) to catch them.",
                icon=":material/warning:",
            )
            st.caption("Some of the missed pairs:")
            st.dataframe(recall.missed_examples, hide_index=True)
        else:
            st.success(f"The rules compare all {recall.known_matches:,} known matching pairs.")
        if recall.not_in_data:
            st.caption(f"{recall.not_in_data:,} known pairs name records that are not in the "
                       "loaded files; they were left out.")
        st.caption("Found by each rule (first rule that finds the pair): " + "; ".join(
            f"{i + 1}. {n:,}" for i, n in enumerate(recall.found_by)))
