"""What is new in a window of publication dates: the documents published in it, the entities and
relations they introduced, the risk events they report, and how the exposure of watched entities
moved from the end of the previous window to the end of this one (contradictions: ``graph/contradictions.py``).

Everything is read as of the window's last day: documents published later are ignored. The window's
documents are read one graph at a time (each query bound to one document graph, which Oxigraph
answers from its index); "first stated" checks look up the graphs holding one statement. Results are
plain dataclasses sorted on stable keys, so the same store and window always give the same lists.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from riskgraph.graph.citations import Cite, add_hop_evidence, best, citation_from_row
from riskgraph.graph.claims import load_claim_rules
from riskgraph.graph.evidence import Citation
from riskgraph.graph.explain import path_dict
from riskgraph.graph.exposure import ExposurePath, Watchlist, analyse
from riskgraph.graph.exposure_model import RG_NS, load_exposure_model
from riskgraph.graph.happenings import stored_reports
from riskgraph.graph.projection import Projection
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.vocabulary import relation_properties

#: The named queries this module runs (listed in the report's appendix).
QUERIES = ("report_documents", "document_dates", "report_doc_claims", "report_doc_statements", "report_doc_events",
           "report_doc_event_roles", "report_doc_mentions", "report_first_mentions", "report_statement_graphs")
PATHS_SHOWN = 5  # appeared / disappeared paths listed per entity (all are counted)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: event property -> WindowEvent attribute
ROLES = {"actor": "actor", "target": "targets", "cause": "cause", "concerns": "concerns"}
Statement = tuple[str, str, str]


# ---------------------------------------------------------------------- data
@dataclass(frozen=True)
class WindowDocument:
    iri: str
    title: str
    published: str
    source: str
    ingested_at: str


@dataclass(frozen=True)
class EntityRef:
    iri: str
    label: str


@dataclass
class WindowEvent:
    iri: str
    cls: str
    label: str
    date: str | None
    status: str | None
    severity: float
    document: str
    published: str
    actor: list[EntityRef] = field(default_factory=list)
    targets: list[EntityRef] = field(default_factory=list)
    cause: list[EntityRef] = field(default_factory=list)
    concerns: list[EntityRef] = field(default_factory=list)
    citation: Cite | None = None
    first_reported: str | None = None  # the earliest publication of a report, by the window's end
    sources: int = 1  # documents reporting it by the window's end
    new: bool = True  # first reported in the window (else: an update of an earlier happening)
    status_changed: bool = False  # an update whose status in the window differs from the status before

    @property
    def modality(self) -> str:
        return self.citation.modality if self.citation else "asserted"


@dataclass(frozen=True)
class NewEntity:
    iri: str
    label: str
    classes: tuple[str, ...]
    first_seen: str  # publication date of the first document in the window that mentions it
    documents: int  # documents in the window that mention it


@dataclass(frozen=True)
class NewRelation:
    subject: EntityRef
    prop: str
    object: EntityRef
    first_seen: str
    citation: Cite | None


@dataclass
class ExposureChange:
    entity: str
    label: str
    before: float
    after: float
    appeared: list[dict]  # path dicts (riskgraph.graph.explain.path_dict) with evidence, best first
    disappeared: list[dict]
    appeared_count: int
    disappeared_count: int
    top_paths: list[dict]  # the best paths at the end of the window (without evidence), best first

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 4)


# ---------------------------------------------------------------------- helpers
def day_literal(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def window_bindings(since: date, until: date) -> dict[str, Node]:
    if since > until:
        raise ConfigError(f"the window starts ({since}) after it ends ({until})")
    return {"since": day_literal(since), "until": day_literal(until)}


def _text(row: dict, key: str, default: str = "") -> str:
    return str(row[key]) if key in row else default


def local(iri: str) -> str:
    return iri[len(RG_NS):] if iri.startswith(RG_NS) else iri


class Labels:
    """Entity labels: the projection's (so the report agrees with exposure paths), else the
    smallest label a query returned, else the IRI."""

    def __init__(self, projection: Projection | None) -> None:
        self.known = projection.labels if projection is not None else {}
        self.seen: dict[str, str] = {}

    @classmethod
    def empty(cls) -> Labels:
        return cls(None)

    def offer(self, iri: str, label: str | None) -> None:
        if label and (iri not in self.seen or label < self.seen[iri]):
            self.seen[iri] = label

    def __call__(self, iri: str) -> str:
        return self.known.get(iri) or self.seen.get(iri) or iri

    def ref(self, iri: str) -> EntityRef:
        return EntityRef(iri, self(iri))


def window_documents(store: Store, since: date, until: date) -> list[WindowDocument]:
    docs = {}
    for r in store.select(load_query("report_documents"), window_bindings(since, until)):
        iri = str(r["doc"])
        docs[iri] = WindowDocument(iri, _text(r, "title", iri), str(r["published"])[:10], _text(r, "source"),
                                   _text(r, "ingestedAt"))
    return sorted(docs.values(), key=lambda d: (d.published, d.title, d.iri))


class WindowReader:
    """The documents published in a window, each read through queries bound to its own graph."""

    def __init__(self, store: Store, since: date, until: date, labels: Labels) -> None:
        self.store, self.since, self.until, self.labels = store, since, until, labels
        self.documents = window_documents(store, since, until)
        self.by_iri = {d.iri: d for d in self.documents}

    def rows(self, query: str) -> list[tuple[WindowDocument, dict]]:
        return [(doc, row) for doc in self.documents
                for row in self.store.select(load_query(query), {"doc": URIRef(doc.iri)})]

    @cached_property
    def published(self) -> dict[str, str]:
        """Publication date of every document in the store."""
        return {str(r["doc"]): str(r["published"])[:10] for r in self.store.select(load_query("document_dates"))}

    @cached_property
    def claims(self) -> dict[Statement, list[Citation]]:
        """The citations of every claim (other than mentions) the window's documents make."""
        found: dict[Statement, list[Citation]] = defaultdict(list)
        for doc, row in self.rows("report_doc_claims"):
            row = {**row, "doc": URIRef(doc.iri), "published": Literal(doc.published), "title": Literal(doc.title)}
            found[(str(row["s"]), str(row["p"]), str(row["o"]))].append(citation_from_row(row))
        return dict(found)

    def first_stated(self, s: str | None, p: str, o: str) -> str | None:
        """Earliest publication date of a document graph holding ``s p o`` (any subject when None)."""
        bindings: dict[str, Node] = {"p": URIRef(p), "o": URIRef(o)}
        if s is not None:
            bindings["s"] = URIRef(s)
        dates = [self.published[g] for r in self.store.select(load_query("report_statement_graphs"), bindings)
                 if (g := str(r["g"])) in self.published]
        return min(dates, default=None)


