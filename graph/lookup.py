"""Finding an entity by what a user types: label or alias, then fuzzy suggestions."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rdflib import URIRef

from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ingest.names import name_key
from riskgraph.ontology.errors import NotFoundError


@dataclass(frozen=True)
class EntityName:
    iri: URIRef
    label: str
    name: str


def entity_names(store: Store) -> list[EntityName]:
    return [EntityName(URIRef(r["entity"]), str(r["label"]), str(r["name"]))
            for r in store.select(load_query("entity_names"))]


def find_entity(store: Store, text: str, names: list[EntityName] | None = None) -> URIRef:
    """The one entity whose label or alias is ``text`` (normalised); else NotFoundError with suggestions."""
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    names = entity_names(store) if names is None else names
    wanted = name_key(text)
    exact = {n.iri for n in names if name_key(n.name) == wanted}
    if len(exact) == 1:
        return next(iter(exact))
    labels = {n.iri: n.label for n in names}
    if len(exact) > 1:
        options = sorted(f"{labels[i]} <{i}>" for i in exact)
        raise NotFoundError(f"{text!r} names {len(exact)} entities; pass one IRI: " + "; ".join(options),
                            suggestions=options)
    suggestions = suggest(text, names)
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no entity named {text!r} in the store{hint}", suggestions=suggestions)


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
