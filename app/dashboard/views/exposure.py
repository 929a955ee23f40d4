"""Exposure: how an entity is exposed to risk sources. The exposure index with its band and breakdown,
a Sankey and a network of the strongest paths, every hop with its evidence sentence, and a what-if."""
from __future__ import annotations

from datetime import date

import streamlit as st

from riskgraph.app.dashboard import data, figures, state, tables, widgets
from riskgraph.app.dashboard.text import md_escape

WHATIF_HELP = ("One assumption per line: `remove:SUBJECT|PROPERTY|OBJECT` (the statement no longer holds) "
               "or `event:TYPE|ACTOR|TARGET` (a new risk event); names or IRIs.")


def _controls(ctx: state.Ctx) -> tuple[date | None, int, int]:
    latest = data.overview(ctx).latest
    a, b, c = st.columns(3)
    as_of = a.date_input("As of", value=latest,
                         help="Facts published later and events dated later do not count.")
    max_hops = b.slider("Longest path (hops)", 1, 6, 4)
    top = c.slider("Paths shown", 1, 20, 10)
    return (as_of if isinstance(as_of, date) else None), max_hops, top


def _score(result: dict) -> None:
    lo, hi = result["band"]
    score, a, b, c = st.columns(4)
    low, high = result["band_100"]
    score.metric("Exposure score", f"{result['score_100']}/100",
                 help=f"0–100 (band {low}–{high}); how it is made is listed below the breakdown.")
    a.metric("Exposure index", f"{result['score']:.3f}",
             help="Severity-weighted number of risk sources expected to reach the entity.")
    b.metric("Band (10th–90th percentile)", f"{lo:.3f} – {hi:.3f}",
             help="When each statement on a path holds with the probability of its confidence.")
    c.metric("Chance any risk reaches it", f"{result['p_any']:.2f}")
    st.caption(f"as of {result['as_of']}, paths up to {result['max_hops']} hops")


def _breakdown(result: dict) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("**By kind of risk**")
        for group, part in result["breakdown"]["groups"].items():
            if part["total"]:
                st.markdown(f"**{group.capitalize()}** {part['total']:.3f}: {md_escape(part['says'])}")
        st.plotly_chart(figures.breakdown(result["breakdown"]["by_kind"]), config=figures.CHART_CONFIG)
        with st.expander("How the score is made"):
            for rule in result["rules"]:
                st.markdown(f"- **{rule['rule']}**: {md_escape(rule['says'])}")
    with right:
        st.markdown("**By risk source**")
        tables.table([{"contribution": round(s["score"], 4), "risk source": s["label"]}
                      for s in result["breakdown"]["by_source"]], key="exposure_sources")


def _hop(hop: dict) -> None:
    arrow = f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"
    since = f", since {hop['since']}" if hop["since"] else ""
    st.markdown(f"**{md_escape(hop['from_label'])}** {md_escape(arrow)} **{md_escape(hop['to_label'])}**  "
                f"(weight {hop['weight']}, confidence {hop['confidence']:.2f}{md_escape(since)})")
    cites = hop.get("evidence", [])
    if not cites or not cites[0]["text"]:
        known = hop.get("from_knowledge_base") or cites
        st.caption("from the knowledge base" if known else "no evidence stored")
        return
    cite = cites[0]
    modality = f" [{cite['modality']}]" if cite["modality"] != "asserted" else ""
    st.markdown(f"> {md_escape(cite['text'])}")
    when = f" ({cite['published']})" if cite["published"] else ""
    at = (cite["start"], cite["end"]) if cite["start"] is not None and cite["end"] is not None else None
    widgets.document_link(f"{cite['title']}{when}{modality}", cite["document"], at)


def _paths(result: dict) -> None:
    st.subheader("Paths, with the evidence for each hop")
    if not result["paths"]:
        st.info("No path to a risk source within these limits.")
    for rank, path in enumerate(result["paths"], 1):
        with st.container(border=True):
            detail = ", ".join(x for x in (path["source_kind"], path["source_date"], path["source_status"])
                               if x)
            st.markdown(f"**{rank}. {path.get('source_score', path['score']):.3f}** → "
                        f"{md_escape(path['source_label'])} ({md_escape(detail)}; severity {path['severity']}, "
                        f"recency {path['recency']})")
            _route(path)
            for other in path.get("other_routes", []):
                chain = md_escape(other["hops"][0]["from_label"]) if other["hops"] else ""
                for hop in other["hops"]:
                    arrow = f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"
                    chain += f" {md_escape(arrow)} {md_escape(hop['to_label'])}"
                shield = " · mitigated" if other["mitigations"] else ""
                st.markdown(f"*also, {other['score']:.3f}{shield}:* {chain}")
                with st.expander("evidence of this route"):
                    _route(other)


def _route(path: dict) -> None:
    for hop in path["hops"]:
        _hop(hop)
    for m in path["mitigations"]:
        st.success(f"Mitigation: {md_escape(m['licence_label'])} from "
                   f"{md_escape(m['licensor_label'])} also covers {md_escape(m['product_label'])} "
                   f"(confidence {m['confidence']:.2f})", icon=":material/shield:")


def _whatif(ctx: state.Ctx, label: str, as_of: date | None, max_hops: int) -> None:
    st.subheader("What if…")
    text = st.text_area("Assumptions", key="whatif_text", help=WHATIF_HELP,
                        placeholder=f"remove:{label}|develops|Project Seed\nevent:Sanction|OFAC|{label}")
    if not st.button("Recompute exposure", key="whatif_run"):
        st.caption(WHATIF_HELP)
        return
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not lines:
        st.warning("Write at least one assumption.")
        return
    changes = data.whatif(ctx, lines, as_of, max_hops)
    if not changes:
        st.info("No entity's exposure changes under these assumptions.")
        return
    tables.table([{"entity": c["label"], "before": round(c["before"], 3), "after": round(c["after"], 3),
                   "change": round(c["delta"], 3)} for c in changes], key="whatif_changes")


def render() -> None:
    st.title("Exposure")
    with state.reported_errors():
        ctx = state.context()
        default = ctx.watchlist.entities[0] if ctx.watchlist.entities else ""
        iri = widgets.entity_picker(ctx, key="exposure_entity", default=default)
        if iri is None:
            return
        as_of, max_hops, top = _controls(ctx)
        result = data.exposure(ctx, iri, as_of, max_hops, top)
        st.header(md_escape(result["label"]))
        widgets.entity_link("entity", f"Profile of {result['label']}", result["label"],
                            icon=":material/apartment:")
        _score(result)
        _breakdown(result)
        st.subheader("Strongest paths")
        sankey_tab, network_tab = st.tabs(["Sankey", "Network"])
        with sankey_tab:
            st.plotly_chart(figures.sankey(result, top), config=figures.CHART_CONFIG, key="sankey")
        with network_tab:
            st.plotly_chart(figures.network(result, top), config=figures.CHART_CONFIG, key="network")
        _paths(result)
        _whatif(ctx, result["label"], as_of, max_hops)


if __name__ == "__main__":
    render()
