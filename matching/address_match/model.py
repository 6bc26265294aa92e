"""The address model in Splink: three comparisons, their levels and what each level is worth.

* **Flat and house number** decides between neighbours (flat 3 or flat 4, 23 or 23A), so its
  weights are set by hand, as in the MoJ's ``uk_address_matcher``: whatever else agrees, a
  different flat at the same number is strong evidence *against*.
* **Street and building words** and **postcode**: how often true matches reach each level (m)
  is set here; how often two random addresses do (u) is estimated from random pairs of your
  own files, so the weights follow the list's size and spread.

Records are always Splink's left side (``_l``) and reference addresses the right (``_r``):
Splink orders the two datasets by name, and ``records`` sorts before ``reference``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.splink_dataframe import SplinkDataFrame

RECORDS = "records"
REFERENCE = "reference"
#: Columns the comparisons read (both sides), besides ``unique_id``.
MODEL_COLUMNS = ("postcode", "outward", "sector", "flat", "number", "num_lo", "num_hi",
                 "premise", "parts", "words", "winfo", "info_total", "keys")
#: Pairs below this match weight are not kept.
PREDICTION_FLOOR = -30.0
#: Words carrying this much information together (bits) name one building or short street.
RARE_BITS = 10.0
U_SAMPLE_PAIRS = 1_000_000


@dataclass(frozen=True)
class Level:
    """One level of a comparison: SQL on ``_l``/``_r`` columns, a label and its parameters.

    With ``weight``, the level is worth exactly that: ``u`` (how often random pairs reach it)
    is as given and m = u * 2**weight, neither re-estimated. Without, ``m`` is as given and
    ``u`` is a starting value that the random-pair estimate replaces.
    """

    label: str
    sql: str
    m: float = 0.0
    u: float = 0.01
    weight: float | None = None
    null: bool = False

    @property
    def m_probability(self) -> float:
        return self.u * 2 ** self.weight if self.weight is not None else self.m

    def build(self) -> ComparisonLevelCreator:
        level = cll.CustomLevel(self.sql, label_for_charts=self.label)
        if self.null:
            return level.configure(is_null_level=True)
        if self.weight is not None:
            return level.configure(m_probability=self.m_probability, u_probability=self.u,
                                   fix_m_probability=True, fix_u_probability=True)
        return level.configure(m_probability=self.m, u_probability=self.u,
                               fix_m_probability=True)


@dataclass(frozen=True)
class AddressComparison:
    name: str  # Splink's output column name (gamma_<name>, mw_<name>)
    title: str
    levels: tuple[Level, ...]

    def build(self) -> cl.CustomComparison:
        return cl.CustomComparison(comparison_levels=[lv.build() for lv in self.levels],
                                   output_column_name=self.name,
                                   comparison_description=self.title)


_SHARED = ("coalesce(list_sum(list_transform(list_filter(winfo_r, "
           "lambda x: list_contains(words_l, x.w)), lambda x: x.i)), 0)::DOUBLE")
_JACCARD = f"{_SHARED} / greatest(info_total_l + info_total_r - {_SHARED}, 0.001)"
_SAME_DIGITS = ("regexp_replace(number_l, '[A-Z]', '', 'g') = "
                "regexp_replace(number_r, '[A-Z]', '', 'g')")
_RANGE = ("flat_l IS NOT DISTINCT FROM flat_r AND num_lo_l IS NOT NULL AND num_lo_r IS NOT NULL "
          "AND (contains(number_l, '-') OR contains(number_r, '-')) AND "
          "((num_lo_l >= num_lo_r AND num_hi_l <= num_hi_r) OR "
          "(num_lo_r >= num_lo_l AND num_hi_r <= num_hi_l))")

NUMBERS = AddressComparison("numbers", "Flat and house number", (
    Level("no numbers on either side", "len(premise_l) = 0 AND len(premise_r) = 0", null=True),
    Level("same flat and house number",
          "flat_l IS NOT DISTINCT FROM flat_r AND number_l IS NOT DISTINCT FROM number_r",
          u=0.004, weight=7.5),
    Level("same numbers, written differently", "premise_l = premise_r", u=0.0005, weight=6.5),
    Level("same numbers and letters, written differently", "parts_l = parts_r", u=0.001,
          weight=3.0),
    Level("house number within the other's range", _RANGE, u=0.001, weight=2.5),
    Level("same flat, the record gives no house number",
          "flat_l = flat_r AND number_l IS NULL", u=0.003, weight=2.0),
    Level("same flat, a house number the list's address does not have",
          "flat_l = flat_r AND number_r IS NULL", u=0.001, weight=-1.0),
    Level("no flat given, the list has flats at this number",
          "flat_l IS NULL AND flat_r IS NOT NULL AND number_l = number_r", u=0.02, weight=0.5),
    Level("a flat the list does not have (only the building)",
          "flat_l IS NOT NULL AND flat_r IS NULL AND number_l = number_r", u=0.02, weight=-10.0),
    Level("the record's numbers are all in the list's, some missing",
          "list_has_all(premise_r, premise_l)", u=0.005, weight=1.0),
    Level("same house number, different letter",
          f"flat_l IS NOT DISTINCT FROM flat_r AND {_SAME_DIGITS}", u=0.005, weight=-6.0),
    Level("different flat at the same number", "number_l = number_r", u=0.02, weight=-8.0),
    Level("same flat, different house number", "flat_l = flat_r", u=0.05, weight=-7.0),
    Level("numbers on one side only", "len(premise_l) = 0 OR len(premise_r) = 0", u=0.1,
          weight=-2.0),
    Level("different numbers", "TRUE", u=0.7695, weight=-10.0),
))

WORDS = AddressComparison("street", "Street and building name", (
    Level("no words to compare", "len(words_l) = 0 OR len(words_r) = 0", null=True),
    Level("same street and building words", "list_sort(words_l) = list_sort(words_r)", m=0.70,
          u=0.001),
    Level("all the list's words, and a few common ones",
          f"list_has_all(words_l, words_r) AND info_total_l - {_SHARED} < {RARE_BITS}", m=0.10,
          u=0.001),
    Level("some words missing, the rest rare",
          f"list_has_all(words_r, words_l) AND info_total_l >= {RARE_BITS}", m=0.08, u=0.0005),
    Level("some words missing", "list_has_all(words_r, words_l)", m=0.04, u=0.001),
    Level("mostly the same rare words", f"{_JACCARD} >= 0.6", m=0.04, u=0.005),
    Level("some rare words in common", f"{_JACCARD} >= 0.3", m=0.02, u=0.02),
    Level("different words", "TRUE", m=0.02, u=0.97),
))

POSTCODE = AddressComparison("postcode", "Postcode", (
    Level("no postcode to compare", "(postcode_l IS NULL AND outward_l IS NULL) OR "
          "(postcode_r IS NULL AND outward_r IS NULL)", null=True),
    Level("same postcode", "postcode_l = postcode_r", m=0.90, u=0.0003),
    Level("postcode one character out", "levenshtein(postcode_l, postcode_r) = 1", m=0.03,
          u=0.001),
    Level("same postcode sector", "sector_l = sector_r", m=0.01, u=0.002),
    Level("same postcode district", "outward_l = outward_r", m=0.04, u=0.02),
    Level("different postcode", "TRUE", m=0.02, u=0.97),
))

COMPARISONS: tuple[AddressComparison, ...] = (NUMBERS, WORDS, POSTCODE)


def address_settings(prior: float) -> SettingsCreator:
    """Splink settings: link records to reference addresses sharing a blocking key."""
    return SettingsCreator(
        link_type="link_only",
        comparisons=[c.build() for c in COMPARISONS],
        blocking_rules_to_generate_predictions=[block_on("keys", arrays_to_explode=["keys"])],
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["address", "uprn"],
    )


def train(linker: Linker, *, seed: int = 42, max_pairs: int = U_SAMPLE_PAIRS) -> None:
    """Estimate u for the street and postcode levels from random pairs of records and
    reference addresses (the flat and number weights stay as set)."""
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)


def predict(linker: Linker) -> SplinkDataFrame:
    """Every candidate pair the blocking keys give, scored."""
    return linker.inference.predict(threshold_match_weight=PREDICTION_FLOOR)


def quiet() -> None:
    """Splink's info messages are not for officers."""
    logging.getLogger("splink").setLevel(logging.WARNING)
