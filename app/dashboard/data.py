"""Cached calls into ``riskgraph.graph``: each result is cached by the store's path and state key
(``Ctx.cache_key``) and the call's arguments, so a page redrawn for the same store asks nothing twice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from riskgraph.app.dashboard.state import Ctx
from riskgraph.graph import browse, browse_events
from riskgraph.graph.competition import analyse_competition, competition_dict
from riskgraph.graph.competition_index import CompetitionIndex
from riskgraph.graph.competition_index import competition_index as cached_competition_index
from riskgraph.graph.contradictions import Contradiction, all_contradictions
from riskgraph.graph.explain import exposure_dict
from riskgraph.graph.exposure import Watchlist, analyse
from riskgraph.graph.lookup import EntityName, entity_names, find_entity
from riskgraph.graph.projection import Projection, projection_for
from riskgraph.graph.store import Store
from riskgraph.graph.whatif import parse_assumption, what_if
from riskgraph.ontology.errors import NotFoundError

HASH = {Ctx: Ctx.cache_key}


@st.cache_resource(hash_funcs=HASH, show_spinner="Building the exposure graph…", max_entries=2)
def projection(ctx: Ctx) -> Projection:
    return projection_for(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=4)
def overview(ctx: Ctx) -> browse.Overview:
    return browse.overview(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=4)
def names(ctx: Ctx) -> list[EntityName]:
    return entity_names(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=256)
def resolve(ctx: Ctx, text: str) -> str:
    """The IRI of the entity named ``text``: the one whose label or alias it is exactly, else as the
    CLI finds it (normalised names); NotFoundError (with suggestions) otherwise."""
    text = text.strip()
    exact = [] if text.startswith(("http://", "https://")) else browse.entities_named(ctx.store, text)
    if len(exact) == 1:
        return exact[0]
    return str(find_entity(ctx.store, text, names(ctx)))


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=64)
def profile(ctx: Ctx, iri: str) -> browse.EntityProfile:
    return browse.entity_profile(ctx.store, iri)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=4)
def documents(ctx: Ctx) -> list[browse.DocumentRef]:
    return browse.documents(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=32)
def document(ctx: Ctx, iri: str) -> browse.DocumentView:
    return browse.document_view(ctx.store, iri)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=4)
def jurisdictions(ctx: Ctx) -> list[browse_events.Jurisdiction]:
    return browse_events.jurisdictions(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=64)
def events(ctx: Ctx, type_: str | None = None, actor: str | None = None, target: str | None = None,
           jurisdiction: str | None = None, start: date | None = None, end: date | None = None,
           ) -> list[browse_events.EventRow]:
    return browse_events.events(ctx.store, type_=type_, actor=actor, target=target, jurisdiction=jurisdiction,
                                start=start, end=end)


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=64)
def events_by_jurisdiction(ctx: Ctx, type_: str | None, start: date | None, end: date | None,
                           ) -> list[browse_events.JurisdictionValue]:
    return browse_events.events_by_jurisdiction(ctx.store, type_=type_, start=start, end=end)


@st.cache_data(hash_funcs=HASH, show_spinner="Computing the exposure…", max_entries=64)
def exposure(ctx: Ctx, iri: str, as_of: date | None, max_hops: int, top: int) -> dict:
    """``riskgraph.graph.explain.exposure_dict`` of the entity: score, band, breakdown, cited paths."""
    proj = projection(ctx)
    result = analyse(proj, iri, as_of=as_of, max_hops=max_hops, top=top, watchlist=ctx.watchlist)
    return exposure_dict(ctx.store, proj, result)


@st.cache_data(hash_funcs=HASH, show_spinner="Looking for contradictions…", max_entries=4)
def contradictions(ctx: Ctx) -> list[Contradiction]:
    """Every statement or event one source asserts and another denies, with the best citation of each."""
    return all_contradictions(ctx.store, projection(ctx))


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=64)
def exposure_by_jurisdiction(ctx: Ctx, iri: str, as_of: date | None, max_hops: int,
                             ) -> tuple[list[browse_events.JurisdictionValue], float]:
    result = analyse(projection(ctx), iri, as_of=as_of, max_hops=max_hops, top=0, watchlist=ctx.watchlist,
                     band=False)
    return browse_events.exposure_by_jurisdiction(ctx.store, result.by_source)


@dataclass(frozen=True)
class Watched:
    name: str
    iri: str | None  # None: not in the store
    label: str
    score: float
    band: tuple[float, float]
    p_any: float
    top_source: str


@st.cache_data(hash_funcs=HASH, show_spinner="Scoring the watchlist…", max_entries=8)
def watched(ctx: Ctx, as_of: date | None) -> list[Watched]:
    """The exposure of every watchlist entity, most exposed first (names not in the store last)."""
    return watched_rows(ctx.store, ctx.watchlist, as_of)


def watched_rows(store: Store, watchlist: Watchlist, as_of: date | None) -> list[Watched]:
    """``watched`` without Streamlit's caches (for a background job)."""
    proj = projection_for(store)
    found: list[Watched] = []
    missing: list[Watched] = []
    seen: set[str] = set()
    for name in watchlist.entities:
        try:
            iri = str(find_entity(store, name))
        except NotFoundError:
            missing.append(Watched(name, None, name, 0.0, (0.0, 0.0), 0.0, ""))
            continue
        if iri in seen:
            continue
        seen.add(iri)
        result = analyse(proj, iri, as_of=as_of, top=1, watchlist=watchlist)
        top = proj.labels.get(result.paths[0].source, result.paths[0].source) if result.paths else ""
        found.append(Watched(name, iri, result.label, result.score, result.band, result.p_any, top))
    found.sort(key=lambda w: (-w.score, w.label))
    return found + missing


@st.cache_data(hash_funcs=HASH, show_spinner="Recomputing exposure under the assumptions…", max_entries=32)
def whatif(ctx: Ctx, assumptions: tuple[str, ...], as_of: date | None, max_hops: int) -> list[dict]:
    """``what_if`` for assumptions written as in ``riskgraph whatif --assume``; one dict per change."""
    parsed = [parse_assumption(text, lambda name: resolve(ctx, name)) for text in assumptions]
    changes = what_if(projection(ctx), parsed, as_of=as_of, max_hops=max_hops, watchlist=ctx.watchlist)
    return [c.as_dict() for c in changes]


@st.cache_resource(hash_funcs=HASH, show_spinner="Reading what competes with what…", max_entries=2)
def competition_index(ctx: Ctx) -> CompetitionIndex:
    return cached_competition_index(ctx.store)


@st.cache_data(hash_funcs=HASH, show_spinner="Looking at rivals…", max_entries=32)
def competition(ctx: Ctx, iri: str, as_of: date | None, since: date | None) -> dict:
    """``riskgraph.graph.competition.competition_dict`` of the entity (the Competition page)."""
    result, walker = analyse_competition(ctx.store, iri, as_of=as_of, since=since, watchlist=ctx.watchlist,
                                         index=competition_index(ctx), projection=projection(ctx))
    return competition_dict(ctx.store, result, walker)
