"""riskgraph's vocabulary as data: ``riskgraph.ttl`` (OWL), ``shapes.ttl`` (SHACL) and the code reading them.

``RG`` is the closed ``rg:`` namespace (a misspelt term raises ``AttributeError``); ``vocabulary`` answers
questions about the ontology (entity and event classes, relation properties, domains and ranges).
"""
from __future__ import annotations

# The names below are read from their modules on first use (PEP 562), so that importing
# ``riskgraph.ontology.errors`` (every command does) does not load rdflib and the Turtle files.
_NAMESPACE = {"DCTERMS", "ENTITY_NS", "OA", "ODRL", "ORG", "PREFIXES", "PROV", "RG", "SCHEMA", "SDO", "SKOS",
              "WIKIDATA", "bind_prefixes"}


def __getattr__(name: str) -> object:
    import importlib

    if name in _NAMESPACE:
        return getattr(importlib.import_module(".namespace", __name__), name)
    if name in __all__:
        return getattr(importlib.import_module(".vocabulary", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
