"""Clerical review: a person's verdict on a pair of records, kept in Splink's labels format.

A label says whether two records are the same person ("match"), different people ("not a
match") or that the reviewer could not tell ("unsure"). Labels are stored, exported and
imported as a table with Splink's pairwise-label columns (``source_dataset_l``,
``unique_id_l``, ``source_dataset_r``, ``unique_id_r``, ``clerical_match_score``: 1.0 for a
match, 0.0 for a non-match, empty when unsure) plus ``label``, ``note`` and ``labelled_at``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import duckdb
import polars as pl

from matching.errors import UploadError

PairKey = tuple[str, str, str, str]
PAIR_KEY = ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]
LABEL_COLUMNS = [*PAIR_KEY, "clerical_match_score", "label", "note", "labelled_at"]
LABEL_SCHEMA: dict[str, type[pl.DataType]] = {
    "source_dataset_l": pl.String, "unique_id_l": pl.String,
    "source_dataset_r": pl.String, "unique_id_r": pl.String,
    "clerical_match_score": pl.Float64, "label": pl.String, "note": pl.String,
    "labelled_at": pl.String,
}


class Verdict(StrEnum):
    """What a reviewer decided about a pair."""

    MATCH = "match"
    NON_MATCH = "not a match"
    UNSURE = "unsure"

    @property
    def score(self) -> float | None:
        """Splink's ``clerical_match_score``: 1 for a match, 0 for a non-match."""
        return {Verdict.MATCH: 1.0, Verdict.NON_MATCH: 0.0}.get(self)


def canonical(key: Sequence[str]) -> PairKey:
    """The pair with its two records in a fixed order, so (a, b) and (b, a) are one pair."""
    left, right = (str(key[0]), str(key[1])), (str(key[2]), str(key[3]))
    first, second = sorted([left, right])
    return (*first, *second)


