"""Advanced blocking rules written as SQL, accepted only after validation.

A rule is one condition on a pair of records, ``l`` (left) and ``r`` (right), such as
``l.surname = r.surname AND substr(l.postcode, 1, 3) = substr(r.postcode, 1, 3)``. It is parsed
with sqlglot (DuckDB dialect) and every part of it is checked against an allow-list: column
references ``l.<column>`` / ``r.<column>`` to prepared columns, literals, comparisons, boolean
and arithmetic operators, and a short list of scalar functions. Anything that could read files,
call table functions, run statements or touch other tables is refused with a plain message.
The SQL stored and run is regenerated from the checked syntax tree, never the text as typed.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.tokens import TokenType

from matching.errors import ConfigError

DIALECT = "duckdb"
MAX_RULE_LENGTH = 2_000
#: Deeper brackets than this make sqlglot (and people) lose their way.
MAX_NESTING = 30

#: Functions sqlglot knows by class, and the name officers would type.
ALLOWED_FUNCTION_CLASSES: dict[type[exp.Expression], str] = {
    exp.Substring: "substr",
    exp.Left: "left",
    exp.Right: "right",
    exp.Lower: "lower",
    exp.Upper: "upper",
    exp.Trim: "trim",
    exp.Length: "length",
    exp.Levenshtein: "levenshtein",
    exp.JarowinklerSimilarity: "jaro_winkler_similarity",
    exp.Year: "year",
    exp.Month: "month",
    exp.Day: "day",
    exp.Abs: "abs",
    exp.Coalesce: "coalesce",
    exp.SplitPart: "split_part",
    exp.RegexpExtract: "regexp_extract",
    exp.Nullif: "nullif",
    exp.Cast: "cast",
    exp.TryCast: "try_cast",
    exp.Concat: "concat",
}
#: Functions sqlglot passes through by name (DuckDB string-similarity functions).
ALLOWED_FUNCTION_NAMES = frozenset(
    {"damerau_levenshtein", "jaro_similarity", "jaccard", "hamming", "strip_accents",
     "array_length", "len"}
)
#: Operators and leaves a condition may be made of.
ALLOWED_NODES: tuple[type[exp.Expression], ...] = (
    exp.And, exp.Or, exp.Not, exp.Paren, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE,
    exp.Is, exp.Between, exp.Like, exp.ILike, exp.In, exp.Add, exp.Sub, exp.Mul, exp.Div,
    exp.Mod, exp.Neg, exp.DPipe, exp.Literal, exp.Boolean, exp.Null, exp.Column, exp.Identifier,
    exp.DataType, exp.Case, exp.If,
)
#: The root must be a condition, not a value.
CONDITION_NODES: tuple[type[exp.Expression], ...] = (
    exp.And, exp.Or, exp.Not, exp.Paren, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE,
    exp.Is, exp.Between, exp.Like, exp.ILike, exp.In,
)
STATEMENT_WORDS = ("COPY", "ATTACH", "DETACH", "PRAGMA", "INSTALL", "LOAD", "SET", "CREATE",
                   "DROP", "INSERT", "UPDATE", "DELETE", "EXPORT", "IMPORT", "CALL", "SELECT")
HINT = ("Write one condition comparing the left record (l.) with the right record (r.), "
        "for example: l.surname = r.surname AND substr(l.postcode, 1, 3) = "
        "substr(r.postcode, 1, 3).")


def _refuse(message: str, hint: str = HINT) -> ConfigError:
    return ConfigError(f"This SQL rule cannot be used: {message}", hint=hint)


def allowed_functions() -> list[str]:
    """The function names a SQL rule may call, for help text."""
    return sorted({*ALLOWED_FUNCTION_CLASSES.values(), *ALLOWED_FUNCTION_NAMES})


def _check_tokens(sql: str) -> None:
    try:
        tokens = sqlglot.tokenize(sql, read=DIALECT)
    except TokenError as exc:
        raise _refuse("it could not be read (an unfinished quote or bracket?).") from exc
    for token in tokens:
        if token.comments:
            raise _refuse("it contains a comment (-- or /* */). Comments can hide other "
                          "commands, so they are not allowed; remove them.")
        if token.token_type is TokenType.SEMICOLON:
            raise _refuse("it contains ';', which would start a second command. A rule is one "
                          "condition only.")


def _function_name(node: exp.Func) -> str:
    return node.name.lower() if isinstance(node, exp.Anonymous) else node.sql_name().lower()


def _check_node(node: exp.Expr, columns: Collection[str]) -> None:
    if isinstance(node, exp.Column):
        if isinstance(node.this, exp.Star):
            raise _refuse("'*' is not allowed; name the columns to compare.")
        table = node.table
        if node.args.get("db") or node.args.get("catalog") or table not in ("l", "r"):
            where = node.sql(dialect=DIALECT)
            raise _refuse(f"'{where}' does not refer to the left (l.) or right (r.) record. "
                          "Write every column as l.<column> or r.<column>.")
        if node.name not in columns:
            raise _refuse(f"there is no column called '{node.name}'. Columns you can use: "
                          + ", ".join(sorted(columns)) + ".")
        return
    if isinstance(node, exp.Func) and not isinstance(node, ALLOWED_NODES):
        name = _function_name(node)
        if type(node) in ALLOWED_FUNCTION_CLASSES or (
            isinstance(node, exp.Anonymous) and name in ALLOWED_FUNCTION_NAMES
        ):
            return
        raise _refuse(f"the function '{name}' is not allowed. Allowed functions: "
                      + ", ".join(allowed_functions()) + ".")
    if isinstance(node, exp.In) and node.args.get("query"):
        raise _refuse("it contains a sub-query (SELECT ...). A rule may only compare the two "
                      "records' columns.")
    if not isinstance(node, ALLOWED_NODES):
        raise _refuse(f"'{node.sql(dialect=DIALECT)[:60]}' is not allowed in a rule: only "
                      "columns, values, comparisons (= < > LIKE IN ...), AND/OR/NOT, arithmetic "
                      "and the listed functions are.")


def _nesting(text: str) -> int:
    """How deeply brackets nest in ``text`` (quotes ignored: an upper bound is enough)."""
    deepest = depth = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def validate_sql_rule(sql: str, columns: Collection[str]) -> str:
    """The checked rule, regenerated from its syntax tree; ConfigError if it is not allowed."""
    text = sql.strip()
    if not text:
        raise _refuse("it is empty.")
    if len(text) > MAX_RULE_LENGTH:
        raise _refuse(f"it is longer than {MAX_RULE_LENGTH:,} characters.")
    if _nesting(text) > MAX_NESTING:
        raise _refuse(f"its brackets nest more than {MAX_NESTING} deep. Write the condition "
                      "more simply.")
    try:
        return _validated(text, columns)
    except ConfigError:
        raise
    except (SqlglotError, RecursionError, AttributeError, TypeError, ValueError) as exc:
        # sqlglot can fail on odd input in ways of its own; such a rule is not one we can read
        raise _refuse("it could not be read as a condition (check brackets, quotes and "
                      "commas).") from exc


def _validated(text: str, columns: Collection[str]) -> str:
    _check_tokens(text)
    first_word = text.split(None, 1)[0].upper()
    if first_word in STATEMENT_WORDS:
        raise _refuse(f"it is a {first_word} command, not a condition. Rules cannot run "
                      "commands, read files or change the database.")
    try:
        statements = [s for s in sqlglot.parse(text, dialect=DIALECT) if s is not None]
    except (ParseError, TokenError) as exc:
        raise _refuse("it is not valid SQL (check brackets, quotes and commas).") from exc
    if len(statements) != 1:
        raise _refuse("it holds more than one command. A rule is one condition only.")
    tree = statements[0]
    if not isinstance(tree, CONDITION_NODES):
        raise _refuse("it is not a condition. A rule must say when two records are compared, "
                      "e.g. l.surname = r.surname.")
    if tree.find(exp.Select, exp.Subquery, exp.Query, exp.Table, exp.From):
        raise _refuse("it contains a sub-query (SELECT ...). A rule may only compare the two "
                      "records' columns.")
    for node in tree.walk():
        _check_node(node, columns)
    sides = {c.table for c in tree.find_all(exp.Column)}
    if sides != {"l", "r"}:
        raise _refuse("it must use both the left record (l.) and the right record (r.); "
                      "otherwise every record would be compared with every other.")
    return tree.sql(dialect=DIALECT)


def sql_rule_columns(sql: str) -> set[str]:
    """The columns a (validated) SQL rule reads."""
    try:
        tree = sqlglot.parse_one(sql, dialect=DIALECT)
    except (SqlglotError, RecursionError) as exc:
        raise _refuse("it could not be read as a condition.") from exc
    return {c.name for c in tree.find_all(exp.Column)}
