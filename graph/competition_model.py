"""The competition semantics read from ``ontology/competition.ttl``: how rivalry is asserted and inferred,
which steps make a dependence on a rival, what mitigates one, which moves of a rival count. Nothing here
restates them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from riskgraph.graph.exposure_model import RG_NS
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.namespace import RG
from riskgraph.ontology.vocabulary import ontology_path, subclasses


@dataclass(frozen=True)
class Step:
    """A property followed from subject to object (``forward``) or back."""

    prop: str  # local name in rg:
    forward: bool = True

    def __str__(self) -> str:
        return self.prop if self.forward else f"^{self.prop}"


@dataclass(frozen=True)
class MitigationRule:
    name: str  # local name of the rule (alternativeProvider, thirdPartyLicence ...)
    label: str
    comment: str


@dataclass(frozen=True)
class CompetitionModel:
    asserted: frozenset[str]  # properties by which a source states rivalry
    making: tuple[Step, ...]  # organisation -> what it makes or owns
    group: tuple[Step, ...]  # ties organisations into one group
    rival_classes: frozenset[str]  # an entity with one of these classes may be a competitor ...
    non_rival_classes: frozenset[str]  # ... unless it has one of these
    kind_noun_window: int
    holding: tuple[Step, ...]  # entity -> its own project, app, subsidiary
    reliance: tuple[Step, ...]  # x -> what x relies on
    terms: tuple[Step, ...]  # licence or rule -> whose terms it is
    max_hops: int
    cover: tuple[Step, ...]  # licence -> what it gives access to
    granting_classes: frozenset[str]  # what can give access (licences)
    mitigations: tuple[MitigationRule, ...]
    moves_window_days: int
    compared_rivals: int
    move_kinds: dict[str, str]  # event class or relation property (local name) -> kind of move

    def is_rival_class(self, classes: set[str]) -> bool:
        return bool(classes & self.rival_classes) and not classes & self.non_rival_classes


def competition_path() -> Path:
    return ontology_path().with_name("competition.ttl")


def _local(node: object, source: Path) -> str:
    text = str(node)
    if not isinstance(node, URIRef) or not text.startswith(RG_NS):
        raise ConfigError(f"{source}: {node} is not a term of the riskgraph ontology")
    return text[len(RG_NS):]


def _steps(graph: Graph, policy: URIRef, prop: URIRef, source: Path) -> tuple[Step, ...]:
    out = []
    for value in graph.objects(policy, prop):
        if isinstance(value, BNode):
            inverse = graph.value(value, OWL.inverseOf)
            if inverse is None:
                raise ConfigError(f"{source}: a step of {prop} is a blank node without owl:inverseOf")
            out.append(Step(_local(inverse, source), False))
        else:
            out.append(Step(_local(value, source)))
    return tuple(sorted(out, key=str))


def _int(graph: Graph, policy: URIRef, prop: URIRef, source: Path) -> int:
    value = graph.value(policy, prop)
    if not isinstance(value, Literal):
        raise ConfigError(f"{source}: the competition policy lacks {prop}")
    return int(value.toPython())


def _classes(graph: Graph, policy: URIRef, prop: URIRef, source: Path) -> frozenset[str]:
    found: set[str] = set()
    for value in graph.objects(policy, prop):
        name = _local(value, source)
        found |= {name, *subclasses(name)}
    return frozenset(found)


@cache
def load_competition_model(path: Path | None = None) -> CompetitionModel:
    source = path or competition_path()
    graph = Graph()
    try:
        graph.parse(source, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ConfigError(f"{source}: cannot read the competition rules ({exc})") from exc
    policy = next(graph.subjects(RDF.type, RG.CompetitionPolicy), None)
    if not isinstance(policy, URIRef):
        raise ConfigError(f"{source}: no rg:CompetitionPolicy")
    rules = []
    for rule in sorted(graph.objects(policy, RG.mitigatedBy)):
        rules.append(MitigationRule(_local(rule, source), str(graph.value(rule, RDFS.label) or rule),
                                    str(graph.value(rule, RDFS.comment) or "")))
    return CompetitionModel(
        asserted=frozenset(_local(v, source) for v in graph.objects(policy, RG.assertedRivalry)),
        making=_steps(graph, policy, RG.makingStep, source),
        group=_steps(graph, policy, RG.groupStep, source),
        rival_classes=_classes(graph, policy, RG.rivalClass, source),
        non_rival_classes=_classes(graph, policy, RG.nonRivalClass, source),
        kind_noun_window=_int(graph, policy, RG.kindNounWindow, source),
        holding=_steps(graph, policy, RG.holdingStep, source),
        reliance=_steps(graph, policy, RG.relianceStep, source),
        terms=_steps(graph, policy, RG.termsStep, source),
        max_hops=_int(graph, policy, RG.maxDependenceHops, source),
        cover=_steps(graph, policy, RG.coverStep, source),
        granting_classes=_classes(graph, policy, RG.grantingClass, source),
        mitigations=tuple(rules),
        moves_window_days=_int(graph, policy, RG.movesWindowDays, source),
        compared_rivals=_int(graph, policy, RG.comparedRivals, source),
        move_kinds={_local(s, source): str(v) for s, v in graph.subject_objects(RG.moveKind)},
    )
