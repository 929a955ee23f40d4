"""Plotly figures of the Competition page: rivals' moves as a timeline, and exposure beside rivals by
kind of risk. Labels come from documents: plotly shows hover text as HTML, so they are escaped."""
from __future__ import annotations

import html

import plotly.graph_objects as go

from riskgraph.app.dashboard.figures import CHART_CONFIG
from riskgraph.app.palette import event_colour

#: Risk sources that are not events (events take the palette's colour of their class).
SOURCE_COLOURS = {"instrument": "#393b79", "jurisdiction": "#637939"}
__all__ = ["CHART_CONFIG", "moves_timeline", "relative_exposure"]


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=200)
    return fig


def moves_timeline(moves: list[dict]) -> go.Figure:
    """Each move at its date (x) on its rival's line (y), coloured by kind of move."""
    dated = [m for m in moves if m["date"]]
    if not dated:
        return _empty("no dated move of a rival in this window")
    fig = go.Figure()
    for kind in sorted({m["kind"] for m in dated}):
        points = [(m, r) for m in dated if m["kind"] == kind for r in m["rivals"]]
        fig.add_trace(go.Scatter(
            x=[m["date"] for m, _ in points], y=[html.escape(r["label"]) for _, r in points], mode="markers",
            name=kind, marker={"size": 12, "opacity": 0.85},
            customdata=[[html.escape(m["label"]), m["sources"], html.escape(r["role"])] for m, r in points],
            hovertemplate="%{customdata[0]}<br>%{customdata[2]}; %{customdata[1]} source(s)"
                          "<extra>%{fullData.name}</extra>"))
    fig.update_layout(height=120 + 40 * len({r["label"] for m in dated for r in m["rivals"]}),
                      legend_title_text="move", margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      yaxis={"categoryorder": "category descending"})
    return fig


def relative_exposure(rows: list[dict]) -> go.Figure:
    """The exposure index of the entity and its rivals, stacked by kind of risk."""
    if not rows:
        return _empty("no exposure to compare")
    names = [html.escape(r["label"]) + (" (entity)" if r["role"] == "entity" else "") for r in rows]
    fig = go.Figure()
    for kind in sorted({k for r in rows for k in r["by_kind"]}):
        colour = SOURCE_COLOURS.get(kind) or event_colour(kind)
        fig.add_trace(go.Bar(x=names, y=[r["by_kind"].get(kind, 0.0) for r in rows], name=kind,
                             marker={"color": colour}, hovertemplate="%{x}: %{y:.3f}<extra>%{fullData.name}</extra>"))
    fig.update_layout(barmode="stack", height=360, legend_title_text="kind of risk", yaxis_title="exposure index",
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig
