"""Suggested blocking rules: as many true matches as possible within a pair budget, chosen from
the data, and the share of true matches a set of rules can reach, estimated without labels.

1. **Keys.** Each column in use offers blocking keys (``matching.role_registry``): exact values,
   the sound of a name, first letters, the year of a date, a postcode sector, halves of a
   reference number. Some are selective enough alone; others only join a key of another column.
2. **Matches without labels.** Pairs that agree exactly on enough *other* columns are almost
   surely the same person ("anchor pairs"). How a column's keys behave in its anchor pairs shows
   how often true matches agree on them: typing errors, missing values, people who moved. The
   evidence is counted once per kind (a shared home is one piece of evidence, however many
   address columns agree), and the bar is high, so people who share a home are not taken for
   one person.
3. **Recall of any set of rules.** True matches are simulated column by column (each column
   drawn from its own anchor pairs, so errors in different columns are independent) and the
   share a set of rules catches is counted.
4. **Greedy choice.** Rules are added one at a time, each time the one that finds the most
   extra true matches for the pairs it costs, until nearly every true match is reachable, the
   pairs would cost more than the matches are worth, or the budget is spent.

On large files everything is measured on a fixed sample of records (hashed IDs), so the
suggestions stay fast and repeatable.
"""

from __future__ import annotations

import logging
import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from matching.blocking import count_pairs, describe_rule, key_sql, rule_caps
from matching.config import BlockingKey, BlockingRuleSpec, ColumnSpec, MatchConfig, Transform
from matching.database import Workspace
from matching.role_registry import IDENTIFIER_ROLES, ROLES, Evidence
from matching.roles import Role

#: Records per file measured when files are larger (a fixed hashed sample).
SAMPLE_RECORDS = 100_000
#: Simulated true matches for recall estimates.
SIMULATED_MATCHES = 20_000
#: Anchor pairs need this many bits of evidence above the odds of a random pair matching.
ANCHOR_MARGIN_BITS = 8.0
#: Columns whose exact values agree this often by chance do not make anchor pairs.
MAX_ANCHOR_AGREEMENT = 0.05
#: Column pairs expected to find at most this many pairs in the (sampled) tables also look
#: for anchor pairs, so every column has pairs found without it (see `gather_evidence`).
MAX_GENERATOR_PAIRS = 300_000
#: Fewer anchor pairs than this for a column: its keys get the cautious default rates.
MIN_ANCHORS = 30
#: Rules counted exactly at most (each time the best rule by guessed pairs is counted); rules
#: reaching fewer true matches than MIN_RULE_RECALL, or guessed at more than GUESS_SLACK times
#: the per-rule cap, are not considered.
MAX_COUNTED = 80
MIN_RULE_RECALL = 0.05
GUESS_SLACK = 4
#: Reference numbers at least this long also offer their halves as keys.
MIN_SPLIT_LENGTH = 6
#: Rules are added, within the budget, until at least this share of true matches is reachable
#: (cheapest per true match found first)...
MUST_REACH = 0.99
#: ...and then while they are worth their pairs, up to TARGET_RECALL.
TARGET_RECALL = 0.9995
MAX_RULES = 12
#: Rules finding fewer than this share of true matches more are not worth a line.
MIN_GAIN = 0.0005
#: Each rule costs as much as this many pairs per expected true match (so a rule finding a
#: handful of matches in a few pairs does not crowd out one that finds thousands).
RULE_OVERHEAD = 1.0
#: A rule is worth adding if each extra true match it finds costs fewer pairs than
#: ``pairs_per_match``: at least this many...
MIN_PAIRS_PER_MATCH = 300
#: ...and more on small files, where pairs are cheap: this many pairs in all are worth
#: finding every true match (about ten seconds of scoring on a laptop).
WORTH_OF_ALL_MATCHES = 20_000_000
#: Below MUST_REACH, a rule must still find each extra true match for fewer pairs than this
#: (or ``pairs_per_match``, when larger): on large files a broad rule can cost millions of
#: pairs, and seconds of scoring, for a fraction of a percent of the matches.
MUST_PAIRS_PER_MATCH = 1_000
#: How often a true match agrees on a key when no anchor pairs say (cautious guesses).
DEFAULT_AGREEMENT: dict[Transform, float] = {
    Transform.EXACT: 0.8, Transform.PHONETIC: 0.85, Transform.FIRST_LETTERS: 0.9,
    Transform.LAST_LETTERS: 0.9, Transform.YEAR: 0.92, Transform.POSTCODE_SECTOR: 0.85,
    Transform.POSTCODE_DISTRICT: 0.88,
}
SEED = 20_261_206
log = logging.getLogger(__name__)
#: Kinds of evidence whose columns state one fact between them (see `_evidence_without`).
ONE_FACT = frozenset({Evidence.HOME, Evidence.PLACE})


