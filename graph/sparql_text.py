"""RDF terms as SPARQL text, for requests built here rather than bound by an engine.

Each term is serialised like rdflib's ``term.n3()`` (always the single-line form) and checked, so
that no value can end its token early: IRIs may not hold ``<>"{}|^`\\`` or spaces, literals are
escaped, blank node labels are made safe, variable names are plain.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from riskgraph.ontology.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
_BNODE = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def is_absolute_iri(value: str) -> bool:
    """True for an absolute IRI that can stand between ``<`` and ``>`` in SPARQL."""
    return _IRI.fullmatch(value) is not None


def sparql_term(term: Node) -> str:
    """One RDF term in SPARQL syntax; QueryError for what cannot be written safely."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        label = str(term)
        if not _BNODE.fullmatch(label):
            label = "b" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:20]
        return f"_:{label}"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise QueryError(f"invalid language tag {term.language!r}")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{text}"^^{_iri(str(term.datatype))}'
        return f'"{text}"'
    raise QueryError(f"cannot send the term {term!r} ({type(term).__name__}) to a SPARQL server")


def _iri(value: str) -> str:
    if not is_absolute_iri(value):
        raise QueryError(f"{value!r} is not an absolute IRI that SPARQL can carry")
    return f"<{value}>"


def with_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with a trailing VALUES clause binding each variable (which must be projected)."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"invalid variable name {name!r} in the bindings")
    row = " ".join(sparql_term(bindings[name]) for name in names)
    variables = " ".join(f"?{name}" for name in names)
    return f"{query}\nVALUES ({variables}) {{ ({row}) }}\n"
