"""A project file is untrusted input: every field is checked before anything in it is used.

A project.json can come from anywhere (an email, a shared drive), and parts of it reach SQL:
blocking rules, the columns blocking keys read, the training seed. So a file is read with
limits (size, nesting, UTF-8), then every field is checked for its type and range, every name
must be a column of the project, and SQL rules go through the same validator as the Blocking
page (``matching.sql_rules``). The first problem found is reported in one plain message that
names the field, e.g. "training.seed must be a whole number, not 'x'".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from matching.cleaning_steps import STEPS_BY_ROLE
from matching.comparisons import POSTCODE_PARTS
from matching.config import CONFIG_VERSION, ComparisonKind, MatchConfig, Similarity, Transform
from matching.errors import ConfigError
from matching.prepare import prepared_column_names
from matching.roles import Role
from matching.sql_rules import validate_sql_rule

#: A project file is a few kilobytes; anything far bigger is not one.
MAX_PROJECT_BYTES = 5_000_000
#: project.json nests about five levels deep.
MAX_NESTING = 12
MAX_RULES = 100
MAX_COMPARISONS = 100
MAX_COLUMNS = 500
MAX_THRESHOLDS = 10
MAX_TEXT = 500
#: Match weights are log2 odds: beyond +-100 no pair could ever reach them.
MAX_WEIGHT = 100.0
MAX_SEED = 2**31 - 1
MAX_U_PAIRS = 1_000_000_000
MAX_PAIR_BUDGET = 10**13
MAX_ROWS = 10**11
MAX_EM_RULES = 20
MAX_KEY_LETTERS = 50
#: Names the workbench gives its common columns (it makes them; officers never type them).
COLUMN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
DATA_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")
HINT = ("Use a project.json exactly as the workbench wrote it (the app's Export step or "
        "'python -m matching auto' makes one).")


def invalid(field: str, problem: str) -> ConfigError:
    """The error for one bad field: what is wrong with it, naming it."""
    return ConfigError(f"The project file cannot be used: {field} {problem}.", hint=HINT)


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


# --- reading the text ---------------------------------------------------------------------


def _depth(text: str) -> int:
    """How deeply the JSON's brackets nest (outside strings), without parsing it."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def project_data(raw: bytes | str, source: str = "The project file") -> dict[str, Any]:
    """The JSON object in a project file, read with limits; ConfigError when it is not one."""
    if len(raw) > MAX_PROJECT_BYTES:
        raise ConfigError(
            f"{source} is {len(raw):,} bytes: far too big to be a Matching Workbench project "
            f"(they are a few kilobytes; the limit is {MAX_PROJECT_BYTES:,}).",
            hint="Load the project.json file that the workbench exported.")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{source} is not UTF-8 text (byte {exc.start + 1:,} is not valid), so it is "
                "not a project file the workbench wrote.",
                hint="Load the project.json file that the workbench exported, unchanged.",
            ) from exc
    else:
        text = raw
    if _depth(text) > MAX_NESTING:
        raise ConfigError(
            f"{source} nests more than {MAX_NESTING} levels deep, so it is not a Matching "
            "Workbench project.", hint="Load the project.json file that the workbench exported.")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source} is not valid JSON (line {exc.lineno}).",
            hint="Load the project.json file that the workbench exported, unchanged.",
        ) from exc
    except (ValueError, RecursionError) as exc:  # huge integers, NaN or Infinity
        raise ConfigError(
            f"{source} holds a value that is not an ordinary number ({exc}).",
            hint="Load the project.json file that the workbench exported, unchanged.",
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{source} does not hold a project.",
                          hint="Load the project.json file that the workbench exported.")
    return data


# --- field by field -------------------------------------------------------------------------

Check = Callable[[str, object], None]


