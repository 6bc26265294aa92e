"""Vectorised (Polars) forms of the default cleaners, for the values they handle exactly.

The Python cleaners in ``cleaning_*.py`` are the specification. Each fast form here takes
distinct, non-null text values and returns the cleaned values plus a mask of the values it
handled: the common shapes (plain ASCII text, ``dd/mm/yyyy`` dates, ...). `clean_distinct` runs
the Python cleaner on the rest (accents and other scripts, brackets and "known as" names, rare
date layouts), so results are identical to the Python cleaner's; tests/unit/test_cleaning_fast.py
checks that on sample, benchmark and generated values. The derived keys (phonetic codes,
canonical forenames, address numbers and words) are built the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl
from metaphone import doublemetaphone

from matching.addresses import (
    ABBREVIATIONS,
    NOISE_WORDS,
    address_numbers,
    address_words,
    standardise_address,
)
from matching.cleaning_dates import EXCEL_EPOCH, EXCEL_SERIAL_RANGE, PLACEHOLDER_DATES, parse_date
from matching.cleaning_ids import clean_email, clean_nhs_number, clean_uprn
from matching.cleaning_names import (
    GLUED_PARTICLES,
    LEADING_TITLES,
    PLACEHOLDER_NAME_PATTERN,
    TITLES,
    canonical_forename,
    canonical_of_token,
    clean_name,
    phonetic_key,
)
from matching.cleaning_postcodes import POSTCODE_PATTERN, PSEUDO_PREFIX, clean_postcode
from matching.cleaning_text import PLACEHOLDER_TEXT, clean_text
from matching.company_names import FORMS, clean_company_name

Cleaner = Callable[[str | None], str | None]
#: Distinct non-null values → (results, handled); results are ignored where not handled.
FastCleaner = Callable[[pl.Series], tuple[pl.Series, pl.Series]]

VALUE = "value"
_V = pl.col(VALUE)
_MAX_ADDRESS_TOKENS = 24


def _run(values: pl.Series, result: pl.Expr, handled: pl.Expr,
         dtype: pl.DataType | type[pl.DataType] = pl.String) -> tuple[pl.Series, pl.Series]:
    frame = pl.LazyFrame({VALUE: values}, schema={VALUE: pl.String}).select(
        result.cast(dtype).alias("result"), handled.fill_null(False).alias("handled")).collect()
    return frame["result"], frame["handled"]


def _ascii(expr: pl.Expr = _V) -> pl.Expr:
    return expr.str.len_bytes() == expr.str.len_chars()


def _printable(expr: pl.Expr = _V) -> pl.Expr:
    """Printable ASCII only (no tabs, line breaks or other control characters)."""
    return expr.str.contains(r"^[\x20-\x7E]*$")


def _words(expr: pl.Expr) -> pl.Expr:
    """`cleaning_text.words` for ASCII text: capitals, ``&`` → AND, apostrophes dropped, other
    punctuation and spaces → one space, trimmed."""
    return (expr.str.to_uppercase().str.replace_all("&", " AND ", literal=True)
            .str.replace_all(r"['`]", "").str.replace_all(r"[^A-Z0-9]+", " ")
            .str.strip_chars(" "))


def _null_if(condition: pl.Expr, expr: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(pl.lit(None, pl.String)).otherwise(expr)


def _not_placeholder_text(text: pl.Expr) -> pl.Expr:
    return _null_if((text == "") | text.is_in(sorted(PLACEHOLDER_TEXT)), text)


def fast_clean_text(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_text` for ASCII values."""
    return _run(values, _not_placeholder_text(_words(_V)), _ascii())


