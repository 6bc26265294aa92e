"""Automatic set-up: the suggestions the app pre-fills and ``python -m matching auto`` uses.

Datasets and record IDs, column roles and the mapping across files, comparisons and blocking
rules, all from the data alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath

from matching.blocking_suggest import suggest_blocking
from matching.column_mapping import NOT_COMPARED, suggest_columns, table_roles
from matching.comparisons import DEFAULT_KIND_BY_ROLE, TF_BY_DEFAULT
from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    ComparisonKind,
    ComparisonSpec,
    DatasetSpec,
    LinkType,
    MatchConfig,
    NamePart,
    Transform,
)
from matching.database import Workspace
from matching.errors import ConfigError, UploadError
from matching.loading import LoadedTable
from matching.role_suggestion import looks_like_id_column
from matching.roles import Role
from matching.settings import home_key

__all__ = [
    "adopt_project",
    "dataset_names",
    "free_name",
    "link_type_for",
    "resolve_column",
    "split_name_column",
    "suggest_columns",
    "suggest_comparisons",
    "suggest_config",
    "suggest_datasets",
    "suggest_id_column",
    "table_roles",
    "unmatched_config",
    "with_columns",
]

HOME_CODES = frozenset({Role.POSTCODE, Role.POSTAL_CODE})
#: What family members sharing a home often share too (see ``matching.home_evidence``).
SHARED_AT_HOME = frozenset({Role.SURNAME, Role.FULL_NAME, Role.DATE_OF_BIRTH, Role.EMAIL,
                            Role.PHONE})


def dataset_names(file_names: Sequence[str]) -> list[str]:
    """Each file's name without its extension, made unique ("people", "people_2")."""
    taken: set[str] = set()
    return [free_name(taken, PurePath(file_name).stem or "data") for file_name in file_names]


def resolve_column(table: LoadedTable, column: str) -> str:
    """The internal name of ``column``, given as an internal name or an original header."""
    if column in table.frame.columns:
        return column
    for internal, original in table.original_columns.items():
        if original == column or original.strip() == column.strip():
            return internal
    raise UploadError(
        f"{table.file_name} has no column called '{column}'.",
        hint="Columns are: " + ", ".join(table.original_columns.values()),
    )


def suggest_id_column(table: LoadedTable) -> str | None:
    """A column that looks like a unique record ID, or None to generate row numbers."""
    for column in table.frame.columns:
        if looks_like_id_column(table.original_columns.get(column, column), table.frame[column]):
            return column
    return None


def suggest_datasets(tables: Sequence[LoadedTable],
                     id_columns: Sequence[str | None] | None = None) -> tuple[DatasetSpec, ...]:
    """One DatasetSpec per table, with the given or suggested record ID column."""
    if not 1 <= len(tables) <= 2:
        raise ConfigError("Load one file to find duplicates, or two files to link them.")
    names = dataset_names([t.file_name for t in tables])
    specs = []
    for i, (table, name) in enumerate(zip(tables, names, strict=True)):
        given = id_columns[i] if id_columns and i < len(id_columns) else None
        id_column = resolve_column(table, given) if given else suggest_id_column(table)
        specs.append(DatasetSpec(name=name, file_name=table.file_name, id_column=id_column,
                                 sheet=table.sheet, sha256=table.sha256,
                                 rows=table.frame.height))
    return tuple(specs)