# ---------------------------------------------------------------------- events
def window_events(reader: WindowReader) -> list[WindowEvent]:
    """Risk events stated by documents published in the window, most severe first (denied last)."""
    severity = load_exposure_model().severity
    events: dict[str, WindowEvent] = {}
    for doc, r in reader.rows("report_doc_events"):
        iri, cls = str(r["event"]), local(str(r["cls"]))
        current = events.get(iri)
        if current is not None and current.cls <= cls:
            continue  # one class per event; the same one every run
        events[iri] = WindowEvent(iri=iri, cls=cls, label=_text(r, "label", cls),
                                  date=str(r["date"]) if "date" in r else None,
                                  status=str(r["status"]) if "status" in r else None,
                                  severity=severity.get(cls, 0.5), document=doc.iri, published=doc.published)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, r in reader.rows("report_doc_event_roles"):
        reader.labels.offer(str(r["entity"]), _text(r, "label") or None)
        roles[(str(r["event"]), str(r["role"]))].add(str(r["entity"]))
    typed: dict[str, list[Citation]] = defaultdict(list)  # event -> the claims stating its type
    for (subject, predicate, _), cites in reader.claims.items():
        if predicate == RDF_TYPE and subject in events:
            typed[subject].extend(cites)
    for event in events.values():
        for role, attribute in ROLES.items():
            refs = [reader.labels.ref(m) for m in roles.get((event.iri, role), ())]
            setattr(event, attribute, sorted(refs, key=lambda e: (e.label, e.iri)))
        event.citation = best(typed.get(event.iri, []), event.document)
        _as_of_window_end(reader, event)
    return sorted(events.values(), key=_event_order)


def _as_of_window_end(reader: WindowReader, event: WindowEvent) -> None:
    """The happening as its reports published by the window's end tell it: first reported, how many
    sources, its status then, and whether the window brought it or changed its status."""
    rules = load_claim_rules()
    reports = [r for r in stored_reports(reader.store, URIRef(event.iri))
               if r.published is not None and r.published <= reader.until]
    if not reports:
        return
    reports.sort(key=lambda r: (r.reported_date or r.published.isoformat(), r.doc))
    earlier = [r for r in reports if r.published < reader.since]
    event.first_reported = min(r.published for r in reports).isoformat()
    event.sources = len({r.doc for r in reports})
    event.new = not earlier
    steps = [(r.reported_status, rules.is_negative(r.modality, r.reported_status)) for r in reports]
    event.status = rules.current_status(steps)
    if earlier:
        before = rules.current_status([(r.reported_status, rules.is_negative(r.modality, r.reported_status))
                                       for r in earlier])
        event.status_changed = before != event.status
    dates = sorted(r.reported_date for r in reports if r.reported_date)
    event.date = dates[0] if dates else event.date


