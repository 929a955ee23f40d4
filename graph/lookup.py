"""Finding an entity by what a user types: label, alias, or a knowledge-base name or abbreviation of
an entity in the store; else fuzzy suggestions.

The names are indexed once per store state (``state_cache``): a look-up on a large store is a
dictionary access, not a pass over every name in the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from rdflib import URIRef

from riskgraph.graph.identity import entity_iri
from riskgraph.graph.queries import load_query
from riskgraph.graph.state_cache import cached
from riskgraph.graph.store import Store
from riskgraph.ingest.names import name_key
from riskgraph.ontology.errors import NotFoundError


@dataclass(frozen=True)
class EntityName:
    iri: URIRef
    label: str
    name: str


@dataclass
class NameIndex:
    """Every name of every entity: ``by_key`` (normalised name -> IRIs), labels, and the names for suggestions."""

    names: list[EntityName]
    by_key: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, names: list[EntityName]) -> NameIndex:
        index = cls(names)
        for n in names:
            index.by_key.setdefault(name_key(n.name), set()).add(str(n.iri))
            index.labels.setdefault(str(n.iri), n.label)
        return index


def entity_names(store: Store) -> list[EntityName]:
    return [EntityName(URIRef(r["entity"]), str(r["label"]), str(r["name"]))
            for r in store.select(load_query("entity_names"))]


def _knowledge_base_names(names: list[EntityName], gazetteer_dir: Path | None) -> list[EntityName]:
    """The gazetteer's names and abbreviations of the knowledge-base entities that are in the store."""
    from riskgraph.data import data_dir
    from riskgraph.ingest.gazetteer import load_gazetteer

    labels = {n.iri: n.label for n in names}
    gazetteer = load_gazetteer(gazetteer_dir or data_dir() / "gazetteer")
    extra = []
    for kb_id, entry in gazetteer.entries.items():
        iri = entity_iri(f"kb:{kb_id}")
        if iri in labels:
            extra += [EntityName(iri, labels[iri], form) for form in entry.surface_forms]
    return extra


def build_name_index(store: Store, gazetteer_dir: Path | None = None) -> NameIndex:
    names = entity_names(store)
    return NameIndex.of(names + _knowledge_base_names(names, gazetteer_dir))


def name_index(store: Store) -> NameIndex:
    """The name index of the store's current state (built once per state, cached beside the store)."""
    return cached(store, "names", lambda db, _key: build_name_index(db))


def find_entity(store: Store, text: str, names: list[EntityName] | NameIndex | None = None) -> URIRef:
    """The one entity whose label, alias or knowledge-base name is ``text`` (normalised); else
    NotFoundError with suggestions."""
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    if names is None:
        index = name_index(store)
    else:
        index = names if isinstance(names, NameIndex) else NameIndex.of(names)
    exact = index.by_key.get(name_key(text), set())
    if len(exact) == 1:
        return URIRef(next(iter(exact)))
    if len(exact) > 1:
        options = sorted(f"{index.labels[i]} <{i}>" for i in exact)
        raise NotFoundError(f"{text!r} names {len(exact)} entities; pass one IRI: " + "; ".join(options),
                            suggestions=options)
    suggestions = suggest(text, index.names)
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    known = _known_elsewhere(text)
    if known:
        hint = f"; the knowledge base knows it as {known}, but no stored document mentions it{hint}"
    raise NotFoundError(f"no entity named {text!r} in the store{hint}", suggestions=suggestions)


def _known_elsewhere(text: str) -> str | None:
    """The knowledge base's name for ``text``, when it has one (for a helpful "not found")."""
    from riskgraph.data import data_dir
    from riskgraph.ingest.gazetteer import load_gazetteer

    wanted = name_key(text)
    for entry in load_gazetteer(data_dir() / "gazetteer").entries.values():
        if any(name_key(form) == wanted for form in entry.surface_forms):
            return entry.name
    return None


def suggest(text: str, names: list[EntityName], limit: int = 5) -> list[str]:
    """Labels of entities whose label or alias resembles ``text``, best first."""
    choices = {i: n.name for i, n in enumerate(names)}
    found = process.extract(text, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
    out: list[str] = []
    for _name, _score, index in found:
        label = names[index].label
        if label not in out:
            out.append(label)
    return out[:limit]
