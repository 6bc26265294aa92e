"""The project file: every field survives a JSON round trip, and bad files fail with clear text."""

from __future__ import annotations

import json

import pytest

from matching.config import (
    CONFIG_VERSION,
    DEFAULT_PAIR_BUDGET,
    DEFAULT_REVIEW_MARGIN,
    BlockingKey,
    BlockingRuleSpec,
    ColumnSpec,
    ComparisonKind,
    ComparisonSpec,
    DatasetSpec,
    MatchConfig,
    ReviewBand,
    Similarity,
    TrainingSpec,
    Transform,
)
from matching.errors import ConfigError
from matching.project_checks import HINT
from matching.roles import Role

CANNOT_USE = "The project file cannot be used:"
EXPORT_AGAIN = HINT


def _full_config() -> MatchConfig:
    """A project with every field away from its default, every enum member used at least once."""
    return MatchConfig(
        link_type="link_only",
        datasets=(
            DatasetSpec(
                name="council_tax",
                file_name="Council Tax.xlsx",
                id_column="account_ref",
                sheet="Accounts 2025",
                sha256="ab" * 32,
                rows=2000,
                path="/data/Council Tax.xlsx",
            ),
            DatasetSpec(name="housing_benefit", file_name="hb.csv"),  # generated IDs
        ),
        columns=tuple(
            # One column per role; the address joins two source columns in the first file.
            ColumnSpec(
                name=role.value,
                role=role,
                sources=(("address_line_1", "address_line_2"), ("address",))
                if role is Role.ADDRESS
                else ((f"{role.value}_a",), (f"{role.value}_b",)),
                use=i % 3 != 0,
                clean=i % 2 == 0,
                cleaning=None if i % 4 == 0 else ("titles", "case")[: i % 3],
                name_parts=(("first", None) if role is Role.FULL_NAME else ()),
            )
            for i, role in enumerate(Role)
        ),
        blocking=(
            BlockingRuleSpec(tuple(BlockingKey("surname", t, 3) for t in Transform)),
            BlockingRuleSpec((BlockingKey("postcode"),)),
            BlockingRuleSpec((), sql="l.surname = r.surname AND l.postcode <> r.postcode"),
        ),
        comparisons=(
            *(ComparisonSpec(role.value, kind, term_frequency=i % 2 == 1)
              for i, (kind, role) in enumerate(zip(ComparisonKind, Role, strict=False))),
            ComparisonSpec("other", ComparisonKind.DISTANCE_KM, similarity=Similarity.LEVENSHTEIN,
                           thresholds=(0.5, 2.0), postcode_parts=("district",),
                           other_column="uprn"),
        ),
        training=TrainingSpec(seed=7, u_max_pairs=123_456, recall_of_deterministic_rules=0.55,
                              max_em_rules=2),
        threshold_match_weight=3.25,
        pair_budget=1_000_000,
        review_band=ReviewBand(lower=-1.5, upper=7.0),
    )


def _error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        MatchConfig.from_json(text)
    return caught.value


def _minimal(**changes: object) -> str:
    data: dict[str, object] = {
        "link_type": "dedupe_only",
        "datasets": [{"name": "people", "file_name": "people.csv"}],
    }
    data.update(changes)
    return json.dumps(data)


# --- round trip ---------------------------------------------------------------------------


def test_every_field_survives_a_json_round_trip() -> None:
    config = _full_config()

    loaded = MatchConfig.from_json(config.to_json())

    assert loaded == config  # tuples stay tuples: ("a",) != ["a"]
    assert loaded.to_json() == config.to_json()


def test_round_trip_restores_enums_not_plain_strings() -> None:
    # StrEnum members compare equal to their values, so equality alone cannot tell them apart.
    loaded = MatchConfig.from_json(_full_config().to_json())

    assert all(type(c.role) is Role for c in loaded.columns)
    assert [c.role for c in loaded.columns] == list(Role)
    assert all(type(k.transform) is Transform for k in loaded.blocking[0].keys)
    assert [k.transform for k in loaded.blocking[0].keys] == list(Transform)
    assert all(type(c.kind) is ComparisonKind for c in loaded.comparisons)
    assert [c.kind for c in loaded.comparisons][:-1] == list(ComparisonKind)
    assert type(loaded.comparisons[-1].similarity) is Similarity
    assert type(loaded.training) is TrainingSpec
    assert isinstance(loaded.columns[0].sources[0], tuple)


def test_json_holds_plain_values() -> None:
    data = json.loads(_full_config().to_json())

    assert data["version"] == CONFIG_VERSION
    assert data["datasets"][1] == {
        "name": "housing_benefit", "file_name": "hb.csv", "id_column": None, "sheet": None,
        "sha256": "", "rows": 0, "path": None,
    }
    assert data["blocking"][1] == {"keys": [{"column": "postcode", "transform": "exact",
                                             "length": 1}], "sql": None}
    assert data["blocking"][2]["sql"] == "l.surname = r.surname AND l.postcode <> r.postcode"
    assert data["comparisons"][0] == {"column": "first_name", "kind": "name",
                                      "term_frequency": False, "similarity": "jaro_winkler",
                                      "thresholds": [], "postcode_parts": [],
                                      "other_column": None, "at_home": False}


