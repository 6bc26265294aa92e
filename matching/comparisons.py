"""The comparison catalogue: for each kind of column, the levels of agreement Splink scores.

Every level carries a plain-English description next to the Splink level that implements it, so
what officers read is exactly what the model computes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

import splink.comparison_level_library as cll
from splink import ColumnExpression
from splink.comparison_library import CustomComparison
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from matching.config import ComparisonKind, ComparisonSpec, Similarity
from matching.role_registry import CANONICAL, NUMBERS, PHONETIC, ROLES, WORDS
from matching.roles import Role

PHONETIC_SUFFIX = PHONETIC
CANONICAL_SUFFIX = CANONICAL
NUMBERS_SUFFIX = NUMBERS
WORDS_SUFFIX = WORDS
ALIAS_SUFFIX = "_alias"

SECTOR_REGEX = "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? [0-9]"
DISTRICT_REGEX = "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?"
AREA_REGEX = "^[A-Za-z]{1,2}"
EMAIL_USERNAME_REGEX = "^[^@]+"
#: Characters of a code compared as its area (postal codes outside the UK: 902 of 90210).
CODE_PREFIX = 3


@dataclass(frozen=True)
class Level:
    """One level of agreement: what it means in words, and the Splink level that tests it."""

    description: str
    creator: ComparisonLevelCreator


@dataclass(frozen=True)
class ComparisonContext:
    """What a template may use besides its own column: the other columns Splink will see."""

    available_columns: Collection[str] = ()
    first_name_column: str | None = None
    surname_column: str | None = None
    postcode_column: str | None = None
    #: False when the postcode column holds zip or postal codes from outside the UK.
    postcode_is_uk: bool = True
    #: "Both records at the same home" on a pair (SQL on ``_l``/``_r``), when a column says
    #: where people live; see ``ComparisonSpec.at_home`` and ``matching.households``.
    home_condition: str | None = None
    #: The same home and the same surname (a family), when both are compared.
    family_condition: str | None = None


LevelBuilder = Callable[[ComparisonSpec, ComparisonContext], list[Level]]


@dataclass(frozen=True)
class ComparisonTemplate:
    """A catalogue entry: a label for people and a builder for Splink."""

    kind: ComparisonKind
    label: str
    summary: str
    build_levels: LevelBuilder
    supports_term_frequency: bool = True


def _exact(column: str, spec: ComparisonSpec, text: str) -> Level:
    level = cll.ExactMatchLevel(column)
    if spec.term_frequency:
        level.configure(tf_adjustment_column=column)
    return Level(text, level.configure(label_for_charts=text))


AT_HOME_LABEL = "at the same home"


def _agreeing(column: str, spec: ComparisonSpec, ctx: ComparisonContext, text: str) -> list[Level]:
    """The exact level, split in two when ``spec.at_home``: agreeing at a shared home (what
    family members do: its chance rate is measured among people who share a home) and
    agreeing elsewhere."""
    exact = _exact(column, spec, text)
    if not spec.at_home or ctx.home_condition is None:
        return [exact]
    same = cll.ExactMatchLevel(column).get_comparison_level("duckdb").sql_condition
    if column != ctx.surname_column and ctx.family_condition is not None:
        where, note = ctx.family_condition, f"{AT_HOME_LABEL} with the same surname"
    else:
        where, note = ctx.home_condition, AT_HOME_LABEL
    home_text = f"{text}, {note} (family members often share this)"
    return [_level(home_text, cll.CustomLevel(f"({same}) AND ({where})")), exact]


def _level(text: str, creator: ComparisonLevelCreator) -> Level:
    return Level(text, creator.configure(label_for_charts=text))


def _null(column: str) -> Level:
    return Level("Missing on one or both records (no evidence either way)",
                 cll.NullLevel(column).configure(label_for_charts="Missing"))


def _else() -> Level:
    return Level("Anything else: the values are different",
                 cll.ElseLevel().configure(label_for_charts="Different"))


def _name_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    levels = [_null(c), *_agreeing(c, spec, ctx, "Exactly the same name")]
    first, surname = ctx.first_name_column, ctx.surname_column
    if first and surname and c in (first, surname):
        levels.append(
            _level(
                "First name and surname swapped over",
                cll.CustomLevel(
                    f'"{first}_l" = "{surname}_r" AND "{surname}_l" = "{first}_r"'
                ),
            )
        )
    if c + CANONICAL_SUFFIX in ctx.available_columns:
        levels.append(
            _level(
                "The same name once nicknames are allowed for (e.g. Bob and Robert)",
                cll.ExactMatchLevel(c + CANONICAL_SUFFIX),
            )
        )
    if c + ALIAS_SUFFIX in ctx.available_columns:
        levels.append(_alias_level(c, ctx))
    spelling = _spelling_levels(spec)
    levels += spelling[:2]
    if ctx.first_name_column == c:
        initial = (
            f'(length("{c}_l") = 1 OR length("{c}_r") = 1)'
            f' AND substr("{c}_l", 1, 1) = substr("{c}_r", 1, 1)'
        )
        levels.append(_level("An initial that fits the other name (J and JOHN)",
                             cll.CustomLevel(initial)))
    if c + PHONETIC_SUFFIX in ctx.available_columns:
        levels.append(
            _level(
                "Sounds the same (same phonetic key)", cll.ExactMatchLevel(c + PHONETIC_SUFFIX)
            )
        )
    levels += spelling[2:]
    levels.append(_else())
    return levels


def _alias_level(c: str, ctx: ComparisonContext) -> Level:
    """A "known as" name on one record matches the other record's name (or its own alias)."""
    alias = c + ALIAS_SUFFIX
    name = c + CANONICAL_SUFFIX if c + CANONICAL_SUFFIX in ctx.available_columns else c
    return _level(
        "One record's 'known as' name is the other's name (Robert (Bob) and Bob)",
        cll.CustomLevel(
            f'"{alias}_l" = "{name}_r" OR "{name}_l" = "{alias}_r" OR "{alias}_l" = "{alias}_r"'
        ),
    )


