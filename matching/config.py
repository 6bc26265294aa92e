"""The project configuration: one serialisable description of how a matching job is set up.

Everything a run needs is here, as frozen dataclasses that compare by value and round-trip
through JSON. Splink settings are derived from it (``matching.settings``), never edited by hand.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from matching.errors import ConfigError
from matching.roles import Role

LinkType = Literal["dedupe_only", "link_only"]
NamePart = Literal["first", "middle", "surname"]
NAME_PARTS: tuple[NamePart, ...] = ("first", "middle", "surname")

CONFIG_VERSION = 1
DEFAULT_PAIR_BUDGET = 50_000_000


class Transform(StrEnum):
    """How a column's value is turned into a blocking key."""

    EXACT = "exact"
    FIRST_LETTERS = "first_letters"
    PHONETIC = "phonetic"
    YEAR = "year"
    POSTCODE_DISTRICT = "postcode_district"
    POSTCODE_SECTOR = "postcode_sector"
    LAST_LETTERS = "last_letters"
    HOUSE_NUMBERS = "house_numbers"


class ComparisonKind(StrEnum):
    """The comparison templates a column can be compared with (see ``matching.comparisons``)."""

    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    EMAIL = "email"
    IDENTIFIER = "identifier"
    ADDRESS = "address"
    ADDRESS_AND_POSTCODE = "address_and_postcode"
    EXACT = "exact"
    PHONE = "phone"
    NUMERIC = "numeric"
    DISTANCE_KM = "distance_km"
    FORENAME_SURNAME = "forename_surname"
    PLACE = "place"
    CODE = "code"
    DATE = "date"
    TEXT = "text"


class Similarity(StrEnum):
    """How similar spellings are measured in name comparisons."""

    JARO_WINKLER = "jaro_winkler"
    LEVENSHTEIN = "levenshtein"


@dataclass(frozen=True)
class DatasetSpec:
    """One input file. ``name`` is the value of ``source_dataset`` in every output."""

    name: str
    file_name: str
    id_column: str | None = None  # internal column name; None = IDs are generated row numbers
    sheet: str | None = None
    sha256: str = ""
    rows: int = 0
    path: str | None = None  # where the file was read from, when known (command line)


@dataclass(frozen=True)
class ColumnSpec:
    """A common column that Splink sees, built from each dataset's source columns.

    ``sources[i]`` lists the internal column names of dataset ``i`` joined (with spaces) to
    form the value, so address lines 1-3 can make one ``address`` column.

    ``cleaning`` names the cleaning steps chosen (``matching.cleaning_steps``); None means the
    role's default steps, and ``clean=False`` turns cleaning off. ``name_parts[i]`` ("first",
    "middle" or "surname"), when given, takes that part of dataset ``i``'s value split as a
    full name; ``()`` or None uses the value whole.
    """

    name: str
    role: Role
    sources: tuple[tuple[str, ...], ...]
    use: bool = True
    clean: bool = True
    cleaning: tuple[str, ...] | None = None
    name_parts: tuple[NamePart | None, ...] = ()

    def name_part(self, index: int) -> NamePart | None:
        """The part of a full name dataset ``index`` provides, or None for the whole value."""
        return self.name_parts[index] if index < len(self.name_parts) else None


@dataclass(frozen=True)
class BlockingKey:
    """One part of a blocking rule: records must agree on ``transform(column)``."""

    column: str
    transform: Transform = Transform.EXACT
    length: int = 1  # for FIRST_LETTERS and LAST_LETTERS


@dataclass(frozen=True)
class BlockingRuleSpec:
    """Pairs of records are compared only when they agree on every key.

    An advanced rule has no keys and a ``sql`` condition instead, checked by
    ``matching.sql_rules.validate_sql_rule`` before it is stored.
    """

    keys: tuple[BlockingKey, ...]
    sql: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(key.column for key in self.keys)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BlockingRuleSpec:
        """The rule as ``asdict`` wrote it (checked by ``matching.project_checks`` first)."""
        return cls(
            keys=tuple(
                BlockingKey(column=k["column"], transform=Transform(k.get("transform", "exact")),
                            length=int(k.get("length", 1)))
                for k in data["keys"]
            ),
            sql=data.get("sql"),
        )


@dataclass(frozen=True)
class ComparisonSpec:
    """How one column is compared; ``kind`` picks a template from the catalogue."""

    column: str
    kind: ComparisonKind
    term_frequency: bool = False
    similarity: Similarity = Similarity.JARO_WINKLER  # names: how spelling is compared
    thresholds: tuple[float, ...] = ()  # () = the template's defaults (see matching.comparisons)
    postcode_parts: tuple[str, ...] = ()  # () = sector, district and area
    other_column: str | None = None  # distance: the longitude column
    #: Exact agreement at a shared home is its own level: family members share surnames,
    #: emails and phones (and twins a date of birth), so there it says much less.
    at_home: bool = False


@dataclass(frozen=True)
class TrainingSpec:
    """How the model is estimated without labels."""

    seed: int = 42
    u_max_pairs: int | None = None  # None = chosen from the data size
    #: The share of true matches the strict rules behind the prior find. None = estimated from
    #: the data (``matching.blocking_suggest``), or 0.7 when it cannot be.
    recall_of_deterministic_rules: float | None = None
    max_em_rules: int = 3


#: Default half-width of the clerical review band, in match weight: each side of the threshold,
#: 3 points is 8 times the odds, which holds most of the pairs a person would want to check.
DEFAULT_REVIEW_MARGIN = 3.0


