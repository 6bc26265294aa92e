"""Plotly figures for the address job, households and teaching mode."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from matching.address_match.results import DecisionSummary
from ui.charts import AMBER, BLUE, GREEN, GREY, RED
from ui.privacy import plain
from ui.values import number

OUTCOME_COLOURS = {"exact match": BLUE, "matched": GREEN, "two close candidates": AMBER,
                   "too little agreement": GREY, "no candidate": RED}
#: At most this many records are drawn as dots (a random sample beyond).
MAX_DOTS = 4000


def _layout(fig: go.Figure, *, height: int = 320, **kwargs: object) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, **kwargs)
    return fig


def outcome_chart(summary: DecisionSummary) -> go.Figure:
    """How many records got a UPRN, and why the others did not."""
    counts = {"exact match": summary.exact, "matched": summary.matched,
              "two close candidates": summary.ambiguous,
              "too little agreement": summary.weak, "no candidate": summary.none}
    fig = go.Figure(go.Bar(
        x=list(counts.values()), y=list(counts), orientation="h",
        marker_color=[OUTCOME_COLOURS[k] for k in counts], text=[f"{v:,}" for v in counts.values()],
        textposition="auto", hovertemplate="%{y}: %{x:,} records<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=260, title="What each record got", xaxis_title="records")


def weight_gap_chart(best: pl.DataFrame, min_weight: float, min_gap: float) -> go.Figure:
    """Each record's best candidate as a dot: its match weight across, its lead over the
    runner-up up; UPRNs are given in the top right (records with one candidate sit on top)."""
    frame = best.filter(pl.col("match_weight").is_not_null())
    if frame.height > MAX_DOTS:
        frame = frame.sample(MAX_DOTS, seed=1)
    top = (number(frame["gap"].max(), 0.0) or 10.0) + 2 if frame.height else 12.0
    gaps = frame["gap"].fill_null(top).to_list()
    weights = frame["match_weight"].to_list()
    given = [(w >= min_weight and g >= min_gap) for w, g in zip(weights, gaps, strict=True)]
    fig = go.Figure(go.Scattergl(
        x=weights, y=gaps, mode="markers",
        marker={"size": 5, "opacity": 0.5, "color": [GREEN if g else GREY for g in given]},
        hovertemplate="weight %{x:.1f}, lead %{y:.1f}<extra></extra>"))
    fig.add_vline(x=min_weight, line_dash="dash", line_color=RED,
                  annotation_text="least weight", annotation_position="top")
    fig.add_hline(y=min_gap, line_dash="dash", line_color=RED,
                  annotation_text="least lead", annotation_position="right")
    return _layout(fig, height=380, title="Each record's best candidate (green: given its UPRN)",
                   xaxis_title="match weight of the best candidate",
                   yaxis_title="lead over the runner-up (top: no runner-up)")


def address_accuracy_chart(curve: pl.DataFrame, min_weight: float) -> go.Figure:
    """Precision and recall at each least match weight (the lead kept)."""
    fig = go.Figure()
    x = curve["min_weight"].to_list()
    fig.add_scatter(x=x, y=curve["precision"].to_list(), name="precision (UPRNs given that are "
                    "right)", line_color=BLUE, hovertemplate="%{x:.1f}: %{y:.1%}<extra></extra>")
    fig.add_scatter(x=x, y=curve["recall"].to_list(), name="recall (records with a UPRN in the "
                    "list that get it)", line_color=GREEN,
                    hovertemplate="%{x:.1f}: %{y:.1%}<extra></extra>")
    fig.add_vline(x=min_weight, line_dash="dash", line_color=RED,
                  annotation_text="least weight", annotation_position="top")
    fig.update_yaxes(tickformat=".0%")
    return _layout(fig, title="Measured accuracy at each least weight",
                   xaxis_title="least match weight", legend={"orientation": "h", "y": -0.3})


def household_size_chart(sizes: pl.DataFrame) -> go.Figure:
    """How many households there are of each size."""
    fig = go.Figure(go.Bar(x=sizes["people"].to_list(), y=sizes["households"].to_list(),
                           marker_color=BLUE, text=sizes["households"].to_list(),
                           textposition="outside",
                           hovertemplate="%{y:,} households of %{x} people<extra></extra>"))
    fig.update_xaxes(type="category")
    return _layout(fig, title="Household sizes", xaxis_title="people at the address",
                   yaxis_title="households")


def file_presence_chart(presence: pl.DataFrame) -> go.Figure:
    """Households found in every file, or in one file only."""
    colours = [GREEN if w == "in every file" else AMBER for w in presence["where"].to_list()]
    fig = go.Figure(go.Bar(x=presence["households"].to_list(),
                           y=[plain(w) for w in presence["where"].to_list()], orientation="h",
                           marker_color=colours, text=presence["households"].to_list(),
                           textposition="auto",
                           hovertemplate="%{y}: %{x:,} households<extra></extra>"))
    return _layout(fig, height=200 + 30 * presence.height, title="Which files each household "
                   "is in", xaxis_title="households")


def teaching_chart(officer: float, model: float) -> go.Figure:
    """The officer's accuracy beside the model's on the same pairs."""
    fig = go.Figure(go.Bar(x=["You", "The model"], y=[officer, model],
                           marker_color=[BLUE, GREEN], text=[f"{officer:.0%}", f"{model:.0%}"],
                           textposition="outside",
                           hovertemplate="%{x}: %{y:.0%} right<extra></extra>"))
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1])
    return _layout(fig, height=300, title="Right answers on the same pairs", yaxis_title="")