#: Defaults of ``ComparisonSpec.thresholds`` when it is empty, by kind (names: by similarity).
NAME_THRESHOLDS: dict[Similarity, tuple[float, ...]] = {
    Similarity.JARO_WINKLER: (0.92, 0.88, 0.7),
    Similarity.LEVENSHTEIN: (1, 2),
}
DEFAULT_THRESHOLDS: dict[ComparisonKind, tuple[float, ...]] = {
    ComparisonKind.DATE_OF_BIRTH: (),
    ComparisonKind.NUMERIC: (0.01, 0.1),
    ComparisonKind.DISTANCE_KM: (0.1, 1.0, 10.0),
}
POSTCODE_PARTS = ("sector", "district", "area")
_JW_WORDS = ("Almost the same spelling", "Similar spelling", "Loosely similar spelling")


def thresholds_of(spec: ComparisonSpec) -> tuple[float, ...]:
    """The thresholds ``spec`` uses: its own, or the template's defaults."""
    if spec.thresholds:
        return spec.thresholds
    if spec.kind is ComparisonKind.NAME:
        return NAME_THRESHOLDS[spec.similarity]
    return DEFAULT_THRESHOLDS.get(spec.kind, ())


def _spelling_levels(spec: ComparisonSpec) -> list[Level]:
    """Levels of similar spelling, closest first."""
    c = spec.column
    if spec.similarity is Similarity.LEVENSHTEIN:
        return [
            _level(f"At most {int(n)} letter{'s' if int(n) != 1 else ''} different "
                   "(typing errors)", cll.LevenshteinLevel(c, int(n)))
            for n in sorted(thresholds_of(spec))
        ]
    if not spec.thresholds:  # today's wording
        return [
            _level("Almost the same spelling (e.g. one letter different)",
                   cll.JaroWinklerLevel(c, 0.92)),
            _level("Similar spelling", cll.JaroWinklerLevel(c, 0.88)),
            _level("Loosely similar spelling", cll.JaroWinklerLevel(c, 0.7)),
        ]
    ordered = sorted(spec.thresholds, reverse=True)
    return [
        _level(f"{_JW_WORDS[min(i, 2)]} (Jaro-Winkler similarity {t:.2f} or more)",
               cll.JaroWinklerLevel(c, t))
        for i, t in enumerate(ordered)
    ]


