"""The governance pack: one self-contained, printable HTML page that explains how a matching
run was made, for an information-governance team. No scripts, no links to fetch: charts are
inline SVG drawn here, and every piece of user text is HTML-escaped."""

from __future__ import annotations

import math
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from importlib import metadata
from typing import Any

from matching.accuracy import REVIEW_BAND_CAVEAT, confusion_at, too_few_known
from matching.blocking import BlockingSummary, column_label
from matching.cleaning_steps import column_steps, steps_for
from matching.clusters import Clusters
from matching.config import ColumnSpec, MatchConfig
from matching.pipeline import LinkageResult
from matching.session import WorkbenchSession
from matching.thresholds import weight_to_probability

PACKAGES = ("splink", "duckdb", "polars", "pyarrow", "streamlit", "plotly")
LABEL_KEY = ["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"]

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #bbb;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #ccc;
padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#f2f2f2}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#555}.pre{white-space:pre-wrap}
code{font-size:.85rem}td{overflow-wrap:anywhere}svg{max-width:100%}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg,figure{break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""


def _versions() -> list[tuple[str, str]]:
    found = [("Python", platform.python_version())]
    for package in PACKAGES:
        try:
            found.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:
            continue
    try:
        found.append(("Matching Workbench", metadata.version("matching-workbench")))
    except metadata.PackageNotFoundError:
        found.append(("Matching Workbench", "development copy"))
    return found


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An HTML table; numbers are right-aligned and every cell is escaped."""
    def cell(value: Any) -> str:
        if isinstance(value, bool) or value is None:
            return f"<td>{escape('' if value is None else ('yes' if value else 'no'))}</td>"
        if isinstance(value, int):
            return f'<td class="n">{value:,}</td>'
        if isinstance(value, float):
            return f'<td class="n">{value:,.4g}</td>'
        return f"<td>{escape(str(value))}</td>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def weights_svg(title: str, levels: Sequence[tuple[str, float]]) -> str:
    """A horizontal bar chart of match weights (green for, red against a match), as inline SVG."""
    label_width, chart_width, row = 310, 360, 22
    limit = max([abs(w) for _, w in levels] + [1.0])
    zero = label_width + chart_width / 2
    scale = (chart_width / 2 - 10) / limit
    height = row * len(levels) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + chart_width + 60}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">',
             f'<line x1="{zero}" y1="4" x2="{zero}" y2="{height - 22}" stroke="#666"/>']
    for i, (label, weight) in enumerate(levels):
        y = 6 + i * row
        width = abs(weight) * scale
        x = zero if weight >= 0 else zero - width
        colour = "#2e7d32" if weight >= 0 else "#c62828"
        short = label if len(label) <= 42 else label[:41] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" '
                     f'font-size="12">{escape(short)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{max(width, 1):.1f}" height="{row - 6}" '
                     f'fill="{colour}"/>')
        anchor_x = x + width + 4 if weight >= 0 else x - 4
        anchor = "start" if weight >= 0 else "end"
        parts.append(f'<text x="{anchor_x:.1f}" y="{y + 14}" text-anchor="{anchor}" '
                     f'font-size="11">{weight:+.1f}</text>')
    parts.append(f'<text x="{zero}" y="{height - 6}" text-anchor="middle" font-size="11" '
                 'fill="#555">match weight (evidence against ← 0 → evidence for a match)</text>')
    parts.append("</svg>")
    return "".join(parts)


Level = tuple[str, float | None, float | None, float]


def _comparison_levels(model: dict[str, Any]) -> list[tuple[str, list[Level]]]:
    """(comparison, [(level, m, u, match weight)]) from a saved Splink model."""
    out = []
    for comparison in model.get("comparisons", []):
        levels: list[Level] = []
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            levels.append((str(level.get("label_for_charts", "")), m, u, weight))
        out.append((str(comparison.get("output_column_name", "")), levels))
    return out


def _input_section(session: WorkbenchSession, config: MatchConfig) -> str:
    rows = [(spec.name, table.file_name, table.sheet or "", table.frame.height,
             table.original_columns.get(spec.id_column or "", "row numbers (generated)"),
             table.sha256)
            for table, spec in zip(session.tables, config.datasets, strict=True)]
    return _table(["Dataset", "File", "Sheet", "Rows", "Record ID", "SHA-256"], rows)


def cleaning_done(column: ColumnSpec) -> str:
    """The cleaning steps actually applied to ``column``, in words (as chosen, not the usual)."""
    if not column.clean:
        return "none: cleaning was turned off (values used as loaded)"
    chosen = set(column_steps(column))
    labels = [step.label for step in steps_for(column.role) if step.key in chosen]
    if not labels:
        return "none: every cleaning step was turned off"
    origin = "the usual steps" if column.cleaning is None else "steps chosen by the officer"
    return "; ".join(labels) + f" ({origin})"


def _cleaning_section(session: WorkbenchSession, config: MatchConfig) -> str:
    rows = []
    for column in config.used_columns:
        sources = "; ".join(
            " + ".join(table.original_columns.get(s, s) for s in column.sources[i]) or "(none)"
            for i, table in enumerate(session.tables))
        rows.append((column_label(column.name), column.role.label, sources,
                     cleaning_done(column)))
    return _table(["Column", "Meaning", "From (per file)", "Cleaning applied"], rows)


def _blocking_section(summary: BlockingSummary) -> str:
    rows = [(i, rule.description, rule.pairs, rule.cumulative)
            for i, rule in enumerate(summary.rules, start=1)]
    note = ("Counts are estimates from a sample." if summary.is_estimate else "Counts are exact.")
    return (_table(["Rule", "Records are compared when", "New pairs", "Running total"], rows)
            + f"<p>{summary.total_pairs:,} pairs compared out of {summary.total_possible:,} "
            f"possible ({summary.share_of_possible:.4%}). {note}</p>")


def _comparisons_section(config: MatchConfig, result: LinkageResult) -> str:
    model = result.linker.misc.save_model_to_json()
    training = result.training
    kinds = {spec.column: spec for spec in config.comparisons}
    parts = [
        f"<p>Share of pairs expected to match before any comparison (prior): "
        f"{float(model.get('probability_two_random_records_match', training.prior)):.3g}"
        f"{' (estimated from strict rules)' if training.prior_estimated else ' (set from file sizes)'}."
        f" Chance agreement (u) measured on {training.u_max_pairs:,} random pairs; "
        f"match agreement (m) learned by expectation maximisation on: "
        f"{escape('; '.join(training.em_rules) or 'no rule')}.</p>"
    ]
    for name, levels in _comparison_levels(model):
        spec = kinds.get(name)
        how = "" if spec is None else " (" + spec.kind.value.replace("_", " ") + (
            ", adjusted for how common each value is" if spec.term_frequency else "") + ")"
        parts.append(f"<h3>{escape(column_label(name) + how)}</h3>")
        parts.append(_table(["Level", "m (share of matches)", "u (share of non-matches)",
                             "Match weight"],
                            [(label, m, u, round(w, 2)) for label, m, u, w in levels]))
        parts.append(f"<figure>{weights_svg(name, [(lbl, w) for lbl, _, _, w in levels])}</figure>")
    if training.notes:
        parts.append("<p>Notes from training:</p><ul>"
                     + "".join(f"<li>{escape(n)}</li>" for n in training.notes) + "</ul>")
    return "".join(parts)


def _threshold_section(result: LinkageResult, clusters: Clusters, reason: str) -> str:
    chosen, recommended = clusters.threshold, result.recommended_threshold
    why = reason.strip() or (
        "The recommended threshold was used: the match weight at which the model itself "
        "expects the best balance of missed and false matches (F1), without labels."
        if math.isclose(chosen, recommended) else
        "The officer moved the threshold from the recommendation (no reason was recorded).")
    return (_table(["", "Match weight", "Match probability"], [
        ("Threshold used", round(chosen, 3), weight_to_probability(chosen)),
        ("Recommended", round(recommended, 3), weight_to_probability(recommended)),
    ]) + f'<p class="pre">{escape(why)}</p>')


def _accuracy_section(session: WorkbenchSession, threshold: float) -> str:
    known = session.known_scores()
    if not len(known):
        return ("<p>No known answers (review labels, a labels file or a truth column), so "
                "accuracy is not measured. The counts above are the model's own estimates.</p>")
    acc = confusion_at(known, threshold)

    def share(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    source = session.all_known_matches().source or "known answers"
    caveats = [too_few_known(known)]
    if len(session.labels):
        caveats.append(REVIEW_BAND_CAVEAT)
    notes = "".join(f"<p><strong>Caveat:</strong> {escape(c)}</p>" for c in caveats if c)
    return (f"<p>Sample: {len(known):,} pairs with a known answer ({known.matches:,} known "
            f"matches, {known.non_matches:,} known not matches; from {escape(source)}). On "
            f"them, the model's scores at the threshold give precision {share(acc.precision)} "
            f"(of the pairs matched, how many are known matches) and recall "
            f"{share(acc.recall)} (of the known matches, how many were matched), before the "
            "reviewers' decisions are applied.</p>" + notes
            + _table(["", "Known match", "Known not a match"], [
                ("Matched at the threshold", acc.true_positives, acc.false_positives),
                ("Not matched", acc.false_negatives, acc.true_negatives)]))


def governance_report(session: WorkbenchSession, *, name: str, purpose: str = "",
                      notes: str = "", threshold_reason: str = "",
                      now: datetime | None = None) -> str:
    """The governance pack for the session's current result, as one HTML document."""
    result, config = session.result, session.config
    if result is None or config is None:
        raise ValueError("run the model before making a governance pack")
    clusters = session.current_clusters()
    when = (now or datetime.now(UTC)).strftime("%d %B %Y, %H:%M %Z").strip()
    kind = ("Linking two files" if config.link_type == "link_only"
            else "Finding duplicates within one file")
    decided = session.decided_labels()
    results = _table(["", "Count"], [
        ("Records", clusters.records), ("Pairs scored", result.pair_count),
        ("Pairs matched (at or above the threshold, after review)",
         session.accepted_pairs(clusters.threshold)),
        ("Pairs a reviewer labelled a match (kept whatever their score)", decided.matches),
        ("Pairs a reviewer labelled not a match (left out whatever their score)",
         decided.non_matches),
        ("Cluster corrections (records taken out, clusters split)", len(session.decisions)),
        ("People found in more than one record (clusters of 2+)", clusters.multi_clusters),
        ("Records in those clusters", clusters.records_in_multi),
        ("Clusters (people), including single records", clusters.clusters),
    ]) + ("<p>The counts include the reviewers' decisions and corrections.</p>"
          if len(decided) or len(session.decisions) else "")
    sections = [
        ("Purpose", f'<p class="pre">{escape(purpose.strip() or "Not recorded.")}</p>'
                    + (f'<h3>Notes</h3><p class="pre">{escape(notes.strip())}</p>' if notes.strip()
                       else "")),
        ("Input files", _input_section(session, config)),
        ("Cleaning applied", _cleaning_section(session, config)),
        ("Blocking rules", _blocking_section(session.blocking_summary())),
        ("Comparisons and trained weights", _comparisons_section(config, result)),
        ("Threshold", _threshold_section(result, clusters, threshold_reason)),
        ("Results", results),
        ("Accuracy from known answers", _accuracy_section(session, clusters.threshold)),
        ("Software", _table(["Software", "Version"], _versions())),
    ]
    body = "".join(f'<section id="s{i}"><h2>{i}. {escape(title)}</h2>{html}</section>'
                   for i, (title, html) in enumerate(sections, start=1))
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Governance pack: {escape(name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Governance pack: {escape(name)}</h1>"
        f'<p class="muted">{escape(kind)} with Matching Workbench (Splink on DuckDB). '
        f"Made on {escape(when)}. This page holds no personal data: only counts, settings "
        "and file fingerprints.</p>"
        f"{body}</body></html>"
    )
