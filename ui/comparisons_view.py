"""Widgets of the Comparisons step: per-comparison options, the playground, warnings, the code."""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from matching.codegen import script_for
from matching.comparisons import POSTCODE_PARTS, thresholds_of
from matching.config import ComparisonKind, ComparisonSpec, MatchConfig, Similarity
from matching.errors import WorkbenchError
from matching.playground import playground_columns, which_level
from matching.roles import Role
from ui.privacy import md, missing_as_words
from ui.session import AppState
from ui.widgets import show_error

TF_SENTENCE = (
    "**Adjust for common values** makes agreeing on a common value count for less than agreeing "
    "on a rare one: two records both called Begum, Patel or Smith are less telling than two "
    "called Oyelaran. It helps for surnames, first names and postcodes; leave it off for dates, "
    "sex and codes."
)
LAT_NAMES = re.compile(r"^(lat|latitude)(_|$)|_lat(itude)?$", re.IGNORECASE)
LON_NAMES = re.compile(r"^(lon|lng|long|longitude)(_|$)|_(lon|lng|long|longitude)$",
                       re.IGNORECASE)
SIMILARITY_LABELS = {Similarity.JARO_WINKLER: "Jaro-Winkler similarity (0 to 1; 1 = same)",
                     Similarity.LEVENSHTEIN: "Letters different (Levenshtein edits)"}


def longitude_columns(config: MatchConfig) -> list[str]:
    return [c.name for c in config.used_columns if LON_NAMES.search(c.name)]


def kinds_for(config: MatchConfig, spec: ComparisonSpec) -> list[ComparisonKind]:
    """The kinds offered for a column: distance only for a latitude column with a longitude
    partner, first name and surname together only for the first name when both exist."""
    roles = {c.role: c.name for c in config.used_columns}
    kinds = []
    for kind in ComparisonKind:
        if kind is ComparisonKind.DISTANCE_KM and not (
            LAT_NAMES.search(spec.column) and longitude_columns(config)
        ):
            continue
        if kind is ComparisonKind.FORENAME_SURNAME and not (
            roles.get(Role.FIRST_NAME) == spec.column and Role.SURNAME in roles
        ):
            continue
        kinds.append(kind)
    if spec.kind not in kinds:
        kinds.append(spec.kind)
    return kinds


def _numbers(text: str, key: str) -> tuple[float, ...] | None:
    try:
        values = tuple(float(v) for v in re.split(r"[,\s;]+", text.strip()) if v)
    except ValueError:
        st.error(f"'{text}' is not a list of numbers, e.g. 0.92, 0.88.", icon=":material/error:")
        return None
    if not values or any(v <= 0 for v in values):
        st.error("Give at least one number above zero.", icon=":material/error:")
        return None
    return values


def _threshold_text(values: tuple[float, ...], scale: float = 1.0) -> str:
    return ", ".join(f"{v * scale:g}" for v in values)