@dataclass(frozen=True)
class KeyOption:
    """A blocking key of one column, and whether it may be a rule on its own."""

    key: BlockingKey
    alone: bool


@dataclass
class MatchEvidence:
    """Anchor pairs in the (sampled) tables and, per unit, which of them may speak for it.

    A unit is a column, or the columns that state one fact between them (an address and its
    postcode: people who move change both at once, so they are drawn together).
    ``agreement(key)`` is, for each anchor pair eligible for the key's unit, whether the pair
    agrees on the key (computed once per key)."""

    workspace: Workspace
    tables: tuple[str, ...]
    link: bool
    anchors: int
    unit_of: dict[str, str]  # column -> its unit
    eligible: dict[str, np.ndarray]  # unit -> indices of anchor pairs that speak for it
    sample_share: tuple[float, ...]
    #: Anchor pairs with enough evidence on all columns, and the rules that made them.
    confident: int = 0
    generators: tuple[BlockingRuleSpec, ...] = ()
    _agreement: dict[BlockingKey, np.ndarray] = field(default_factory=dict)

    def unit(self, column: str) -> str:
        return self.unit_of.get(column, column)

    def anchors_for(self, column: str) -> int:
        return len(self.eligible.get(self.unit(column), ()))

    def agreement(self, key: BlockingKey) -> np.ndarray | None:
        """Whether each eligible anchor pair agrees on ``key`` (None: too few anchors)."""
        rows = self.eligible.get(self.unit(key.column))
        if rows is None or len(rows) < MIN_ANCHORS:
            return None
        if key not in self._agreement:
            self._agreement[key] = _key_agreement(self, key)[rows]
        return self._agreement[key]


def _key_agreement(evidence: MatchEvidence, key: BlockingKey) -> np.ndarray:
    """For every anchor pair, in order, whether both records have ``key`` and it is equal."""
    expr = key_sql(key)
    left, right = evidence.tables
    sql = (f"SELECT coalesce(l.k = r.k, false) AS agree FROM mw_anchor_pairs p "
           f"JOIN (SELECT unique_id, {expr} AS k FROM \"{left}\") l ON p.id_l = l.unique_id "
           f"JOIN (SELECT unique_id, {expr} AS k FROM \"{right}\") r ON p.id_r = r.unique_id "
           f"ORDER BY p.row")
    with evidence.workspace.lock:
        agree = evidence.workspace.con.sql(sql).fetchnumpy()["agree"]
    return np.asarray(agree, dtype=bool)


def _exact_key(column: ColumnSpec) -> BlockingKey:
    return BlockingKey(column.name, Transform.EXACT)


