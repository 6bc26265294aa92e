"""What every hand-written baseline shares: reading a zoo set, small cleaning helpers, and
writing the scored pairs, clusters and rules in the harness's format.

The Splink part of each baseline (settings, training, prediction) is written out in full in
its own module, as an analyst would write it; only the boilerplate around it lives here.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import polars as pl
from splink import DuckDBAPI, Linker, SettingsCreator

#: Pairs scored below this match weight are not kept (as the engine drops pairs below -10).
PAIR_FLOOR_WEIGHT = -10.0


def read_set(set_dir: Path) -> tuple[dict[str, Any], dict[str, pl.DataFrame]]:
    """``meta.json`` and each input file (every column as text, empty -> null), with the
    file's record ID copied into ``unique_id``."""
    meta = json.loads((set_dir / "meta.json").read_text(encoding="utf-8"))
    frames = {}
    for name in meta["files"]:
        frame = pl.read_csv(set_dir / name, infer_schema=False)
        frame = frame.with_columns(pl.all().str.strip_chars().replace("", None))
        frames[Path(name).stem] = frame.with_columns(
            pl.col(meta["id_column"][name]).alias("unique_id"))
    return meta, frames


def text(col: str) -> pl.Expr:
    """Lower case, trimmed, inner spaces collapsed, empty -> null."""
    return (pl.col(col).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
            .replace("", None))


def letters(col: str) -> pl.Expr:
    """Lower case letters, spaces and hyphens only."""
    return text(col).str.replace_all(r"[^a-z \-]", "").str.strip_chars().replace("", None)


def iso_date(col: str, fmt: str) -> pl.Expr:
    """A date in ``fmt`` as ``YYYY-MM-DD`` text; unparseable -> null."""
    return pl.col(col).str.strptime(pl.Date, fmt, strict=False).dt.strftime("%Y-%m-%d")


def uk_postcode(col: str) -> pl.Expr:
    """Upper case, one space before the last three characters."""
    bare = pl.col(col).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    return (pl.when(bare.str.len_chars() >= 5)
            .then(bare.str.slice(0, bare.str.len_chars() - 3) + " " + bare.str.slice(-3))
            .otherwise(None))


def digits_only(col: str) -> pl.Expr:
    return pl.col(col).str.replace_all(r"[^0-9]", "").replace("", None)


def linker_for(frames: dict[str, pl.DataFrame], settings: SettingsCreator) -> Linker:
    """A DuckDB linker over the cleaned frames (one per input file)."""
    db_api = DuckDBAPI()
    sdfs = [db_api.register(frame, dataset_display_name=stem, table_name=f"t_{i}")
            for i, (stem, frame) in enumerate(frames.items())]
    return Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=logging.WARNING)


def save(linker: Linker, df_predict: Any, *, frames: dict[str, pl.DataFrame], out: Path,
         started: float, rules: list[Any]) -> None:
    """Write ``pairs.parquet``, ``clusters.parquet`` (at p = 0.5) and ``baseline.json``."""
    out.mkdir(parents=True, exist_ok=True)
    scored = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        df_predict, threshold_match_probability=0.5)
    seconds = time.perf_counter() - started
    only = next(iter(frames)) if len(frames) == 1 else None
    pairs = df_predict.as_duckdbpyrelation()
    cols = set(pairs.columns)
    sd = ("source_dataset_l", "source_dataset_r") if "source_dataset_l" in cols else (
        f"'{only}'", f"'{only}'")
    pairs.query("p", f"""
        SELECT {sd[0]} AS source_dataset_l, CAST(unique_id_l AS VARCHAR) AS unique_id_l,
               {sd[1]} AS source_dataset_r, CAST(unique_id_r AS VARCHAR) AS unique_id_r,
               match_weight, match_probability FROM p
        """).write_parquet(str(out / "pairs.parquet"))
    rel = clusters.as_duckdbpyrelation()
    csd = "source_dataset" if "source_dataset" in rel.columns else f"'{only}'"
    rel.query("c", f"""SELECT {csd} AS source_dataset, CAST(unique_id AS VARCHAR) AS unique_id,
                       CAST(cluster_id AS VARCHAR) AS cluster_id FROM c""").write_parquet(
        str(out / "clusters.parquet"))
    info = {
        "seconds": seconds, "cluster_seconds": seconds - (scored - started),
        "blocking_rules": [r if isinstance(r, str) else
                           r.get_blocking_rule("duckdb").blocking_rule_sql for r in rules],
        "prior": linker._settings_obj._probability_two_random_records_match,
    }
    (out / "baseline.json").write_text(json.dumps(info, indent=1), encoding="utf-8")


def first_word(col: str) -> pl.Expr:
    """The first word, lower case (``"JOHN PAUL"`` -> ``"john"``)."""
    return letters(col).str.split(" ").list.first().replace("", None)


def uk_phone(col: str) -> pl.Expr:
    """Digits only, ``+44`` written as a leading 0."""
    d = digits_only(col)
    return pl.when(d.str.starts_with("44")).then("0" + d.str.slice(2)).otherwise(d)


def u_pairs(records: int) -> float:
    """The u sample: more random pairs for bigger data, within Splink's usual 1e6-5e6."""
    return float(min(5e6, max(1e6, 100 * records)))