def _date_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    swapped = (
        f'substr("{c}_l", 1, 4) = substr("{c}_r", 1, 4)'
        f' AND substr("{c}_l", 6, 2) = substr("{c}_r", 9, 2)'
        f' AND substr("{c}_l", 9, 2) = substr("{c}_r", 6, 2)'
    )
    return [
        _null(c),
        *_agreeing(c, spec, ctx, "Exactly the same date"),
        _level("Day and month swapped (e.g. 03/04 and 04/03)", cll.CustomLevel(swapped)),
        _level(
            "One digit different or two digits transposed (a typing error)",
            cll.DamerauLevenshteinLevel(c, 1),
        ),
        _level(
            "Same year and month of birth",
            cll.ExactMatchLevel(ColumnExpression(c).substr(1, 7)),
        ),
        _level("Same year of birth", cll.ExactMatchLevel(ColumnExpression(c).substr(1, 4))),
        *(
            _level(f"Born within {int(n)} year{'s' if int(n) != 1 else ''} of each other",
                   cll.AbsoluteDateDifferenceLevel(c, input_is_string=True, threshold=int(n),
                                                   metric="year", datetime_format="%Y-%m-%d"))
            for n in sorted(thresholds_of(spec))
        ),
        _else(),
    ]


def _postcode_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    parts = {
        "sector": ("Same postcode sector (e.g. E8 1), a few streets", SECTOR_REGEX),
        "district": ("Same postcode district (e.g. E8)", DISTRICT_REGEX),
        "area": ("Same postcode area (e.g. E)", AREA_REGEX),
    }
    chosen = spec.postcode_parts or POSTCODE_PARTS
    return [
        _null(c),
        _exact(c, spec, "Same full postcode"),
        *(
            _level(text, cll.ExactMatchLevel(ColumnExpression(c).regex_extract(regex)))
            for part, (text, regex) in parts.items() if part in chosen
        ),
        _else(),
    ]


def _email_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    username = ColumnExpression(c).regex_extract(EMAIL_USERNAME_REGEX)
    return [
        _null(c),
        *_agreeing(c, spec, ctx, "Exactly the same email address"),
        _level("Same name before the @, different provider", cll.ExactMatchLevel(username)),
        _level("Very similar email address", cll.JaroWinklerLevel(c, 0.88)),
        _else(),
    ]


def _identifier_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    return [
        _null(c),
        *_agreeing(c, spec, ctx, "Exactly the same"),
        _level(
            "One character different or two swapped (a typing error)",
            cll.DamerauLevenshteinLevel(c, 1),
        ),
        _else(),
    ]


def _address_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    numbers, words = c + NUMBERS_SUFFIX, c + WORDS_SUFFIX
    levels = [_null(c), _exact(c, spec, "Exactly the same address")]
    if numbers in ctx.available_columns and words in ctx.available_columns:
        levels += [
            _level(
                "Same house and flat numbers, and the same street",
                cll.And(cll.ExactMatchLevel(numbers), cll.ArrayIntersectLevel(words, 2)),
            ),
            _level(
                "Same street or building but a different house or flat number",
                cll.And(cll.Not(cll.ExactMatchLevel(numbers)), cll.ArrayIntersectLevel(words, 2)),
            ),
        ]
    levels += [
        _level("Very similar address text", cll.JaroWinklerLevel(c, 0.9)),
        _level("Loosely similar address text", cll.JaroWinklerLevel(c, 0.75)),
        _else(),
    ]
    return levels


