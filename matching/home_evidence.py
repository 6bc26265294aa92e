"""People who share a home share much else: a surname, an email, a landline, and twins a date
of birth. A Fellegi-Sunter model adds up each agreement as if it were independent evidence, so
two members of one family at one address look like one person several times over.

Comparisons with ``at_home`` set have their exact level split in two in the model that scores
pairs: agreeing at a shared home, and agreeing elsewhere. The model is trained without the split
(so expectation maximisation can learn every comparison); afterwards ``specialise`` builds the
scoring model. How often true matches agree does not depend on the home (m is the trained m of
the exact level, for both), but how often *other* people agree does: random pairs almost never
share a home, so it is measured from the data, among the pairs of records at one home that are
different people. Where first names are compared, those are the pairs whose first names sound
different (no estimate of how many true matches there are is needed):

    u(agree | same home) = pairs at a home agreeing, first names different
                           / pairs at a home, first names different

Without first names, the true matches the trained model expects at a home are taken away:

    u(agree | same home) = (pairs at a home agreeing - expected matches agreeing there)
                           / (pairs at a home - expected matches there)

The home's own evidence is counted once, by the address comparison. Where the surname is
compared too, the other columns are measured within families (the same home and surname): that
is where twins share a date of birth. Home, then surname, then the rest: each piece of family
evidence is counted once, given the ones before it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from splink import Linker

from matching.comparisons import AT_HOME_LABEL
from matching.config import MatchConfig
from matching.database import Workspace
from matching.role_registry import PHONETIC
from matching.settings import comparison_context, home_key, to_settings

#: Fewer non-matching pairs at shared homes than this: the rate is not measured (no split).
MIN_HOME_PAIRS = 30
#: The smallest chance rate set (Splink refuses 0).
MIN_U = 1e-9
log = logging.getLogger(__name__)


def _pairs_sharing(workspace: Workspace, keys: Sequence[str], link: bool,
                   person: str | None = None) -> float:
    """Pairs of records (across the two files for a link) agreeing on every key; given a
    ``person`` key, only the pairs of records that both have one and differ on it."""
    tables = workspace.input_tables
    names = [f"k{i}" for i in range(len(keys))]
    group = ", ".join(names)
    select = ", ".join(f"{k} AS {n}" for k, n in zip(keys, names, strict=True))
    select += f", {person} AS k_person" if person else ", 1 AS k_person"
    not_null = " AND ".join(f"{n} IS NOT NULL" for n in [*names, "k_person"])

    def counts(source: str) -> str:
        return (f"SELECT {group}, k_person, count(*) AS n FROM (SELECT {select} FROM {source}) "
                f"WHERE {not_null} GROUP BY ALL")

    if link and len(tables) == 2:
        sql = (f"WITH a AS ({counts(_quoted(tables[0]))}), b AS ({counts(_quoted(tables[1]))}), "
               f"ak AS (SELECT {group}, sum(n) AS n FROM a GROUP BY ALL), "
               f"bk AS (SELECT {group}, sum(n) AS n FROM b GROUP BY ALL) "
               f"SELECT (SELECT sum(ak.n * bk.n) FROM ak JOIN bk USING ({group}))")
        same = f"(SELECT sum(a.n * b.n) FROM a JOIN b USING ({group}, k_person))"
    else:
        union = " UNION ALL ".join(f"SELECT * FROM {_quoted(t)}" for t in tables)
        sql = (f"WITH g AS ({counts(f'({union})')}) SELECT (SELECT sum(n * (n - 1) / 2) "
               f"FROM (SELECT {group}, sum(n) AS n FROM g GROUP BY ALL))")
        same = "(SELECT sum(n * (n - 1) / 2) FROM g)"
    if person:
        sql += f" - coalesce({same}, 0)"
    with workspace.lock:
        return float(workspace.con.sql(sql).fetchall()[0][0] or 0)


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _levels(model: dict[str, Any], config: MatchConfig, column: str) -> list[dict[str, Any]]:
    """The levels of the comparison of ``column`` (the model's comparisons follow the
    project's, in order)."""
    index = [spec.column for spec in config.comparisons].index(column)
    return list(model["comparisons"][index]["comparison_levels"])


def _m(level: dict[str, Any]) -> float:
    return float(level.get("m_probability") or 0.0)


def _with_trained_values(target: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """The split settings with every level's m and u from the trained model (by label); each
    "at the same home" level takes the m and u of the exact level after it."""
    model = copy.deepcopy(trained)
    # Both come from the project's comparisons, in order (names may be spelt differently).
    for comparison, source_comparison in zip(target["comparisons"], trained["comparisons"],
                                             strict=True):
        learned = {lv.get("label_for_charts"): lv
                   for lv in source_comparison["comparison_levels"]}
        levels = comparison["comparison_levels"]
        for i, level in enumerate(levels):
            source = learned.get(level.get("label_for_charts"))
            if source is None and AT_HOME_LABEL in str(level.get("label_for_charts")):
                source = learned.get(levels[i + 1].get("label_for_charts"))
            for key in ("m_probability", "u_probability"):
                if source is not None and source.get(key) is not None:
                    level[key] = source[key]
    model["comparisons"] = [
        dict(comparison, output_column_name=source["output_column_name"])
        for comparison, source in zip(target["comparisons"], trained["comparisons"], strict=True)
    ]
    return model


@dataclass(frozen=True)
class HomePlan:
    """What ``specialise`` measures: the home key (on one table), its comparison and level,
    the surname that makes a family (or None), and the comparisons split at home, surname
    first."""

    key: str
    comparison: str
    level: int
    family: str | None
    columns: tuple[str, ...]
    #: A key that tells the people at one home apart (the sound of the first name), or None.
    person: str | None = None


def home_plan(config: MatchConfig) -> HomePlan | None:
    """The plan for ``config``, or None when nothing is split at home."""
    home = home_key(config)
    ctx = comparison_context(config)
    at_home = [s.column for s in config.comparisons if s.at_home]
    if home is None or ctx.home_condition is None or not at_home:
        return None
    surname = ctx.surname_column if ctx.family_condition else None
    first = ctx.first_name_column
    person = f'"{first}{PHONETIC}"' if first and first + PHONETIC in ctx.available_columns \
        else None
    return HomePlan(home.value, home.comparison, home.level, surname,
                    tuple(sorted(at_home, key=lambda c: c != surname)), person)


def specialise(linker: Linker, config: MatchConfig, workspace: Workspace,
               possible_pairs: int) -> tuple[Linker, int]:
    """The scoring model: ``linker``'s trained model with the "at the same home" levels, their
    chance rates measured (see the module's description). Returns the linker to score with and
    how many levels were measured (0: the trained linker itself, unchanged)."""
    plan = home_plan(config)
    if plan is None:
        return linker, 0
    trained = linker.misc.save_model_to_json()
    model = _with_trained_values(to_settings(config).create_settings_dict("duckdb"), trained)
    matches = float(model["probability_two_random_records_match"]) * possible_pairs
    link = config.link_type == "link_only"
    surname = plan.family
    home_m = _m(_levels(model, config, plan.comparison)[plan.level])
    within: dict[str | None, tuple[list[str], float]] = {None: ([plan.key], home_m)}
    measured = 0
    counted: dict[tuple[tuple[str, ...], str | None], float] = {}

    def sharing(keys: Sequence[str], person: str | None) -> float:
        if (tuple(keys), person) not in counted:
            counted[tuple(keys), person] = _pairs_sharing(workspace, keys, link, person)
        return counted[tuple(keys), person]

    for column in plan.columns:
        levels = _levels(model, config, column)
        index = next((i for i, lv in enumerate(levels)
                      if AT_HOME_LABEL in str(lv.get("label_for_charts"))), None)
        if index is None:
            continue
        level, exact = levels[index], levels[index + 1]
        keys, share = within[surname if column != surname and surname in within else None]
        agreed = [*keys, f'"{column}"']
        if plan.person is not None:  # different people: their first names sound different
            others = sharing(keys, plan.person)
            agreeing = sharing(agreed, plan.person)
        else:  # less the true matches the model expects
            others = sharing(keys, None) - matches * share
            agreeing = sharing(agreed, None) - matches * share * _m(exact)
        if others >= MIN_HOME_PAIRS:
            floor = max(float(exact.get("u_probability") or 0.0), MIN_U)
            level["u_probability"] = min(0.99, max(floor, agreeing / others))
            measured += 1
        else:
            log.info("too few non-matching pairs within %s to measure (%s)", keys, others)
        if column == surname:
            within[surname] = ([*keys, f'"{surname}"'], share * _m(exact))
    with workspace.lock:
        _, sdfs = workspace.splink_inputs()
        scoring = Linker(sdfs if len(sdfs) > 1 else sdfs[0], model,
                         log_level=logging.WARNING)
    return scoring, measured