def test_unset_threshold_round_trips_as_none() -> None:
    config = MatchConfig(link_type="dedupe_only", datasets=(DatasetSpec("p", "p.csv"),))

    loaded = MatchConfig.from_json(config.to_json())

    assert loaded == config
    assert loaded.threshold_match_weight is None


def test_missing_optional_fields_take_their_defaults() -> None:
    loaded = MatchConfig.from_json(_minimal())

    assert loaded == MatchConfig(link_type="dedupe_only",
                                 datasets=(DatasetSpec("people", "people.csv"),))
    assert loaded.pair_budget == DEFAULT_PAIR_BUDGET
    assert loaded.training == TrainingSpec()
    assert loaded.review_band == ReviewBand()


def test_old_column_without_cleaning_steps_reads_as_the_role_default() -> None:
    column = {"name": "surname", "role": "surname", "sources": [["surname"]], "clean": False}
    loaded = MatchConfig.from_json(_minimal(columns=[column])).columns[0]

    assert (loaded.clean, loaded.cleaning, loaded.name_parts) == (False, None, ())
    assert loaded.name_part(0) is None


def test_older_version_is_read_and_saved_as_the_current_one() -> None:
    assert MatchConfig.from_json(_minimal(version=0)).version == CONFIG_VERSION


# --- errors -------------------------------------------------------------------------------


def test_bad_json_names_the_line() -> None:
    error = _error('{\n  "link_type": "link_only",\n  "datasets": [,]\n}')

    assert error.message == "The project file is not valid JSON (line 3)."
    assert error.hint == "Load the project.json file that the workbench exported, unchanged."


def test_json_that_is_not_an_object_is_refused() -> None:
    assert _error("[1, 2]").message == "The project file does not hold a project."


def test_unknown_link_type_is_refused() -> None:
    error = _error(_minimal(link_type="link_and_dedupe"))

    assert error.message == (f"{CANNOT_USE} link_type must be one of 'dedupe_only', "
                             "'link_only', not \"link_and_dedupe\".")
    assert error.hint == EXPORT_AGAIN


def test_newer_version_is_refused() -> None:
    error = _error(_minimal(version=CONFIG_VERSION + 1))

    assert error.message == (
        "The project file was made by a newer version of the workbench "
        f"(format {CONFIG_VERSION + 1}; this one reads format {CONFIG_VERSION})."
    )
    assert error.hint == "Update Matching Workbench, then load the project again."


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        # ground truth: the field named and what is wrong with it
        ({"datasets": None}, "datasets must be a list, not null"),
        ({"blocking": [{"keys": [{"column": "a", "transform": "soundex"}]}]},
         "blocking[0].keys[0].transform must be one of 'exact', 'first_letters', "),
        ({"comparisons": [{"column": "a", "kind": "fuzzy"}]},
         "comparisons[0].kind must be one of"),
        ({"columns": [{"name": "a", "role": "shoe_size", "sources": [["a"]]}]},
         "columns[0].role must be one of"),
        ({"columns": [{"name": "a", "role": "surname", "sources": [["a"]], "cleaning": "all"}]},
         'columns[0].cleaning must be a list, not "all"'),
        ({"columns": [{"name": "a", "role": "surname", "sources": [["a"]],
                       "name_parts": ["last"]}]},
         "columns[0].name_parts[0] must be one of 'first', 'middle', 'surname', not \"last\""),
    ],
)
def test_malformed_fields_are_refused(changes: dict[str, object], detail: str) -> None:
    error = _error(_minimal(**changes))

    assert error.message.startswith(f"{CANNOT_USE} {detail}")
    assert error.hint == EXPORT_AGAIN


def test_missing_required_field_is_refused() -> None:
    error = _error(json.dumps({"link_type": "link_only"}))

    assert error.message == f"{CANNOT_USE} datasets must be a list, not null."


# --- helpers ------------------------------------------------------------------------------


def test_used_columns_and_column_lookup() -> None:
    config = _full_config()

    assert [c.name for c in config.used_columns] == [c.name for c in config.columns if c.use]
    assert config.column("surname").role is Role.SURNAME
    with pytest.raises(ConfigError) as caught:
        config.column("shoe_size")
    assert caught.value.message == "There is no column called 'shoe_size' in this project."


def test_with_changes_leaves_the_original_alone() -> None:
    config = _full_config()

    changed = config.with_changes(threshold_match_weight=None)

    assert changed.threshold_match_weight is None
    assert config.threshold_match_weight == 3.25
    assert changed.with_changes(threshold_match_weight=3.25) == config


def test_review_band_defaults_to_a_margin_either_side_of_the_threshold() -> None:
    assert ReviewBand().bounds(2.0) == (2.0 - DEFAULT_REVIEW_MARGIN, 2.0 + DEFAULT_REVIEW_MARGIN)
    assert ReviewBand(lower=-1.0).bounds(2.0) == (-1.0, 2.0 + DEFAULT_REVIEW_MARGIN)
    assert ReviewBand(lower=4.0, upper=1.0).bounds(0.0) == (1.0, 4.0), "given the wrong way round"
    loaded = MatchConfig.from_json(_minimal(review_band={"lower": 1, "upper": None}))
    assert loaded.review_band == ReviewBand(lower=1.0)