def _address_postcode_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c, pc = spec.column, ctx.postcode_column
    if pc is None:
        return _address_levels(spec, ctx)
    numbers, words = c + NUMBERS_SUFFIX, c + WORDS_SUFFIX
    has_keys = numbers in ctx.available_columns and words in ctx.available_columns
    same_pc = cll.ExactMatchLevel(pc)
    levels = [
        Level("Address and postcode both missing on one or both records",
              cll.And(cll.NullLevel(c), cll.NullLevel(pc))),
    ]
    if has_keys:
        levels.append(_level("Same postcode and the same house and flat numbers",
                             cll.And(same_pc, cll.ExactMatchLevel(numbers))))
    levels.append(_level("Same address text", cll.ExactMatchLevel(c)))
    if has_keys:
        levels += [
            _level("Same house number and street; postcode differs or is missing",
                   cll.And(cll.ExactMatchLevel(numbers), cll.ArrayIntersectLevel(words, 2))),
            _level("Same postcode but a different house or flat number",
                   cll.And(same_pc, cll.Not(cll.ExactMatchLevel(numbers)))),
        ]
    levels += [
        _level("Same postcode", cll.ExactMatchLevel(pc)),
        _level("Very similar address text", cll.JaroWinklerLevel(c, 0.9)),
    ]
    if ctx.postcode_is_uk:
        levels += [
            _level("Same postcode sector (e.g. E8 1), a few streets",
                   cll.ExactMatchLevel(ColumnExpression(pc).regex_extract(SECTOR_REGEX))),
            _level("Same postcode district (e.g. E8)",
                   cll.ExactMatchLevel(ColumnExpression(pc).regex_extract(DISTRICT_REGEX))),
        ]
    else:
        levels.append(_code_prefix_level(pc))
    return [*levels, _else()]


def _code_prefix_level(c: str) -> Level:
    return _level(f"Same first {CODE_PREFIX} characters (the same area, for postal codes)",
                  cll.ExactMatchLevel(ColumnExpression(c).substr(1, CODE_PREFIX)))


def _code_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    return [
        _null(c),
        _exact(c, spec, "Exactly the same code"),
        _level("One character different or two swapped (a typing error)",
               cll.DamerauLevenshteinLevel(c, 1)),
        _code_prefix_level(c),
        _else(),
    ]


def _place_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    return [
        _null(c),
        _exact(c, spec, "Exactly the same place"),
        _level("Almost the same spelling (e.g. one letter different)",
               cll.JaroWinklerLevel(c, 0.92)),
        _level("Similar spelling", cll.JaroWinklerLevel(c, 0.8)),
        _else(),
    ]


def _event_date_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column

    def within(n: int, metric: Literal["month", "year"]) -> cll.AbsoluteDateDifferenceLevel:
        return cll.AbsoluteDateDifferenceLevel(c, input_is_string=True, threshold=n,
                                               metric=metric, datetime_format="%Y-%m-%d")

    return [
        _null(c),
        _exact(c, spec, "Exactly the same date"),
        _level("One digit different or two digits transposed (a typing error)",
               cll.DamerauLevenshteinLevel(c, 1)),
        _level("Within a month of each other", within(1, "month")),
        _level("Within a year of each other", within(1, "year")),
        _else(),
    ]


def _text_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c, words = spec.column, spec.column + WORDS_SUFFIX
    levels = [_null(c), _exact(c, spec, "Exactly the same text")]
    if words in ctx.available_columns:
        levels += [
            _level("At least three words the same", cll.ArrayIntersectLevel(words, 3)),
            _level("At least one word the same", cll.ArrayIntersectLevel(words, 1)),
        ]
    return [*levels, _else()]


def _exact_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    return [_null(c), _exact(c, spec, "Exactly the same"), _else()]


def _phone_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    return [
        _null(c),
        *_agreeing(c, spec, ctx, "Exactly the same number"),
        _level("One digit different or two digits swapped (a typing error)",
               cll.DamerauLevenshteinLevel(c, 1)),
        _level("Same last 6 digits (e.g. with and without the area code)",
               cll.CustomLevel(f'right("{c}_l", 6) = right("{c}_r", 6)')),
        _else(),
    ]


def _number(column: str, side: str) -> str:
    return f'try_cast("{column}_{side}" AS DOUBLE)'


