"""Linking two files in which each person appears at most once.

Council tax accounts and housing benefit claims, a register and an extract: each person is in
each file once at most, so a record matches at most one record of the other file. The model
scores every pair on its own, and a claimant's spouse, twin or namesake at the same address
can score high. Where the files hold (almost) no duplicates of their own, each pair's odds are
weighed against its rivals: the other pairs of either record.

    p(l, r) = odds(l, r) / (1 + odds(l, r) + rivals' odds of l + rivals' odds of r)
    match weight(l, r) = model weight(l, r) - log2(1 + rivals' odds of l + rivals' odds of r)

A pair with no rival keeps its probability; a pair whose record has a far stronger partner
falls. ``match_weight`` and ``match_probability`` become these values; the model's own are
kept in ``model_match_weight`` (the waterfall shows the difference as its own step).
"""

from __future__ import annotations

from matching.config import MatchConfig
from matching.database import Workspace
from matching.roles import Role

MODEL_WEIGHT = "model_match_weight"
#: Files where more than this share of records seem to have a duplicate of their own are not
#: treated as one record per person.
MAX_DUPLICATE_SHARE = 0.01
#: Weights are capped here before taking 2^w (beyond this, a pair is certain either way).
MAX_WEIGHT = 60.0


def _duplicate_keys(config: MatchConfig) -> list[list[str]]:
    """Column sets on which two records of one file agreeing means one person twice."""
    roles = {c.role: c.name for c in reversed(config.used_columns)}
    keys: list[list[str]] = []
    dob = roles.get(Role.DATE_OF_BIRTH)
    names = [roles[r] for r in (Role.FIRST_NAME, Role.SURNAME) if r in roles]
    if len(names) < 2 and Role.FULL_NAME in roles:
        names = [roles[Role.FULL_NAME]]
    if names and dob:
        keys.append([*names, dob])
    for role in (Role.NHS_NUMBER, Role.NI_NUMBER):
        if role in roles:
            keys.append([roles[role]])
    return keys


def duplicate_share(workspace: Workspace, config: MatchConfig) -> float:
    """The largest share, over the files, of records with an apparent duplicate in their own
    file (the same name and date of birth, or the same NHS or NI number)."""
    keys = _duplicate_keys(config)
    worst = 0.0
    with workspace.lock:
        for table in workspace.input_tables:
            rows = int(workspace.con.sql(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])
            for key in keys:
                columns = ", ".join(f'"{c}"' for c in key)
                not_null = " AND ".join(f'"{c}" IS NOT NULL' for c in key)
                repeated = workspace.con.sql(
                    f'SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM "{table}" '
                    f"WHERE {not_null} GROUP BY {columns} HAVING count(*) > 1)"
                ).fetchall()[0][0]
                worst = max(worst, float(repeated) / max(rows, 1))
    return worst


def one_record_per_person(workspace: Workspace, config: MatchConfig) -> bool:
    """Whether ``config`` links two files that each hold every person at most once: the
    project's choice, or else what the files suggest (see ``duplicate_share``)."""
    if config.link_type != "link_only" or len(config.datasets) != 2:
        return False
    if config.one_to_one is not None:
        return config.one_to_one
    return bool(_duplicate_keys(config)) and duplicate_share(workspace, config) <= \
        MAX_DUPLICATE_SHARE


def rivals_sql(table: str) -> str:
    """The SQL that rewrites ``table`` (scored pairs) with weights weighed against rivals.

    In odds, a pair's adjusted odds are ``odds / (1 + rivals' odds)``, so its weight falls by
    log2(1 + rivals' odds). The rivals of each side are summed without subtracting the pair's
    own odds from a total (which would lose the rivals of a near-certain pair to rounding): the
    strongest pair of a record has the others as rivals; every other pair has the strongest
    and the rest."""
    odds = f"pow(2.0, least(match_weight, {MAX_WEIGHT}))"

    def side(s: str) -> str:
        return f"""
        {s}_ranked AS (
            SELECT source_dataset_{s}, unique_id_{s}, pair, mw_odds,
                   row_number() OVER (PARTITION BY source_dataset_{s}, unique_id_{s}
                                      ORDER BY mw_odds DESC, pair) AS place
            FROM o
        ),
        {s}_sides AS (
            SELECT source_dataset_{s}, unique_id_{s}, max(mw_odds) AS top,
                   coalesce(fsum(mw_odds) FILTER (WHERE place > 1), 0) AS rest,
                   arg_max(pair, mw_odds) FILTER (WHERE place = 1) AS top_pair
            FROM {s}_ranked GROUP BY ALL
        )"""

    def rivals(s: str) -> str:
        return (f"CASE WHEN {s}.top_pair = o.pair THEN {s}.rest "
                f"ELSE {s}.top + {s}.rest - o.mw_odds END")

    return f"""
        CREATE OR REPLACE TABLE {table} AS
        WITH o AS (
            SELECT *, {odds} AS mw_odds,
                   concat_ws(chr(31), source_dataset_l, unique_id_l, source_dataset_r,
                             unique_id_r) AS pair
            FROM {table}
        ),{side("l")},{side("r")},
        p AS (
            SELECT o.*, match_weight - log2(1 + {rivals("l")} + {rivals("r")}) AS mw_adjusted
            FROM o JOIN l_sides l USING (source_dataset_l, unique_id_l)
                   JOIN r_sides r USING (source_dataset_r, unique_id_r)
        )
        SELECT * EXCLUDE (mw_odds, pair, mw_adjusted, match_weight, match_probability),
               mw_adjusted AS match_weight,
               1 / (1 + pow(2.0, -mw_adjusted)) AS match_probability,
               match_weight AS {MODEL_WEIGHT}
        FROM p
    """


def weigh_rivals(workspace: Workspace, table: str) -> None:
    """Rewrite the scored pairs' weights and probabilities against their rivals (see the
    module's description), keeping the model's weight in ``model_match_weight``. Call under
    the workspace lock."""
    workspace.con.execute(rivals_sql(table))
