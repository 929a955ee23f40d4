"""One label per entity, whatever the order documents arrive in.

An entity the knowledge base knows is labelled with the knowledge base's name, in every document's
graph. Any other entity is named by the documents only: each document graph gives its names as
``skos:altLabel``, and the derived graph (``graph.happenings.HAPPENINGS_GRAPH``) holds its one
``rdfs:label``: the longest of all its names (the fullest form: "Hexi Compute Technology Co., Ltd."
over "Hexi Compute"; ties by alphabet). It is recomputed, for the entities a document names now or
named before, in the same transaction that writes the document.
"""
from __future__ import annotations

from rdflib import RDFS, SKOS, Literal, URIRef

from riskgraph.graph.identity import ENTITY_BASE
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store, Triple


def named_by_documents(iri: URIRef) -> bool:
    """An entity the knowledge base does not know: its IRI is ``id/<kind>/<name>``, not ``id/<kb-id>``."""
    return str(iri).startswith(ENTITY_BASE) and "/" in str(iri)[len(ENTITY_BASE):]


def canonical(names: set[str]) -> str:
    return sorted(names, key=lambda n: (-len(n), n))[0]


def labels_update(store: Store, doc: URIRef, triples: list[Triple], new: bool) -> tuple[dict[URIRef, str],
                                                                                       set[URIRef], set[URIRef]]:
    """(entity -> its canonical label now, entities whose label changed, every entity to rewrite) for the
    entities named by documents that ``doc`` names now or named before."""
    names: dict[URIRef, set[str]] = {}
    alt_label = SKOS.altLabel  # looked up once: this runs over every triple of every document
    for s, p, o in triples:
        if p == alt_label and isinstance(s, URIRef) and named_by_documents(s):
            names.setdefault(s, set()).add(str(o))
    entities = set(names)
    if not new:
        entities |= {URIRef(str(r["entity"])) for r in store.select(load_query("document_entities"), {"doc": doc})
                     if named_by_documents(URIRef(str(r["entity"])))}
    labels: dict[URIRef, str] = {}
    changed: set[URIRef] = set()
    for entity in entities:
        found = set(names.get(entity, set()))
        found |= {str(r["name"]) for r in store.select(load_query("entity_names_elsewhere"), {"entity": entity})
                  if str(r["g"]) != str(doc)}
        before = store.select(load_query("entity_label"), {"entity": entity})
        old = str(before[0]["label"]) if before else None
        if found:
            labels[entity] = canonical(found)
        if labels.get(entity) != old:
            changed.add(entity)
    return labels, changed, entities


def label_triples(labels: dict[URIRef, str]) -> list[Triple]:
    return [(entity, RDFS.label, Literal(label)) for entity, label in sorted(labels.items())]
