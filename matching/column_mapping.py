"""Which columns of the files describe the same thing: the common columns Splink compares.

Each file's columns get a role from their headers and values (``matching.role_suggestion``);
columns with the same role in every file become one common column. A column is left out only
for a reason an officer can read (``left_out_columns``): mostly empty, the same value on every
record, a reference number that never repeats, the same evidence as columns already compared,
or nothing in the other file to compare it with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from matching.cleaning_guard import guard_cleaning
from matching.config import ColumnSpec, DatasetSpec
from matching.loading import LoadedTable
from matching.role_registry import NAME_ROLES, ROLES
from matching.role_suggestion import normalise_header, suggest_roles
from matching.roles import Role

SAMPLE_ROWS = 2_000
#: Columns emptier than this (share of rows with a value) are not used by default.
MIN_FILLED = 0.05
#: A reference number is used in a link only if this share of one file's values (the smaller
#: set) is also in the other file.
MIN_SHARED_CODES = 0.02
#: In one file, a reference number is used only if some values repeat (else it is a record ID).
MAX_DISTINCT_CODES = 0.995
NAME_PARTS = (Role.FIRST_NAME, Role.MIDDLE_NAMES, Role.SURNAME)
NOT_COMPARED = frozenset({Role.RECORD_ID, Role.OTHER})
#: Roles of which a file's fullest column is used, not each column (a second "Phone 2").
ONE_PER_FILE = frozenset({Role.PHONE, Role.EMAIL})
RESERVED_NAMES = frozenset({"unique_id", "source_dataset"})


@dataclass(frozen=True)
class LeftOut:
    """A file's column that is not used for matching, and why."""

    file_name: str
    column: str
    reason: str


def table_roles(table: LoadedTable, id_column: str | None) -> dict[str, Role]:
    """The suggested role of each column (the ID column excluded), keyed by internal name."""
    sample = table.frame.head(SAMPLE_ROWS)
    columns = {col: sample[col].to_list() for col in sample.columns if col != id_column}
    named = {table.original_columns.get(c, c): c for c in columns}
    roles = suggest_roles({orig: columns[internal] for orig, internal in named.items()})
    # The record ID is chosen per file (``suggest_datasets``); other ID-like columns may be
    # reference numbers both records carry (a claim number, a social security number).
    return {named[orig]: Role.OTHER_ID if role is Role.RECORD_ID else role
            for orig, role in roles.items()}


def _by_role(roles: dict[str, Role]) -> dict[Role, list[str]]:
    grouped: dict[Role, list[str]] = defaultdict(list)
    for column, role in roles.items():
        grouped[role].append(column)
    return grouped


def _filled_share(table: LoadedTable, columns: Sequence[str]) -> float:
    if not columns or table.frame.height == 0:
        return 0.0
    filled = table.frame.select(pl.any_horizontal(pl.col(c).is_not_null() for c in columns))
    return float(filled.to_series().sum()) / table.frame.height


def _fullest(table: LoadedTable, columns: Sequence[str]) -> str:
    counts = table.frame.select(pl.col(c).is_not_null().sum() for c in columns).row(0)
    return columns[max(range(len(columns)), key=lambda i: (counts[i], -i))]


def _sample_values(table: LoadedTable, sources: Sequence[str]) -> pl.Series:
    """The joined, trimmed, upper-cased values of ``sources`` in the sample rows."""
    head = table.frame.head(SAMPLE_ROWS)
    if not sources:
        return pl.Series([], dtype=pl.String)
    joined = head.select(pl.concat_str([pl.col(s).cast(pl.String).str.strip_chars()
                                        for s in sources], separator=" ", ignore_nulls=True))
    values = joined.to_series().str.to_uppercase()
    return values.filter(values.is_not_null() & (values != ""))


