"""riskgraph's vocabulary as data: ``riskgraph.ttl`` (OWL), ``shapes.ttl`` (SHACL) and the code reading them.

``RG`` is the closed ``rg:`` namespace (a misspelt term raises ``AttributeError``); ``vocabulary`` answers
questions about the ontology (entity and event classes, relation properties, domains and ranges).
"""
from __future__ import annotations

from .namespace import (
    DCTERMS,
    ENTITY_NS,
    OA,
    ODRL,
    ORG,
    PREFIXES,
    PROV,
    RG,
    SCHEMA,
    SDO,
    SKOS,
    WIKIDATA,
    bind_prefixes,
)
from .vocabulary import (
    allowed_values,
    domain_of,
    entity_classes,
    event_classes,
    event_properties,
    label,
    ontology_graph,
    ontology_path,
    range_of,
    relation_properties,
    shapes_graph,
    shapes_path,
    subclasses,
    superclasses,
    symmetric_properties,
    terms,
)

__all__ = [
    "DCTERMS",
    "ENTITY_NS",
    "OA",
    "ODRL",
    "ORG",
    "PREFIXES",
    "PROV",
    "RG",
    "SCHEMA",
    "SDO",
    "SKOS",
    "WIKIDATA",
    "allowed_values",
    "bind_prefixes",
    "domain_of",
    "entity_classes",
    "event_classes",
    "event_properties",
    "label",
    "ontology_graph",
    "ontology_path",
    "range_of",
    "relation_properties",
    "shapes_graph",
    "shapes_path",
    "subclasses",
    "superclasses",
    "symmetric_properties",
    "terms",
]