def options(config: MatchConfig, spec: ComparisonSpec) -> ComparisonSpec:
    """The options of one comparison; returns the spec with the officer's choices."""
    key = f"comparisons.{spec.column}"
    match spec.kind:
        case ComparisonKind.NAME:
            similarity = st.radio("Measure spelling by", list(Similarity), horizontal=True,
                                  index=list(Similarity).index(spec.similarity),
                                  format_func=SIMILARITY_LABELS.__getitem__,
                                  key=f"{key}.similarity")
            if similarity is not None and similarity != spec.similarity:
                return replace(spec, similarity=similarity, thresholds=())
            hint = ("similarities from 0 to 1, closest first" if similarity is
                    Similarity.JARO_WINKLER else "numbers of letters different")
            text = st.text_input(f"Thresholds ({hint})", _threshold_text(thresholds_of(spec)),
                                 key=f"{key}.thresholds.{similarity}")
            values = _numbers(text, key)
            if values is not None and values != thresholds_of(spec):
                return replace(spec, thresholds=values)
        case ComparisonKind.DATE_OF_BIRTH:
            years = st.multiselect("Also count dates of birth within this many years", [1, 2, 5, 10],
                                   default=[int(y) for y in spec.thresholds],
                                   key=f"{key}.years")
            chosen = tuple(float(y) for y in sorted(years))
            if chosen != spec.thresholds:
                return replace(spec, thresholds=chosen)
        case ComparisonKind.POSTCODE:
            parts = st.multiselect("Partial agreement levels", list(POSTCODE_PARTS),
                                   default=[p for p in spec.postcode_parts or POSTCODE_PARTS
                                            if p in POSTCODE_PARTS],
                                   key=f"{key}.parts")
            kept = tuple(p for p in POSTCODE_PARTS if p in parts)
            if kept != (spec.postcode_parts or POSTCODE_PARTS):
                return replace(spec, postcode_parts=kept or ("none",))
        case ComparisonKind.NUMERIC:
            text = st.text_input("Count as close when within these percentages",
                                 _threshold_text(thresholds_of(spec), 100), key=f"{key}.pct")
            values = _numbers(text, key)
            if values is not None and tuple(v / 100 for v in values) != thresholds_of(spec):
                return replace(spec, thresholds=tuple(v / 100 for v in values))
        case ComparisonKind.DISTANCE_KM:
            lons = longitude_columns(config)
            other = st.selectbox("Longitude column", lons,
                                 index=lons.index(spec.other_column)
                                 if spec.other_column in lons else 0, key=f"{key}.other")
            text = st.text_input("Distances in km, closest first",
                                 _threshold_text(thresholds_of(spec)), key=f"{key}.km")
            values = _numbers(text, key)
            changed = replace(spec, other_column=other)
            if values is not None and values != thresholds_of(spec):
                changed = replace(changed, thresholds=values)
            if changed != spec:
                return changed
    return spec


def playground(state: AppState, spec: ComparisonSpec) -> None:
    """Type two values and see which level they fall in."""
    wb = state.workbench
    assert wb.config is not None
    key = f"comparisons.{spec.column}.play"
    with st.expander("Try it: type two values and see the level", icon=":material/science:"):
        names = playground_columns(wb.config, spec)
        left, right = {}, {}
        for name in names:
            cells = st.columns(2)
            left[name] = cells[0].text_input(f"Record 1: {name}", key=f"{key}.l.{name}")
            right[name] = cells[1].text_input(f"Record 2: {name}", key=f"{key}.r.{name}")
        if not any(left.values()) and not any(right.values()):
            st.caption("Values are cleaned as the workbench cleans them before comparing.")
            return
        try:
            result = which_level(wb.config, spec, left, right)
        except WorkbenchError as err:
            show_error(err)
            return
        st.success(f"Level {result.level_index}: {result.level.description}",
                   icon=":material/arrow_right_alt:")
        cleaned = "; ".join(f"{n}: {missing_as_words(result.cleaned_left.get(n))} vs "
                            f"{missing_as_words(result.cleaned_right.get(n))}" for n in names)
        st.caption(f"As the model sees them, after cleaning: {md(cleaned)}.")


def warnings_panel(state: AppState) -> None:
    """Things to check before training."""
    wb = state.workbench
    st.subheader("Before you train")
    try:
        found = wb.setup_warnings()
    except WorkbenchError as err:
        show_error(err)
        return
    if not any(w.serious for w in found):
        st.success("No problems found with these comparisons and rules.", icon=":material/check:")
    for warning in found:
        if warning.serious:
            st.warning(f"**{warning.title}.** {warning.detail}", icon=":material/warning:")
        else:
            st.info(f"**{warning.title}.** {warning.detail}", icon=":material/info:")


def code_panel(state: AppState) -> None:
    """The equivalent Splink script, copyable."""
    wb = state.workbench
    assert wb.config is not None
    with st.expander("Show me the code: this set-up as a Splink script", icon=":material/code:"):
        st.caption(
            "The same cleaning output, blocking rules, comparison levels and training steps, "
            "written as a standalone Python script using Splink 5 on DuckDB. Copy it with the "
            "button at the top right to take your matching further."
        )
        try:
            training = wb.result.training if wb.result is not None else None
            script = script_for(wb.config, training, threshold_match_weight=wb.threshold)
        except WorkbenchError as err:
            show_error(err)
            return
        st.code(script, language="python", line_numbers=True)
