"""Read-only views of the store for browsing: overview counts, entity profiles, and documents with
their mentions and facts (risk events and jurisdictions: ``browse_events``).

Every function runs named queries (``queries/browse_*.rq``) with bound parameters and returns plain
dataclasses of strings, numbers and dates, ready for a table or a chart.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from riskgraph.graph.identity import KB_SOURCE
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import NotFoundError
from riskgraph.ontology.namespace import RG

RG_NS = str(RG)
WIKIDATA = "http://www.wikidata.org/entity/"

Row = Mapping[str, Node]


# ---------------------------------------------------------------------- row helpers
def text_of(row: Row, key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def int_of(row: Row, key: str) -> int | None:
    value = row.get(key)
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def float_of(row: Row, key: str, default: float = 0.0) -> float:
    value = row.get(key)
    try:
        return float(str(value)) if value is not None else default
    except ValueError:
        return default


def parse_day(text: str | None) -> date | None:
    """A date from ``YYYY-MM-DD`` or ``YYYY-MM`` (the first of the month); None otherwise."""
    if not text:
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), 1) if len(text) == 7 else date.fromisoformat(text[:10])
    except ValueError:
        return None


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if iri.startswith(RG_NS) else iri


def date_literal(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)



# ---------------------------------------------------------------------- overview
@dataclass(frozen=True)
class Overview:
    documents: int
    entities: int
    events: int
    latest: date | None  # newest document publication date
    week: str | None  # ISO week of ``latest``, e.g. "2024-W01"
    new_events: int  # risk events reported by documents published in that week


def iso_week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.isoweekday() - 1)
    return monday, monday + timedelta(days=6)


def overview(store: Store) -> Overview:
    rows = store.select(load_query("browse_counts"))
    row = rows[0] if rows else {}
    latest = parse_day(text_of(row, "latest"))
    week, new_events = None, 0
    if latest is not None:
        year, number, _ = latest.isocalendar()
        week = f"{year}-W{number:02d}"
        monday, sunday = iso_week_bounds(latest)
        found = store.select(load_query("browse_events_reported"),
                             {"from": date_literal(monday), "to": date_literal(sunday)})
        new_events = int_of(found[0], "events") or 0 if found else 0
    return Overview(documents=int_of(row, "documents") or 0, entities=int_of(row, "entities") or 0,
                    events=int_of(row, "events") or 0, latest=latest, week=week, new_events=new_events)


# ---------------------------------------------------------------------- entities
def entities_named(store: Store, name: str) -> list[str]:
    """IRIs of the entities whose label or alias is exactly ``name`` (an index lookup: no need to load
    every name, as fuzzy lookup does)."""
    rows = store.select(load_query("browse_entity_by_name"), {"name": Literal(name)})
    return sorted({str(r["entity"]) for r in rows})


@dataclass(frozen=True)
class Relation:
    subject: str
    subject_label: str
    property: str
    object: str
    object_label: str
    confidence: float
    modality: str
    sentence: str  # "" for a knowledge-base fact
    start: int | None
    end: int | None
    document: str  # document IRI, or the knowledge base's
    title: str
    published: str | None

    @property
    def from_kb(self) -> bool:
        return self.document == str(KB_SOURCE)


@dataclass(frozen=True)
class EntityEvent:
    event: str
    role: str
    type: str
    label: str
    date: str | None
    status: str | None


@dataclass(frozen=True)
class DocumentRef:
    document: str
    title: str
    published: str | None


@dataclass
class EntityProfile:
    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    wikidata: list[str] = field(default_factory=list)
    iso: str | None = None
    jurisdictions: list[tuple[str, str, str]] = field(default_factory=list)  # (how, iri, label)
    relations: list[Relation] = field(default_factory=list)
    events: list[EntityEvent] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)


def entity_profile(store: Store, iri: str) -> EntityProfile:
    """Everything the store says about one entity, each relation with its sentence and document."""
    entity = URIRef(iri)
    rows = store.select(load_query("browse_entity"), {"entity": entity})
    labels = sorted({str(r["value"]) for r in rows if text_of(r, "field") == "label"})
    if not rows or not labels:
        raise NotFoundError(f"no entity <{iri}> in the store")
    profile = EntityProfile(iri=iri, label=labels[0])
    for row in rows:
        kind, value = text_of(row, "field"), str(row["value"])
        if kind == "type":
            profile.types.append(local_name(value))
        elif kind in ("label", "alias") and value != profile.label:
            profile.aliases.append(value)
        elif kind == "sameAs" and value.startswith(WIKIDATA):
            profile.wikidata.append(value)
        elif kind == "iso":
            profile.iso = value
        elif kind in ("headquarteredIn", "jurisdiction"):
            profile.jurisdictions.append((kind, value, text_of(row, "valueLabel") or value))
    profile.types.sort()
    profile.aliases = sorted(set(profile.aliases), key=str.casefold)
    profile.wikidata.sort()
    profile.jurisdictions = sorted(set(profile.jurisdictions))
    profile.relations = _relations(store.select(load_query("browse_entity_relations"), {"entity": entity}))
    profile.events = [
        EntityEvent(event=str(r["event"]), role=str(r["role"]), type=local_name(str(r["eventType"])),
                    label=text_of(r, "label") or str(r["event"]), date=text_of(r, "date"),
                    status=text_of(r, "status"))
        for r in store.select(load_query("browse_entity_events"), {"entity": entity})
    ]
    profile.documents = [
        _document_ref(r) for r in store.select(load_query("browse_entity_documents"), {"entity": entity})
    ]
    return profile


def _relations(rows: Iterable[Row]) -> list[Relation]:
    seen: set[tuple] = set()
    out: list[Relation] = []
    for r in rows:
        doc = str(r["doc"])
        key = (str(r["subject"]), str(r["property"]), str(r["object"]), doc, int_of(r, "start"))
        if key in seen:
            continue
        seen.add(key)
        out.append(Relation(
            subject=str(r["subject"]), subject_label=text_of(r, "subjectLabel") or str(r["subject"]),
            property=str(r["property"]), object=str(r["object"]),
            object_label=text_of(r, "objectLabel") or str(r["object"]),
            confidence=float_of(r, "confidence"), modality=text_of(r, "modality") or "asserted",
            sentence=text_of(r, "sentence") or "", start=int_of(r, "start"), end=int_of(r, "end"),
            document=doc, title=text_of(r, "title") or ("knowledge base" if doc == str(KB_SOURCE) else doc),
            published=text_of(r, "published")))
    return out


# ---------------------------------------------------------------------- documents
@dataclass(frozen=True)
class Mention:
    entity: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    claim: str
    subject: str
    subject_label: str
    property: str
    object: str
    object_label: str
    confidence: float
    modality: str
    sentence: str
    start: int | None
    end: int | None
    from_kb: bool


@dataclass
class DocumentView:
    iri: str
    title: str
    published: str | None
    source: str | None
    language: str | None
    media_type: str | None
    text: str
    mentions: list[Mention]
    facts: list[Fact]


def _document_ref(row: Row) -> DocumentRef:
    return DocumentRef(document=str(row["doc"]), title=text_of(row, "title") or str(row["doc"]),
                       published=text_of(row, "published"))


def documents(store: Store) -> list[DocumentRef]:
    """Every stored document, newest first."""
    return [_document_ref(r) for r in store.select(load_query("browse_documents"))]


def document_view(store: Store, iri: str) -> DocumentView:
    """A document's text, its entity mentions (offsets into the text) and the facts read from it."""
    doc = URIRef(iri)
    rows = store.select(load_query("browse_document"), {"doc": doc})
    if not rows:
        raise NotFoundError(f"no document <{iri}> in the store")
    meta = rows[0]
    mentions = []
    for r in store.select(load_query("browse_document_mentions"), {"doc": doc}):
        start, end = int_of(r, "start"), int_of(r, "end")
        if start is not None and end is not None and end > start:
            mentions.append(Mention(str(r["entity"]), text_of(r, "label") or str(r["entity"]), start, end))
    facts = []
    for r in store.select(load_query("browse_document_facts"), {"doc": doc}):
        obj = str(r["object"])
        facts.append(Fact(
            claim=str(r["claim"]), subject=str(r["subject"]),
            subject_label=text_of(r, "subjectLabel") or str(r["subject"]), property=str(r["property"]),
            object=obj, object_label=text_of(r, "objectLabel") or local_name(obj),
            confidence=float_of(r, "confidence"), modality=text_of(r, "modality") or "asserted",
            sentence=text_of(r, "sentence") or "", start=int_of(r, "start"), end=int_of(r, "end"),
            from_kb=text_of(r, "source") == str(KB_SOURCE)))
    return DocumentView(iri=iri, title=text_of(meta, "title") or iri, published=text_of(meta, "published"),
                        source=text_of(meta, "source"), language=text_of(meta, "language"),
                        media_type=text_of(meta, "mediaType"), text=text_of(meta, "text") or "",
                        mentions=mentions, facts=facts)
