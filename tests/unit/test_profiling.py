"""Column profiles and their verdicts, on small files whose contents are known."""

from __future__ import annotations

import io

from matching.loading import read_table
from matching.profiling import profile_table, profiles_frame


def _profiles() -> dict[str, object]:
    rows = [f"R{i},{'SMITH' if i % 2 else 'PATEL'},{'M' if i % 2 else 'F'},"
            f"{'01/01/1900' if i < 30 else f'{(i % 28) + 1:02d}/03/1980'},"
            f"{'' if i else 'x@example.org'}" for i in range(100)]
    data = ("ID,Surname,Sex,Date of Birth,Email\n" + "\n".join(rows) + "\n").encode()
    table = read_table(io.BytesIO(data), "people.csv")
    return {p.label: p for p in profile_table(table)}


def test_counts_distinct_values_and_commonest_values() -> None:
    profiles = _profiles()
    surname = profiles["Surname"]
    # ground truth: 100 rows, all filled, SMITH and PATEL 50 each
    assert (surname.rows, surname.filled, surname.distinct) == (100, 100, 2)
    assert dict(surname.top_values) == {"SMITH": 50, "PATEL": 50}
    assert (surname.shortest, surname.longest) == (5, 5)


def test_verdicts_in_plain_english() -> None:
    profiles = _profiles()
    assert profiles["Sex"].verdict == "Sex: 100% filled, only 2 distinct values, weak evidence"
    assert profiles["ID"].verdict == "ID: 100% filled, every value different (an ID or free text)"
    assert profiles["Email"].verdict == "Email: almost empty (1% filled), little use for matching"
    # ground truth: 30 of 100 dates of birth are the placeholder 01/01/1900
    assert profiles["Date of Birth"].placeholders == 30
    assert profiles["Date of Birth"].verdict.startswith(
        "Date of Birth: 100% filled but 30 are placeholders (01/01/1900)")


def test_profiles_frame_has_one_row_per_column() -> None:
    frame = profiles_frame(list(_profiles().values()))
    assert frame["column"].to_list() == ["ID", "Surname", "Sex", "Date of Birth", "Email"]
    assert frame.columns == ["column", "verdict", "filled", "distinct values",
                             "commonest values", "placeholders"]
