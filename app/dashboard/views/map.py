"""Map: risk events, or one entity's exposure, by jurisdiction, as a choropleth drawn from the
vendored world topojson (served by this app: no request leaves the machine)."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from riskgraph.app.dashboard import data, figures, state, tables, widgets
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph.browse_events import JurisdictionValue
from riskgraph.ontology.vocabulary import event_classes

EVENTS = "Risk events, by the target's jurisdiction"
EXPOSURE = "Exposure of an entity, by the risk source's jurisdiction"
ALL = "(any)"


def _show(values: Sequence[JurisdictionValue], measure: str, digits: int) -> None:
    if not values:
        st.info("Nothing to map.")
        return
    st.plotly_chart(figures.choropleth(values, measure), config=figures.CHART_CONFIG, key="map")
    points = [v.jurisdiction.label for v, _ in figures.map_points(values)]
    if points:
        st.caption(md_escape("Drawn as points (too small for the map's shapes): " + ", ".join(points)))
    unmapped = [v.jurisdiction.label for v in values if not v.jurisdiction.iso3]
    if unmapped:
        st.caption(md_escape("Not on the map (not a country, or its country is unknown): " + ", ".join(unmapped)))
    tables.table([{"jurisdiction": v.jurisdiction.label, "ISO": v.jurisdiction.iso or "",
                   measure: round(v.value, digits), "includes (cities and regions)": ", ".join(v.includes)}
                  for v in values], key="map_table", long=("includes (cities and regions)",))


def _events(ctx: state.Ctx) -> None:
    kind = st.selectbox("Type", [ALL, *sorted(event_classes())], key="map_type")
    values = data.events_by_jurisdiction(ctx, None if kind == ALL else kind, None, None)
    _show(values, "risk events", 0)


def _exposure(ctx: state.Ctx) -> None:
    default = ctx.watchlist.entities[0] if ctx.watchlist.entities else ""
    iri = widgets.entity_picker(ctx, key="map_entity", default=default)
    if iri is None:
        return
    latest = data.overview(ctx).latest
    values, unplaced = data.exposure_by_jurisdiction(ctx, iri, latest, 4)
    _show(values, "exposure", 3)
    if unplaced:
        st.caption(f"{unplaced:.3f} of the exposure index comes from risk sources with no jurisdiction in "
                   "the store.")


def render() -> None:
    st.title("Map")
    with state.reported_errors():
        ctx = state.context()
        measure = st.radio("Show", [EVENTS, EXPOSURE], key="map_measure", horizontal=True)
        if measure == EVENTS:
            _events(ctx)
        else:
            _exposure(ctx)


if __name__ == "__main__":
    render()
