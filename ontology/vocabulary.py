"""Read the vocabulary from ``riskgraph.ttl`` and ``shapes.ttl``; nothing here restates them.

Terms are named by their local name in ``rg:`` (``"Company"``, ``"parentOf"``); the functions also accept
``"rg:Company"``, the full IRI or a ``URIRef``. Class and property names come back as local names;
terms outside ``rg:`` (datatypes such as ``xsd:date``) come back as prefixed names.

The files are parsed once and cached. ``ontology_graph()`` and ``shapes_graph()`` return copies, so a
caller may add to them freely.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from .errors import RiskgraphError
from .namespace import RG

__all__ = [
    "allowed_values",
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

_HERE = Path(__file__).parent
_NS = str(RG)
_DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def ontology_path() -> Path:
    """Path of the shipped ``riskgraph.ttl``."""
    return _HERE / "riskgraph.ttl"


def shapes_path() -> Path:
    """Path of the shipped ``shapes.ttl`` (SHACL)."""
    return _HERE / "shapes.ttl"


@cache
def _parsed(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
        message = f"{path}: cannot read the shipped vocabulary ({exc}); reinstall riskgraph"
        raise RiskgraphError(message) from exc


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += graph
    return copy


def _ontology() -> Graph:
    return _parsed(ontology_path())


def _shapes() -> Graph:
    return _parsed(shapes_path())


def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (a fresh copy of the cached parse)."""
    return _copy(_ontology())


def shapes_graph() -> Graph:
    """The SHACL shapes as an rdflib graph (a fresh copy of the cached parse)."""
    return _copy(_shapes())


# --- naming -----------------------------------------------------------------------------------------


def _name(term: Node) -> str:
    text = str(term)
    if text.startswith(_NS):
        return text[len(_NS) :]
    return _ontology().namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else text


@cache
def _declared() -> frozenset[URIRef]:
    graph = _ontology()
    return frozenset(
        subject
        for kind in _DECLARATION_TYPES
        for subject in graph.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and str(subject).startswith(_NS)
    )


def _term(name: str | URIRef) -> URIRef:
    text = str(name)
    if text.startswith("rg:"):
        text = text[3:]
    iri = URIRef(text if text.startswith(_NS) else _NS + text)
    if iri not in _declared():
        raise KeyError(f"{name!r} is not a term of the riskgraph ontology ({ontology_path().name})")
    return iri


def terms() -> frozenset[str]:
    """Local names of every class and property ``riskgraph.ttl`` declares in ``rg:``."""
    return frozenset(_name(iri) for iri in _declared())


def label(name: str | URIRef) -> str:
    """The English ``rdfs:label`` of a term (``label("parentOf") == "parent of"``)."""
    iri = _term(name)
    found = [lit for lit in _ontology().objects(iri, RDFS.label) if isinstance(lit, Literal)]
    labels = {lit.language: str(lit) for lit in found}
    return labels.get("en") or next(iter(labels.values()), _name(iri))


# --- classes ----------------------------------------------------------------------------------------


def _closure(start: URIRef, predicate: URIRef, *, inverse: bool) -> frozenset[URIRef]:
    """Terms reachable from ``start`` by ``predicate`` (downwards when ``inverse``), excluding ``start``."""
    graph = _ontology()
    seen: set[URIRef] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        step = graph.subjects(predicate, node) if inverse else graph.objects(node, predicate)
        for nxt in step:
            if isinstance(nxt, URIRef) and nxt not in seen and nxt != start:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)


def _rg_names(iris: frozenset[URIRef]) -> frozenset[str]:
    return frozenset(_name(iri) for iri in iris if str(iri).startswith(_NS))


@cache
def subclasses(cls: str | URIRef) -> frozenset[str]:
    """Local names of the ``rg:`` classes below ``cls`` (transitively), not ``cls`` itself."""
    return _rg_names(_closure(_term(cls), RDFS.subClassOf, inverse=True))


@cache
def superclasses(cls: str | URIRef) -> frozenset[str]:
    """Local names of the ``rg:`` classes above ``cls`` (transitively), not ``cls`` itself.

    External superclasses (``schema:Organization``, ``prov:Agent`` ...) are alignments, not in the answer.
    """
    return _rg_names(_closure(_term(cls), RDFS.subClassOf, inverse=False))


def entity_classes() -> frozenset[str]:
    """The entity types: every class below ``rg:Entity`` (Organization and its subclasses, Project, ...)."""
    return subclasses(RG.Entity)


def event_classes() -> frozenset[str]:
    """The risk event types: every class below ``rg:RiskEvent`` (Ban, Suspension, ...)."""
    return subclasses(RG.RiskEvent)


# --- properties -------------------------------------------------------------------------------------


@cache
def relation_properties() -> frozenset[str]:
    """The properties between entities: the sub-properties of ``rg:entityRelation``."""
    return _rg_names(_closure(RG.entityRelation, RDFS.subPropertyOf, inverse=True))


@cache
def event_properties() -> frozenset[str]:
    """The links from an event to what it involves: the sub-properties of ``rg:eventRelation``."""
    return _rg_names(_closure(RG.eventRelation, RDFS.subPropertyOf, inverse=True))


@cache
def symmetric_properties() -> frozenset[str]:
    """The ``rg:`` properties declared ``owl:SymmetricProperty``."""
    return _rg_names(frozenset(_declared() & set(_ontology().subjects(RDF.type, OWL.SymmetricProperty))))


def _unfold(node: Node) -> Iterator[Node]:
    """The members of a class expression: itself if named, its ``owl:unionOf`` members otherwise."""
    graph = _ontology()
    members = graph.value(node, OWL.unionOf)
    if members is None:
        yield node
        return
    for member in Collection(graph, members):
        yield from _unfold(member)


def _declared_classes(prop: str | URIRef, predicate: URIRef) -> frozenset[str]:
    iri = _term(prop)
    values = _ontology().objects(iri, predicate)
    return frozenset(_name(member) for value in values for member in _unfold(value))


@cache
def domain_of(prop: str | URIRef) -> frozenset[str]:
    """The classes of ``rdfs:domain`` of ``prop``, ``owl:unionOf`` unfolded (subclasses not added)."""
    return _declared_classes(prop, RDFS.domain)


@cache
def range_of(prop: str | URIRef) -> frozenset[str]:
    """The classes or datatypes of ``rdfs:range`` of ``prop``, ``owl:unionOf`` unfolded.

    Datatypes come back prefixed: ``range_of("date") == {"xsd:date", "xsd:gYearMonth"}``.
    """
    return _declared_classes(prop, RDFS.range)


@cache
def allowed_values(prop: str | URIRef) -> tuple[str, ...]:
    """The values ``shapes.ttl`` allows for ``prop`` (its ``sh:in`` list), in order; ``()`` if unrestricted.

    ``allowed_values("status") == ("announced", "in force", "pending", "lifted", "denied")``.
    """
    iri = _term(prop)
    shapes = _shapes()
    values: list[str] = []
    for shape in shapes.subjects(SH.path, iri):
        for head in shapes.objects(shape, SH["in"]):
            values.extend(str(v) for v in Collection(shapes, head) if isinstance(v, Literal))
    return tuple(dict.fromkeys(values))