def _shared_share(tables: Sequence[LoadedTable], sources: Sequence[Sequence[str]]) -> float:
    """Of the smaller set of distinct values, the share also found in the other file."""
    sets = [set(t.frame.select(pl.concat_str([pl.col(s).cast(pl.String).str.strip_chars()
                                              for s in src], separator=" ", ignore_nulls=True))
                .to_series().str.to_uppercase().drop_nulls().to_list()) - {""}
            for t, src in zip(tables, sources, strict=True)]
    smaller = min(sets, key=len)
    return len(sets[0] & sets[1]) / len(smaller) if smaller else 0.0


def unused_reason(spec: ColumnSpec, tables: Sequence[LoadedTable]) -> str | None:
    """Why a common column should not be used by default, or None when it is worth comparing."""
    for table, sources in zip(tables, spec.sources, strict=True):
        filled = _filled_share(table, sources)
        if filled < MIN_FILLED:
            return (f"Mostly empty: only {filled:.0%} of the records in {table.file_name} "
                    "have a value.")
    values = [_sample_values(t, s) for t, s in zip(tables, spec.sources, strict=True)]
    joined = pl.concat(values)
    if joined.len() > 1 and joined.n_unique() <= 1:
        return "The same value on every record, so it cannot tell records apart."
    if spec.role is Role.OTHER_ID:
        if len(tables) == 1:
            if values[0].n_unique() > MAX_DISTINCT_CODES * values[0].len():
                return ("A different value on every record, like a record number: two records "
                        "about one person never share it.")
        elif _shared_share(tables, spec.sources) < MIN_SHARED_CODES:
            return ("Hardly any value appears in both files, so it is not a reference number "
                    "the two systems share.")
    return None


def _spec(name: str, role: Role, sources: tuple[tuple[str, ...], ...],
          tables: Sequence[LoadedTable]) -> ColumnSpec:
    """A common column, in use unless there is a reason, with cleaning that keeps its values
    (see ``matching.cleaning_guard``)."""
    spec = ColumnSpec(name, role, sources)
    if unused_reason(spec, tables) is not None:
        return ColumnSpec(name, role, sources, use=False)
    return guard_cleaning(spec, tables)


def _free_name(taken: set[str], base: str) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _pairs(role: Role, groups: Sequence[dict[Role, list[str]]], tables: Sequence[LoadedTable]
           ) -> list[tuple[tuple[str, ...], ...]]:
    """Columns of a repeatable role matched up across the files, each on its own: the same
    header first, then a lone column on each side, then the most similar values."""
    if len(groups) == 1:
        return [((c,),) for c in groups[0][role]]
    left, right = list(groups[0][role]), list(groups[1][role])
    pairs: list[tuple[tuple[str, ...], ...]] = []

    def header(t: int, c: str) -> str:
        return normalise_header(tables[t].original_columns.get(c, c))

    for a in list(left):
        same = [b for b in right if header(0, a) == header(1, b)]
        if same:
            pairs.append(((a,), (same[0],)))
            left.remove(a)
            right.remove(same[0])
    if len(left) == 1 and len(right) == 1:
        return [*pairs, ((left[0],), (right[0],))]
    scored = sorted(((_shared_share(tables, ((a,), (b,))), a, b) for a in left for b in right),
                    reverse=True)
    for share, a, b in scored:
        if share > 0 and a in left and b in right:
            pairs.append(((a,), (b,)))
            left.remove(a)
            right.remove(b)
    return pairs


def _fold_lone_places(groups: Sequence[dict[Role, list[str]]]) -> None:
    """A town column in one file only joins that file's address, so both addresses carry it."""
    if len(groups) != 2:
        return
    for own, other in (groups, groups[::-1]):
        if Role.PLACE in own and Role.PLACE not in other and Role.ADDRESS in own \
                and Role.ADDRESS in other:
            own[Role.ADDRESS] += own.pop(Role.PLACE)