def _whole(low: int, high: int) -> Check:
    def check(field: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(field, f"must be a whole number, not {_shown(value)}")
        if not low <= value <= high:
            raise invalid(field, f"must be from {low:,} to {high:,}, not {_shown(value)}")
    return check


def _number(low: float, high: float, *, open_low: bool = False) -> Check:
    def check(field: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid(field, f"must be a number, not {_shown(value)}")
        number = float(value)
        if not math.isfinite(number):
            raise invalid(field, f"must be an ordinary number, not {_shown(value)}")
        if number < low or number > high or (open_low and number == low):
            above = "more than" if open_low else "from"
            raise invalid(field, f"must be {above} {low:g} and at most {high:g}, not "
                                 f"{_shown(value)}")
    return check


def _text(*, empty: bool = False, limit: int = MAX_TEXT) -> Check:
    def check(field: str, value: object) -> None:
        if not isinstance(value, str):
            raise invalid(field, f"must be text, not {_shown(value)}")
        if not empty and not value.strip():
            raise invalid(field, "must not be empty")
        if len(value) > limit:
            raise invalid(field, f"is longer than {limit:,} characters")
        if any(ord(c) < 32 for c in value):
            raise invalid(field, "contains control characters")
    return check


def _one_of(allowed: Sequence[str]) -> Check:
    def check(field: str, value: object) -> None:
        if value not in allowed:
            raise invalid(field, f"must be one of {', '.join(map(repr, allowed))}, not "
                                 f"{_shown(value)}")
    return check


def _flag(field: str, value: object) -> None:
    if not isinstance(value, bool):
        raise invalid(field, f"must be true or false, not {_shown(value)}")


def _optional(check: Check) -> Check:
    def optional(field: str, value: object) -> None:
        if value is not None:
            check(field, value)
    return optional


def _column_name(field: str, value: object) -> None:
    if not isinstance(value, str) or not COLUMN_NAME.match(value):
        raise invalid(field, f"must be a column name made of letters, digits and _, not "
                             f"{_shown(value)}")


def _list(field: str, value: object, *, most: int) -> list[Any]:
    if not isinstance(value, list):
        raise invalid(field, f"must be a list, not {_shown(value)}")
    if len(value) > most:
        raise invalid(field, f"has {len(value):,} entries; at most {most:,} are allowed")
    return value


def _object(field: str, value: object, allowed: Mapping[str, Check]) -> dict[str, Any]:
    """``value`` as a dict whose keys are all ``allowed``, each passing its check."""
    if not isinstance(value, dict):
        raise invalid(field, f"must be an object ({{...}}), not {_shown(value)}")
    for key, item in value.items():
        if key not in allowed:
            raise invalid(f"{field}.{key}", "is not a field the workbench knows")
        allowed[key](f"{field}.{key}", item)
    return value


def _file_name(field: str, value: object) -> None:
    _text()(field, value)
    assert isinstance(value, str)
    if value in (".", "..") or "/" in value or "\\" in value:
        raise invalid(field, f"must be a file name without folders, not {_shown(value)}")


def _path(field: str, value: object) -> None:
    _text(limit=4096)(field, value)
    assert isinstance(value, str)
    parts = PurePath(value.replace("\\", "/")).parts
    if ".." in parts:
        raise invalid(field, f"must not climb out of a folder with '..' ({_shown(value)})")
    if not value.lower().endswith(DATA_EXTENSIONS):
        raise invalid(field, f"must name a CSV, Excel or Parquet file, not {_shown(value)}")


def _sha256(field: str, value: object) -> None:
    if not isinstance(value, str) or (value and not SHA256.match(value)):
        raise invalid(field, f"must be a SHA-256 fingerprint (64 hex digits), not {_shown(value)}")


def _dataset(field: str, value: object) -> None:
    data = _object(field, value, {
        "name": _text(limit=200), "file_name": _file_name, "id_column": _optional(_text()),
        "sheet": _optional(_text(limit=200)), "sha256": _sha256, "rows": _whole(0, MAX_ROWS),
        "path": _optional(_path),
    })
    for needed in ("name", "file_name"):
        if needed not in data:
            raise invalid(field, f"has no {needed}")
    if data.get("path") is not None and PurePath(
            str(data["path"]).replace("\\", "/")).name != data["file_name"]:
        raise invalid(f"{field}.path", f"must be a file called {_shown(data['file_name'])} "
                                       f"(its file_name), not {_shown(data['path'])}")


def _roles() -> tuple[str, ...]:
    return tuple(role.value for role in Role)


def _column(datasets: int) -> Check:
    def sources(field: str, value: object) -> None:
        entries = _list(field, value, most=datasets)
        if len(entries) != datasets:
            raise invalid(field, f"must have one entry per file ({datasets}), not {len(entries)}")
        for i, entry in enumerate(entries):
            for j, source in enumerate(_list(f"{field}[{i}]", entry, most=MAX_COLUMNS)):
                _text()(f"{field}[{i}][{j}]", source)

    def cleaning(field: str, value: object) -> None:
        if value is None:
            return
        known = sorted({step.key for steps in STEPS_BY_ROLE.values() for step in steps})
        for i, step in enumerate(_list(field, value, most=50)):
            _one_of(known)(f"{field}[{i}]", step)

    def name_parts(field: str, value: object) -> None:
        for i, part in enumerate(_list(field, value, most=datasets)):
            _optional(_one_of(("first", "middle", "surname")))(f"{field}[{i}]", part)

    def check(field: str, value: object) -> None:
        data = _object(field, value, {
            "name": _column_name, "role": _one_of(_roles()), "sources": sources, "use": _flag,
            "clean": _flag, "cleaning": cleaning, "name_parts": name_parts,
        })
        for needed in ("name", "role", "sources"):
            if needed not in data:
                raise invalid(field, f"has no {needed}")
    return check


def _blocking_rule(field: str, value: object) -> None:
    def keys(field: str, value: object) -> None:
        for i, key in enumerate(_list(field, value, most=20)):
            data = _object(f"{field}[{i}]", key, {
                "column": _column_name, "transform": _one_of([t.value for t in Transform]),
                "length": _whole(1, MAX_KEY_LETTERS),
            })
            if "column" not in data:
                raise invalid(f"{field}[{i}]", "has no column")

    data = _object(field, value, {"keys": keys, "sql": _optional(_text(limit=5_000))})
    if "keys" not in data:
        raise invalid(field, "has no keys")
    if not data["keys"] and not data.get("sql"):
        raise invalid(field, "has neither columns (keys) nor an SQL condition")
    if data["keys"] and data.get("sql"):
        raise invalid(field, "has both columns (keys) and an SQL condition; a rule has one")


def _comparison(field: str, value: object) -> None:
    def thresholds(field: str, value: object) -> None:
        for i, number in enumerate(_list(field, value, most=MAX_THRESHOLDS)):
            _number(0.0, 1_000_000.0)(f"{field}[{i}]", number)

    def parts(field: str, value: object) -> None:
        for i, part in enumerate(_list(field, value, most=len(POSTCODE_PARTS))):
            _one_of(POSTCODE_PARTS)(f"{field}[{i}]", part)

    data = _object(field, value, {
        "column": _column_name, "kind": _one_of([k.value for k in ComparisonKind]),
        "term_frequency": _flag, "similarity": _one_of([s.value for s in Similarity]),
        "thresholds": thresholds, "postcode_parts": parts, "other_column": _optional(_column_name),
        "at_home": _flag,
    })
    for needed in ("column", "kind"):
        if needed not in data:
            raise invalid(field, f"has no {needed}")


def _training(field: str, value: object) -> None:
    _object(field, value, {
        "seed": _whole(0, MAX_SEED),
        "u_max_pairs": _optional(_whole(1, MAX_U_PAIRS)),
        "recall_of_deterministic_rules": _optional(_number(0.0, 1.0, open_low=True)),
        "max_em_rules": _whole(1, MAX_EM_RULES),
    })


def _review_band(field: str, value: object) -> None:
    if value is None:
        return
    _object(field, value, {"lower": _optional(_number(-MAX_WEIGHT, MAX_WEIGHT)),
                           "upper": _optional(_number(-MAX_WEIGHT, MAX_WEIGHT))})


def check_project_data(data: dict[str, Any]) -> None:
    """Check every field of a project as read from JSON: its type, its range, its shape.

    Raises:
        ConfigError: naming the first field that is wrong.
    """
    link_type = data.get("link_type")
    _one_of(("dedupe_only", "link_only"))("link_type", link_type)
    if "version" in data:
        _whole(0, CONFIG_VERSION)("version", data["version"])
    datasets = _list("datasets", data.get("datasets"), most=2)
    wanted = 1 if link_type == "dedupe_only" else 2
    if len(datasets) != wanted:
        what = "finding duplicates" if wanted == 1 else "linking two files"
        raise invalid("datasets", f"must list {wanted} file{'s' if wanted > 1 else ''} for "
                                  f"{what} (link_type {link_type}), not {len(datasets)}")
    for i, dataset in enumerate(datasets):
        _dataset(f"datasets[{i}]", dataset)
    names = [d["name"] for d in datasets]
    if len(set(names)) != len(names):
        raise invalid("datasets", f"name two files the same ({_shown(names[0])})")
    column_check = _column(len(datasets))
    for i, column in enumerate(_list("columns", data.get("columns", []), most=MAX_COLUMNS)):
        column_check(f"columns[{i}]", column)
    for i, rule in enumerate(_list("blocking", data.get("blocking", []), most=MAX_RULES)):
        _blocking_rule(f"blocking[{i}]", rule)
    comparisons = _list("comparisons", data.get("comparisons", []), most=MAX_COMPARISONS)
    for i, comparison in enumerate(comparisons):
        _comparison(f"comparisons[{i}]", comparison)
    _training("training", data.get("training", {}))
    _optional(_number(-MAX_WEIGHT, MAX_WEIGHT))("threshold_match_weight",
                                                data.get("threshold_match_weight"))
    if "pair_budget" in data:
        _whole(1, MAX_PAIR_BUDGET)("pair_budget", data["pair_budget"])
    _review_band("review_band", data.get("review_band"))
    _optional(_flag)("one_to_one", data.get("one_to_one"))


# --- names and SQL, once the project is built ------------------------------------------------


def checked_config(config: MatchConfig) -> MatchConfig:
    """``config`` with every name checked against its columns and every SQL rule validated
    (and regenerated from its checked syntax tree, as the Blocking page stores it).

    Raises:
        ConfigError: naming the first field that is wrong.
    """
    names = [c.name for c in config.columns]
    if len(set(names)) != len(names):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise invalid("columns", f"name two columns the same ({_shown(duplicate)})")
    known = set(names)
    for i, rule in enumerate(config.blocking):
        for j, key in enumerate(rule.keys):
            if key.column not in known:
                raise invalid(f"blocking[{i}].keys[{j}].column",
                              f"names {_shown(key.column)}, which is not a column of the project")
    for i, spec in enumerate(config.comparisons):
        for field, name in (("column", spec.column), ("other_column", spec.other_column)):
            if name is not None and name not in known:
                raise invalid(f"comparisons[{i}].{field}",
                              f"names {_shown(name)}, which is not a column of the project")
    # Rules may name any of the project's columns (a column can be switched off after a rule
    # was written); running such a rule then fails plainly.
    everything = replace(config, columns=tuple(replace(c, use=True) for c in config.columns))
    columns = prepared_column_names(everything)
    rules = []
    for i, rule in enumerate(config.blocking):
        if rule.sql is None:
            rules.append(rule)
            continue
        try:
            sql = validate_sql_rule(rule.sql, columns)
        except ConfigError as exc:
            raise invalid(f"blocking[{i}].sql", f"is refused. {exc.message}") from exc
        rules.append(replace(rule, sql=sql))
    return replace(config, blocking=tuple(rules))

