"""The speed benchmark's own London-style data (``bench/synth.py``) as zoo sets, so the
quality benchmark scores the engine on the files its speed is measured on."""

from __future__ import annotations

from bench import synth
from bench.zoo.common import DataSet


def link(n: int) -> DataSet:
    """Council tax x housing benefit, ``n`` records each (``synth.link_job``)."""
    frames = synth.link_job(n)
    truth = frames.pop("truth")
    people = {stem: truth.filter(source_dataset=stem)["person_id"].to_list() for stem in frames}
    return DataSet(
        link_type="link_only", files=frames,
        id_columns={"council_tax": "Account Ref", "housing_benefit": "claim_id"},
        person_ids=people,
        description=f"bench/synth.py's London link, {n:,} records each: households, 12 % moved, "
                    "typos, nicknames, abbreviated addresses, dates in three layouts",
        params={"n": n, "seed": synth.SEED})


def dedupe(n: int) -> DataSet:
    """A residents list of ``n`` records (``synth.dedupe_job``)."""
    frames = synth.dedupe_job(n)
    truth = frames.pop("truth")
    return DataSet(
        link_type="dedupe_only", files=frames, id_columns={"residents": "ID"},
        person_ids={"residents": truth["person_id"].to_list()},
        description=f"bench/synth.py's residents list, {n:,} records: one full-name column, "
                    "NHS numbers 40 % missing, about one in five a second record",
        params={"n": n, "seed": synth.SEED + 1})
