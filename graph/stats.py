"""What is in a store: counts by kind, by class and by relation property."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal

from riskgraph.graph.queries import load_query
from riskgraph.graph.state_cache import cached
from riskgraph.graph.store import Store
from riskgraph.ontology.vocabulary import relation_properties

RG = "https://w3id.org/riskgraph#"


@dataclass
class StoreStats:
    documents: int
    entities: int
    events: int
    claims: int
    relations: int
    quads: int
    by_class: dict[str, int] = field(default_factory=dict)
    by_property: dict[str, int] = field(default_factory=dict)


def _int(value: object) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def store_stats(store: Store) -> StoreStats:
    """The counts of the store's current state (computed once per state, cached beside the store)."""
    return cached(store, "stats", lambda db, _key: count_store(db))


def count_store(store: Store) -> StoreStats:
    counts = store.select(load_query("stats_counts"))[0]
    by_class = {str(r["cls"])[len(RG):]: _int(r["n"]) for r in store.select(load_query("stats_classes"))}
    relations = relation_properties()
    by_property = {
        name: _int(r["n"])
        for r in store.select(load_query("stats_properties"))
        if (name := str(r["p"])[len(RG):]) in relations
    }
    return StoreStats(
        documents=_int(counts.get("documents")),
        entities=_int(counts.get("entities")),
        events=_int(counts.get("events")),
        claims=_int(counts.get("claims")),
        relations=sum(by_property.values()),
        quads=store.quad_count(),
        by_class=by_class,
        by_property=by_property,
    )
