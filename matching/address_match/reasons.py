"""Why a record got (or did not get) a UPRN, in one plain-English sentence.

"Same house number and street, postcode one letter out." comes from the level each comparison
reached (Splink's ``gamma_*`` columns); the decision adds why no UPRN was given, if none was.
"""

from __future__ import annotations

from functools import cache

from matching.address_match.model import NUMBERS, POSTCODE, WORDS, AddressComparison

#: Per comparison, per level (in the model's order, null level first): what it is called when
#: the two agree ("same ..."), or a phrase of its own.
PHRASES: dict[str, tuple[str, ...]] = {
    NUMBERS.name: (
        "no numbers on either side", "=house number", "same numbers, written differently",
        "same numbers and letters, written differently", "house number within the range",
        "same flat, no house number in the record",
        "same flat, a house number the list does not have",
        "no flat given (the list has flats at this number)",
        "a flat the list does not have (only the building)",
        "the record's number is one of the list's, others missing",
        "different letter after the house number", "different flat at the same number",
        "different house number", "numbers on one side only", "different house number",
    ),
    WORDS.name: (
        "no street words", "=street", "same street (a few extra words in the record)",
        "same building or street, some words missing", "same street, some words missing",
        "similar street", "street partly similar",
        "different street",
    ),
    POSTCODE.name: (
        "no postcode", "=postcode", "postcode one letter out", "postcode in the same sector",
        "same postcode district", "different postcode",
    ),
}


def _phrase(comparison: AddressComparison, gamma: int | None) -> str | None:
    """The phrase for a comparison's level, from its gamma (-1 = null; highest = first level)."""
    if gamma is None:
        return None
    phrases = PHRASES[comparison.name]
    if gamma < 0:
        return phrases[0]
    index = len(comparison.levels) - 1 - gamma
    return phrases[index] if 0 < index < len(phrases) else None


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@cache
def comparison_reason(numbers: int | None, street: int | None, postcode: int | None,
                      has_flat: bool) -> str:
    """"Same house number and street, postcode one letter out" from the three gammas."""
    same: list[str] = []
    other: list[str] = []
    for comparison, gamma in ((NUMBERS, numbers), (WORDS, street), (POSTCODE, postcode)):
        phrase = _phrase(comparison, gamma)
        if phrase is None:
            continue
        if phrase.startswith("="):
            word = phrase[1:]
            same += ["flat", word] if word == "house number" and has_flat else [word]
        else:
            other.append(phrase)
    parts = (["same " + _join(same)] if same else []) + other
    if not parts:
        return "Nothing to compare"
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def decision_note(status: str, gap: float | None, weight: float | None,
                  runner_up: str | None) -> str:
    """Why a UPRN was or was not given, after the comparison reason."""
    if status == "exact":
        return "written the same as exactly one address in the list"
    if status == "ambiguous":
        lead = "" if gap is None else f" (lead {gap:.1f})"
        return f"no UPRN: {runner_up or 'another address'} scores almost as well{lead}"
    if status == "weak":
        return "no UPRN: not enough agreement" + ("" if weight is None else f" (weight {weight:.1f})")
    if status == "none":
        return "no UPRN: no address in the list shares a postcode, number or street word"
    return ""
