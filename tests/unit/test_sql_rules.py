"""Advanced SQL blocking rules: hostile input is refused with a plain message; benign rules are
accepted, stored as regenerated SQL, and counted by Splink like any other rule."""

from __future__ import annotations

import pytest

from matching.config import BlockingRuleSpec
from matching.errors import ConfigError
from matching.settings import rule_columns
from matching.sql_rules import allowed_functions, sql_rule_columns, validate_sql_rule

COLUMNS = {"unique_id", "source_dataset", "first_name", "surname", "surname_phonetic",
           "date_of_birth", "postcode"}
CANNOT = "This SQL rule cannot be used: "


def _refusal(sql: str) -> str:
    with pytest.raises(ConfigError) as caught:
        validate_sql_rule(sql, COLUMNS)
    assert caught.value.message.startswith(CANNOT)
    assert caught.value.hint and "l.surname = r.surname" in caught.value.hint
    return caught.value.message


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("read_csv('/etc/passwd') IS NOT NULL", "the function 'read_csv' is not allowed"),
        ("l.surname = r.surname AND read_csv('/etc/passwd') IS NOT NULL",
         "the function 'read_csv' is not allowed"),
        ("l.surname IN (SELECT * FROM read_parquet('x.parquet'))", "sub-query"),
        ("l.surname = (SELECT max(surname) FROM t_0)", "sub-query"),
        ("EXISTS (SELECT 1) AND l.surname = r.surname", "sub-query"),
        ("glob('/home/*') IS NOT NULL AND l.surname = r.surname", "'glob' is not allowed"),
        ("l.surname = r.surname; DROP TABLE t_0", "';'"),
        ("l.surname = r.surname;", "';'"),
        ("COPY t_0 TO '/tmp/out.csv'", "it is a COPY command"),
        ("ATTACH '/tmp/other.db' AS other", "it is a ATTACH command"),
        ("PRAGMA database_list", "it is a PRAGMA command"),
        ("INSTALL httpfs", "it is a INSTALL command"),
        ("LOAD httpfs", "it is a LOAD command"),
        ("SELECT * FROM read_csv('/etc/passwd')", "it is a SELECT command"),
        ("l.surname = r.surname /* ; DROP TABLE t_0 */", "it contains a comment"),
        ("l.surname = r.surname -- ; COPY t_0 TO 'x'", "it contains a comment"),
        ("t_0.surname = r.surname", "'t_0.surname' does not refer to the left (l.) or right"),
        ("main.l.surname = r.surname", "does not refer to the left (l.) or right"),
        ("surname = r.surname", "does not refer to the left (l.) or right"),
        ("l.password = r.password", "there is no column called 'password'"),
        ("getenv('HOME') = l.surname AND l.surname = r.surname", "the function 'getenv'"),
        ("current_setting('memory_limit') = l.surname", "the function 'current_setting'"),
        ("l.* = r.*", "'*' is not allowed"),
        ("l.surname = r.surname AND $1 = 1", "is not allowed in a rule"),
        ("l.surname", "it is not a condition"),
        ("l.surname = 'SMITH'", "it must use both the left record (l.) and the right"),
        ("l.surname = r.surname AND (", "it is not valid SQL"),
        ("'unfinished = r.surname", "it could not be read"),
        ("   ", "it is empty"),
        ("l.surname = r.surname OR " * 200 + "TRUE", "longer than 2,000 characters"),
    ],
)
def test_hostile_or_broken_rules_are_refused(sql: str, reason: str) -> None:
    assert reason in _refusal(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "l.surname = r.surname",
        "substr(l.surname, 1, 3) = substr(r.surname, 1, 3) AND l.postcode = r.postcode",
        "left(l.first_name, 1) = left(r.first_name, 1) AND right(l.postcode, 3) = right(r.postcode, 3)",
        "lower(trim(l.surname)) = lower(trim(r.surname)) AND length(l.surname) > 2",
        "l.postcode = r.postcode AND levenshtein(l.surname, r.surname) <= 2",
        "l.surname_phonetic = r.surname_phonetic AND jaro_winkler_similarity(l.first_name, "
        "r.first_name) >= 0.8",
        "year(try_cast(l.date_of_birth AS DATE)) = year(try_cast(r.date_of_birth AS DATE))",
        "coalesce(l.postcode, '') = coalesce(r.postcode, '') AND l.surname <> r.surname",
        "split_part(l.postcode, ' ', 1) = split_part(r.postcode, ' ', 1) "
        "AND damerau_levenshtein(l.first_name, r.first_name) <= 1",
        "regexp_extract(l.postcode, '^[A-Z]+') = regexp_extract(r.postcode, '^[A-Z]+') "
        "AND l.date_of_birth = r.date_of_birth",
        "l.surname = r.surname AND NOT l.first_name = r.first_name",
        "l.first_name || l.surname = r.first_name || r.surname",
        "l.surname = r.surname AND l.postcode LIKE 'E8%' AND l.first_name IN ('JOHN', 'JON')",
        "abs(year(try_cast(l.date_of_birth AS DATE)) - year(try_cast(r.date_of_birth AS DATE))) "
        "<= 1 AND l.surname = r.surname",
        "l.surname = r.surname AND ';' <> l.first_name",  # a ';' inside a quoted value is text
    ],
)
def test_benign_rules_are_accepted(sql: str) -> None:
    checked = validate_sql_rule(sql, COLUMNS)
    # Stored SQL is regenerated from the syntax tree and is itself valid.
    assert validate_sql_rule(checked, COLUMNS) == checked


def test_stored_rule_lists_the_columns_it_reads() -> None:
    sql = validate_sql_rule("l.surname = r.surname AND substr(l.postcode, 1, 2) = "
                            "substr(r.postcode, 1, 2)", COLUMNS)
    assert rule_columns(BlockingRuleSpec((), sql=sql)) == {"surname", "postcode"}


def test_unknown_function_message_lists_what_is_allowed() -> None:
    message = _refusal("soundex(l.surname) = soundex(r.surname)")
    assert "the function 'soundex' is not allowed" in message
    for name in ("substr", "levenshtein", "jaro_winkler_similarity", "lower"):
        assert name in allowed_functions()
        assert name in message


def test_unknown_column_message_lists_the_columns() -> None:
    message = _refusal("l.town = r.town")
    assert "there is no column called 'town'. Columns you can use: date_of_birth, first_name" \
        in message


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        # ground truth: each used to escape as a Python error (a traceback in the app)
        ("l.a = r.a AND " + "(" * 300 + "l.a = r.a" + ")" * 300, "its brackets nest more than 30"),
        ("l.a = r.a AND PARTITION { : } concat % list_value SELECT levenshtein -",
         "it could not be read as a condition"),
    ],
)
def test_rules_that_confuse_the_parser_are_refused_plainly(sql: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_sql_rule(sql, ["a", "b"])
    assert caught.value.message.startswith(f"This SQL rule cannot be used: {reason}")


def test_nesting_within_the_limit_is_fine() -> None:
    sql = "(" * 29 + "l.a = r.a" + ")" * 29
    assert validate_sql_rule(sql, ["a"]) == "(" * 29 + "l.a = r.a" + ")" * 29


def test_a_stored_rule_that_cannot_be_read_is_refused_not_a_parse_error() -> None:
    with pytest.raises(ConfigError, match="it could not be read as a condition"):
        sql_rule_columns("l.a = = r.a (")
