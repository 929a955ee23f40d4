"""The exposure projection: a networkx DiGraph built from the store along the properties that
``ontology/exposure.ttl`` annotates, each edge pointing the way exposure flows (from the exposed
entity towards what it is exposed to). Built once per store state and cached (memory and disk).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from rdflib import Literal, URIRef

from riskgraph.graph.exposure_model import RG_NS, ExposureModel, load_exposure_model
from riskgraph.graph.identity import KB_SOURCE
from riskgraph.graph.queries import load_query
from riskgraph.graph.state_cache import cache_dir, cached, store_state_key
from riskgraph.graph.store import Store

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


@dataclass
class EventInfo:
    iri: str
    cls: str
    label: str
    date: date | None
    status: str | None
    confidence: float
    modality: str
    actor: str | None = None
    cause: str | None = None
    targets: list[str] = field(default_factory=list)


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
    events = _events(store)
    violated: list[tuple[str, date | None]] = []
    for prop in sorted(model.properties()):
        forward = model.step(prop, True)
        reverse = model.step(prop, False)
        best: dict[tuple[str, str], dict] = {}
        for row in store.select(load_query("exposure_edges"), {"p": URIRef(RG_NS + prop)}):
            s, o = str(row["s"]), str(row["o"])
            entry = best.setdefault((s, o), {"confidence": 0.0, "since": None, "kb": False})
            conf = float(row["confidence"].toPython()) if "confidence" in row else _event_conf(events, s, o)
            entry["confidence"] = max(entry["confidence"], conf)
            from_kb = str(row.get("source", "")) == str(KB_SOURCE)
            entry["kb"] = entry["kb"] or from_kb
            published = None if from_kb else _date(row.get("published"))
            if published and (entry["since"] is None or published < entry["since"]):
                entry["since"] = published
        for (s, o), entry in best.items():
            since = None if entry["kb"] and entry["since"] is None else entry["since"]
            for step, (u, v) in ((forward, (s, o)), (reverse, (o, s))):
                if step is None:
                    continue
                hop = Hop(prop, step.forward, step.weight, entry["confidence"] or 0.5, since, entry["kb"])
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


def _events(store: Store) -> dict[str, EventInfo]:
    events: dict[str, EventInfo] = {}
    for row in store.select(load_query("exposure_events")):
        iri = str(row["event"])
        cls = str(row["cls"])[len(RG_NS):]
        info = events.get(iri)
        if info is None:
            info = EventInfo(iri=iri, cls=cls, label=str(row.get("label", cls)), date=_date(row.get("date")),
                             status=str(row["status"]) if "status" in row else None,
                             confidence=float(row["confidence"].toPython()) if "confidence" in row else 0.5,
                             modality=str(row.get("modality", "asserted")),
                             actor=str(row["actor"]) if "actor" in row else None,
                             cause=str(row["cause"]) if "cause" in row else None)
            events[iri] = info
    return events


# ---------------------------------------------------------------------- caching
def projection_for(store: Store, model: ExposureModel | None = None) -> Projection:
    """The projection of the store's current state, from memory, disk or built anew."""
    return cached(store, "projection", lambda db, key: build_projection(db, model, key))