def suggest_comparisons(columns: Sequence[ColumnSpec]) -> tuple[ComparisonSpec, ...]:
    """One comparison per used column, chosen by its role.

    Where both an address and a postcode (or zip code) are used, they are compared together
    (both say where someone lives; counting them separately would count a shared home twice).
    """
    used = [c for c in columns if c.use and c.role in DEFAULT_KIND_BY_ROLE
            and c.role not in NOT_COMPARED]
    roles = {c.role for c in used}
    together = Role.ADDRESS in roles and bool(roles & HOME_CODES)
    code = next((c for c in used if c.role in HOME_CODES), None)
    combined = False
    specs = []
    for column in used:
        if together and column is code:
            continue
        if together and column.role is Role.ADDRESS and not combined:
            specs.append(ComparisonSpec(column.name, ComparisonKind.ADDRESS_AND_POSTCODE))
            combined = True
            continue
        specs.append(ComparisonSpec(column.name, DEFAULT_KIND_BY_ROLE[column.role],
                                    column.role in TF_BY_DEFAULT,
                                    at_home=column.role in SHARED_AT_HOME))
    config = MatchConfig(link_type="link_only", datasets=(), columns=tuple(columns),
                         comparisons=tuple(specs))
    if home_key(config) is None:  # nothing says where people live
        specs = [replace(s, at_home=False) for s in specs]
    return tuple(specs)


def link_type_for(tables: Sequence[LoadedTable]) -> LinkType:
    return "dedupe_only" if len(tables) == 1 else "link_only"


def unmatched_config(tables: Sequence[LoadedTable]) -> MatchConfig:
    """A set-up with the files and no columns in use, for mapping columns by hand when the
    suggestions found nothing in common."""
    datasets = suggest_datasets(tables)
    columns = tuple(replace(c, use=False) for c in suggest_columns(tables, datasets))
    return MatchConfig(link_type=link_type_for(tables), datasets=datasets, columns=columns)


def suggest_config(tables: Sequence[LoadedTable], workspace: Workspace, *,
                   id_columns: Sequence[str | None] | None = None) -> MatchConfig:
    """The whole suggested set-up, with blocking rules sized against the data."""
    from matching.pipeline import load_workspace

    datasets = suggest_datasets(tables, id_columns)
    columns = suggest_columns(tables, datasets)
    if not any(c.use for c in columns):
        raise ConfigError(
            "No columns could be matched: the files have no names, dates of birth, "
            "addresses or reference numbers in common.",
            hint="Check the column headers, or map the columns by hand on the Columns page.",
        )
    config = MatchConfig(link_type=link_type_for(tables), datasets=datasets, columns=columns,
                         comparisons=suggest_comparisons(columns))
    load_workspace(workspace, tables, config)
    return config.with_changes(blocking=suggest_blocking(workspace, config))


def with_columns(config: MatchConfig, columns: Sequence[ColumnSpec]) -> MatchConfig:
    """``config`` with new columns: comparisons and rules follow the columns in use.

    Comparisons of columns still in use (with the same role) are kept as they were, in order;
    columns newly in use get the default comparison for their role; rules that read a column
    no longer in use are dropped.
    """
    columns = tuple(columns)
    used = {c.name for c in columns if c.use}
    was_used = {c.name for c in config.columns if c.use}
    old_roles = {c.name: c.role for c in config.columns}
    new_roles = {c.name: c.role for c in columns}
    kept = [
        c for c in config.comparisons
        if c.column in used and old_roles.get(c.column) == new_roles.get(c.column)
    ]
    kept_columns = {c.column for c in kept}
    if any(c.kind is ComparisonKind.ADDRESS_AND_POSTCODE for c in kept):
        kept_columns |= {c.name for c in columns if c.role in HOME_CODES}
    fresh = [
        c for c in suggest_comparisons(columns)
        if c.column not in kept_columns
        and (c.column not in was_used or old_roles.get(c.column) != new_roles.get(c.column))
    ]
    blocking = tuple(r for r in config.blocking if set(r.columns) <= used)
    return config.with_changes(columns=columns, comparisons=(*kept, *fresh), blocking=blocking)


