"""What a column means for matching: the role decides how it is cleaned, blocked and compared.

Everything the engine knows about a role (its label, how it is recognised, cleaned, compared and
blocked on, and the words for the governance pack) is one entry of ``matching.role_registry``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matching.role_registry import RoleInfo


class Role(StrEnum):
    """The meaning of a column. The value is also the default common column name."""

    FIRST_NAME = "first_name"
    MIDDLE_NAMES = "middle_names"
    SURNAME = "surname"
    FULL_NAME = "full_name"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    ADDRESS = "address"
    POSTCODE = "postcode"
    POSTAL_CODE = "postal_code"
    PLACE = "place"
    UPRN = "uprn"
    EMAIL = "email"
    PHONE = "phone"
    NHS_NUMBER = "nhs_number"
    NI_NUMBER = "ni_number"
    OTHER_ID = "other_id"
    COMPANY_NAME = "company_name"
    COMPANY_NUMBER = "company_number"
    CATEGORY = "category"
    OTHER_DATE = "other_date"
    FREE_TEXT = "free_text"
    RECORD_ID = "record_id"
    OTHER = "other"

    @property
    def info(self) -> RoleInfo:
        """Everything the engine knows about this role (see ``matching.role_registry``)."""
        from matching.role_registry import ROLES  # the registry imports this module

        return ROLES[self]

    @property
    def label(self) -> str:
        """A plain-English name for screens."""
        return self.info.label