def _numeric_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    c = spec.column
    left, right = _number(c, "l"), _number(c, "r")
    missing = cll.CustomLevel(f"{left} IS NULL OR {right} IS NULL").configure(
        is_null_level=True, label_for_charts="Missing")
    levels = [
        Level("Missing or not a number on one or both records (no evidence either way)", missing),
        _level("Exactly the same number", cll.CustomLevel(f"{left} = {right}")),
    ]
    for t in sorted(thresholds_of(spec)):
        levels.append(_level(
            f"Within {t:.0%} of each other",
            cll.CustomLevel(f"abs({left} - {right}) <= {t} * greatest(abs({left}), abs({right}))"),
        ))
    return [*levels, _else()]


def _distance_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    lat, lon = spec.column, spec.other_column or spec.column
    la, lb = _number(lat, "l"), _number(lat, "r")
    oa, ob = _number(lon, "l"), _number(lon, "r")
    km = (f"2 * 6371 * asin(sqrt(pow(sin(radians({lb} - {la}) / 2), 2) + cos(radians({la})) * "
          f"cos(radians({lb})) * pow(sin(radians({ob} - {oa}) / 2), 2)))")
    missing = cll.CustomLevel(" OR ".join(f"{x} IS NULL" for x in (la, lb, oa, ob))).configure(
        is_null_level=True, label_for_charts="Missing")
    levels = [Level("Location missing on one or both records (no evidence either way)",
                    missing)]
    for t in sorted(thresholds_of(spec)):
        text = f"Within {t * 1000:.0f} metres" if t < 1 else f"Within {t:g} km"
        levels.append(_level(text, cll.CustomLevel(f"{km} <= {t}")))
    return [*levels, _else()]


def _forename_surname_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    fn, sn = spec.column, ctx.surname_column
    if sn is None or sn == fn:
        return _name_levels(spec, ctx)
    return [
        Level("First name and surname both missing on one or both records",
              cll.And(cll.NullLevel(fn), cll.NullLevel(sn)).configure(label_for_charts="Missing")),
        _level("Same first name and surname", cll.And(cll.ExactMatchLevel(fn),
                                                      cll.ExactMatchLevel(sn))),
        _level("First name and surname swapped over",
               cll.CustomLevel(f'"{fn}_l" = "{sn}_r" AND "{sn}_l" = "{fn}_r"')),
        _level("Both names almost the same spelling",
               cll.And(cll.JaroWinklerLevel(fn, 0.92), cll.JaroWinklerLevel(sn, 0.92))),
        _level("Both names similar spelling",
               cll.And(cll.JaroWinklerLevel(fn, 0.88), cll.JaroWinklerLevel(sn, 0.88))),
        _level("Same surname, different first name", cll.ExactMatchLevel(sn)),
        _level("Same first name, different surname", cll.ExactMatchLevel(fn)),
        _else(),
    ]


