"""Plotly figures built from the engine's tables."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from matching.blocking import BlockingSummary
from matching.profiling import ColumnProfile
from ui.privacy import plain

BLUE = "#1f6fb2"
GREY = "#9aa5b1"
GREEN = "#2e8540"
RED = "#c0392b"
AMBER = "#e0a800"

# The look of every chart, set once: naming a template on each figure copies and checks the
# whole template again (about 20 ms a figure, on every rerun).
pio.templates.default = "plotly_white"


def _layout(fig: go.Figure, *, height: int = 320, **kwargs: object) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, **kwargs)
    return fig


def completeness_chart(profiles: list[ColumnProfile]) -> go.Figure:
    """How full each column is: bars from 0 to 100 %."""
    labels = [plain(p.label) for p in profiles]  # original headers: tags shown as text
    fig = go.Figure(go.Bar(
        y=labels, x=[p.completeness for p in profiles], orientation="h",
        marker_color=[GREEN if p.completeness >= 0.8 else (BLUE if p.completeness >= 0.05 else RED)
                      for p in profiles],
        hovertemplate="%{y}: %{x:.0%} filled<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    return _layout(fig, height=100 + 26 * len(labels), title="How full each column is",
                   xaxis_title="share of rows with a value")


def blocking_chart(summary: BlockingSummary) -> go.Figure:
    """Pairs each rule adds, stacked into the running total."""
    labels = [f"{i + 1}. {r.description}" for i, r in enumerate(summary.rules)]
    starts = [r.cumulative - r.pairs for r in summary.rules]
    fig = go.Figure(go.Bar(
        y=labels, x=[r.pairs for r in summary.rules], base=starts, orientation="h",
        marker_color=BLUE, hovertemplate="%{y}<br>adds %{x:,} pairs<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=120 + 40 * len(labels), title="Pairs added by each rule",
                   xaxis_title="pairs to compare (running total)")


def weight_histogram_chart(hist: pl.DataFrame, threshold: float,
                           band: tuple[float, float] | None = None) -> go.Figure:
    """Pairs by match weight, coloured by which side of the threshold they fall; the review
    band, when given, is shaded."""
    above = hist["bin_start"] >= threshold
    fig = go.Figure(go.Bar(
        x=((hist["bin_start"] + hist["bin_end"]) / 2).to_list(), y=hist["pairs"].to_list(),
        width=(hist["bin_end"] - hist["bin_start"]).to_list(),
        marker_color=[GREEN if a else GREY for a in above.to_list()],
        hovertemplate="weight %{x}<br>%{y:,} pairs<extra></extra>",
    ))
    fig.add_vline(x=threshold, line_dash="dash", line_color=RED,
                  annotation_text="threshold", annotation_position="top")
    if band is not None:
        fig.add_vrect(x0=band[0], x1=band[1], fillcolor=AMBER, opacity=0.15, line_width=0,
                      annotation_text="review band", annotation_position="top left")
    return _layout(fig, title="How many pairs got each score",
                   xaxis_title="match weight (higher = more likely the same person)",
                   yaxis_title="pairs (log scale)", yaxis_type="log", yaxis_dtick=1)


def expected_chart(curve: pl.DataFrame, threshold: float) -> go.Figure:
    """Model estimates of matches found and missed at each threshold."""
    fig = go.Figure()
    fig.add_scatter(x=curve["threshold"].to_list(), y=curve["expected_matches_above"].to_list(),
                    name="expected true matches kept", line_color=GREEN)
    fig.add_scatter(x=curve["threshold"].to_list(), y=curve["expected_missed_below"].to_list(),
                    name="expected true matches missed", line_color=RED)
    fig.add_scatter(x=curve["threshold"].to_list(),
                    y=(curve["pairs_above"] - curve["expected_matches_above"]).to_list(),
                    name="expected false matches kept", line_color=GREY)
    fig.add_vline(x=threshold, line_dash="dash", line_color=RED)
    return _layout(fig, title="What the model expects at each threshold",
                   xaxis_title="threshold (match weight)", yaxis_title="pairs",
                   legend={"orientation": "h", "y": -0.3})


def waterfall_chart(steps: pl.DataFrame) -> go.Figure:
    """How each comparison moved the score from the starting point to the final weight."""
    labels = [
        s if k != "relative" else f"{s}: {d}"[:70]
        for s, d, k in zip(steps["step"], steps["description"], steps["kind"], strict=True)
    ]
    fig = go.Figure(go.Waterfall(
        y=labels, x=steps["weight"].to_list(), measure=steps["kind"].to_list(),
        orientation="h",
        increasing={"marker": {"color": GREEN}}, decreasing={"marker": {"color": RED}},
        totals={"marker": {"color": BLUE}},
        hovertemplate="%{y}<br>%{x:+.2f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=140 + 30 * len(labels), title="Why this pair scored as it did",
                   xaxis_title="match weight")


def cluster_size_chart(sizes: pl.DataFrame) -> go.Figure:
    """How many clusters there are of each size."""
    fig = go.Figure(go.Bar(x=sizes["cluster_size"].to_list(), y=sizes["clusters"].to_list(),
                           marker_color=BLUE,
                           hovertemplate="%{y:,} clusters of %{x} records<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_traces(text=sizes["clusters"].to_list(), textposition="outside")
    return _layout(fig, title="Cluster sizes", xaxis_title="records in the cluster",
                   yaxis_title="clusters")


def match_weights_chart(parameters: pl.DataFrame) -> go.Figure:
    """The weight each level of each comparison adds (positive) or takes away (negative)."""
    labels = [f"{c}: {lvl}" for c, lvl in zip(parameters["comparison"], parameters["level"],
                                              strict=True)]
    weights = parameters["match_weight"].to_list()
    fig = go.Figure(go.Bar(x=weights, y=labels, orientation="h",
                           marker_color=[GREEN if w >= 0 else RED for w in weights],
                           hovertemplate="%{y}<br>%{x:+.2f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=140 + 22 * len(labels), title="What each kind of agreement is worth",
                   xaxis_title="match weight")


def precision_recall_chart(curve: pl.DataFrame, threshold: float,
                           best: float | None = None) -> go.Figure:
    """Precision, recall and F1 measured on known pairs, against the threshold."""
    fig = go.Figure()
    x = curve["threshold"].to_list()
    for column, name, colour in (("precision", "precision (accepted pairs that are right)", BLUE),
                                 ("recall", "recall (true matches accepted)", GREEN),
                                 ("f1", "F1 (balance of the two)", GREY)):
        fig.add_scatter(x=x, y=curve[column].to_list(), name=name, line_color=colour,
                        line_shape="hv", hovertemplate="threshold %{x:.2f}<br>%{y:.1%}"
                        "<extra></extra>")
    fig.add_vline(x=threshold, line_dash="dash", line_color=RED,
                  annotation_text="threshold", annotation_position="top")
    if best is not None:
        fig.add_vline(x=best, line_dash="dot", line_color=GREY,
                      annotation_text="best F1", annotation_position="bottom right")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return _layout(fig, title="Measured accuracy at each threshold",
                   xaxis_title="threshold (match weight)", yaxis_title="",
                   legend={"orientation": "h", "y": -0.3})


def m_u_chart(parameters: pl.DataFrame) -> go.Figure:
    """For each level: how often true matches (m) and random pairs (u) fall in it."""
    labels = [f"{c}: {lvl}" for c, lvl in zip(parameters["comparison"], parameters["level"],
                                              strict=True)]
    fig = go.Figure()
    fig.add_bar(x=parameters["m"].to_list(), y=labels, orientation="h", marker_color=GREEN,
                name="true matches (m)", hovertemplate="%{y}<br>m = %{x:.3g}<extra></extra>")
    fig.add_bar(x=parameters["u"].to_list(), y=labels, orientation="h", marker_color=GREY,
                name="random pairs (u)", hovertemplate="%{y}<br>u = %{x:.3g}<extra></extra>")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    return _layout(fig, height=160 + 30 * len(labels), barmode="group",
                   title="How often matches and random pairs reach each level",
                   xaxis_title="share of pairs", legend={"orientation": "h", "y": -0.15})


def cluster_network_chart(nodes: list[str], positions: list[tuple[float, float]],
                          edges: list[tuple[int, int, float, bool]], *,
                          hover: list[str] | None = None) -> go.Figure:
    """A cluster as a network: records as dots, scored pairs as lines coloured by match weight
    (accepted links solid, rejected ones dotted)."""
    fig = go.Figure()
    weights = [w for _, _, w, _ in edges]
    low, high = (min(weights), max(weights)) if weights else (0.0, 1.0)
    for i, j, weight, accepted in edges:
        share = 0.5 if high == low else (weight - low) / (high - low)
        colour = f"rgb({int(192 - 146 * share)},{int(57 + 76 * share)},{int(43 + 21 * share)})"
        (x0, y0), (x1, y1) = positions[i], positions[j]
        fig.add_scatter(x=[x0, x1], y=[y0, y1], mode="lines", showlegend=False,
                        line={"color": colour, "width": 1 + 3 * share,
                              "dash": "solid" if accepted else "dot"},
                        hoverinfo="skip")
        fig.add_scatter(x=[(x0 + x1) / 2], y=[(y0 + y1) / 2], mode="markers", showlegend=False,
                        marker={"size": 8, "color": colour, "opacity": 0.6},
                        hovertemplate=f"{nodes[i]} – {nodes[j]}<br>match weight {weight:.2f}"
                        "<extra></extra>")
    fig.add_scatter(x=[p[0] for p in positions], y=[p[1] for p in positions],
                    mode="markers+text", text=nodes, textposition="top center",
                    marker={"size": 16, "color": BLUE, "line": {"color": "white", "width": 2}},
                    hovertext=hover or nodes, hoverinfo="text", showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return _layout(fig, height=420, title="Records (dots) and their scores (lines: green = "
                   "strong, red = weak, dotted = below the threshold)")
