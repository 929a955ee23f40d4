"""What extraction produces: entities, relations and events, each with its evidence.

Entities are referred to by a resolution key: ``kb:<id>`` for knowledge-base entities, else
``<group>:<canonical name>`` (group = org, person, product, project, licence, place, regulation).
The graph layer turns keys into IRIs; nothing here knows about RDF.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from riskgraph.ingest.document import Document
from riskgraph.ontology.vocabulary import allowed_values

# how a source states a claim: the rg:modality values of ontology/shapes.ttl (asserted, reported,
# hedged, denied, negated); a denied or negated claim is kept as a claim, its statement is not asserted
MODALITIES: tuple[str, ...] = allowed_values("modality")
UNASSERTED = frozenset({"denied", "negated"})


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence and its character offsets in ``Document.text``."""

    start: int
    end: int
    text: str
    extractor: str  # "name/version"
    confidence: float
    modality: str = "asserted"  # one of MODALITIES (rg:modality of ontology/shapes.ttl)
    rule: str = ""  # the rule of ingest/lexicons/ that produced the fact (empty for the knowledge base)


@dataclass
class Entity:
    """One real-world entity as seen in one document (merged over its mentions)."""

    key: str
    name: str
    classes: set[str]
    surfaces: set[str] = field(default_factory=set)
    wikidata: str | None = None
    iso: str | None = None
    kb_id: str | None = None


@dataclass(frozen=True)
class Mention:
    key: str
    start: int  # character offsets of the mention in Document.text
    end: int
    evidence: Evidence


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str  # rg property local name
    object: str
    evidence: Evidence
    role: str | None = None  # worksFor role as written
    from_kb: bool = False  # supplied by the knowledge base, not read in the document


@dataclass(frozen=True)
class Event:
    cls: str  # rg RiskEvent subclass local name
    actor: str | None
    target: str | None
    concerns: tuple[str, ...]
    cause: str | None
    date: str | None  # YYYY-MM-DD or YYYY-MM
    status: str | None
    evidence: Evidence


@dataclass
class Extraction:
    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    unmatched: Counter[str] = field(default_factory=Counter)  # values no lexicon knew, counted