def _event_order(e: WindowEvent) -> tuple:
    confidence = e.citation.confidence if e.citation else 0.0
    return (e.modality == "denied", -e.severity, -confidence, e.date or "", e.label, e.iri)


# ---------------------------------------------------------------------- entities and relations
def new_entities(reader: WindowReader) -> list[NewEntity]:
    """Entities no document published before the window mentions, mentioned by one in it."""
    first_mention = {str(r["entity"]): str(r["first"])[:10]
                     for r in reader.store.select(load_query("report_first_mentions"))}
    first: dict[str, str] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    for doc, r in reader.rows("report_doc_mentions"):
        iri = str(r["entity"])
        if first_mention.get(iri, doc.published) < reader.since.isoformat():
            continue
        reader.labels.offer(iri, _text(r, "label") or None)
        first[iri] = min(first.get(iri, doc.published), doc.published)
        docs[iri].add(doc.iri)
        if "cls" in r:
            classes[iri].add(local(str(r["cls"])))
    found = [NewEntity(iri, reader.labels(iri), tuple(sorted(classes[iri])), first[iri], len(docs[iri]))
             for iri in first]
    return sorted(found, key=lambda e: (-e.documents, e.label, e.iri))


def new_relations(reader: WindowReader) -> list[NewRelation]:
    """Relations (statements of the ontology's relation properties) first stated in the window."""
    wanted = relation_properties()
    seen: dict[Statement, tuple[str, str]] = {}
    for doc, r in reader.rows("report_doc_statements"):
        key = (str(r["s"]), str(r["p"]), str(r["o"]))
        if local(key[1]) in wanted:
            seen[key] = min(seen.get(key, (doc.published, doc.iri)), (doc.published, doc.iri))
    found = []
    for (s, p, o), (published, doc) in seen.items():
        first = reader.first_stated(s, p, o)
        if first is not None and first < reader.since.isoformat():
            continue
        citation = best(reader.claims.get((s, p, o), []), doc)
        found.append(NewRelation(reader.labels.ref(s), local(p), reader.labels.ref(o), published, citation))
    return sorted(found, key=lambda r: (r.subject.label, r.prop, r.object.label, r.subject.iri, r.object.iri))


# ---------------------------------------------------------------------- exposure
def _path_key(path: ExposurePath) -> tuple:
    return tuple(path.nodes), tuple((h.prop, h.forward) for h in path.hops)


def exposure_change(store: Store | None, projection: Projection, entity: str, since: date, until: date,
                    watchlist: Watchlist | None = None, *, evidence: bool = True) -> ExposureChange:
    """Exposure of ``entity`` at the end of the window against the end of the previous window (the day
    before ``since``), with the paths that appeared and disappeared between the two."""
    before = analyse(projection, entity, as_of=since - timedelta(days=1), top=0, watchlist=watchlist, band=False)
    after = analyse(projection, entity, as_of=until, top=0, watchlist=watchlist, band=False)
    old = {_path_key(p): p for p in before.paths}
    new = {_path_key(p): p for p in after.paths}
    appeared = _ranked([p for k, p in new.items() if k not in old])
    disappeared = _ranked([p for k, p in old.items() if k not in new])

    def described(path: ExposurePath) -> dict:
        plain = path_dict(None, projection, path, evidence=False)
        return add_hop_evidence(store, plain, until) if evidence and store is not None else plain

    return ExposureChange(
        entity=entity, label=after.label, before=before.score, after=after.score,
        appeared=[described(p) for p in appeared[:PATHS_SHOWN]],
        disappeared=[described(p) for p in disappeared[:PATHS_SHOWN]],
        appeared_count=len(appeared), disappeared_count=len(disappeared),
        top_paths=[path_dict(None, projection, p, False) for p in after.paths[:PATHS_SHOWN]],
    )


def _ranked(paths: list[ExposurePath]) -> list[ExposurePath]:
    return sorted(paths, key=lambda p: (-p.score, len(p.nodes), p.source, p.nodes))