CATALOGUE: dict[ComparisonKind, ComparisonTemplate] = {
    t.kind: t
    for t in (
        ComparisonTemplate(
            ComparisonKind.NAME,
            "Names",
            "Allows for typing errors, nicknames, names that sound alike and swapped names.",
            _name_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.DATE_OF_BIRTH,
            "Dates of birth",
            "Allows for swapped day and month, typing errors, and the same year.",
            _date_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.POSTCODE,
            "UK postcodes",
            "Full postcode, then sector, district and area: nearby addresses count for a little.",
            _postcode_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.EMAIL,
            "Email addresses",
            "Exact address, same name at another provider, or a close spelling.",
            _email_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.IDENTIFIER,
            "Reference numbers",
            "For NHS, NI, phone, UPRN and similar numbers: exact, or one typing error.",
            _identifier_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.ADDRESS,
            "Address text",
            "How similar the address lines read.",
            _address_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.ADDRESS_AND_POSTCODE,
            "Address and postcode together",
            "Compares where people live once, so a shared address is not counted twice.",
            _address_postcode_levels,
            supports_term_frequency=False,
        ),
        ComparisonTemplate(
            ComparisonKind.EXACT,
            "Exact match only",
            "The values agree or they do not (for sex, codes and categories).",
            _exact_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.PHONE,
            "Phone numbers",
            "Exact number, one typing error, or the same last six digits.",
            _phone_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.NUMERIC,
            "Numbers (amounts, ages)",
            "The same number, or within a percentage of each other. Switch cleaning off for "
            "this column on the Columns page so decimal points and minus signs are kept.",
            _numeric_levels,
            supports_term_frequency=False,
        ),
        ComparisonTemplate(
            ComparisonKind.DISTANCE_KM,
            "Distance between coordinates",
            "How far apart two locations are (latitude and longitude), in metres or km. Switch "
            "cleaning off for both columns on the Columns page so decimal points and minus "
            "signs are kept.",
            _distance_levels,
            supports_term_frequency=False,
        ),
        ComparisonTemplate(
            ComparisonKind.PLACE,
            "Places",
            "For towns, suburbs, counties and birth places: the same place, or a close "
            "spelling.",
            _place_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.CODE,
            "Codes (zip and postal codes, other codes)",
            "The same code, one typing error, or the same first characters (the same area).",
            _code_levels,
        ),
        ComparisonTemplate(
            ComparisonKind.DATE,
            "Other dates",
            "For dates other than birth: the same day, a typing error, within a month or a year.",
            _event_date_levels,
            supports_term_frequency=False,
        ),
        ComparisonTemplate(
            ComparisonKind.TEXT,
            "Free text",
            "For notes and descriptions: the same text, or words in common.",
            _text_levels,
            supports_term_frequency=False,
        ),
        ComparisonTemplate(
            ComparisonKind.FORENAME_SURNAME,
            "First name and surname together",
            "Compares the whole name at once, so swapped first names and surnames are caught "
            "and a shared name is not counted twice. Stop comparing the surname separately.",
            _forename_surname_levels,
            supports_term_frequency=False,
        ),
    )
}

#: The comparison each role gets unless the officer chooses another (from the role registry).
DEFAULT_KIND_BY_ROLE: dict[Role, ComparisonKind] = {
    role: info.comparison for role, info in ROLES.items() if info.comparison is not None
}

#: Term-frequency adjustments help where some values are far more common than others.
TF_BY_DEFAULT: frozenset[Role] = frozenset(r for r, info in ROLES.items() if info.term_frequency)


def comparison_levels(spec: ComparisonSpec, ctx: ComparisonContext) -> list[Level]:
    """The levels of ``spec``, best agreement first, each with its plain-English meaning."""
    return CATALOGUE[spec.kind].build_levels(spec, ctx)


def build_comparison(spec: ComparisonSpec, ctx: ComparisonContext) -> ComparisonCreator:
    """The Splink comparison for ``spec``."""
    levels = comparison_levels(spec, ctx)
    return CustomComparison(
        comparison_levels=[level.creator for level in levels],
        output_column_name=spec.column,
        comparison_description=f"{CATALOGUE[spec.kind].label}: {spec.column}",
    )


@dataclass(frozen=True)
class LevelSQL:
    """A level as Splink runs it on DuckDB: its condition on ``<column>_l`` / ``<column>_r``."""

    description: str
    label: str
    sql_condition: str  # "ELSE" for the last level
    is_null_level: bool
    tf_adjustment_column: str | None


def levels_sql(spec: ComparisonSpec, ctx: ComparisonContext) -> list[LevelSQL]:
    """``spec``'s levels as the DuckDB SQL Splink evaluates, best agreement first."""
    out = []
    for level in comparison_levels(spec, ctx):
        d = level.creator.create_level_dict("duckdb")
        out.append(LevelSQL(level.description, str(d.get("label_for_charts", "")),
                            str(d["sql_condition"]), bool(d.get("is_null_level", False)),
                            d.get("tf_adjustment_column")))
    return out


def level_case_sql(levels: list[LevelSQL]) -> str:
    """A CASE expression giving the index of the first level a pair falls in."""
    whens = " ".join(f"WHEN {lv.sql_condition} THEN {i}" for i, lv in enumerate(levels)
                     if lv.sql_condition.strip().upper() != "ELSE")
    return f"CASE {whens} ELSE {len(levels) - 1} END"
