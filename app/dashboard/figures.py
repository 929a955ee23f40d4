"""Plotly figures of the dashboard: event timeline, exposure Sankey and network, breakdown bars and a
choropleth drawn from the vendored topojson (no CDN)."""
from __future__ import annotations

import html
import itertools
import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

import networkx as nx
import plotly.graph_objects as go

from riskgraph.app.palette import event_colour, status_colour
from riskgraph.graph.browse_events import EventRow, JurisdictionValue
from riskgraph.graph.places import country_point

#: Where the app serves ``app/dashboard/static/topojson/`` (``server.enableStaticServing``); relative,
#: so it works on any host, port and base path. plotly.js appends ``world_110m.json``.
TOPOJSON_URL = "app/static/topojson/"
CHART_CONFIG = {"displaylogo": False, "topojsonURL": TOPOJSON_URL}
KIND_COLOURS = {"entity": "#1f77b4", "via": "#7f7f7f", "event": "#d62728", "instrument": "#ff7f0e",
                "jurisdiction": "#9467bd"}


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=220)
    return fig


def timeline(rows: Sequence[EventRow], title: str = "") -> go.Figure:
    """Risk events by date (x) and type (y), one colour per status everywhere; events of one day, type and
    status are one marker with their count (sized by it), all listed on hover."""
    dated = [r for r in rows if r.day is not None]
    if not dated:
        return _empty("no dated risk events")
    fig = go.Figure()
    for status in sorted({r.status or "unknown" for r in dated}):
        cells: dict[tuple, list[EventRow]] = {}
        for r in dated:
            if (r.status or "unknown") == status:
                cells.setdefault((r.day, r.type), []).append(r)
        keys = sorted(cells)
        fig.add_trace(go.Scatter(
            x=[day for day, _ in keys], y=[kind for _, kind in keys], mode="markers+text", name=status,
            marker={"size": [10 + 4 * min(len(cells[k]) - 1, 6) for k in keys], "opacity": 0.85,
                    "color": status_colour(status)},
            text=[str(len(cells[k])) if len(cells[k]) > 1 else "" for k in keys], textposition="middle right",
            customdata=[["<br>".join(_hover(r) for r in cells[k][:8]) + ("<br>…" if len(cells[k]) > 8 else "")]
                        for k in keys],
            hovertemplate="%{customdata[0]}<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=title or None, height=360, legend_title_text="status",
                      margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
                      yaxis={"categoryorder": "category descending"},
                      legend={"orientation": "h", "y": -0.18})  # below the plot: the tooltip never covers it
    return fig


def _hover(r: EventRow) -> str:
    actors = ", ".join(a for _, a in r.actors) or "–"
    targets = ", ".join(t for _, t in r.targets) or "–"
    return f"{html.escape(r.label)} (actor {html.escape(actors)}; target {html.escape(targets)})"


def _path_nodes(path: dict) -> list[tuple[str, str]]:
    """(iri, label) of each node along a path, from the entity to the risk source."""
    hops = path["hops"]
    if not hops:
        return []
    return [(hops[0]["from"], hops[0]["from_label"])] + [(h["to"], h["to_label"]) for h in hops]


def routes(exposure: dict, top: int) -> list[dict]:
    """Every route listed for the ``top`` risk sources (each source's best, then its others)."""
    return [r for p in exposure["paths"][:top] for r in (p, *p.get("other_routes", [])) if r["hops"]]


def sankey(exposure: dict, top: int = 10) -> go.Figure:
    """Entity -> hop nodes -> risk source for the top paths; a link's width is the summed path score.
    Nodes are keyed by (node, depth) so that the diagram has no cycles."""
    paths = routes(exposure, top)
    if not paths:
        return _empty("no path to a risk source")
    index: dict[tuple[str, int], int] = {}
    labels: list[str] = []
    colours: list[str] = []
    links: dict[tuple[int, int], list] = {}

    def node(iri: str, label: str, depth: int, kind: str) -> int:
        key = (iri, depth)
        if key not in index:
            index[key] = len(labels)
            labels.append(label)
            colours.append(KIND_COLOURS[kind])
        return index[key]

    for path in paths:
        nodes = _path_nodes(path)
        last = len(nodes) - 1
        ids = [node(iri, label, d, "entity" if d == 0 else path["source_kind"] if d == last else "via")
               for d, (iri, label) in enumerate(nodes)]
        for hop, (a, b) in zip(path["hops"], itertools.pairwise(ids), strict=False):
            entry = links.setdefault((a, b), [0.0, hop["property"]])
            entry[0] += path["score"]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": labels, "color": colours, "pad": 18, "thickness": 16},
        link={"source": [a for a, _ in links], "target": [b for _, b in links],
              "value": [max(v[0], 1e-6) for v in links.values()], "label": [v[1] for v in links.values()],
              "color": "rgba(120,120,120,0.35)"},
    ))
    fig.update_layout(height=max(320, 34 * len(labels)), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def network(exposure: dict, top: int = 10, seed: int = 7) -> go.Figure:
    """The nodes and hops of the top paths, laid out by ``networkx.spring_layout`` (fixed seed)."""
    paths = routes(exposure, top)
    if not paths:
        return _empty("no path to a risk source")
    g = nx.DiGraph()
    kinds: dict[str, str] = {}
    for path in paths:
        nodes = _path_nodes(path)
        for d, (iri, label) in enumerate(nodes):
            g.add_node(iri, label=label)
            kind = "entity" if d == 0 else path["source_kind"] if d == len(nodes) - 1 else "via"
            if kinds.get(iri) not in ("entity", "event", "instrument", "jurisdiction"):
                kinds[iri] = kind
        for hop in path["hops"]:
            g.add_edge(hop["from"], hop["to"], property=hop["property"])
    pos = nx.spring_layout(g, seed=seed)
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    mid_x, mid_y, mid_text = [], [], []
    for u, v, data in g.edges(data=True):
        edge_x += [pos[u][0], pos[v][0], None]
        edge_y += [pos[u][1], pos[v][1], None]
        mid_x.append((pos[u][0] + pos[v][0]) / 2)
        mid_y.append((pos[u][1] + pos[v][1]) / 2)
        mid_text.append(data["property"])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=edge_x, y=edge_y, mode="lines", line={"width": 1, "color": "#aaa"},
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", marker={"size": 4, "color": "#aaa"},
                             text=mid_text, hoverinfo="text", showlegend=False))
    for kind in ("entity", "via", "event", "instrument", "jurisdiction"):
        members = [n for n in g.nodes if kinds[n] == kind]
        if members:
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in members], y=[pos[n][1] for n in members], mode="markers+text",
                name=kind, text=[g.nodes[n]["label"] for n in members], textposition="top center",
                marker={"size": 16 if kind == "entity" else 12, "color": KIND_COLOURS[kind]},
                hoverinfo="text"))
    fig.update_layout(height=460, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend_title_text="node",
                      xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def breakdown(by_kind: dict[str, float]) -> go.Figure:
    items = sorted(by_kind.items(), key=lambda kv: kv[1])
    if not items:
        return _empty("no contributions")
    fig = go.Figure(go.Bar(x=[v for _, v in items], y=[k for k, _ in items], orientation="h",
                           marker_color=[event_colour(k) for k, _ in items]))
    fig.update_layout(height=max(200, 32 * len(items)), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title="contribution to the exposure index")
    return fig


@cache
def _drawn_countries() -> frozenset[str]:
    """ISO-3 ids of the countries the vendored world map has shapes for (small ones are missing)."""
    topo = json.loads((Path(__file__).parent / "static" / "topojson" / "world_110m.json").read_text())
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


def _hover_place(v: JurisdictionValue) -> str:
    within = f"<br>includes {html.escape(', '.join(v.includes))}" if v.includes else ""
    return f"{html.escape(v.jurisdiction.label)}{within}"


def map_points(values: Sequence[JurisdictionValue]) -> list[tuple[JurisdictionValue, tuple[float, float]]]:
    """Countries too small for the map's shapes (Singapore, Hong Kong), each with where to draw its point."""
    out = []
    for v in values:
        if v.jurisdiction.iso3 and v.jurisdiction.iso3 not in _drawn_countries():
            point = country_point(v.jurisdiction.iso or "")
            if point:
                out.append((v, point))
    return out


def choropleth(values: Sequence[JurisdictionValue], title: str) -> go.Figure:
    """Countries shaded by value (ISO-3 ids of the vendored world_110m topojson); countries too small
    to have a shape drawn as points of the same colour scale at their capital."""
    placed = [v for v in values if v.jurisdiction.iso3 in _drawn_countries()]
    points = map_points(values)
    high = max((v.value for v in values), default=1.0) or 1.0
    fig = go.Figure(go.Choropleth(
        locations=[v.jurisdiction.iso3 for v in placed], z=[v.value for v in placed], locationmode="ISO-3",
        text=[_hover_place(v) for v in placed], colorscale="Reds", zmin=0, zmax=high,
        marker_line_color="white", colorbar_title=title, hovertemplate="%{text}: %{z}<extra></extra>"))
    if points:
        fig.add_trace(go.Scattergeo(
            lat=[p[0] for _, p in points], lon=[p[1] for _, p in points], mode="markers",
            text=[_hover_place(v) for v, _ in points], customdata=[v.value for v, _ in points],
            marker={"size": 11, "color": [v.value for v, _ in points], "colorscale": "Reds", "cmin": 0,
                    "cmax": high, "line": {"color": "#333", "width": 1}},
            hovertemplate="%{text}: %{customdata}<extra></extra>", showlegend=False))
    # plotly.js 4 (in Streamlit) draws a world map rotated and zoomed unless the rotation is given
    fig.update_geos(showframe=False, showcoastlines=True, showcountries=True, projection_type="natural earth",
                    projection_rotation={"lon": 0, "lat": 0, "roll": 0}, center={"lon": 0, "lat": 0},
                    lonaxis_range=[-180, 180], lataxis_range=[-90, 90], resolution=110, scope="world")
    fig.update_layout(height=480, margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return fig


def day_range(rows: Sequence[EventRow]) -> tuple[date, date] | None:
    days = [r.day for r in rows if r.day is not None]
    return (min(days), max(days)) if days else None
