"""What a column means for matching: the role decides how it is cleaned, blocked and compared."""

from __future__ import annotations

from enum import StrEnum


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
    UPRN = "uprn"
    EMAIL = "email"
    PHONE = "phone"
    NHS_NUMBER = "nhs_number"
    NI_NUMBER = "ni_number"
    COMPANY_NAME = "company_name"
    COMPANY_NUMBER = "company_number"
    RECORD_ID = "record_id"
    OTHER = "other"

    @property
    def label(self) -> str:
        """A plain-English name for screens."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.FIRST_NAME: "First name",
    Role.MIDDLE_NAMES: "Middle names",
    Role.SURNAME: "Surname",
    Role.FULL_NAME: "Full name",
    Role.DATE_OF_BIRTH: "Date of birth",
    Role.SEX: "Sex",
    Role.ADDRESS: "Address",
    Role.POSTCODE: "Postcode",
    Role.UPRN: "UPRN (property reference)",
    Role.EMAIL: "Email",
    Role.PHONE: "Phone",
    Role.NHS_NUMBER: "NHS number",
    Role.NI_NUMBER: "National Insurance number",
    Role.COMPANY_NAME: "Company name",
    Role.COMPANY_NUMBER: "Company number",
    Role.RECORD_ID: "Record ID",
    Role.OTHER: "Other",
}

#: Roles that identify a person or property on their own: an exact agreement is strong evidence.
IDENTIFIER_ROLES: frozenset[Role] = frozenset(
    {Role.NHS_NUMBER, Role.NI_NUMBER, Role.EMAIL, Role.PHONE, Role.UPRN, Role.COMPANY_NUMBER}
)