@dataclass(frozen=True)
class ReviewBand:
    """Three bands: pairs at or above ``upper`` are accepted without review, pairs below
    ``lower`` rejected, and pairs between go to clerical review. ``None`` = the default margin
    either side of the match threshold."""

    lower: float | None = None
    upper: float | None = None

    def bounds(self, threshold: float) -> tuple[float, float]:
        """The (lower, upper) match weights of the review band at ``threshold``."""
        lower = threshold - DEFAULT_REVIEW_MARGIN if self.lower is None else self.lower
        upper = threshold + DEFAULT_REVIEW_MARGIN if self.upper is None else self.upper
        return min(lower, upper), max(lower, upper)


@dataclass(frozen=True)
class MatchConfig:
    """The whole set-up of a matching project: the single source of truth."""

    link_type: LinkType
    datasets: tuple[DatasetSpec, ...]
    columns: tuple[ColumnSpec, ...] = ()
    blocking: tuple[BlockingRuleSpec, ...] = ()
    comparisons: tuple[ComparisonSpec, ...] = ()
    training: TrainingSpec = field(default_factory=TrainingSpec)
    threshold_match_weight: float | None = None  # None = use the recommended threshold
    pair_budget: int = DEFAULT_PAIR_BUDGET
    version: int = CONFIG_VERSION
    review_band: ReviewBand = field(default_factory=ReviewBand)
    #: Linking two files that each hold every person at most once: a record matches at most
    #: one record of the other file (``matching.one_to_one``). None = decide from the files.
    one_to_one: bool | None = None

    @property
    def used_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.use)

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name``; ConfigError if there is none."""
        for col in self.columns:
            if col.name == name:
                return col
        raise ConfigError(f"There is no column called '{name}' in this project.")

    def with_changes(self, **changes: Any) -> MatchConfig:
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchConfig:
        """A project read from untrusted data: every field is checked first
        (``matching.project_checks``), so nothing in it runs unless it is allowed."""
        version = data.get("version", CONFIG_VERSION) if isinstance(data, dict) else None
        if isinstance(version, int) and version > CONFIG_VERSION:
            raise ConfigError(
                f"The project file was made by a newer version of the workbench "
                f"(format {version}; this one reads format {CONFIG_VERSION}).",
                hint="Update Matching Workbench, then load the project again.",
            )
        return _checked(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> MatchConfig:
        """A project from the text of a project file (see ``from_dict``)."""
        from matching.project_checks import project_data

        return cls.from_dict(project_data(text))


def _checked(data: object) -> MatchConfig:
    """The project in ``data`` after checking every field; ConfigError naming the first bad one."""
    from matching.project_checks import check_project_data, checked_config

    if not isinstance(data, dict):
        raise ConfigError("The project file does not hold a project.",
                          hint="Load the project.json file that the workbench exported.")
    check_project_data(data)
    try:
        config = _config_from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(
            f"The project file is not a valid Matching Workbench project ({exc}).",
            hint="Export the project again from the Export page and load that file.",
        ) from exc
    return checked_config(config)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, not {value!r}")


def _steps(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"expected a list of cleaning steps, not {value!r}")


def _name_part(value: object) -> NamePart | None:
    for part in NAME_PARTS:
        if value == part:
            return part
    if value is None:
        return None
    raise ValueError(f"unknown name part {value!r}")


def _config_from_dict(data: dict[str, Any]) -> MatchConfig:
    version = int(data.get("version", CONFIG_VERSION))
    if version > CONFIG_VERSION:
        raise ValueError(f"made by a newer version of the workbench (format {version})")
    link_type = data["link_type"]
    if link_type not in ("dedupe_only", "link_only"):
        raise ValueError(f"unknown link type {link_type!r}")
    threshold = data.get("threshold_match_weight")
    return MatchConfig(
        link_type=link_type,
        datasets=tuple(DatasetSpec(**d) for d in data["datasets"]),
        columns=tuple(
            ColumnSpec(
                name=c["name"],
                role=Role(c["role"]),
                sources=tuple(tuple(s) for s in c["sources"]),
                use=_flag(c.get("use", True)),
                clean=_flag(c.get("clean", True)),
                cleaning=_steps(c.get("cleaning")),
                name_parts=tuple(_name_part(p) for p in c.get("name_parts", ())),
            )
            for c in data.get("columns", ())
        ),
        blocking=tuple(BlockingRuleSpec.from_dict(rule) for rule in data.get("blocking", ())),
        comparisons=tuple(
            ComparisonSpec(
                column=c["column"],
                kind=ComparisonKind(c["kind"]),
                term_frequency=_flag(c.get("term_frequency", False)),
                similarity=Similarity(c.get("similarity", Similarity.JARO_WINKLER)),
                thresholds=tuple(float(t) for t in c.get("thresholds", ())),
                postcode_parts=tuple(str(p) for p in c.get("postcode_parts", ())),
                other_column=c.get("other_column"),
                at_home=_flag(c.get("at_home", False)),
            )
            for c in data.get("comparisons", ())
        ),
        training=TrainingSpec(**data.get("training", {})),
        threshold_match_weight=None if threshold is None else float(threshold),
        pair_budget=int(data.get("pair_budget", DEFAULT_PAIR_BUDGET)),
        version=CONFIG_VERSION,
        review_band=_review_band(data.get("review_band") or {}),
        one_to_one=None if data.get("one_to_one") is None else _flag(data["one_to_one"]),
    )


def _review_band(data: dict[str, Any]) -> ReviewBand:
    lower, upper = data.get("lower"), data.get("upper")
    return ReviewBand(None if lower is None else float(lower),
                      None if upper is None else float(upper))