def suggest_columns(tables: Sequence[LoadedTable],
                    datasets: Sequence[DatasetSpec]) -> tuple[ColumnSpec, ...]:
    """Common columns with their source columns in each file, in use unless there is a reason
    (see `unused_reason`)."""
    groups = [_by_role(table_roles(t, d.id_column)) for t, d in zip(tables, datasets, strict=True)]
    _fold_lone_places(groups)
    everywhere = set.intersection(*(set(g) for g in groups)) - NOT_COMPARED
    taken = set(RESERVED_NAMES)
    specs: list[ColumnSpec] = []
    full_name_only = [Role.FULL_NAME in g and Role.FIRST_NAME not in g for g in groups]
    if len(groups) == 2 and any(full_name_only) and not all(full_name_only):
        # One file has full names, the other has parts: compare whole names.
        name_sources: list[tuple[str, ...]] = []
        for grouped, full_only, table in zip(groups, full_name_only, tables, strict=True):
            parts = tuple(c for r in NAME_PARTS for c in grouped.get(r, [])[:1])
            name_sources.append((_fullest(table, grouped[Role.FULL_NAME]),) if full_only
                                else parts)
        specs.append(_spec(_free_name(taken, Role.FULL_NAME.value), Role.FULL_NAME,
                           tuple(name_sources), tables))
        everywhere -= {Role.FULL_NAME, *NAME_PARTS}
    parts_everywhere = {Role.FIRST_NAME, Role.SURNAME} <= everywhere
    for role in Role:
        if role not in everywhere:
            continue
        info = ROLES[role]
        if info.joined or not info.repeatable or role in ONE_PER_FILE:
            sources = tuple(tuple(g[role]) if info.joined else (_fullest(t, g[role]),)
                            for g, t in zip(groups, tables, strict=True))
            spec = _spec(_free_name(taken, role.value), role, sources, tables)
            if role is Role.FULL_NAME and parts_everywhere:
                spec = ColumnSpec(spec.name, role, sources, use=False)  # counted once
            specs.append(spec)
            continue
        for sources in _pairs(role, groups, tables):
            base = sources[0][0] if sources[0][0] not in taken else role.value
            specs.append(_spec(_free_name(taken, base), role, sources, tables))
    return tuple(specs)


def left_out_columns(tables: Sequence[LoadedTable], datasets: Sequence[DatasetSpec],
                     columns: Sequence[ColumnSpec]) -> list[LeftOut]:
    """Every column of the files that is not used for matching, with the reason in words."""
    out: list[LeftOut] = []
    used = {(i, s) for c in columns if c.use for i, src in enumerate(c.sources) for s in src}
    unused = {(i, s): c for c in columns if not c.use for i, src in enumerate(c.sources)
              for s in src}
    parts_used = {c.role for c in columns if c.use} >= {Role.FIRST_NAME, Role.SURNAME}
    for i, (table, dataset) in enumerate(zip(tables, datasets, strict=True)):
        roles = table_roles(table, dataset.id_column)
        for column in table.frame.columns:
            header = table.original_columns.get(column, column)
            if (i, column) in used:
                continue
            if column == dataset.id_column:
                reason = "The record ID: it names each record and is kept in every export."
            elif (i, column) in unused:
                spec = unused[(i, column)]
                reason = (unused_reason(spec, tables) or
                          ("First name and surname are compared already, so comparing the "
                           "full name too would count the same evidence twice."
                           if spec.role is Role.FULL_NAME and parts_used
                           else "Turned off on the Columns page."))
            else:
                reason = _role_reason(roles.get(column, Role.OTHER), len(tables))
            out.append(LeftOut(table.file_name, header, reason))
    return out


def _role_reason(role: Role, files: int) -> str:
    if role is Role.OTHER:
        return ("Could not tell what it holds from its header or values. Add it with its "
                "meaning on the Columns page if it helps tell people apart.")
    if role in NAME_ROLES or role is Role.MIDDLE_NAMES:
        return f"Another column already gives the {ROLES[role].label.lower()}."
    if files == 2:
        return (f"It looks like a {ROLES[role].label.lower()}, but the other file has no such "
                "column to compare it with.")
    return f"Another column already gives the {ROLES[role].label.lower()}."