def adopt_project(project: MatchConfig, tables: Sequence[LoadedTable]) -> MatchConfig:
    """A saved project applied to the loaded files, after checking every column exists."""
    if len(tables) != len(project.datasets):
        raise ConfigError(
            f"The project was made for {len(project.datasets)} file(s) but "
            f"{len(tables)} are loaded.",
            hint="Load the same number of files as when the project was saved.",
        )
    missing = []
    for i, table in enumerate(tables):
        needed = {s for c in project.columns for s in c.sources[i]}
        id_column = project.datasets[i].id_column
        if id_column is not None:
            needed.add(id_column)
        missing += [f"{table.file_name}: {m}" for m in sorted(needed - set(table.frame.columns))]
    if missing:
        raise ConfigError(
            "The loaded files lack columns the project uses (" + "; ".join(missing[:5]) + ").",
            hint="Load files with the same column headers as the ones the project was made with.",
        )
    datasets = tuple(
        DatasetSpec(name=spec.name, file_name=t.file_name, id_column=spec.id_column,
                    sheet=t.sheet, sha256=t.sha256, rows=t.frame.height)
        for spec, t in zip(project.datasets, tables, strict=True)
    )
    return project.with_changes(datasets=datasets)


def free_name(taken: set[str], base: str) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not yet taken (and now is)."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def split_name_column(config: MatchConfig, name: str,
                      tables: Sequence[LoadedTable]) -> MatchConfig:
    """``config`` with the full-name column ``name`` split into a first name and a surname.

    A file whose full name is one column gives both parts of it ("Mr John Paul SMITH" → JOHN,
    SMITH; "SMITH, John" → JOHN, SMITH); a file whose name is joined from several columns gives
    its first-name and surname columns. Blocking rules on the full name move to the parts.
    """
    full = config.column(name)
    if full.role is not Role.FULL_NAME:
        raise ConfigError(f"'{name}' is not a full-name column, so it cannot be split.",
                          hint="Set its meaning to Full name first.")
    first_sources: list[tuple[str, ...]] = []
    surname_sources: list[tuple[str, ...]] = []
    parts: list[tuple[NamePart | None, NamePart | None]] = []
    for sources, table, dataset in zip(full.sources, tables, config.datasets, strict=True):
        if len(sources) == 1:
            first_sources.append(sources)
            surname_sources.append(sources)
            parts.append(("first", "surname"))
            continue
        roles = table_roles(table, dataset.id_column)
        first = next((s for s in sources if roles.get(s) is Role.FIRST_NAME), sources[0])
        surname = next((s for s in sources if roles.get(s) is Role.SURNAME), sources[-1])
        first_sources.append((first,))
        surname_sources.append((surname,))
        parts.append((None, None))
    taken = {c.name for c in config.columns if c.name != name}
    first_name = free_name(taken, Role.FIRST_NAME.value)
    surname_name = free_name(taken, Role.SURNAME.value)
    first_spec = ColumnSpec(
        first_name, Role.FIRST_NAME, tuple(first_sources), use=full.use, clean=full.clean,
        name_parts=tuple(p[0] for p in parts) if any(p[0] for p in parts) else ())
    surname_spec = ColumnSpec(
        surname_name, Role.SURNAME, tuple(surname_sources), use=full.use, clean=full.clean,
        name_parts=tuple(p[1] for p in parts) if any(p[1] for p in parts) else ())
    columns: list[ColumnSpec] = []
    for column in config.columns:
        columns += [first_spec, surname_spec] if column.name == name else [column]
    blocking = tuple(
        BlockingRuleSpec(tuple(k for key in rule.keys
                               for k in _split_key(key, name, first_name, surname_name)))
        for rule in config.blocking
    )
    return with_columns(config.with_changes(blocking=blocking), columns)


def _split_key(key: BlockingKey, full: str, first: str, surname: str) -> list[BlockingKey]:
    """A blocking key on the full name as keys on its parts: the whole name equal becomes both
    parts equal; a key on its start (first letters, sound) moves to the first name."""
    if key.column != full:
        return [key]
    if key.transform is Transform.EXACT:
        return [BlockingKey(first), BlockingKey(surname)]
    return [replace(key, column=first)]
