"""Every role in one place: its label, how it is recognised, cleaned, compared and blocked on,
and what the governance pack says about it.

Adding a role is one entry in ``ROLES`` (plus the ``Role`` member, and a cleaner or comparison
template if none of the existing ones fits). Everything else reads from here: role suggestion
(headers, then values), cleaning steps, derived keys, the default comparison, blocking keys,
training rules and the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from matching.cleaning_dates import parse_date
from matching.cleaning_ids import (
    clean_code,
    clean_company_number,
    clean_email,
    clean_nhs_number,
    clean_ni_number,
    clean_phone,
    clean_record_id,
    clean_sex,
    clean_uprn,
)
from matching.cleaning_names import clean_name
from matching.cleaning_options import (
    ADDRESS_STEPS,
    ALIAS_STEPS,
    CODE_STEPS,
    COMPANY_NAME_STEPS,
    COMPANY_NUMBER_STEPS,
    DATE_STEPS,
    EMAIL_STEPS,
    ID_STEPS,
    NAME_STEPS,
    NHS_STEPS,
    NI_STEPS,
    OTHER_DATE_STEPS,
    PHONE_STEPS,
    POSTCODE_STEPS,
    SEX_STEPS,
    TEXT_STEPS,
    UPRN_STEPS,
    CleaningStep,
)
from matching.cleaning_postcodes import clean_postcode
from matching.cleaning_text import clean_text
from matching.company_names import clean_company_name
from matching.config import ComparisonKind, Transform
from matching.roles import Role

Cleaner = Callable[[str | None], str | None]

#: Suffixes of the keys derived from a cleaned column (computed in ``matching.prepare``).
PHONETIC = "_phonetic"
CANONICAL = "_canonical"
NUMBERS = "_numbers"
WORDS = "_words"


class Evidence(StrEnum):
    """What a role tells about a record. Columns giving the same kind of evidence are compared
    once (see ``matching.suggest``): a shared home counts once, not as address + postcode."""

    NAME = "name"
    BIRTH = "birth"
    HOME = "home"
    PLACE = "place"
    CONTACT = "contact"
    IDENTIFIER = "identifier"
    ORGANISATION = "organisation"
    CATEGORY = "category"
    DATE = "date"
    TEXT = "text"
    NONE = "none"


@dataclass(frozen=True)
class KeyShape:
    """A blocking key a role offers: records agree on ``transform`` of the column.

    ``alone``: selective enough to be a blocking rule on its own (an NHS number); otherwise it
    is only used together with a key of another column (a year of birth)."""

    transform: Transform
    length: int = 1
    alone: bool = False


@dataclass(frozen=True)
class RoleInfo:
    """What the engine knows about one role."""

    role: Role
    label: str
    evidence: Evidence
    #: Header patterns (regular expressions on the header normalised as " first name ").
    headers: tuple[str, ...] = ()
    cleaning: tuple[CleaningStep, ...] = ()
    #: The role's usual cleaner for one value (its default steps, for roles with fixed steps).
    cleaner: Cleaner = clean_text
    #: How the governance pack describes the usual cleaning.
    cleaned_as: str = ""
    comparison: ComparisonKind | None = None
    term_frequency: bool = False
    blocking: tuple[KeyShape, ...] = ()
    #: The key added to a rule to make it stricter without losing much recall.
    tighten: KeyShape = KeyShape(Transform.EXACT)
    #: Derived keys computed after cleaning (suffixes of ``<column><suffix>``).
    derived: tuple[str, ...] = ()
    #: A file may hold several columns of this role (they are joined, or the fullest is used).
    repeatable: bool = False
    #: Several columns of this role in one file are joined into one value (address lines).
    joined: bool = False
    #: The role given to further columns of this role in a file once it is taken.
    fallback: Role = Role.OTHER

    @property
    def compared(self) -> bool:
        return self.comparison is not None


_EXACT = KeyShape(Transform.EXACT)
_EXACT_ALONE = KeyShape(Transform.EXACT, alone=True)
_NAME_KEYS = (_EXACT, KeyShape(Transform.PHONETIC), KeyShape(Transform.FIRST_LETTERS, 1),
              KeyShape(Transform.FIRST_LETTERS, 3))
_NAME_HEADERS = {
    "first": r"fore ?names?|first ?name|given ?names?|christian|^fname|^f name|^first$|prenom"
             r"|vorname|^nombre$",
    "last": r"surname|last ?name|family ?name|^lname|^l name|^sname|^last$|^nom$"
            r"|nom de famille|nachname|familienname|apellidos?",
}


def _info(role: Role, label: str, evidence: Evidence, **rest: object) -> RoleInfo:
    return RoleInfo(role, label, evidence, **rest)  # type: ignore[arg-type]


ROLES: dict[Role, RoleInfo] = {
    info.role: info
    for info in (
        _info(Role.FIRST_NAME, "First name", Evidence.NAME,
              headers=(_NAME_HEADERS["first"],),
              cleaning=NAME_STEPS + ALIAS_STEPS, cleaner=clean_name,
              cleaned_as="upper-cased; titles, 'known as' text and punctuation removed; "
                         "nickname and phonetic keys added",
              comparison=ComparisonKind.NAME, term_frequency=True, blocking=_NAME_KEYS,
              tighten=KeyShape(Transform.FIRST_LETTERS, 1), derived=(PHONETIC, CANONICAL),
              fallback=Role.MIDDLE_NAMES),
        _info(Role.MIDDLE_NAMES, "Middle names", Evidence.NAME,
              headers=(r"middle|^mname|other ?fore ?names|second ?name|^mi$",),
              cleaning=NAME_STEPS, cleaner=clean_name,
              cleaned_as="upper-cased; punctuation removed",
              comparison=ComparisonKind.NAME, tighten=KeyShape(Transform.FIRST_LETTERS, 1)),
        _info(Role.SURNAME, "Surname", Evidence.NAME,
              headers=(_NAME_HEADERS["last"],),
              cleaning=NAME_STEPS + ALIAS_STEPS, cleaner=clean_name,
              cleaned_as="upper-cased; punctuation and prefixes standardised; phonetic key "
                         "added",
              comparison=ComparisonKind.NAME, term_frequency=True, blocking=_NAME_KEYS,
              tighten=KeyShape(Transform.FIRST_LETTERS, 1), derived=(PHONETIC,)),
        _info(Role.FULL_NAME, "Full name", Evidence.NAME,
              headers=(r" name |^name$|^(client|person|customer|resident|applicant|claimant"
                       r"|tenant|pupil|student|patient|member)name",),
              cleaning=NAME_STEPS + ALIAS_STEPS, cleaner=clean_name,
              cleaned_as="upper-cased; titles, 'known as' text and punctuation removed; "
                         "phonetic key",
              comparison=ComparisonKind.NAME, term_frequency=True,
              blocking=(_EXACT_ALONE, KeyShape(Transform.PHONETIC)),
              tighten=KeyShape(Transform.FIRST_LETTERS, 1), derived=(PHONETIC,)),
        _info(Role.DATE_OF_BIRTH, "Date of birth", Evidence.BIRTH,
              headers=(r"(date|day) of birth|birth ?(date|day)|^dob|^bdate$| dob | d o b |born"
                       r"|geburtsdatum|date de naissance|fecha de nacimiento",),
              cleaning=DATE_STEPS, cleaner=parse_date,
              cleaned_as="read day-first from mixed formats and Excel serial numbers; "
                         "placeholder dates (e.g. 01/01/1900) removed",
              comparison=ComparisonKind.DATE_OF_BIRTH,
              blocking=(_EXACT, KeyShape(Transform.YEAR)), tighten=KeyShape(Transform.YEAR),
              fallback=Role.OTHER_DATE),
        _info(Role.SEX, "Sex", Evidence.CATEGORY,
              headers=(r" sex | gender |geschlecht|^sexe$",),
              cleaning=SEX_STEPS, cleaner=clean_sex, cleaned_as="standardised to one letter",
              comparison=ComparisonKind.EXACT, blocking=(_EXACT,)),
        _info(Role.ADDRESS, "Address", Evidence.HOME,
              headers=(r" addr| add \d| street| road | house | building| flat | premises"
                       r"| dwelling| line \d| lpi|property name|strasse|stra e|hausnummer"
                       r"|adresse|direccion",),
              cleaning=ADDRESS_STEPS,
              cleaned_as="upper-cased; abbreviations expanded; house numbers kept apart",
              comparison=ComparisonKind.ADDRESS, derived=(NUMBERS, WORDS),
              blocking=(_EXACT, KeyShape(Transform.HOUSE_NUMBERS)),
              repeatable=True, joined=True),
        _info(Role.POSTCODE, "Postcode (UK)", Evidence.HOME,
              headers=(r"post ?code|postal ?code| pcode |^pcode|^pc$| zip|outcode|^plz$"
                       r"|postleitzahl|code postal",),
              cleaning=POSTCODE_STEPS, cleaner=clean_postcode,
              cleaned_as="repaired (letter/digit confusions) and formatted as 'OUTWARD INWARD'",
              comparison=ComparisonKind.POSTCODE, term_frequency=True,
              blocking=(_EXACT, KeyShape(Transform.POSTCODE_SECTOR),
                        KeyShape(Transform.POSTCODE_DISTRICT)),
              tighten=KeyShape(Transform.POSTCODE_DISTRICT)),
        _info(Role.POSTAL_CODE, "Postal or zip code (outside the UK)", Evidence.HOME,
              cleaning=CODE_STEPS, cleaner=clean_code,
              cleaned_as="kept as a code: capital letters and digits only",
              comparison=ComparisonKind.CODE, term_frequency=True,
              blocking=(_EXACT, KeyShape(Transform.FIRST_LETTERS, 3)),
              tighten=KeyShape(Transform.FIRST_LETTERS, 3)),
        _info(Role.PLACE, "Town or place (town, suburb, county, state, birth place)",
              Evidence.PLACE,
              headers=(r" town| city| suburb|locality| county | state | province | region "
                       r"| village| parish|borough| district | country|birth ?place"
                       r"|place of birth|^ort$|stadt|municipality|hamlet|commune|ciudad",),
              cleaning=TEXT_STEPS,
              cleaned_as="upper-cased; accents and punctuation removed",
              comparison=ComparisonKind.PLACE, term_frequency=True, blocking=(_EXACT,),
              repeatable=True),
        _info(Role.UPRN, "UPRN (property reference)", Evidence.HOME,
              headers=(r"uprn|unique property ref",),
              cleaning=UPRN_STEPS, cleaner=clean_uprn, cleaned_as="decimals stripped",
              comparison=ComparisonKind.IDENTIFIER, blocking=(_EXACT_ALONE,)),
        _info(Role.EMAIL, "Email", Evidence.CONTACT,
              headers=(r" e ?mail|^e ?mail",),
              cleaning=EMAIL_STEPS, cleaner=clean_email, cleaned_as="lower-cased and trimmed",
              comparison=ComparisonKind.EMAIL, blocking=(_EXACT_ALONE,), repeatable=True),
        _info(Role.PHONE, "Phone", Evidence.CONTACT,
              headers=(r"phone| tel |^tel|mobile| mob |landline|contact (no|number|num)"
                       r"|telefon",),
              cleaning=PHONE_STEPS, cleaner=clean_phone, cleaned_as="normalised to the UK format",
              comparison=ComparisonKind.IDENTIFIER, blocking=(_EXACT_ALONE,), repeatable=True),
        _info(Role.NHS_NUMBER, "NHS number", Evidence.IDENTIFIER,
              headers=(r" nhs |^nhs",),
              cleaning=NHS_STEPS, cleaner=clean_nhs_number,
              cleaned_as="checked with the mod-11 check digit; invalid numbers removed",
              comparison=ComparisonKind.IDENTIFIER, blocking=(_EXACT_ALONE,)),
        _info(Role.NI_NUMBER, "National Insurance number", Evidence.IDENTIFIER,
              headers=(r" nino | ni (number|no|num) |national ?insurance|^ni$|^nin$|^nino",),
              cleaning=NI_STEPS, cleaner=clean_ni_number,
              cleaned_as="format checked; invalid numbers removed",
              comparison=ComparisonKind.IDENTIFIER, blocking=(_EXACT_ALONE,)),
        _info(Role.OTHER_ID, "Other identifier (a reference number both records carry)",
              Evidence.IDENTIFIER,
              cleaning=CODE_STEPS, cleaner=clean_code,
              cleaned_as="kept as a code: capital letters and digits only",
              comparison=ComparisonKind.IDENTIFIER,
              blocking=(_EXACT_ALONE,), repeatable=True),
        _info(Role.COMPANY_NAME, "Company name", Evidence.ORGANISATION,
              headers=(r"(company|business|trading|organi[sz]ation|org|firm|employer|supplier"
                       r"|vendor|trader|merchant|provider|contractor|creditor|payee|agency)"
                       r" ?name|^(company|business|organi[sz]ation|employer|supplier|vendor)$",),
              cleaning=COMPANY_NAME_STEPS, cleaner=clean_company_name,
              cleaned_as="upper-cased; punctuation removed; legal forms written one way",
              comparison=ComparisonKind.NAME, term_frequency=True,
              blocking=(_EXACT_ALONE, KeyShape(Transform.FIRST_LETTERS, 4)),
              tighten=KeyShape(Transform.FIRST_LETTERS, 1)),
        _info(Role.COMPANY_NUMBER, "Company number", Evidence.IDENTIFIER,
              headers=(r"company ?(number|no|num|reg)|companies house|^crn$| crn |^coyno",),
              cleaning=COMPANY_NUMBER_STEPS, cleaner=clean_company_number,
              cleaned_as="standardised", comparison=ComparisonKind.IDENTIFIER,
              blocking=(_EXACT_ALONE,)),
        _info(Role.CATEGORY, "Category (occupation, status, school...)", Evidence.CATEGORY,
              headers=(r"occupation|profession|job|trade| status|ethnic|nationality|religion"
                       r"|marital|tenure|language|school|college| class | type | band | grade"
                       r"|category|beruf",),
              cleaning=TEXT_STEPS, cleaned_as="upper-cased; accents and punctuation removed",
              comparison=ComparisonKind.EXACT, term_frequency=True, blocking=(_EXACT,),
              repeatable=True),
        _info(Role.OTHER_DATE, "Other date", Evidence.DATE,
              headers=(r" date | dt | dod | death|timestamp| time |datum",),
              cleaning=OTHER_DATE_STEPS, cleaner=parse_date, cleaned_as="read day-first from mixed formats",
              comparison=ComparisonKind.DATE, blocking=(_EXACT,), repeatable=True),
        _info(Role.FREE_TEXT, "Free text (notes, descriptions)", Evidence.TEXT,
              headers=(r"note|comment|description|remark|detail|narrative|free ?text",),
              cleaning=TEXT_STEPS, cleaned_as="upper-cased; accents and punctuation removed",
              comparison=ComparisonKind.TEXT, derived=(WORDS,), repeatable=True),
        _info(Role.RECORD_ID, "Record ID", Evidence.NONE, cleaning=ID_STEPS,
              cleaner=clean_record_id, cleaned_as="spaces trimmed"),
        _info(Role.OTHER, "Other (not used)", Evidence.NONE,
              headers=(r"user ?name|file ?name|^title$| title |nick ?name|^alias",),
              cleaning=TEXT_STEPS),
    )
}

#: Header rules in the order they are tried: the first match wins, so specific headers come
#: before general ones ("Company name" before "name", "Date of birth" before "date").
HEADER_ORDER: tuple[Role, ...] = (
    Role.NHS_NUMBER, Role.NI_NUMBER, Role.UPRN, Role.EMAIL, Role.DATE_OF_BIRTH,
    Role.OTHER_DATE, Role.POSTCODE, Role.PHONE, Role.SEX, Role.COMPANY_NUMBER,
    Role.COMPANY_NAME, Role.MIDDLE_NAMES, Role.FIRST_NAME, Role.SURNAME, Role.OTHER,
    Role.PLACE, Role.CATEGORY, Role.FREE_TEXT, Role.ADDRESS, Role.FULL_NAME,
)
#: A header naming both a first name and a surname ("first_and_surname") is a full name.
COMPOSITE_NAME_HEADER = (
    rf"({_NAME_HEADERS['first']}).*({_NAME_HEADERS['last']})"
    rf"|({_NAME_HEADERS['last']}).*({_NAME_HEADERS['first']})"
    r"|first (and|&) (sur|last) ?name"
)


def role_info(role: Role) -> RoleInfo:
    """Everything the engine knows about ``role``."""
    return ROLES[role]


def roles_with(evidence: Evidence) -> frozenset[Role]:
    """The roles giving one kind of evidence."""
    return frozenset(r for r, info in ROLES.items() if info.evidence is evidence)


NAME_ROLES = roles_with(Evidence.NAME) - {Role.MIDDLE_NAMES}
#: Roles that identify a person or property on their own: an exact agreement is strong evidence.
IDENTIFIER_ROLES: frozenset[Role] = frozenset(
    r for r, info in ROLES.items() if any(k.alone for k in info.blocking)
    and info.evidence in (Evidence.IDENTIFIER, Evidence.CONTACT, Evidence.HOME)
)
