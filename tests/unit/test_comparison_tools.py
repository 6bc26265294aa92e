"""Comparison options, the playground, warnings before training and the generated script, on a
real DuckDB database with small data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import polars as pl
import pytest

from matching.codegen import rule_code, splink_script
from matching.comparisons import comparison_levels, thresholds_of
from matching.config import (
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    ComparisonKind,
    ComparisonSpec,
    DatasetSpec,
    MatchConfig,
    Similarity,
    Transform,
)
from matching.database import Workspace
from matching.loading import LoadedTable
from matching.playground import which_level
from matching.pre_training import setup_warnings
from matching.prepare import prepare_table
from matching.roles import Role
from matching.settings import comparison_context

ROLES = {"first_name": Role.FIRST_NAME, "surname": Role.SURNAME,
         "date_of_birth": Role.DATE_OF_BIRTH, "postcode": Role.POSTCODE, "town": Role.OTHER,
         "amount": Role.OTHER, "lat": Role.OTHER, "long": Role.OTHER}
NAME = ComparisonSpec("surname", ComparisonKind.NAME)
NUMBERS = {"amount", "lat", "long"}


def _config(*comparisons: ComparisonSpec, blocking: tuple[BlockingRuleSpec, ...] = ()) -> MatchConfig:
    return MatchConfig(
        link_type="dedupe_only", datasets=(DatasetSpec("people", "people.csv"),),
        # Numbers and coordinates are not cleaned: cleaning text would drop '.' and '-'.
        columns=tuple(ColumnSpec(n, r, ((n,),), clean=n not in NUMBERS) for n, r in ROLES.items()),
        comparisons=comparisons or (NAME,),
        blocking=blocking or (BlockingRuleSpec((BlockingKey("postcode"),)),),
    )


def _level(spec: ComparisonSpec, left: dict[str, str], right: dict[str, str]) -> str:
    return which_level(_config(spec), spec, left, right).level.description


# --- options -------------------------------------------------------------------------------------


def test_default_options_keep_todays_levels() -> None:
    ctx = comparison_context(_config())
    texts = [lv.description for lv in comparison_levels(NAME, ctx)]
    assert texts[:3] == ["Missing on one or both records (no evidence either way)",
                         "Exactly the same name", "First name and surname swapped over"]
    assert "Almost the same spelling (e.g. one letter different)" in texts
    assert thresholds_of(NAME) == (0.92, 0.88, 0.7)


@pytest.mark.parametrize(
    ("spec", "left", "right", "level"),
    [
        (NAME, {"surname": "Smith"}, {"surname": "Smithe"},
         "Almost the same spelling (e.g. one letter different)"),
        (NAME, {"surname": "Smith"}, {"surname": "Smyth"}, "Similar spelling"),
        (replace(NAME, similarity=Similarity.LEVENSHTEIN), {"surname": "Smith"},
         {"surname": "Smyth"}, "At most 1 letter different (typing errors)"),
        (replace(NAME, similarity=Similarity.LEVENSHTEIN, thresholds=(2,)),
         {"surname": "Smith"}, {"surname": "Smithson"}, "Anything else: the values are different"),
        (replace(NAME, thresholds=(0.99, 0.5)), {"surname": "Begum"}, {"surname": "Begun"},
         "Similar spelling (Jaro-Winkler similarity 0.50 or more)"),
        (ComparisonSpec("first_name", ComparisonKind.NAME), {"first_name": "Ali", "surname": "Khan"},
         {"first_name": "Khan", "surname": "Ali"}, "First name and surname swapped over"),
        (ComparisonSpec("first_name", ComparisonKind.FORENAME_SURNAME),
         {"first_name": "Mr John", "surname": "Smith"}, {"first_name": "JOHN", "surname": "SMITH"},
         "Same first name and surname"),
        (ComparisonSpec("first_name", ComparisonKind.FORENAME_SURNAME),
         {"first_name": "Amir", "surname": "Khan"}, {"first_name": "Ali", "surname": "Khan"},
         "Same surname, different first name"),
        (ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH),
         {"date_of_birth": "03/04/1980"}, {"date_of_birth": "1980-03-04"},
         "Day and month swapped (e.g. 03/04 and 04/03)"),
        (ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH, thresholds=(2.0,)),
         {"date_of_birth": "1980-12-30"}, {"date_of_birth": "1982-06-01"},
         "Born within 2 years of each other"),
        (ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH),
         {"date_of_birth": "1980-12-30"}, {"date_of_birth": "1982-06-01"},
         "Anything else: the values are different"),
        (ComparisonSpec("postcode", ComparisonKind.POSTCODE), {"postcode": "e8 1aa"},
         {"postcode": "E8 1ZZ"}, "Same postcode sector (e.g. E8 1), a few streets"),
        (ComparisonSpec("postcode", ComparisonKind.POSTCODE, postcode_parts=("area",)),
         {"postcode": "E8 1AA"}, {"postcode": "E8 1ZZ"}, "Same postcode area (e.g. E)"),
        (ComparisonSpec("amount", ComparisonKind.NUMERIC), {"amount": "100"}, {"amount": "95"},
         "Within 10% of each other"),
        (ComparisonSpec("amount", ComparisonKind.NUMERIC), {"amount": "100"}, {"amount": "n/a"},
         "Missing or not a number on one or both records (no evidence either way)"),
        (ComparisonSpec("lat", ComparisonKind.DISTANCE_KM, other_column="long"),
         {"lat": "51.5450", "long": "-0.0553"}, {"lat": "51.5460", "long": "-0.0553"},
         "Within 1 km"),  # 111 m apart
        (ComparisonSpec("lat", ComparisonKind.DISTANCE_KM, other_column="long"),
         {"lat": "51.5450", "long": "-0.0553"}, {"lat": "51.5451", "long": "-0.0553"},
         "Within 100 metres"),
        (ComparisonSpec("town", ComparisonKind.PHONE), {"town": "07700900910"},
         {"town": "07700900901"}, "One digit different or two digits swapped (a typing error)"),
    ],
)
def test_playground_puts_values_in_the_level_the_model_would(
    spec: ComparisonSpec, left: dict[str, str], right: dict[str, str], level: str
) -> None:
    assert _level(spec, left, right) == level


def test_playground_shows_values_cleaned_as_the_engine_cleans_them() -> None:
    spec = ComparisonSpec("postcode", ComparisonKind.POSTCODE)
    result = which_level(_config(spec), spec, {"postcode": " e81aa"}, {"postcode": ""})
    config = _config(spec)
    table = LoadedTable(pl.DataFrame({"postcode": [" e81aa"]}), "x", {}, "", "csv")
    small = config.with_changes(columns=(config.column("postcode"),))
    expected = prepare_table(table, config.datasets[0], small, 0)["postcode"][0]
    assert result.cleaned_left["postcode"] == expected
    assert result.cleaned_right["postcode"] is None
    assert result.level.description.startswith("Missing")


# --- warnings before training ----------------------------------------------------------------------


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    ws = Workspace(memory_limit="1GB")
    yield ws
    ws.close()


def _people(n: int = 300) -> pl.DataFrame:
    towns = {"E8": "HACKNEY", "N16": "STOKE NEWINGTON", "E17": "WALTHAMSTOW", "E5": "CLAPTON"}
    rows = []
    for i in range(n):
        district = list(towns)[i % 4]
        rows.append({"unique_id": str(i), "source_dataset": "people",
                     "first_name": ["ANA", "BEN", "CHI", "DEV", "EVA"][i % 5],
                     "surname": f"S{i % 37}", "date_of_birth": f"19{50 + i % 40}-01-0{1 + i % 9}",
                     "postcode": f"{district} {i % 3}AA", "town": towns[district],
                     "amount": None if i % 10 else "5", "lat": None, "long": None})
    return pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))


def test_warnings_name_each_problem(workspace: Workspace) -> None:
    workspace.load_inputs([_people()], ["people"])
    config = _config(
        ComparisonSpec("postcode", ComparisonKind.POSTCODE),
        ComparisonSpec("town", ComparisonKind.EXACT),
        ComparisonSpec("amount", ComparisonKind.EXACT),
        ComparisonSpec("surname", ComparisonKind.EXACT),
        blocking=(BlockingRuleSpec((BlockingKey("postcode"),)),
                  BlockingRuleSpec((BlockingKey("postcode"), BlockingKey("surname")))),
    )
    titles = [w.title for w in setup_warnings(workspace, config)]
    assert "'postcode' is required by every blocking rule and also compared" in titles
    assert "'amount' is empty in 90% of people" in titles
    assert "'postcode' and 'town' are strongly related" in titles
    assert not any("'surname' and" in t or "and 'surname'" in t for t in titles)
    # Blocking on postcode: every pair agrees on it, so its 'different' levels are never seen.
    assert "'postcode': no pair falls in the level 'Same postcode sector (e.g. E8 1), a few " \
        "streets'" in titles


def test_no_warnings_for_a_sound_setup(workspace: Workspace) -> None:
    workspace.load_inputs([_people()], ["people"])
    config = _config(ComparisonSpec("first_name", ComparisonKind.EXACT),
                     blocking=(BlockingRuleSpec((BlockingKey("surname"),)),))
    assert setup_warnings(workspace, config) == []


# --- the generated script --------------------------------------------------------------------------


def test_generated_script_is_valid_python_with_every_rule_and_level() -> None:
    sql_rule = BlockingRuleSpec((), sql="l.surname = r.surname AND l.postcode <> r.postcode")
    config = _config(
        NAME, ComparisonSpec("date_of_birth", ComparisonKind.DATE_OF_BIRTH, thresholds=(1.0,)),
        ComparisonSpec("lat", ComparisonKind.DISTANCE_KM, other_column="long"),
        blocking=(BlockingRuleSpec((BlockingKey("surname", Transform.FIRST_LETTERS, 3),
                                    BlockingKey("postcode", Transform.POSTCODE_DISTRICT))),
                  sql_rule),
    )
    script = splink_script(config, threshold_match_weight=3.0)
    compile(script, "generated.py", "exec")
    assert "block_on(ColumnExpression('surname').substr(1, 3), ColumnExpression('postcode')" \
        ".regex_extract(" in script
    assert rule_code(sql_rule) in script
    assert "# Born within 1 year of each other" in script
    assert "threshold_match_weight=3.0" in script and "match_weight >= 3.0" in script
    assert "level.m_probability = max(level.m_probability, 0.001)" in script  # the m floor
    assert "link_type='dedupe_only'" in script
