"""What the competition analysis reads from the store, built once per store state and cached (memory and
disk, like the exposure projection): a projection along every property ``ontology/competition.ttl``
names (both ways, with each statement's support, dates and evidence source), the kind of technology of
every product, project and organisation with the ground it was read from, and each happening's reports.

Kinds come, in this order, from the knowledge base (``kinds:`` in the gazetteer), from the thing's own
names ("TikTok app", "Alibaba Cloud"), or from the sentence that says who makes it (the kind written
nearest to its name: "developing its own large language model … codenamed Project Seed").
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef

from riskgraph.graph.claims import load_claim_rules
from riskgraph.graph.competition_model import CompetitionModel, load_competition_model
from riskgraph.graph.dates import full_day
from riskgraph.graph.exposure_model import RG_NS, load_exposure_model
from riskgraph.graph.exposure_model import Step as FlowStep
from riskgraph.graph.projection import Hop, Projection, build_projection
from riskgraph.graph.queries import load_query
from riskgraph.graph.state_cache import cached
from riskgraph.graph.store import Store
from riskgraph.graph.taxonomy import KnownKinds, Taxonomy, ground_of_name, kinds_near, known_kinds, load_taxonomy

EVENT_LINKS = ("actor", "target", "concerns")  # how an event involves an organisation or its products
INDEX_VERSION = "3"  # raise when the cached index changes shape


@dataclass(frozen=True)
class KindGround:
    """Why a thing is of a kind: the knowledge base says so, its name says so, or a sentence does."""

    kind: str
    source: str  # "knowledge base" | "name" | "sentence"
    text: str = ""  # the name, or the sentence
    words: str = ""  # the words naming the kind

    def as_dict(self, taxonomy: Taxonomy) -> dict:
        return {"kind": self.kind, "kind_label": taxonomy.label(self.kind), "from": self.source,
                "text": self.text, "words": self.words}


@dataclass(frozen=True)
class Happening:
    first: date | None
    last: date | None
    sources: int


@dataclass
class CompetitionIndex:
    projection: Projection
    kinds: dict[str, dict[str, KindGround]]  # node -> kind -> its ground
    happenings: dict[str, Happening]
    acts_in: dict[str, list[str]] = field(default_factory=dict)  # actor -> events
    makers: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> organisations active in it (any date)
    hit_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # node -> (event, target|concerns)
    known: KnownKinds | None = None  # the knowledge base's kinds as of the build (the gazetteer is part of the state)
    # (property, forward) -> node -> [(neighbour, statement)]: the projection's edges by the step they take
    steps: dict[tuple[str, bool], dict[str, list[tuple[str, Hop]]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.projection.key


def properties(model: CompetitionModel) -> frozenset[str]:
    """Every property the competition rules follow, and what moves and events are read from."""
    steps = (*model.making, *model.group, *model.holding, *model.reliance, *model.terms, *model.cover)
    moves = {name for name in model.move_kinds if name[:1].islower()}
    return frozenset({s.prop for s in steps} | model.asserted | moves | set(EVENT_LINKS))


def build_index(store: Store, key: str, model: CompetitionModel | None = None) -> CompetitionIndex:
    model = model or load_competition_model()
    flows = tuple(FlowStep(prop, forward, 1.0) for prop in sorted(properties(model)) for forward in (True, False))
    projection = build_projection(store, dataclasses.replace(load_exposure_model(), steps=flows), key)
    kinds = read_kinds(store, projection, model)
    happenings = {str(r["event"]): Happening(full_day(r.get("first")), full_day(r.get("last")),
                                             int(r["sources"].toPython()))
                  for r in store.select(load_query("competition_happenings"))}
    acts_in: dict[str, list[str]] = {}
    for iri, event in sorted(projection.events.items()):
        if event.actor:
            acts_in.setdefault(event.actor, []).append(iri)
    hit_by: dict[str, list[tuple[str, str]]] = {}
    graph = projection.graph
    for iri in sorted(projection.events):
        if iri not in graph:
            continue
        for node in graph.predecessors(iri):
            for prop in sorted({h.prop for h in graph.edges[node, iri]["hops"]
                                if not h.forward and h.prop in EVENT_LINKS[1:]}):
                hit_by.setdefault(node, []).append((iri, prop))
    steps: dict[tuple[str, bool], dict[str, list[tuple[str, Hop]]]] = {}
    for u, v, hops in graph.edges(data="hops"):
        for hop in hops:
            steps.setdefault((hop.prop, hop.forward), {}).setdefault(u, []).append((v, hop))
    index = CompetitionIndex(projection, kinds, happenings, acts_in, hit_by=hit_by, steps=steps, known=known_kinds())
    index.makers = makers_by_kind(index, model)
    return index


def makers_by_kind(index: CompetitionIndex, model: CompetitionModel) -> dict[str, frozenset[str]]:
    """Every organisation that may compete, by the kinds it makes at any date (the analysis then keeps
    what holds as of its date)."""
    from riskgraph.graph.competition_graph import Walker

    walker = Walker(index, model, date.max)
    found: dict[str, set[str]] = {}
    for org in index.projection.classes:
        if walker.is_rival_class(org):
            for kind in walker.maker_kinds(org):
                found.setdefault(kind, set()).add(org)
    return {kind: frozenset(orgs) for kind, orgs in found.items()}


def read_kinds(store: Store, projection: Projection, model: CompetitionModel) -> dict[str, dict[str, KindGround]]:
    """The kinds of technology of the store's products, projects and organisations, with their grounds."""
    taxonomy = load_taxonomy()
    known = known_kinds()
    names: dict[str, list[str]] = {}
    for row in store.select(load_query("competition_names")):
        names.setdefault(str(row["entity"]), []).append(str(row["name"]))
    out: dict[str, dict[str, KindGround]] = {}
    for iri in names:
        if projection.classes.get(iri, set()) & model.non_rival_classes:
            continue  # a government body's "kind" is no market
        if iri in known.kinds:
            out[iri] = {k: KindGround(k, "knowledge base") for k in known.kinds[iri]}
            continue
        found = {k: KindGround(k, "name", name, name) for k, name in ground_of_name(taxonomy, names[iri])}
        if found:
            out[iri] = found
    rules = load_claim_rules()
    for prop in sorted({s.prop for s in model.making}):
        for row in store.select(load_query("competition_making_sentences"), {"p": URIRef(RG_NS + prop)}):
            thing, text = str(row["o"]), str(row["text"])
            if projection.classes.get(thing, set()) & model.non_rival_classes:
                continue
            if thing in out and any(g.source != "sentence" for g in out[thing].values()):
                continue
            if rules.is_negative(str(row.get("modality", "asserted"))):
                continue
            for m in kinds_near(taxonomy, text, names.get(thing, []), model.kind_noun_window):
                out.setdefault(thing, {}).setdefault(m.kind, KindGround(m.kind, "sentence", text, m.words))
    return out


def competition_index(store: Store) -> CompetitionIndex:
    """The index of the store's current state, from memory, disk or built anew."""
    return cached(store, f"competition{INDEX_VERSION}", lambda db, key: build_index(db, key))