@dataclass(frozen=True)
class Label:
    """One reviewer's verdict on one pair."""

    key: PairKey
    verdict: Verdict
    note: str = ""
    labelled_at: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class LabelBook:
    """All labels of a session, one per pair (the latest verdict wins), with undo."""

    _labels: dict[PairKey, Label] = field(default_factory=dict)
    _history: list[tuple[PairKey, Label | None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 4 and canonical(key) in self._labels

    def get(self, key: Sequence[str]) -> Label | None:
        return self._labels.get(canonical(key))

    @property
    def labels(self) -> list[Label]:
        return list(self._labels.values())

    def set(self, key: Sequence[str], verdict: Verdict | str, note: str = "", *,
            labelled_at: str | None = None) -> Label:
        """Record (or replace) the verdict on a pair."""
        pair = canonical(key)
        label = Label(pair, Verdict(verdict), note.strip(), labelled_at or _now())
        self._history.append((pair, self._labels.get(pair)))
        self._labels[pair] = label
        return label

    def undo(self) -> PairKey | None:
        """Take back the last change; returns the pair it was about (None if nothing to undo)."""
        if not self._history:
            return None
        pair, previous = self._history.pop()
        if previous is None:
            self._labels.pop(pair, None)
        else:
            self._labels[pair] = previous
        return pair

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def counts(self) -> dict[Verdict, int]:
        out = dict.fromkeys(Verdict, 0)
        for label in self._labels.values():
            out[label.verdict] += 1
        return out

    def merge(self, other: LabelBook) -> int:
        """Add ``other``'s labels (they win on the same pair); returns how many were added."""
        for label in other.labels:
            self.set(label.key, label.verdict, label.note, labelled_at=label.labelled_at)
        return len(other)

    def clear(self) -> None:
        self._labels.clear()
        self._history.clear()

    def frame(self) -> pl.DataFrame:
        """The labels as a table in Splink's format plus ``label``, ``note``, ``labelled_at``."""
        rows = [
            {**dict(zip(PAIR_KEY, label.key, strict=True)),
             "clerical_match_score": label.verdict.score, "label": label.verdict.value,
             "note": label.note, "labelled_at": label.labelled_at}
            for label in self._labels.values()
        ]
        return pl.DataFrame(rows, schema=LABEL_SCHEMA)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> LabelBook:
        """Labels from a table in Splink's format; ``label`` is optional (taken from the score)."""
        missing = [c for c in PAIR_KEY if c not in frame.columns]
        if missing or not ({"clerical_match_score", "label"} & set(frame.columns)):
            need = missing or ["clerical_match_score"]
            raise UploadError(
                "This is not a labels file: it has no " + ", ".join(need) + " column.",
                hint="Use a labels CSV downloaded from the Review page, or one with Splink's "
                "columns source_dataset_l, unique_id_l, source_dataset_r, unique_id_r and "
                "clerical_match_score.",
            )
        book = cls()
        for number, row in enumerate(frame.iter_rows(named=True), start=2):
            key = [row[c] for c in PAIR_KEY]
            if any(v is None or str(v).strip() == "" for v in key):
                raise UploadError(f"Line {number} of the labels file has an empty record ID "
                                  "or file name.", hint="Fill it in or delete that line.")
            book.set([str(v).strip() for v in key], _verdict(row, number),
                     str(row.get("note") or ""),
                     labelled_at=str(row.get("labelled_at") or "") or _now())
        book._history.clear()
        return book

    def to_csv_bytes(self) -> bytes:
        return self.frame().write_csv().encode("utf-8")

    @classmethod
    def from_csv_bytes(cls, data: bytes) -> LabelBook:
        """Labels from a CSV file (UTF-8, with or without a byte-order mark)."""
        try:
            frame = pl.read_csv(io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")),
                                infer_schema=False)
        except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
            raise UploadError("The labels file could not be read as CSV.",
                              hint="Save it as CSV (UTF-8) and upload it again.") from exc
        return cls.from_frame(frame)

    def decided(self) -> pl.DataFrame:
        """Labelled pairs with a clear verdict: the pair key and ``is_match`` (unsure left out)."""
        rows = [
            {**dict(zip(PAIR_KEY, label.key, strict=True)),
             "is_match": label.verdict is Verdict.MATCH}
            for label in self._labels.values() if label.verdict is not Verdict.UNSURE
        ]
        return pl.DataFrame(rows, schema={**dict.fromkeys(PAIR_KEY, pl.String),
                                          "is_match": pl.Boolean})


def _verdict(row: dict[str, object], number: int) -> Verdict:
    text = str(row.get("label") or "").strip().lower()
    aliases = {"match": Verdict.MATCH, "not a match": Verdict.NON_MATCH,
               "non-match": Verdict.NON_MATCH, "non_match": Verdict.NON_MATCH,
               "no match": Verdict.NON_MATCH, "unsure": Verdict.UNSURE}
    if text in aliases:
        return aliases[text]
    score = str(row.get("clerical_match_score") or "").strip()
    if score == "":
        return Verdict.UNSURE
    try:
        value = float(score)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise UploadError(
            f"Line {number} of the labels file has a clerical_match_score of '{score}'.",
            hint="Use 1 for a match, 0 for not a match, or leave it empty when unsure.",
        )
    return Verdict.MATCH if value >= 0.5 else Verdict.NON_MATCH


# --- the review queue ------------------------------------------------------------------------


QueueOrder = str  # "uncertain" or "stratified"


def review_queue(con: duckdb.DuckDBPyConnection, table: str, lower: float, upper: float, *,
                 threshold: float, size: int = 50, order: QueueOrder = "uncertain",
                 strata: int = 5, seed: int = 42) -> pl.DataFrame:
    """Pairs to review from the band ``lower <= match_weight < upper``.

    ``uncertain`` takes the pairs closest to ``threshold`` first; ``stratified`` splits the
    band into ``strata`` equal slices of match weight and takes the same number of pairs from
    each, picked at random (repeatably, by ``seed``), so the labels describe the whole band.
    Columns: the pair key, ``match_weight``, ``match_probability``.
    """
    key = ", ".join(PAIR_KEY)
    if upper <= lower:
        upper = lower
    if order == "stratified" and upper > lower:
        strata = max(1, strata)
        sql = f"""
            WITH band AS (
                SELECT {key}, match_weight, match_probability,
                       least($k - 1, floor((match_weight - $lo) / (($hi - $lo) / $k)))::INT AS stratum,
                       hash(concat_ws('|', {key}, $seed::VARCHAR)) AS shuffle
                FROM {table} WHERE match_weight >= $lo AND match_weight < $hi
            ), ranked AS (
                SELECT *, row_number() OVER (PARTITION BY stratum ORDER BY shuffle) AS pick
                FROM band
            )
            SELECT {key}, match_weight, match_probability FROM ranked
            ORDER BY pick, stratum DESC, shuffle LIMIT $n"""
        params: dict[str, object] = {"lo": lower, "hi": upper, "k": strata, "n": size,
                                     "seed": seed}
    else:
        sql = f"""
            SELECT {key}, match_weight, match_probability FROM {table}
            WHERE match_weight >= $lo AND match_weight < $hi
            ORDER BY abs(match_weight - $t), match_weight DESC, {key} LIMIT $n"""
        params = {"lo": lower, "hi": upper, "t": threshold, "n": size}
    frame = con.sql(sql, params=params).pl()
    return frame.with_columns(pl.col(c).cast(pl.String) for c in PAIR_KEY)


def queue_keys(queue: pl.DataFrame) -> list[PairKey]:
    return [tuple(str(v) for v in row) for row in queue.select(PAIR_KEY).iter_rows()]  # type: ignore[misc]


def next_unlabelled(keys: Iterable[PairKey], book: LabelBook, start: int = 0) -> int | None:
    """The position of the first pair at or after ``start`` with no label yet."""
    for position, key in enumerate(keys):
        if position >= start and key not in book:
            return position
    return None
