"""The exposure projection: a networkx DiGraph built from the store along the properties that
``ontology/exposure.ttl`` annotates, each edge pointing the way exposure flows (from the exposed
entity towards what it is exposed to). Built once per store state and cached (memory and disk).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from rdflib import Literal, URIRef

from riskgraph.graph.claims import ClaimRules, load_claim_rules
from riskgraph.graph.exposure_model import RG_NS, ExposureModel, load_exposure_model
from riskgraph.graph.identity import KB_SOURCE
from riskgraph.graph.judgements import verdicts
from riskgraph.graph.queries import load_query
from riskgraph.graph.state_cache import cache_dir, cached, store_state_key
from riskgraph.graph.store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
__all__ = ["EventInfo", "Hop", "Projection", "build_projection", "cache_dir", "projection_for", "store_state_key"]


@dataclass(frozen=True)
class Hop:
    """One reason for an edge u -> v: the statement, how exposure flows along it, since when."""

    prop: str
    forward: bool  # True: u prop v is the statement; False: v prop u
    weight: float
    confidence: float
    since: date | None  # earliest publication of a document asserting it (None: knowledge base)
    from_kb: bool = False
    contested: bool = False  # a source denies or negates the statement (its support is lowered)


@dataclass
class EventInfo:
    iri: str
    cls: str
    label: str
    date: date | None
    status: str | None
    confidence: float  # the support of all its reports (graph.claims)
    modality: str
    actor: str | None = None
    cause: str | None = None
    targets: list[str] = field(default_factory=list)
    contested: bool = False  # one source reports it, another denies it


@dataclass
class Projection:
    graph: nx.DiGraph
    events: dict[str, EventInfo]
    labels: dict[str, str]
    classes: dict[str, set[str]]
    iso: dict[str, str]
    latest: date | None  # newest document date in the store
    key: str
    violated: list[tuple[str, date | None]] = field(default_factory=list)  # (instrument, since) of rg:violates

    def hops(self, u: str, v: str) -> list[Hop]:
        return self.graph.edges[u, v]["hops"]


def _date(value: object) -> date | None:
    if isinstance(value, Literal):
        text = str(value)
        try:
            if len(text) == 7:
                return date(int(text[:4]), int(text[5:7]), 1)
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def build_projection(store: Store, model: ExposureModel | None = None, key: str | None = None) -> Projection:
    model = model or load_exposure_model()
    key = key or store_state_key(store)
    g = nx.DiGraph()
    labels: dict[str, str] = {}
    classes: dict[str, set[str]] = {}
    iso: dict[str, str] = {}
    for row in store.select(load_query("exposure_nodes")):
        iri = str(row["e"])
        labels.setdefault(iri, str(row["label"]))
        classes.setdefault(iri, set()).add(str(row["cls"])[len(RG_NS):])
        if "iso" in row:
            iso[iri] = str(row["iso"])
    latest = None
    for row in store.select(load_query("document_dates")):
        d = _date(row.get("published"))
        if d and (latest is None or d > latest):
            latest = d
    rules = load_claim_rules()
    judged = verdicts(store)
    events = {iri: e for iri, e in _events(store, rules).items()
              if (iri, RDF_TYPE, RG_NS + e.cls) not in judged.rejected}
    violated: list[tuple[str, date | None]] = []
    for prop in sorted(model.properties()):
        forward = model.step(prop, True)
        reverse = model.step(prop, False)
        for (s, o), entry in _statements(store, prop, events, rules).items():
            if entry["support"].positive == 0 or (s, RG_NS + prop, o) in judged.rejected:
                continue  # only denied or negated, or rejected by an analyst: not a fact, and never a path
            since = None if entry["kb"] and entry["since"] is None else entry["since"]
            for step, (u, v) in ((forward, (s, o)), (reverse, (o, s))):
                if step is None:
                    continue
                hop = Hop(prop, step.forward, step.weight, entry["support"].value or 0.5, since, entry["kb"],
                          entry["support"].contested)
                if g.has_edge(u, v):
                    g.edges[u, v]["hops"].append(hop)
                else:
                    g.add_edge(u, v, hops=[hop])
            if prop == "target" and s in events:
                events[s].targets.append(o)
            if prop == "violates":
                violated.append((o, since))
    for iri in events:
        g.add_node(iri)
    return Projection(graph=g, events=events, labels=labels, classes=classes, iso=iso, latest=latest, key=key,
                      violated=violated)


def _event_conf(events: dict[str, EventInfo], s: str, o: str) -> float:
    event = events.get(s) or events.get(o)
    return event.confidence if event else 0.5


def _statements(store: Store, prop: str, events: dict[str, EventInfo],
                rules: ClaimRules) -> dict[tuple[str, str], dict]:
    """Each statement of ``prop``: the support of its claims (denials and negations included), whether
    the knowledge base says it, and since when a document does (its earliest publication)."""
    claims: dict[tuple[str, str], dict] = {}
    for row in store.select(load_query("exposure_edges"), {"p": URIRef(RG_NS + prop)}):
        s, o = str(row["s"]), str(row["o"])
        entry = claims.setdefault((s, o), {"claims": {}, "since": None, "kb": False})
        modality = str(row.get("modality", "asserted"))
        conf = float(row["confidence"].toPython()) if "confidence" in row else _event_conf(events, s, o)
        from_kb = str(row.get("source", "")) == str(KB_SOURCE)
        entry["claims"][(str(row.get("g", "")), str(row.get("source", "")), modality)] = (modality, conf)
        if rules.is_negative(modality):
            continue
        entry["kb"] = entry["kb"] or from_kb
        published = None if from_kb else _date(row.get("published"))
        if published and (entry["since"] is None or published < entry["since"]):
            entry["since"] = published
    for entry in claims.values():
        entry["support"] = rules.support(entry.pop("claims").values())
    return claims


def _events(store: Store, rules: ClaimRules) -> dict[str, EventInfo]:
    """Each event with the support of its reports (a report of a denial counts against it)."""
    events: dict[str, EventInfo] = {}
    reports: dict[str, dict[tuple[str, str], tuple[str, float]]] = {}
    for row in store.select(load_query("exposure_events")):
        iri = str(row["event"])
        cls = str(row["cls"])[len(RG_NS):]
        if iri not in events:
            events[iri] = EventInfo(iri=iri, cls=cls, label=str(row.get("label", cls)), date=_date(row.get("date")),
                                    status=str(row["status"]) if "status" in row else None, confidence=0.5,
                                    modality="asserted", actor=str(row["actor"]) if "actor" in row else None,
                                    cause=str(row["cause"]) if "cause" in row else None)
        if "confidence" in row:
            modality = str(row.get("modality", "asserted"))
            if rules.is_negative(modality, str(row["reported"]) if "reported" in row else None):
                modality = "denied"
            reports.setdefault(iri, {})[(str(row.get("claim", "")), modality)] = (
                modality, float(row["confidence"].toPython()))
    for iri, info in events.items():
        if iri in reports:
            support = rules.support(reports[iri].values())
            info.confidence = support.value
            info.contested = support.contested
            info.modality = "asserted" if support.positive else "denied"
    return events


# ---------------------------------------------------------------------- caching
def projection_for(store: Store, model: ExposureModel | None = None) -> Projection:
    """The projection of the store's current state, from memory, disk or built anew."""
    return cached(store, "projection", lambda db, key: build_projection(db, model, key))