def key_options(config: MatchConfig, lengths: dict[str, int] | None = None) -> list[KeyOption]:
    """The blocking keys of every column in use, from the role registry. Reference numbers of
    six characters or more (``lengths``: their usual length) also offer their two halves, each
    a rule alone: one typing error breaks only one half."""
    options: list[KeyOption] = []
    for column in config.used_columns:
        for shape in ROLES[column.role].blocking:
            options.append(KeyOption(BlockingKey(column.name, shape.transform, shape.length),
                                     shape.alone))
        usual = (lengths or {}).get(column.name, 0)
        if usual >= MIN_SPLIT_LENGTH:
            options += [
                KeyOption(BlockingKey(column.name, Transform.FIRST_LETTERS, (usual + 1) // 2),
                          alone=True),
                KeyOption(BlockingKey(column.name, Transform.LAST_LETTERS, usual // 2),
                          alone=True),
            ]
    return options


def _sampled_tables(workspace: Workspace) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The prepared tables, or fixed hashed samples of them when they are large."""
    names, shares = [], []
    with workspace.lock:
        for i, table in enumerate(workspace.input_tables):
            rows = int(workspace.con.sql(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])
            share = min(1.0, SAMPLE_RECORDS / max(rows, 1))
            name = f"mw_block_sample_{i}"
            where = "" if share >= 1.0 else \
                f"WHERE hash(unique_id) % 1000000 < {int(share * 1_000_000)}"
            workspace.con.execute(f'CREATE OR REPLACE TEMP TABLE {name} AS '
                                  f'SELECT * FROM "{table}" {where}')
            names.append(name)
            shares.append(share)
    return tuple(names), tuple(shares)


def _pair_filter(link: bool) -> str:
    return "" if link else " AND l.unique_id < r.unique_id"


def _chance_agreement(workspace: Workspace, tables: Sequence[str], expr: str,
                      link: bool) -> float:
    """The share of all pairs of records that agree on ``expr`` (non-missing)."""
    if link:
        sql = (f"WITH a AS (SELECT {expr} AS k, count(*) AS n FROM \"{tables[0]}\" "
               f"WHERE {expr} IS NOT NULL GROUP BY ALL), "
               f"b AS (SELECT {expr} AS k, count(*) AS n FROM \"{tables[1]}\" "
               f"WHERE {expr} IS NOT NULL GROUP BY ALL) "
               f"SELECT sum(a.n * b.n), (SELECT count(*) FROM \"{tables[0]}\") * "
               f"(SELECT count(*) FROM \"{tables[1]}\") FROM a JOIN b USING (k)")
    else:
        sql = (f"WITH a AS (SELECT {expr} AS k, count(*) AS n FROM \"{tables[0]}\" "
               f"WHERE {expr} IS NOT NULL GROUP BY ALL) "
               f"SELECT sum(n * (n - 1) / 2), (SELECT count(*) * (count(*) - 1) / 2 "
               f"FROM \"{tables[0]}\") FROM a")
    with workspace.lock:
        agree, total = workspace.con.sql(sql).fetchall()[0]
    return float(agree or 0) / float(total) if total else 1.0


def _sample_pairs(workspace: Workspace, tables: Sequence[str], keys: Sequence[BlockingKey],
                  link: bool) -> int:
    """Pairs agreeing on every key, counted exactly in the (sampled) tables."""
    names = [f"k{i}" for i in range(len(keys))]
    select = ", ".join(f"CAST({key_sql(k)} AS VARCHAR) AS {n}" for k, n in zip(keys, names, strict=True))
    not_null = " AND ".join(f"{n} IS NOT NULL" for n in names)
    if link:
        sql = (f"WITH a AS (SELECT {', '.join(names)}, count(*) AS n FROM (SELECT {select} "
               f"FROM \"{tables[0]}\") WHERE {not_null} GROUP BY ALL), "
               f"b AS (SELECT {', '.join(names)}, count(*) AS n FROM (SELECT {select} "
               f"FROM \"{tables[1]}\") WHERE {not_null} GROUP BY ALL) "
               f"SELECT sum(a.n * b.n) FROM a JOIN b USING ({', '.join(names)})")
    else:
        sql = (f"SELECT sum(n * (n - 1) // 2) FROM (SELECT {', '.join(names)}, count(*) AS n "
               f"FROM (SELECT {select} FROM \"{tables[0]}\") WHERE {not_null} GROUP BY ALL)")
    with workspace.lock:
        return int(workspace.con.sql(sql).fetchall()[0][0] or 0)


def gather_evidence(workspace: Workspace, config: MatchConfig) -> MatchEvidence:
    """Anchor pairs for ``config``'s columns (see the module's description)."""
    link = config.link_type == "link_only" and len(workspace.input_tables) == 2
    tables, shares = _sampled_tables(workspace)
    pair_tables = tables if link else (tables[0], tables[0])
    columns = [c for c in config.used_columns if ROLES[c.role].blocking]
    unit_of = _units(columns)
    bits: dict[str, float] = {}
    for column in columns:
        chance = _chance_agreement(workspace, tables, key_sql(_exact_key(column)), link)
        if 0 < chance <= MAX_ANCHOR_AGREEMENT:
            bits[column.name] = -math.log2(chance)
    strong = sorted(bits, key=lambda c: -bits[c])
    bar = math.log2(max(2.0, _all_pairs(workspace, link) / _expected_matches(workspace, link))) \
        + ANCHOR_MARGIN_BITS
    sample_pairs = _sample_all_pairs(workspace, tables, link)
    generators = [
        (a, b) for a, b in combinations(strong, 2)
        if bits[a] + bits[b] >= bar - ANCHOR_MARGIN_BITS / 2
        or sample_pairs * 2.0 ** -(bits[a] + bits[b]) <= MAX_GENERATOR_PAIRS
    ]
    filt = _pair_filter(link)
    selects = [
        f"SELECT l.unique_id AS id_l, r.unique_id AS id_r, {i} AS g FROM \"{pair_tables[0]}\" l "
        f"JOIN \"{pair_tables[1]}\" r ON l.\"{a}\" = r.\"{a}\" AND l.\"{b}\" = r.\"{b}\"{filt}"
        for i, (a, b) in enumerate(generators)
    ]
    eligible: dict[str, np.ndarray] = {}
    anchors = 0
    units = {unit: [c for c, u in unit_of.items() if u == unit] for unit in set(unit_of.values())}
    with workspace.lock:
        con = workspace.con
        if selects:
            con.execute("CREATE OR REPLACE TEMP TABLE mw_anchor_candidates AS "
                        "SELECT id_l, id_r, list(DISTINCT g) AS found_by FROM ("
                        + " UNION ALL ".join(selects) + ") GROUP BY ALL")
        else:
            con.execute("CREATE OR REPLACE TEMP TABLE mw_anchor_candidates "
                        "(id_l VARCHAR, id_r VARCHAR, found_by INTEGER[])")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE mw_anchor_pairs AS "
            "SELECT row_number() OVER (ORDER BY p.id_l, p.id_r) AS row, p.id_l, p.id_r, "
            "p.found_by FROM mw_anchor_candidates p")
        found = [_value_bits(workspace, pair_tables, c, link) for c in strong]
        found_by = con.sql("SELECT found_by FROM mw_anchor_pairs ORDER BY row").fetchall()
    if strong:
        value_bits = np.column_stack(found)
        anchors = value_bits.shape[0]
        by_generator = np.zeros((anchors, len(generators)), dtype=bool)
        for row, (gs,) in enumerate(found_by):
            by_generator[row, gs] = True
        groups = [ROLES[config.column(c).role].evidence for c in strong]
        for unit, members in units.items():
            evidence = _evidence_without(value_bits, groups, strong, set(members))
            # Only pairs found without the unit's columns speak for it: pairs found because
            # they share an address would make people who moved look rare.
            blind = [i for i, (a, b) in enumerate(generators)
                     if a not in members and b not in members]
            eligible[unit] = np.flatnonzero((evidence >= bar) & by_generator[:, blind].any(axis=1))
        confident = int((_evidence_without(value_bits, groups, strong, set()) >= bar).sum())
    rules = tuple(BlockingRuleSpec((BlockingKey(a), BlockingKey(b))) for a, b in generators)
    return MatchEvidence(workspace, pair_tables, link, anchors, unit_of, eligible, shares,
                         confident if strong else 0, rules)


def _units(columns: Sequence[ColumnSpec]) -> dict[str, str]:
    """Each column's unit: its kind of evidence where several columns state one fact (an
    address and a postcode), else the column itself."""
    kinds = [ROLES[c.role].evidence for c in columns]
    return {
        c.name: f"{kind.value} columns" if kind in ONE_FACT and kinds.count(kind) > 1 else c.name
        for c, kind in zip(columns, kinds, strict=True)
    }


def _all_pairs(workspace: Workspace, link: bool) -> int:
    rows = workspace.input_row_counts()
    return rows[0] * rows[1] if link else sum(rows) * (sum(rows) - 1) // 2


def _sample_all_pairs(workspace: Workspace, tables: Sequence[str], link: bool) -> int:
    """Pairs of records in the (sampled) tables."""
    with workspace.lock:
        rows = [int(workspace.con.sql(f'SELECT count(*) FROM "{t}"').fetchall()[0][0])
                for t in tables]
    return rows[0] * rows[-1] if link else rows[0] * (rows[0] - 1) // 2


def _expected_matches(workspace: Workspace, link: bool) -> int:
    """A rough number of true matching pairs: every record of the smaller file matched (a link),
    or half the records in a pair (one file)."""
    rows = workspace.input_row_counts()
    return max(1, min(rows) if link else sum(rows) // 2)


def _value_bits(workspace: Workspace, tables: Sequence[str], column: str,
                link: bool) -> np.ndarray:
    """For every anchor pair, in order, the bits of evidence in agreeing on ``column``: how
    rarely a record holds that very value, log2(records / records with it), as Splink's term
    frequencies count it (a rare surname says more than SMITH; an address shared by a family
    of four says less than one lived in alone); 0 where they differ or one is missing. Call
    under the workspace lock."""
    c = f'"{column}"'
    if link:
        freq = (f"SELECT coalesce(a.k, b.k) AS k, a.n AS n_l, b.n AS n_r FROM "
                f"(SELECT {c} AS k, count(*) AS n FROM \"{tables[0]}\" GROUP BY ALL) a JOIN "
                f"(SELECT {c} AS k, count(*) AS n FROM \"{tables[1]}\" GROUP BY ALL) b "
                f"USING (k)")
        total = (f"(SELECT count(*) FROM \"{tables[0]}\")::DOUBLE "
                 f"* (SELECT count(*) FROM \"{tables[1]}\")")
        share = "f.n_l::DOUBLE * f.n_r"
    else:
        freq = f"SELECT {c} AS k, count(*) AS n_l FROM \"{tables[0]}\" GROUP BY ALL"
        total = f"(SELECT count(*) FROM \"{tables[0]}\")::DOUBLE ^ 2"
        share = "f.n_l::DOUBLE * f.n_l"
    sql = (f"SELECT coalesce(CASE WHEN l.{c} = r.{c} THEN log2({total} / ({share})) / 2 END, 0) "
           f"AS bits FROM mw_anchor_pairs p "
           f"JOIN \"{tables[0]}\" l ON p.id_l = l.unique_id "
           f"JOIN \"{tables[1]}\" r ON p.id_r = r.unique_id "
           f"LEFT JOIN ({freq}) f ON f.k = l.{c} ORDER BY p.row")
    return np.asarray(workspace.con.sql(sql).fetchnumpy()["bits"], dtype=float)


def _evidence_without(value_bits: np.ndarray, groups: Sequence[Evidence],
                      columns: Sequence[str], left_out: set[str]) -> np.ndarray:
    """Bits of evidence each anchor pair has from columns not in ``left_out``, summed; for
    kinds of evidence that state one fact (a home, a place) only the best agreeing column
    counts, so a shared home counts once however many address columns agree."""
    total = np.zeros(value_bits.shape[0])
    for group in set(groups):
        members = [i for i, (g, c) in enumerate(zip(groups, columns, strict=True))
                   if g is group and c not in left_out]
        if members:
            found = value_bits[:, members]
            total += found.max(axis=1) if group in ONE_FACT else found.sum(axis=1)
    return total


def _key_draws(evidence: MatchEvidence, keys: Sequence[BlockingKey],
               draws: dict[str, np.ndarray]) -> np.ndarray:
    """For each simulated true match, whether it agrees on every one of ``keys``."""
    fired = np.ones(SIMULATED_MATCHES, dtype=bool)
    for key in keys:
        # Each unit has its own draws, shared by all its keys: a typo breaks the exact value
        # and often its sound together, a move changes address and postcode together, while
        # different units err independently.
        unit = evidence.unit(key.column)
        rng = np.random.default_rng(zlib.crc32(unit.encode()) ^ SEED)
        agree = evidence.agreement(key)
        if agree is None:
            fired &= rng.random(SIMULATED_MATCHES) < DEFAULT_AGREEMENT.get(key.transform, 0.8)
            continue
        if unit not in draws:
            draws[unit] = rng.integers(0, len(agree), SIMULATED_MATCHES)
        fired &= agree[draws[unit]]
    return fired


@dataclass(frozen=True)
class RecallEstimate:
    """The estimated share of true matches the rules compare, and what it rests on."""

    recall: float
    anchor_pairs: int
    estimated_columns: tuple[str, ...]
    guessed_columns: tuple[str, ...]
    sql_rules_left_out: int = 0


class RecallModel:
    """Simulated true matches, to estimate the recall of any set of keyed rules."""

    def __init__(self, evidence: MatchEvidence) -> None:
        self.evidence = evidence
        self._draws: dict[str, np.ndarray] = {}
        self._cache: dict[BlockingRuleSpec, np.ndarray] = {}
        self._pairs: dict[BlockingRuleSpec, float] = {}

    def fires(self, rule: BlockingRuleSpec) -> np.ndarray:
        if rule not in self._cache:
            self._cache[rule] = _key_draws(self.evidence, rule.keys, self._draws)
        return self._cache[rule]

    def recall(self, rules: Sequence[BlockingRuleSpec]) -> float:
        keyed = [r for r in rules if r.keys and not r.sql]
        if not keyed:
            return 0.0
        caught = np.zeros(SIMULATED_MATCHES, dtype=bool)
        for rule in keyed:
            caught |= self.fires(rule)
        return float(caught.mean())

    def pairs(self, rule: BlockingRuleSpec) -> float:
        """About how many pairs a keyed rule makes: counted on the sampled tables, scaled."""
        if rule not in self._pairs:
            evidence = self.evidence
            share = evidence.sample_share[0] * evidence.sample_share[-1]
            self._pairs[rule] = _sample_pairs(evidence.workspace, evidence.tables, rule.keys,
                                              evidence.link) / share
        return self._pairs[rule]

    def precision(self, rule: BlockingRuleSpec) -> float:
        """About what share of a keyed rule's pairs are true matches (1 when it makes none)."""
        pairs = self.pairs(rule)
        return min(1.0, self.expected_matches() * self.recall([rule]) / pairs) if pairs else 1.0

    def expected_matches(self) -> float:
        """About how many true matching pairs the files hold: the confident anchor pairs,
        scaled up from the sample and for the true matches the anchor rules miss."""
        evidence = self.evidence
        rough = float(_expected_matches(evidence.workspace, evidence.link))
        reach = self.recall(list(evidence.generators))
        if evidence.confident < MIN_ANCHORS or reach < MIN_RULE_RECALL:
            return rough
        share = evidence.sample_share[0] * evidence.sample_share[-1]
        return evidence.confident / share / reach

    def estimate(self, rules: Sequence[BlockingRuleSpec]) -> RecallEstimate:
        columns = sorted({k.column for r in rules for k in r.keys})
        estimated = tuple(c for c in columns if self.evidence.anchors_for(c) >= MIN_ANCHORS)
        guessed = tuple(c for c in columns if c not in estimated)
        return RecallEstimate(self.recall(rules), self.evidence.anchors, estimated, guessed,
                              sum(1 for r in rules if r.sql))


