"""How an address-matching job is set up: which columns hold what, which reference rows are
candidates, and when the best candidate is good enough to give its UPRN.

Frozen dataclasses that compare by value and round-trip through JSON, like ``MatchConfig``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from matching.address_match.vocabulary import NON_RESIDENTIAL_CLASSES, NON_RESIDENTIAL_TEXT
from matching.errors import ConfigError

ADDRESS_CONFIG_VERSION = 1
#: The best candidate must score at least this match weight to be given... Weights start from
#: the chance that one address out of the whole list is the record's (2**-17 in a list of
#: 100,000), so a record without a postcode that agrees on flat, number and street sits near 0:
#: the lead over the runner-up does most of the work (bench/README.md, address matching).
DEFAULT_MIN_WEIGHT = -2.0
#: ...and beat the next UPRN by at least this much (a lead of 3 is 8 times the odds).
DEFAULT_MIN_GAP = 3.0

#: LPI fields (OS AddressBase / LLPG) a reference list may have, in address order.
LPI_FIELDS: tuple[str, ...] = (
    "sao_text", "sao_start_number", "sao_start_suffix", "sao_end_number", "sao_end_suffix",
    "pao_text", "pao_start_number", "pao_start_suffix", "pao_end_number", "pao_end_suffix",
    "street",
)


@dataclass(frozen=True)
class RecordsSpec:
    """The file of records to give UPRNs to: internal column names of its columns."""

    file_name: str
    address_columns: tuple[str, ...]  # one free-text column or address lines, joined in order
    id_column: str | None = None  # None: records are numbered 1, 2, 3...
    postcode_column: str | None = None
    sha256: str = ""
    rows: int = 0
    path: str | None = None


@dataclass(frozen=True)
class LpiColumns:
    """Which columns hold the parts of an LPI-style address (None: the file has no such part)."""

    sao_text: str | None = None
    sao_start_number: str | None = None
    sao_start_suffix: str | None = None
    sao_end_number: str | None = None
    sao_end_suffix: str | None = None
    pao_text: str | None = None
    pao_start_number: str | None = None
    pao_start_suffix: str | None = None
    pao_end_number: str | None = None
    pao_end_suffix: str | None = None
    street: str | None = None

    @property
    def used(self) -> bool:
        return self.street is not None or self.pao_text is not None

    def columns(self) -> dict[str, str]:
        """Field name -> column name, for the fields the file has."""
        return {f: c for f in LPI_FIELDS if (c := getattr(self, f)) is not None}


@dataclass(frozen=True)
class ReferenceSpec:
    """The reference list (gazetteer): one row per address of a property, with its UPRN.

    The address is either in LPI parts (``lpi``) or free text (``address_columns``).
    """

    file_name: str
    uprn_column: str
    address_columns: tuple[str, ...] = ()
    lpi: LpiColumns = field(default_factory=LpiColumns)
    postcode_column: str | None = None
    place_columns: tuple[str, ...] = ()  # locality, town: place names, not street words
    class_column: str | None = None  # classification code: RD06 flat, PP parent shell...
    parent_column: str | None = None  # the parent UPRN of a flat
    sha256: str = ""
    rows: int = 0
    path: str | None = None


@dataclass(frozen=True)
class PoolPolicy:
    """Which reference rows may be given to a record (the candidate pool)."""

    exclude_classes: tuple[str, ...] = NON_RESIDENTIAL_CLASSES  # class codes starting so
    exclude_text: tuple[str, ...] = NON_RESIDENTIAL_TEXT  # addresses starting so
    #: Without a class column: leave out UPRNs that are the parent of another (shells).
    exclude_parents: bool = True


@dataclass(frozen=True)
class DecisionRule:
    """When the best candidate's UPRN is given: weight at least ``min_weight`` and a lead of
    at least ``min_gap`` over the next-best UPRN (a record with one candidate has no gap)."""

    min_weight: float = DEFAULT_MIN_WEIGHT
    min_gap: float = DEFAULT_MIN_GAP


@dataclass(frozen=True)
class AddressMatchConfig:
    """The whole set-up of an address-matching job: the single source of truth."""

    records: RecordsSpec
    reference: ReferenceSpec
    pool: PoolPolicy = field(default_factory=PoolPolicy)
    decision: DecisionRule = field(default_factory=DecisionRule)
    version: int = ADDRESS_CONFIG_VERSION

    def with_decision(self, *, min_weight: float | None = None,
                      min_gap: float | None = None) -> AddressMatchConfig:
        """A copy with a new decision rule (what is given changes; the scores do not)."""
        rule = self.decision
        return replace(self, decision=DecisionRule(
            rule.min_weight if min_weight is None else float(min_weight),
            rule.min_gap if min_gap is None else float(min_gap)))

    def without_decision(self) -> AddressMatchConfig:
        """The set-up that decides the scores (the decision rule only decides what is given)."""
        return replace(self, decision=DecisionRule())

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "address_match", **asdict(self)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddressMatchConfig:
        try:
            version = int(data.get("version", ADDRESS_CONFIG_VERSION))
            if version > ADDRESS_CONFIG_VERSION:
                raise ConfigError(
                    "The address project was made by a newer version of the workbench.",
                    hint="Update Matching Workbench, then load the project again.")
            reference = dict(data["reference"])
            reference["lpi"] = LpiColumns(**(reference.get("lpi") or {}))
            return cls(
                records=RecordsSpec(**_tuples(data["records"], RecordsSpec)),
                reference=ReferenceSpec(**_tuples(reference, ReferenceSpec)),
                pool=PoolPolicy(**_tuples(data.get("pool") or {}, PoolPolicy)),
                decision=DecisionRule(**{k: float(v) for k, v in
                                         (data.get("decision") or {}).items()}),
                version=ADDRESS_CONFIG_VERSION,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"The address project file is not valid ({exc}).",
                hint="Export the project again from the Export page and load that file.",
            ) from exc

    @classmethod
    def from_json(cls, text: str) -> AddressMatchConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"The address project file is not valid JSON (line {exc.lineno}).",
                              hint="Load the project file the workbench exported, unchanged.") from exc
        if not isinstance(data, dict):
            raise ConfigError("The address project file does not hold a project.")
        return cls.from_dict(data)


def _tuples(data: dict[str, Any], kind: type) -> dict[str, Any]:
    """JSON lists back to the tuples the dataclass ``kind`` holds; unknown keys refused."""
    known = {f.name: f for f in fields(kind)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
