"""Competition: an entity's competitors (asserted or inferred, with what grounds the rivalry), how it
depends on a rival's technology (each hop with its sentence) and what mitigates that, the kinds of
technology it gets from one provider only, its rivals' moves in a window, and its exposure beside theirs."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from riskgraph.app.dashboard import competition_figures as figures
from riskgraph.app.dashboard import data, state, tables, widgets
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph.competition_model import load_competition_model


def _controls(ctx: state.Ctx) -> tuple[date | None, date | None]:
    latest = data.overview(ctx).latest
    a, b = st.columns(2)
    as_of = a.date_input("As of", value=latest, key="competition_as_of",
                         help="Facts published later and events dated later do not count.")
    as_of = as_of if isinstance(as_of, date) else None
    default = (as_of or latest or date.today()) - timedelta(days=load_competition_model().moves_window_days)
    since = b.date_input("Rivals' moves since", value=default, key="competition_since")
    return as_of, since if isinstance(since, date) else None


def _cite(hop: dict) -> str:
    cites = [c for c in hop.get("evidence", []) if c["text"]]
    if not cites:
        return "from the knowledge base" if hop["from_knowledge_base"] else "no sentence stored"
    c = cites[0]
    modality = f" [{c['modality']}]" if c["modality"] != "asserted" else ""
    return f"“{c['text']}” — {c['title']}{', ' + c['published'] if c['published'] else ''}{modality}"


def _arrow(hop: dict) -> str:
    return f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"


def _route(hops: list[dict]) -> None:
    for hop in hops:
        st.markdown(f"**{md_escape(hop['from_label'])}** {md_escape(_arrow(hop))} **{md_escape(hop['to_label'])}**")
        st.caption(md_escape(_cite(hop)))


def _competitors(result: dict) -> None:
    st.subheader(f"Competitors ({result['competitors_total']}, {result['competitors_asserted']} asserted)")
    st.caption("Asserted: a source says they compete. Inferred: both make things of the same kind of technology "
               "(computed here, never stored as a fact).")
    if not result["competitors"]:
        st.info("No competitor found: nothing it makes has a known kind shared with another organisation.")
        return
    tables.table([{"competitor": c["label"], "rivalry": c["rivalry"],
                   "both make": ", ".join(g["kind_label"] for g in c["grounds"]) or "–",
                   "its side": "; ".join(m["label"] for g in c["grounds"] for m in g["mine"][:3]) or "–",
                   "their side": "; ".join(m["label"] for g in c["grounds"] for m in g["theirs"][:3]) or "–"}
                  for c in result["competitors"]], key="competition_rivals", long=("its side", "their side"))
    for c in result["competitors"]:
        with st.expander(f"Why {md_escape(c['label'])}"):
            for a in c["assertions"]:
                st.markdown(f"Stated: {md_escape(_cite(a['statement']))}")
            for g in c["grounds"]:
                st.markdown(f"**Both make {md_escape(g['kind_label'])}**")
                for side, things in (("its side", g["mine"]), ("their side", g["theirs"])):
                    for m in things:
                        kinds = "; ".join(f"{k['kind_label']} ({k['from']}{': ' + k['words'] if k['words'] else ''})"
                                          for k in m["kinds"])
                        st.markdown(f"- {side}: **{md_escape(m['label'])}** ({md_escape(m['how'])}), "
                                    f"{md_escape(kinds)}")


def _dependences(result: dict) -> None:
    st.subheader(f"Dependence on rivals' technology ({result['dependencies_total']})")
    if not result["dependencies_on_rivals"]:
        st.info("No path from it to a rival's product, to a rival, or to a rival's terms.")
        return
    for d in result["dependencies_on_rivals"]:
        with st.container(border=True):
            st.markdown(f"On **{md_escape(d['rival_label'])}**: {md_escape(d['technology_label'])}")
            _route(d["hops"])
            for route in d["other_routes"]:
                with st.expander("also by " + " → ".join(md_escape(h["to_label"]) for h in route)):
                    _route(route)
            for m in d["mitigations"]:
                through = f" ({m['through_label']})" if m["through_label"] else ""
                st.success(f"Mitigation, {md_escape(m['label'])}: {md_escape(m['node_label'] + through)}",
                           icon=":material/shield:")
            if not d["mitigations"]:
                st.warning("No mitigation known: no other provider, licence from a third party or in-house "
                           "alternative.", icon=":material/warning:")


def _single_sources(result: dict) -> None:
    st.subheader("Single-source dependencies")
    if not result["single_source"]:
        st.caption("None: every kind of technology it relies on has another provider or a mitigation.")
        return
    tables.table([{"kind of technology": s["kind_label"], "only provider": s["provider_label"],
                   "what it relies on": ", ".join(x["label"] for x in s["supplies"])}
                  for s in result["single_source"]], key="competition_single")


def _moves(result: dict) -> None:
    st.subheader(f"Rivals' moves, {result['since']} to {result['as_of']} ({result['moves_total']})")
    if not result["moves"]:
        st.info("No move of a rival in this window.")
        return
    st.plotly_chart(figures.moves_timeline(result["moves"]), config=figures.CHART_CONFIG, key="competition_moves")
    tables.table([{"date": m["date"] or "–", "move": m["kind"], "what": m["label"],
                   "rivals": ", ".join(f"{r['label']} ({r['role']})" for r in m["rivals"]), "sources": m["sources"],
                   "source": (m["citations"][0]["title"] + ", " + (m["citations"][0]["published"] or ""))
                   if m["citations"] else "–",
                   "sentence": m["citations"][0]["text"] if m["citations"] else "–"}
                  for m in result["moves"]], key="competition_moves_table", long=("what", "sentence"))


def _exposure(result: dict) -> None:
    st.subheader("Exposure beside its rivals")
    st.caption("Exposure index on the same date, watchlist and path depth, stacked by kind of risk: who is hit "
               "harder by the same export control or ban.")
    st.plotly_chart(figures.relative_exposure(result["relative_exposure"]), config=figures.CHART_CONFIG,
                    key="competition_exposure")
    tables.table([{"entity": x["label"], "role": x["role"], "exposure index": round(x["index"], 3),
                   "score (0-100)": x["score"], "risk sources": x["risk_sources"]}
                  for x in result["relative_exposure"]], key="competition_exposure_table")


def render() -> None:
    st.title("Competition")
    with state.reported_errors():
        ctx = state.context()
        default = ctx.watchlist.entities[0] if ctx.watchlist.entities else ""
        iri = widgets.entity_picker(ctx, key="competition_entity", default=default)
        if iri is None:
            return
        as_of, since = _controls(ctx)
        result = data.competition(ctx, iri, as_of, since)
        st.header(md_escape(result["label"]))
        a, b, c, d = st.columns(4)
        a.metric("Competitors", result["competitors_total"], help="asserted and inferred")
        b.metric("Dependences on rivals", result["dependencies_total"])
        c.metric("Single sources", len(result["single_source"]))
        d.metric("Rivals' moves", result["moves_total"])
        _competitors(result)
        _dependences(result)
        _single_sources(result)
        _moves(result)
        _exposure(result)


if __name__ == "__main__":
    render()