def recall_model(workspace: Workspace, config: MatchConfig) -> RecallModel:
    """The recall model for ``config``'s columns on the workspace's tables, kept until the
    tables change (with the pair counts)."""
    key = ("recall model", tuple((c.name, c.role) for c in config.used_columns), config.link_type)
    with workspace.lock:
        model = workspace.pair_counts.get(key)
        if model is None:
            model = RecallModel(gather_evidence(workspace, config))
            workspace.pair_counts[key] = model
    return model


def estimate_recall(workspace: Workspace, config: MatchConfig,
                    rules: Sequence[BlockingRuleSpec] | None = None) -> RecallEstimate:
    """The estimated share of true matches ``rules`` (default: the project's) would compare."""
    return recall_model(workspace, config).estimate(list(config.blocking if rules is None
                                                         else rules))


def _usual_lengths(workspace: Workspace, config: MatchConfig,
                   tables: Sequence[str]) -> dict[str, int]:
    """The median length of each reference number in use (identifiers other than emails)."""
    out = {}
    for column in config.used_columns:
        if column.role in IDENTIFIER_ROLES and column.role is not Role.EMAIL:
            with workspace.lock:
                value = workspace.con.sql(
                    f'SELECT median(length("{column.name}")) FROM "{tables[0]}"').fetchall()[0][0]
            out[column.name] = int(value or 0)
    return out


