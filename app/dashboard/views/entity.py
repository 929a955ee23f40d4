"""Entity: find an entity by name or alias (with suggestions) and show its profile: types, aliases,
Wikidata link, jurisdiction, relations with their evidence, events and documents."""
from __future__ import annotations

import re

import streamlit as st

from riskgraph.app.dashboard import data, state, tables, widgets
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph.browse import EntityProfile

WIKIDATA_IRI = re.compile(r"^http://www\.wikidata\.org/entity/(Q\d+)$")
MAX_DOCUMENT_LINKS = 30


def _facts(profile: EntityProfile) -> None:
    rows = []
    if profile.types:
        rows.append(f"**Types:** {', '.join(md_escape(t) for t in profile.types)}")
    if profile.aliases:
        rows.append(f"**Also known as:** {', '.join(md_escape(a) for a in profile.aliases)}")
    links = [f"[{m.group(1)}](https://www.wikidata.org/wiki/{m.group(1)})"
             for iri in profile.wikidata if (m := WIKIDATA_IRI.match(iri))]
    if links:
        rows.append(f"**Wikidata:** {', '.join(links)}")
    if profile.iso:
        rows.append(f"**ISO code:** {md_escape(profile.iso)}")
    places: dict[str, list[str]] = {}
    for how, _iri, label in profile.jurisdictions:  # one line per kind: "Headquartered in: Beijing, China"
        name = "Headquartered in" if how == "headquarteredIn" else "Jurisdiction"
        places.setdefault(name, []).append(md_escape(label))
    rows += [f"**{name}:** {', '.join(labels)}" for name, labels in places.items()]
    rows.append(f"**IRI:** `{profile.iri}`")
    st.markdown("  \n".join(rows))


def _relations(profile: EntityProfile) -> None:
    st.subheader(f"Relations ({len(profile.relations)})")
    if not profile.relations:
        st.caption("No relation to another entity was read for it.")
        return
    tables.table(
        [{"subject": r.subject_label, "relation": r.property, "object": r.object_label,
          "confidence": round(r.confidence, 3), "modality": r.modality,
          "evidence": r.sentence or "(knowledge base)", "document": r.title, "published": r.published or ""}
         for r in profile.relations], key="entity_relations", long=("evidence", "document"))


def _judge(ctx: state.Ctx, profile: EntityProfile) -> None:
    """Record a judgement (only with ``riskgraph dashboard --allow-edits``): confirm or reject one of the
    entity's relations, or merge another entity into it. Kept apart from extraction; see `riskgraph judge`."""
    from rdflib import URIRef

    from riskgraph.graph.judgements import judge_statement, merge
    from riskgraph.graph.lookup import find_entity
    from riskgraph.graph.store import Store
    from riskgraph.ontology.namespace import RG

    st.subheader("Judge")
    who = st.text_input("Your name", key="judge_who", value="analyst")
    why = st.text_input("Why", key="judge_why")
    relations = {f"{r.subject_label} {r.property} {r.object_label}": r for r in profile.relations}
    if relations:
        chosen = st.selectbox("Relation", list(relations), key="judge_relation")
        confirm, reject = st.columns(2)
        verdict = "confirm" if confirm.button("Confirm", key="judge_confirm") else \
            "reject" if reject.button("Reject", key="judge_reject") else None
        if verdict:
            r = relations[chosen]
            with Store(ctx.path) as db:  # a short write; the pages reopen the store after it
                judge_statement(db, verdict, (URIRef(r.subject), RG[r.property], URIRef(r.object)), who, why)
                db.flush()
            st.success(f"{verdict}ed: {md_escape(chosen)}")
    other = st.text_input("Merge another entity into this one (name or IRI)", key="judge_merge_other")
    if other and st.button("Merge", key="judge_merge"):
        with Store(ctx.path) as db:
            merged = find_entity(db, other)
            merge(db, URIRef(profile.iri), merged, who, why)
            db.flush()
        st.success(f"merged {md_escape(other)} into {md_escape(profile.label)}")


def _events(profile: EntityProfile) -> None:
    st.subheader(f"Risk events ({len(profile.events)})")
    if not profile.events:
        st.caption("It takes part in no risk event.")
        return
    tables.table([{"date": e.date or "", "type": e.type, "role": e.role, "event": e.label,
                   "status": e.status or ""} for e in profile.events], key="entity_events", long=("event",))


def _documents(profile: EntityProfile) -> None:
    st.subheader(f"Documents ({len(profile.documents)})")
    for ref in profile.documents[:MAX_DOCUMENT_LINKS]:
        widgets.document_link(f"{ref.published or 'undated'} · {ref.title}", ref.document)
    if len(profile.documents) > MAX_DOCUMENT_LINKS:
        st.caption(f"… and {len(profile.documents) - MAX_DOCUMENT_LINKS} more")


def render() -> None:
    st.title("Entity")
    with state.reported_errors():
        ctx = state.context()
        iri = widgets.entity_picker(ctx, key="entity_search")
        if iri is None:
            st.caption("Type a name or an alias (e.g. ByteDance) and press Enter.")
            return
        profile = data.profile(ctx, iri)
        st.header(md_escape(profile.label))
        widgets.entity_link("exposure", f"Exposure of {profile.label} →", profile.label,
                            icon=":material/share:")
        _facts(profile)
        _relations(profile)
        if ctx.settings.allow_edits:
            _judge(ctx, profile)
        _events(profile)
        _documents(profile)


if __name__ == "__main__":
    render()
