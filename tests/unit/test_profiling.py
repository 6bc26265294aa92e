"""Column profiles and their verdicts, on small files whose contents are known."""

from __future__ import annotations

import io
import time

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
    assert profiles["Date of Birth"].completeness == 0.7, "placeholders do not count as filled"
    assert profiles["Date of Birth"].verdict == (
        "Date of Birth: 70% filled, not counting 30 placeholders (01/01/1900), which are "
        "treated as missing")


def test_profiles_frame_has_one_row_per_column() -> None:
    frame = profiles_frame(list(_profiles().values()))
    assert frame["column"].to_list() == ["ID", "Surname", "Sex", "Date of Birth", "Email"]
    assert frame.columns == ["column", "verdict", "filled", "distinct values",
                             "commonest values", "placeholders", "placeholder values"]
    dob = frame.row(3, named=True)
    assert (dob["filled"], dob["placeholders"], dob["placeholder values"]) == (
        0.7, 30, "01/01/1900")


def test_text_placeholders_are_shown_not_counted_as_filled() -> None:
    # ground truth: 10 rows, 4 real phone numbers, 6 placeholders of three kinds
    values = ["020 7946 0001", "N/A", "n/a", "UNKNOWN", "-", "020 7946 0002", "N/A",
              "020 7946 0003", "N/A", "07700 900123"]
    data = ("Phone\n" + "\n".join(values) + "\n").encode()
    profile = profile_table(read_table(io.BytesIO(data), "phones.csv"))[0]
    assert (profile.filled, profile.placeholders, profile.real_values) == (10, 6, 4)
    assert profile.completeness == 0.4
    assert profile.placeholder_text == "N/A, -, UNKNOWN…", "commonest first, then A to Z"
    assert profile.verdict.startswith("Phone: 40% filled, not counting 6 placeholders (N/A")


def test_only_placeholders_says_leave_it_out() -> None:
    data = b"Email\nN/A\nUNKNOWN\nN/A\n"
    profile = profile_table(read_table(io.BytesIO(data), "emails.csv"))[0]
    assert profile.verdict == "Email: only placeholders (N/A, UNKNOWN), leave it out"


def test_profiling_grows_in_step_with_the_number_of_columns() -> None:
    # One query over every column took 13 s for 1,000 columns and 39 s for 2,000 (and
    # 11 GB for 5,000): the work grew with the square of the columns. Batches keep it linear.
    def seconds(columns: int) -> float:
        header = ",".join(f"c{i}" for i in range(columns))
        body = "\n".join(",".join(f"v{r % 9}_{i % 5}" for i in range(columns)) for r in range(50))
        table = read_table((header + "\n" + body + "\n").encode(), "wide.csv")
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            assert len(profile_table(table)) == columns
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(100), seconds(800)
    assert large < 16 * small, f"100 columns {small:.2f} s, 800 columns {large:.2f} s"