def candidate_rules(options: Sequence[KeyOption],
                    too_big: Callable[[BlockingRuleSpec], bool] | None = None
                    ) -> list[BlockingRuleSpec]:
    """Rules to choose from: each key that may stand alone, each pair of keys of two different
    columns, and each pair that is ``too_big`` with a key of a third column added (first name
    and surname with the year of birth)."""
    rules = [BlockingRuleSpec((o.key,)) for o in options if o.alone]
    seen: set[frozenset[BlockingKey]] = set()
    for a, b in combinations(options, 2):
        if a.key.column == b.key.column:
            continue
        pair = BlockingRuleSpec((a.key, b.key))
        rules.append(pair)
        if too_big is None or not too_big(pair):
            continue
        for c in options:
            keys = frozenset((a.key, b.key, c.key))
            if c.key.column not in (a.key.column, b.key.column) and keys not in seen:
                seen.add(keys)
                rules.append(BlockingRuleSpec((a.key, b.key, c.key)))
    return rules


def suggest_blocking(workspace: Workspace, config: MatchConfig) -> tuple[BlockingRuleSpec, ...]:
    """Blocking rules for ``config``, chosen greedily for estimated recall per pair within the
    caps of ``rule_caps`` (see the module's description)."""
    model = recall_model(workspace, config)
    evidence = model.evidence
    tables = evidence.tables
    link = evidence.link
    expected = model.expected_matches()
    per_rule, total_cap = rule_caps(sum(workspace.input_row_counts()), expected)
    pairs_per_match = max(MIN_PAIRS_PER_MATCH, WORTH_OF_ALL_MATCHES / expected)
    most_per_match = max(MUST_PAIRS_PER_MATCH, pairs_per_match)
    options = key_options(config, _usual_lengths(workspace, config, tables))
    all_pairs = _all_pairs(workspace, link)
    chance = {o.key: _chance_agreement(workspace, tables, key_sql(o.key), link) for o in options}

    # Keys of related columns agree together more often than chance says (a family shares a
    # surname and an address): once a rule is counted, other rules on the same columns are
    # guessed with the same correction.
    related: dict[frozenset[str], float] = {}

    def independent(rule: BlockingRuleSpec) -> float:
        """Pairs a rule makes: random pairs agreeing on every key as if the keys were
        unrelated, plus the true matches it catches (which agree on them all)."""
        return all_pairs * math.prod(chance[k] for k in rule.keys) \
            + expected * float(model.fires(rule).mean())

    def guess(rule: BlockingRuleSpec) -> float:
        return independent(rule) * related.get(frozenset(rule.columns), 1.0)

    candidates = [r for r in candidate_rules(options, lambda r: guess(r) > per_rule)
                  if model.fires(r).mean() >= MIN_RULE_RECALL
                  and guess(r) <= GUESS_SLACK * per_rule]
    exact: dict[BlockingRuleSpec, int] = {}  # pairs counted (on the sample, scaled)

    def cost(rule: BlockingRuleSpec) -> float:
        return exact[rule] if rule in exact else guess(rule)

    chosen: list[BlockingRuleSpec] = []
    caught = np.zeros(SIMULATED_MATCHES, dtype=bool)
    spent = 0
    while len(chosen) < MAX_RULES and caught.mean() < TARGET_RECALL:
        # Below MUST_REACH, the rule finding the most true matches per pair; above it, only
        # rules worth their pairs (see MIN_PAIRS_PER_MATCH and WORTH_OF_ALL_MATCHES). Pairs
        # are guessed from the keys' chance agreement until a rule comes out best; then they
        # are counted, and the choice made again if the count changes it.
        must = caught.mean() < MUST_REACH
        best, best_score = None, 0.0
        for rule in candidates:
            if rule in chosen or spent + cost(rule) > total_cap:
                continue
            gain = float((model.fires(rule) & ~caught).mean())
            too_dear = rule in exact and exact[rule] > gain * expected * most_per_match
            if gain < MIN_GAIN or too_dear:
                continue
            score = (gain / (cost(rule) + expected * RULE_OVERHEAD) if must
                     else gain * expected - cost(rule) / pairs_per_match)
            if score > best_score:
                best, best_score = rule, score
        if best is None:
            break
        if best not in exact:
            if len(exact) >= MAX_COUNTED:
                break
            exact[best] = int(model.pairs(best))
            related[frozenset(best.columns)] = max(1.0, exact[best] / max(independent(best), 1.0))
            if not 0 < exact[best] <= per_rule:
                candidates.remove(best)
            continue
        chosen.append(best)
        log.debug("rule %s: %.4f more true matches for %s pairs", describe_rule(best),
                  float((model.fires(best) & ~caught).mean()), exact[best])
        caught |= model.fires(best)
        spent += exact[best]
    if not chosen:
        # Nothing finds pairs (the files have nothing in common yet): keep the rule most true
        # matches would agree on, so a run finds no pairs rather than failing.
        fallback = sorted(candidate_rules(options), key=lambda r: -model.fires(r).mean())
        return tuple(fallback[:1])
    while len(chosen) > 1 and count_pairs(workspace, config, chosen).total_pairs > total_cap:
        chosen.pop()
    # Splink leaves out of each rule's pairs those of every rule before it, a test per pair
    # and earlier rule: the broadest rules go first, so the narrow ones pay for those tests.
    chosen.sort(key=lambda rule: -exact[rule])
    summary = count_pairs(workspace, config, chosen)
    if not summary.is_estimate and len(chosen) > 1:  # a rule a broader one covers adds nothing
        chosen = [c.rule for c in summary.rules if c.pairs > 0] or chosen[:1]
    return tuple(chosen)


def describe_estimate(estimate: RecallEstimate) -> str:
    """The estimate in one plain-English sentence."""
    if not estimate.estimated_columns:
        return ("There are too few records that clearly belong together to estimate how many "
                "true matches these rules reach.")
    return (f"These rules should reach about {estimate.recall:.1%} of true matches (estimated "
            f"from {estimate.anchor_pairs:,} pairs that agree on several columns).")


__all__ = ["RecallEstimate", "describe_estimate", "describe_rule", "estimate_recall",
           "suggest_blocking"]
