"""Events: risk events filtered by type, jurisdiction, actor, target and date range, as a timeline and
a table."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from riskgraph.app.dashboard import data, figures, state, tables
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph.browse_events import EVENT_LIMIT
from riskgraph.ontology.errors import NotFoundError
from riskgraph.ontology.vocabulary import event_classes

ALL = "(any)"


def _entity(ctx: state.Ctx, text: str, role: str) -> str | None:
    """The IRI of the actor or target typed, or None (with a warning) when it names no single entity."""
    if not text.strip():
        return None
    try:
        return data.resolve(ctx, text)
    except NotFoundError as exc:
        st.warning(md_escape(f"{role}: {exc}"))
        raise


def _date_range(latest: date | None) -> tuple[date | None, date | None]:
    if not st.toggle("Only events dated in a range", key="events_dated"):
        return None, None
    end = latest or date.today()
    chosen = st.date_input("Dates", value=(end - timedelta(days=365), end), key="events_dates")
    if isinstance(chosen, tuple) and len(chosen) == 2:
        return chosen[0], chosen[1]
    return (chosen[0] if isinstance(chosen, tuple) and chosen else None), None


def render() -> None:
    st.title("Risk events")
    with state.reported_errors():
        ctx = state.context()
        by_iri = {j.iri: j.label for j in data.jurisdictions(ctx)}
        a, b = st.columns(2)
        kind = a.selectbox("Type", [ALL, *sorted(event_classes())], key="events_type")
        place = b.selectbox("Jurisdiction (of the target)", [ALL, *by_iri], key="events_place",
                            format_func=lambda iri: by_iri.get(iri, iri))
        c, d = st.columns(2)
        actor_text = c.text_input("Actor", key="events_actor", placeholder="e.g. OpenAI")
        target_text = d.text_input("Target", key="events_target", placeholder="e.g. ByteDance")
        start, end = _date_range(data.overview(ctx).latest)
        try:
            actor = _entity(ctx, actor_text, "actor")
            target = _entity(ctx, target_text, "target")
        except NotFoundError:
            return
        rows = data.events(ctx, None if kind == ALL else kind, actor, target, None if place == ALL else place,
                           start, end)
        capped = f" (the newest {EVENT_LIMIT})" if len(rows) >= EVENT_LIMIT else ""
        st.markdown(f"**{len(rows)}** risk events{capped}, each listed once however many documents report it")
        if not rows:
            st.info("No risk event matches these filters.")
        else:
            _listed(rows)
        _contradictions(ctx)


def _listed(rows: list) -> None:
    st.plotly_chart(figures.timeline(rows), config=figures.CHART_CONFIG)
    tables.table([{"date": r.date or "", "type": r.type, "event": r.label, "status": r.status or "",
                   "actor": ", ".join(label for _, label in r.actors),
                   "target": ", ".join(label for _, label in r.targets), "sources": r.sources,
                   "first reported": r.first_reported or r.reported or "",
                   "last updated": r.last_updated or r.reported or ""}
                  for r in rows], key="events_table", long=("event", "actor", "target"), page_size=25)


def _contradictions(ctx: state.Ctx) -> None:
    found = data.contradictions(ctx)
    st.subheader("Contradictions between sources")
    if not found:
        st.caption("No source denies what another asserts.")
        return
    st.caption("What one source asserts or reports and another denies or negates: a denial lowers the "
               "confidence of the statement and is never evidence for an exposure path.")
    for c in found:
        with st.container(border=True):
            st.markdown(f"**{md_escape(c.subject.label)}** {md_escape(c.prop)} **{md_escape(c.object.label)}** "
                        f"({c.stated_count} asserting, {c.denied_count} denying)")
            for side, cite in (("asserted", c.stated), ("denied", c.denied)):
                if cite is not None:
                    st.markdown(f"*{side}:* > {md_escape(cite.text)} — {md_escape(cite.title)}"
                                f"{', ' + cite.published if cite.published else ''}")


if __name__ == "__main__":
    render()
