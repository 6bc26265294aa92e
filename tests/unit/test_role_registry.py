"""The role registry: every role is one complete entry, and what other modules derive from it."""

from __future__ import annotations

from matching.cleaning import CLEANERS
from matching.cleaning_steps import default_steps, steps_for
from matching.comparisons import CATALOGUE, DEFAULT_KIND_BY_ROLE, TF_BY_DEFAULT
from matching.config import Transform
from matching.role_registry import HEADER_ORDER, IDENTIFIER_ROLES, ROLES, Evidence
from matching.roles import Role


def test_every_role_has_one_entry_with_a_label_and_cleaning() -> None:
    assert set(ROLES) == set(Role)
    for role, info in ROLES.items():
        assert info.role is role
        assert info.label and role.label == info.label
        keys = [step.key for step in info.cleaning]
        assert len(keys) == len(set(keys)), role
        assert steps_for(role) == info.cleaning
        assert set(default_steps(role)) <= set(keys)


def test_compared_roles_name_a_template_and_get_their_words_for_the_report() -> None:
    for role, info in ROLES.items():
        if info.comparison is None:
            assert role in (Role.RECORD_ID, Role.OTHER)
            continue
        assert info.comparison in CATALOGUE
        assert DEFAULT_KIND_BY_ROLE[role] is info.comparison
        assert info.cleaned_as, role
        assert (role in TF_BY_DEFAULT) is info.term_frequency


def test_other_modules_read_the_registry() -> None:
    assert {role: info.cleaner for role, info in ROLES.items()} == CLEANERS
    assert set(HEADER_ORDER) <= set(Role)
    assert Role.OTHER_ID in IDENTIFIER_ROLES and Role.NHS_NUMBER in IDENTIFIER_ROLES
    assert Role.FULL_NAME not in IDENTIFIER_ROLES  # a name alone is not an identifier


def test_weak_keys_never_stand_alone() -> None:
    # a year of birth, a category or a place alone would compare most pairs of records
    for info in ROLES.values():
        for shape in info.blocking:
            if info.evidence in (Evidence.CATEGORY, Evidence.PLACE, Evidence.DATE) \
                    or shape.transform is Transform.YEAR:
                assert not shape.alone, info.role
