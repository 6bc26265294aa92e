"""The cleaning steps an officer can turn on or off, with a plain-English label and an example.

Which role offers which steps is said once, in ``matching.role_registry``; how a choice of steps
becomes one value cleaner is ``matching.cleaning_steps``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The step that keeps "known as" names in a column of their own (``<column>_alias``).
ALIAS_STEP = "alias_column"


@dataclass(frozen=True)
class CleaningStep:
    """One standardisation an officer can turn on or off, with an example of what it does.

    ``can_empty``: the step sets values it cannot read to missing (a postcode check, a date
    parser). Such a step is left off by default when it would empty much of a column (see
    ``matching.cleaning_guard``)."""

    key: str
    label: str
    example: str
    default: bool = True
    can_empty: bool = False


_ACCENTS = CleaningStep("accents", "Remove accents", "Zoë → ZOE")
_CASE = CleaningStep("case", "Capitals", "smith → SMITH")
_SPACES = CleaningStep("spaces", "Trim and single spaces", "'  Ann   Lee ' → 'Ann Lee'")
TEXT_STEPS: tuple[CleaningStep, ...] = (
    _ACCENTS,
    _CASE,
    CleaningStep("punctuation", "Remove punctuation", "St. John's, & → ST JOHNS AND"),
    _SPACES,
    CleaningStep("placeholders", "Placeholders to missing", "UNKNOWN, N/A, - → missing"),
)
NAME_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("known_as", "Remove 'known as' text", "Robert (Bob) Smith → ROBERT SMITH"),
    CleaningStep("titles", "Remove titles", "Mr John Smith, Dr Ann Lee → JOHN SMITH, ANN LEE"),
    _ACCENTS,
    _CASE,
    CleaningStep("punctuation", "Remove hyphens and apostrophes",
                 "O'Brien → OBRIEN, Smith-Jones → SMITH JONES"),
    _SPACES,
    CleaningStep("prefixes", "Join surname prefixes", "Mc Donald → MCDONALD, O Neill → ONEILL"),
    CleaningStep("placeholders", "Placeholder names to missing",
                 "BABY BOY, TWIN 1, UNKNOWN → missing"),
)
ALIAS_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep(ALIAS_STEP, "'Known as' names in their own column",
                 "Robert (Bob) → alias BOB, compared with the other file's names",
                 default=False),
)
ADDRESS_STEPS: tuple[CleaningStep, ...] = (
    *TEXT_STEPS,
    CleaningStep("abbreviations", "Expand abbreviations", "12 Kingsland Rd → 12 KINGSLAND ROAD"),
)
#: Reading dates: day first unless "month first" is chosen (the suggestions choose it for
#: columns written the American way, such as 04/25/1984).
DATE_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("parse_dates", "Read dates day first",
                 "03/04/1984, 3 Apr 84, 30775 (Excel) → 1984-04-03", can_empty=True),
    CleaningStep("month_first", "Month first (American dates)",
                 "04/25/1984 → 1984-04-25; 03/04/1984 → 1984-03-04", default=False),
    CleaningStep("placeholder_dates", "Placeholder dates to missing",
                 "01/01/1900, 9999-12-31, future dates → missing"),
)
OTHER_DATE_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("parse_dates", "Read dates day first",
                 "03/04/2019, 3 Apr 19, 43559 (Excel) → 2019-04-03", can_empty=True),
    CleaningStep("month_first", "Month first (American dates)",
                 "04/25/2019 → 2019-04-25; 03/04/2019 → 2019-03-04", default=False),
    CleaningStep("placeholder_dates", "Placeholder dates to missing",
                 "01/01/1900, 9999-12-31 → missing"),
)
POSTCODE_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("postcode_format", "Format and check postcodes",
                 "sw1a1aa → SW1A 1AA; ZZ99 3VZ, E8, invalid → missing", can_empty=True),
    CleaningStep("postcode_repair", "Fix letter and digit slips", "E1O 6AN → E10 6AN"),
)
COMPANY_NAME_STEPS: tuple[CleaningStep, ...] = (
    *TEXT_STEPS,
    CleaningStep("company_forms", "Legal forms written one way",
                 "The Acme Company Limited → ACME CO LTD; Public Limited Company → PLC"),
)
CODE_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("code_tidy", "Letters and digits only, in capitals",
                 "ab-123 456.0 → AB123456; 0000000, UNKNOWN → missing"),
)
SEX_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("sex_codes", "M and F codes", "Male, man, Female → M, M, F", can_empty=True),
)
UPRN_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("uprn_digits", "Digits only", "10008239651.0 → 10008239651", can_empty=True),
)
EMAIL_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("email_tidy", "Lower case, no spaces",
                 " Ann.Lee@Example.COM → ann.lee@example.com", can_empty=True),
)
PHONE_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("phone_uk", "UK phone numbers", "+44 (0)20 7946 0123 → 02079460123",
                 can_empty=True),
)
NHS_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("nhs_check", "Check NHS numbers (mod 11)",
                 "943 476 5919 → 9434765919; a wrong check digit → missing", can_empty=True),
)
NI_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("ni_check", "Check NI numbers", "jg 12 34 56 c → JG123456", can_empty=True),
)
COMPANY_NUMBER_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("company_number", "Pad to 8 characters", "123456, sc 1234 → 00123456, SC001234",
                 can_empty=True),
)
ID_STEPS: tuple[CleaningStep, ...] = (CleaningStep("trim", "Trim spaces", "' 00123 ' → '00123'"),)
