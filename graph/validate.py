"""SHACL validation of the store's union graph against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from riskgraph.graph.store import Store
from riskgraph.ontology.vocabulary import shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    severity: str
    focus: str
    path: str
    value: str
    message: str


def union_graph(store: Store) -> Graph:
    graph = Graph()
    graph.parse(data=store.export("ntriples"), format="nt")
    return graph


def validate_graph(data: Graph) -> list[Violation]:
    """Run the shapes over ``data``; return the violations, most severe first."""
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                                allow_warnings=True)
    out = []
    def value(result: object, prop: object) -> str:
        v = report.value(result, prop)
        return "" if v is None else str(v)

    for result in report.subjects(RDF.type, SH.ValidationResult):
        out.append(Violation(
            severity=value(result, SH.resultSeverity).rsplit("#", 1)[-1],
            focus=value(result, SH.focusNode),
            path=value(result, SH.resultPath),
            value=value(result, SH.value),
            message=value(result, SH.resultMessage),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(out, key=lambda v: (order.get(v.severity, 3), v.focus, v.path, v.message))


def validate_store(store: Store) -> list[Violation]:
    return validate_graph(union_graph(store))
