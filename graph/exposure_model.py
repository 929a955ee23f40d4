"""The exposure semantics read from ``ontology/exposure.ttl``: which properties carry exposure, in
which direction, with what weight; event severities; the scoring policy. Nothing here restates them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from riskgraph.ontology.namespace import RG
from riskgraph.ontology.vocabulary import ontology_path

RG_NS = str(RG._NS)


@dataclass(frozen=True)
class Step:
    """One way to move along a property: from subject to object (forward) or back (reverse)."""

    prop: str  # local name
    forward: bool
    weight: float

    @property
    def sparql(self) -> str:
        return f"<{RG_NS}{self.prop}>" if self.forward else f"^<{RG_NS}{self.prop}>"


@dataclass(frozen=True)
class ExposureModel:
    steps: tuple[Step, ...]
    severity: dict[str, float]
    restrictive: frozenset[str]
    half_life_days: float
    lifted_severity: float
    min_path_weight: float
    mitigation_factor: float
    concern_severity: float
    restrictive_severity: float
    allegations: frozenset[str] = frozenset()
    score_half_index: float = 3.0

    def score(self, index: float) -> int:
        """The index on the 0-100 scale: 100 x (1 - 2^(-index / half)); saturates, never exceeds 100."""
        return round(100 * (1 - 2 ** (-index / self.score_half_index))) if index > 0 else 0

    def properties(self) -> frozenset[str]:
        return frozenset(s.prop for s in self.steps)

    def step(self, prop: str, forward: bool) -> Step | None:
        return next((s for s in self.steps if s.prop == prop and s.forward == forward), None)


def exposure_path() -> Path:
    return ontology_path().with_name("exposure.ttl")


def _local(iri: URIRef) -> str:
    return str(iri)[len(RG_NS):]


def _number(graph: Graph, subject: URIRef, prop: URIRef) -> float:
    value = graph.value(subject, prop)
    if not isinstance(value, Literal):
        raise ValueError(f"{exposure_path()}: {subject} lacks {prop}")
    return float(value.toPython())


@cache
def load_exposure_model(path: Path | None = None) -> ExposureModel:
    graph = Graph()
    graph.parse(path or exposure_path(), format="turtle")
    steps = []
    for prop, value in sorted(graph.subject_objects(RG.exposureForward)):
        steps.append(Step(_local(prop), True, float(value.toPython())))
    for prop, value in sorted(graph.subject_objects(RG.exposureReverse)):
        steps.append(Step(_local(prop), False, float(value.toPython())))
    severity = {_local(cls): float(v.toPython()) for cls, v in graph.subject_objects(RG.severity)}
    policy = next(graph.subjects(RDF.type, RG.ExposurePolicy))
    return ExposureModel(
        steps=tuple(steps),
        severity=severity,
        restrictive=frozenset(_local(c) for c, v in graph.subject_objects(RG.restrictive) if v.toPython() is True),
        half_life_days=_number(graph, policy, RG.recencyHalfLifeDays),
        lifted_severity=_number(graph, policy, RG.liftedSeverity),
        min_path_weight=_number(graph, policy, RG.minPathWeight),
        mitigation_factor=_number(graph, policy, RG.mitigationFactor),
        concern_severity=_number(graph, policy, RG.concernSeverity),
        restrictive_severity=_number(graph, policy, RG.restrictiveSeverity),
        allegations=frozenset(_local(c) for c, v in graph.subject_objects(RG.allegation) if v.toPython() is True),
        score_half_index=_number(graph, policy, RG.scoreHalfIndex),
    )