def fast_clean_company_name(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`company_names.clean_company_name` for ASCII values."""
    text = _not_placeholder_text(_words(_V))
    for pattern, short in FORMS:
        text = text.str.replace_all(pattern, short)
    text = _collapse(text)
    return _run(values, _null_if(text == "", text), _ascii())


def _is_digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.contains(r"^[0-9]+$").fill_null(False)


def _expand_abbreviations(text: pl.Series, width: int) -> pl.Series:
    """`addresses.expand_abbreviations` of cleaned ASCII text with at most ``width`` words."""
    tok = [pl.col(f"t{i}") for i in range(width)]
    digits = [pl.col(f"d{i}") for i in range(width)]
    none = pl.lit(False)
    pieces = []
    for i, t in enumerate(tok):
        has_next = tok[i + 1].is_not_null() if i + 1 < width else none
        next_digits = digits[i + 1] if i + 1 < width else none
        after_number = digits[i - 1] if i else pl.lit(True)
        saint = (t == "ST") & has_next & ~next_digits & after_number
        word = pl.when(saint).then(t).otherwise(t.replace(ABBREVIATIONS))
        if i == 0:
            pieces.append(word)
            continue
        # "23 A HIGH ST" → "23A HIGH STREET": a lone letter after a number, not the last word
        joined = digits[i - 1] & t.str.contains(r"^[A-Z]$").fill_null(False) & has_next
        pieces.append(pl.when(joined).then(word).otherwise(pl.lit(" ") + word))
    return (
        pl.LazyFrame({"text": text})
        .with_columns(words=pl.col("text").str.split(" "))
        .with_columns(pl.col("words").list.get(i, null_on_oob=True).alias(f"t{i}")
                      for i in range(width))
        .with_columns(_is_digits(t).alias(f"d{i}") for i, t in enumerate(tok))
        .select(pl.when(pl.col("text").is_not_null()).then(pl.concat_str(pieces, ignore_nulls=True)))
        .collect().to_series()
    )


def fast_standardise_address(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`standardise_address` for ASCII values of up to 24 words."""
    cleaned, handled = fast_clean_text(values)
    counts = cleaned.str.count_matches(" ").fill_null(0) + 1
    handled = handled & (counts <= _MAX_ADDRESS_TOKENS)
    usable = pl.DataFrame({"c": cleaned, "h": handled}).select(
        pl.when(pl.col("h")).then(pl.col("c"))).to_series()
    width = int(usable.str.count_matches(" ").max() or 0) + 1  # type: ignore[arg-type]
    return _expand_abbreviations(usable, width), handled


def _token_regex(tokens: frozenset[str]) -> str:
    return "|".join(sorted(tokens, key=lambda t: (-len(t), t)))


_TITLE_TOKEN = f" (?:{_token_regex(TITLES)}) "
_LEADING_TITLE_RUN = f"^(?:(?:{_token_regex(LEADING_TITLES)}) )+"
_GLUED = f"(^| )({_token_regex(GLUED_PARTICLES)}) "
_ALIAS_TOKEN = r"(?:^| )(?:AKA|NEE|FORMERLY|PREVIOUSLY|KNOWN)(?: |$)"
_NAME_PLACEHOLDER = f"^(?:{PLACEHOLDER_NAME_PATTERN.pattern})$"


def _collapse(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(" +", " ").str.strip_chars(" ")


def fast_clean_name(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_name` (all steps) for printable ASCII names without brackets, quotes, "a.k.a."
    markers or alias words (known as, aka, nee, formerly, previously)."""
    words = _words(_V)
    padded = pl.lit(" ") + words.str.replace_all(" ", "  ", literal=True) + pl.lit(" ")
    untitled = _collapse(padded.str.replace_all(_TITLE_TOKEN, " "))
    unled = untitled.str.replace_all(_LEADING_TITLE_RUN, "")
    glued = unled.str.replace_all(_GLUED, "${1}${2}")
    placeholder = (glued == "") | glued.is_in(sorted(PLACEHOLDER_TEXT)) \
        | glued.str.contains(_NAME_PLACEHOLDER)
    handled = (_printable() & ~_V.str.contains(r"[(\[{<\"]")
               & ~_V.str.contains(r"(?i)A *[./] *K|K */ *A") & ~words.str.contains(_ALIAS_TOKEN))
    return _run(values, _null_if(placeholder, glued), handled)


def fast_clean_postcode(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_postcode` (with repairs) for ASCII values."""
    to_digit = {"O": "0", "I": "1", "L": "1"}
    compact, size = pl.col("compact"), pl.col("size")
    outward = compact.str.slice(0, (size - 3).clip(lower_bound=0))
    chars = [pl.col(f"c{i}") for i in range(4)]
    repaired = [chars[0]] + [
        pl.when(chars[i - 1].str.contains("^[0-9]$")).then(chars[i].replace(to_digit))
        .otherwise(chars[i]) for i in range(1, 4)
    ]
    frame = (
        pl.LazyFrame({VALUE: values}, schema={VALUE: pl.String})
        .with_columns(compact=_V.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", ""))
        .with_columns(size=compact.str.len_chars())
        .with_columns(outward=outward, inward=compact.str.slice(-3))
        .with_columns(pl.col("outward").str.slice(0, 1).replace({"0": "O", "1": "I"}).alias("c0"),
                      *(pl.col("outward").str.slice(i, 1).alias(f"c{i}") for i in range(1, 4)))
        .with_columns(outward=pl.concat_str(repaired))
        .with_columns(postcode=pl.concat_str([
            pl.col("outward"), pl.lit(" "),
            pl.col("inward").str.slice(0, 1).replace(to_digit), pl.col("inward").str.slice(1)]))
        .select(
            result=pl.when((size >= 5) & (size <= 7)
                           & ~pl.col("outward").str.starts_with(PSEUDO_PREFIX)
                           & pl.col("postcode").str.contains(POSTCODE_PATTERN.pattern))
            .then(pl.col("postcode")),
            handled=_ascii(),
        )
        .collect()
    )
    return frame["result"], frame["handled"]


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (pl.when(month == 2).then(pl.when(leap).then(29).otherwise(28))
            .when(month.is_in([4, 6, 9, 11])).then(30).otherwise(31))


def _valid(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    return ((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
            & (day <= _days_in_month(year, month)))


def _iso(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    return pl.concat_str([year.cast(pl.String).str.zfill(4), month.cast(pl.String).str.zfill(2),
                          day.cast(pl.String).str.zfill(2)], separator="-")


_YMD = r"^(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})$"
_DMY = r"^(?P<a>[0-9]{1,2})[-/.](?P<b>[0-9]{1,2})[-/.](?P<year>[0-9]{4}|[0-9]{2})$"
_DAY_MON_YEAR = r"^(?P<day>[0-9]{1,2})[- ](?P<mon>[A-Za-z]{3})[- ](?P<yyyy>[0-9]{4})$"
_SERIAL = r"^[0-9]{5}$"
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def fast_parse_date(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`parse_date` (placeholders dropped) for ``yyyy-mm-dd``, ``dd/mm/yyyy``, ``dd/mm/yy``,
    ``dd-Mon-yyyy`` and 5-digit Excel serials, separated by ``-``, ``/`` or ``.``."""
    today = date.today()
    number = {name: pl.col(name).cast(pl.Int32, strict=False)
              for name in ("y", "m", "d", "a", "b", "year", "day", "yyyy")}
    ymd = (number["y"], number["m"], number["d"])
    # dd/mm/yyyy and dd/mm/yy: day first, month first when day first is impossible
    year = number["year"]
    pivot = pl.when(2000 + year <= today.year).then(2000 + year).otherwise(1900 + year)
    year = pl.when(pl.col("year").str.len_chars() == 2).then(pivot).otherwise(year)
    first, second = number["a"], number["b"]
    month = pl.col("mon").str.to_uppercase().replace_strict(
        _MONTHS, list(range(1, 13)), default=None, return_dtype=pl.Int32)
    named = (number["yyyy"], month, number["day"])
    serial = _V.cast(pl.Int32, strict=False)
    low, high = EXCEL_SERIAL_RANGE
    iso = (pl.when(pl.col("y").is_not_null()).then(pl.when(_valid(*ymd)).then(_iso(*ymd)))
           .when(pl.col("a").is_not_null()).then(
               pl.when(_valid(year, second, first)).then(_iso(year, second, first))
               .when(_valid(year, first, second)).then(_iso(year, first, second)))
           .when(pl.col("day").is_not_null()).then(
               pl.when(_valid(*named)).then(_iso(*named)))
           .when(_V.str.contains(_SERIAL)).then(
               pl.when((serial >= low) & (serial <= high)).then(
                   (pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)).dt.strftime("%Y-%m-%d"))))
    iso_col = pl.col("iso")
    dropped = (iso_col < "1800") | (iso_col > today.isoformat()) \
        | iso_col.is_in(sorted(PLACEHOLDER_DATES))
    frame = (
        pl.LazyFrame({VALUE: values}, schema={VALUE: pl.String})
        .with_columns(_V.str.extract_groups(p).alias(str(i))
                      for i, p in enumerate((_YMD, _DMY, _DAY_MON_YEAR)))
        .unnest("0", "1", "2")
        .with_columns(iso=iso)
        .select(result=_null_if(dropped, iso_col),
                handled=_ascii() & _V.str.contains(f"{_YMD}|{_DMY}|{_DAY_MON_YEAR}|{_SERIAL}"))
        .collect()
    )
    return frame["result"], frame["handled"]


def fast_clean_email(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_email` for printable ASCII values without ``mailto``."""
    text = _V.str.replace_all(" ", "", literal=True).str.to_lowercase().str.strip_chars("<>\"'")
    local = text.str.extract(r"^([^@]*)@", 1)
    domain = text.str.extract(r"^[^@]*@(.*)$", 1)
    invalid = local.is_null() | (local == "") | (domain == "") | local.is_in(
        ["none", "noemail", "no.email", "na", "n/a", "unknown", "nil", "x"])
    handled = _printable() & ~_V.str.to_lowercase().str.contains("mailto", literal=True)
    return _run(values, _null_if(invalid, text), handled)


def fast_clean_nhs_number(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_nhs_number` for printable ASCII values."""
    digits = pl.col("digits")
    weights = pl.sum_horizontal(pl.col(f"n{i}") * (10 - i) for i in range(9))
    check = 11 - weights % 11
    check = pl.when(check == 11).then(0).otherwise(check)
    valid = (digits.str.len_chars() == 10) & ~pl.col("same") & (check == pl.col("n9"))
    frame = (
        pl.LazyFrame({VALUE: values}, schema={VALUE: pl.String})
        .with_columns(digits=_V.str.strip_chars().str.replace(r"\.0+$", "")
                      .str.replace_all(r"[^0-9]", ""))
        .with_columns(*(digits.str.slice(i, 1).cast(pl.Int32, strict=False).alias(f"n{i}")
                        for i in range(10)),
                      same=digits.str.contains("|".join(f"^{d}+$" for d in range(10))))
        .select(result=pl.when(valid).then(digits), handled=_printable())
        .collect()
    )
    return frame["result"], frame["handled"]


def fast_clean_uprn(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`clean_uprn` for printable ASCII values."""
    text = _V.str.replace_all(" ", "", literal=True).str.replace(r"\.0+$", "")
    stripped = text.str.strip_chars_start("0")
    valid = text.str.contains(r"^[0-9]+$") & (stripped.str.len_chars() >= 1) \
        & (stripped.str.len_chars() <= 12)
    return _run(values, pl.when(valid).then(stripped), _printable())


#: The Python cleaners that have a fast form (the default cleaning of their role).
FAST_PATHS: dict[Cleaner, FastCleaner] = {
    clean_text: fast_clean_text,
    clean_company_name: fast_clean_company_name,
    standardise_address: fast_standardise_address,
    clean_name: fast_clean_name,
    clean_postcode: fast_clean_postcode,
    parse_date: fast_parse_date,
    clean_email: fast_clean_email,
    clean_nhs_number: fast_clean_nhs_number,
    clean_uprn: fast_clean_uprn,
}


def clean_distinct(values: pl.Series, clean: Callable[[str], object],
                   fast: FastCleaner | None = None,
                   dtype: pl.DataType | type[pl.DataType] = pl.String) -> pl.Series:
    """``clean`` of each of ``values`` (text; None gives None): the fast form where it applies,
    the Python function for the rest."""
    if fast is None:
        return pl.Series(VALUE, [clean(v) for v in values.to_list()], dtype=dtype)
    result, handled = fast(values)
    if values.null_count():  # nulls stay null
        missing = values.is_null()
        result = pl.select(pl.when(pl.lit(missing)).then(None).otherwise(pl.lit(result))).to_series()
        handled = handled.fill_null(False) | missing
    if handled.all():
        return result.alias(VALUE)
    slow = (~handled).arg_true()
    slow_values = pl.Series(VALUE, [clean(v) for v in values.gather(slow).to_list()], dtype=dtype)
    parts = [pl.DataFrame({"i": handled.arg_true(), VALUE: result.filter(handled)}),
             pl.DataFrame({"i": slow, VALUE: slow_values})]
    return pl.concat(parts).sort("i")[VALUE]


def map_distinct(series: pl.Series, clean: Callable[[str], object],
                 fast: FastCleaner | None = None,
                 dtype: pl.DataType | type[pl.DataType] = pl.String) -> pl.Series:
    """``clean`` applied to each distinct value of ``series`` once (nulls stay null); same
    length, order and name. Non-text columns are cast to text first."""
    text = series.cast(pl.String, strict=False)
    distinct = text.drop_nulls().unique()
    lookup = pl.DataFrame({"key": distinct, "out": clean_distinct(distinct, clean, fast, dtype)},
                          schema={"key": pl.String, "out": dtype})
    joined = pl.DataFrame({"key": text}).join(lookup, on="key", how="left",
                                               maintain_order="left")
    return joined["out"].alias(series.name)


def fast_path(clean: Cleaner) -> FastCleaner | None:
    """The fast form of the Python cleaner ``clean``, if it has one."""
    return FAST_PATHS.get(clean)


def address_numbers_fast(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`addresses.address_numbers` for ASCII values."""
    found = _V.str.extract_all(r"\d+[A-Z]?\b").list.join(" ")
    return _run(values, _null_if(found == "", found), _ascii())


def address_words_fast(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`addresses.address_words` for printable ASCII values."""
    word = pl.col("word")
    rows = pl.LazyFrame({VALUE: values}, schema={VALUE: pl.String}).with_row_index("row")
    found = (  # one row per word: far faster than sorting many short lists
        rows.filter(_printable())
        .select("row", word=_V.str.split(" ")).explode("word")
        .filter(word.str.contains("^[A-Za-z]+$") & ~word.is_in(sorted(NOISE_WORDS)))
        .unique().sort("row", "word")
        .group_by("row", maintain_order=True).agg("word")
    )
    frame = (rows.join(found, on="row", how="left", maintain_order="left")
             .select(result=word, handled=_printable()).collect())
    return frame["result"], frame["handled"]


def address_keys(series: pl.Series, clean: Cleaner) -> tuple[pl.Series, pl.Series, pl.Series]:
    """An address column cleaned with ``clean``, its `address_numbers` and its `address_words`,
    each computed once per distinct value (addresses are nearly all distinct: one pass)."""
    text = series.cast(pl.String, strict=False)
    distinct = text.drop_nulls().unique()
    cleaned = clean_distinct(distinct, clean, fast_path(clean))
    lookup = pl.DataFrame({
        "key": distinct, "value": cleaned,
        "numbers": clean_distinct(cleaned, address_numbers, address_numbers_fast),
        "words": clean_distinct(cleaned, address_words, address_words_fast, pl.List(pl.String)),
    }, schema={"key": pl.String, "value": pl.String, "numbers": pl.String,
               "words": pl.List(pl.String)})
    joined = pl.DataFrame({"key": text}).join(lookup, on="key", how="left", maintain_order="left")
    return joined["value"], joined["numbers"], joined["words"]


def address_number_keys(series: pl.Series) -> pl.Series:
    """`address_numbers` of every value of ``series``."""
    return map_distinct(series, address_numbers, address_numbers_fast)


def address_word_keys(series: pl.Series) -> pl.Series:
    """`address_words` of every value of ``series``."""
    return map_distinct(series, address_words, address_words_fast, pl.List(pl.String))


def _phonetic_of_token(token: str) -> str | None:
    letters = "".join(c for c in token if "A" <= c <= "Z")
    return (doublemetaphone(letters)[0] or None) if letters else None


def name_keys(series: pl.Series, *, canonical: bool = True) -> tuple[pl.Series, pl.Series]:
    """`phonetic_key` and (unless not ``canonical``: all None) `canonical_forename` of every
    value of ``series`` in one pass: each distinct value is cleaned once (mostly vectorised),
    each distinct first word coded once."""
    text = series.cast(pl.String, strict=False)
    distinct = text.drop_nulls().unique()
    first = clean_distinct(distinct, clean_name, fast_clean_name).str.split(" ").list.first()
    tokens = first.drop_nulls().unique().to_list()
    by_token = pl.DataFrame(
        {"first": tokens, "phonetic": [_phonetic_of_token(t) for t in tokens],
         "canonical": [canonical_of_token(t) for t in tokens] if canonical else None},
        schema={"first": pl.String, "phonetic": pl.String, "canonical": pl.String})
    lookup = pl.DataFrame({"key": distinct, "first": first}).join(by_token, on="first",
                                                                     how="left")
    joined = pl.DataFrame({"key": text}).join(lookup, on="key", how="left", maintain_order="left")
    return joined["phonetic"].alias(series.name), joined["canonical"].alias(series.name)


def phonetic_keys(series: pl.Series) -> pl.Series:
    """`phonetic_key` of every value of ``series`` (see `name_keys`)."""
    return name_keys(series)[0]


def canonical_forenames(series: pl.Series) -> pl.Series:
    """`canonical_forename` of every value of ``series`` (see `name_keys`)."""
    return name_keys(series)[1]


#: The derived keys computed here, with the Python function each one reproduces.
DERIVED_KEYS: dict[Callable[[str | None], object], Callable[[pl.Series], pl.Series]] = {
    address_numbers: address_number_keys,
    address_words: address_word_keys,
    phonetic_key: phonetic_keys,
    canonical_forename: canonical_forenames,
}
