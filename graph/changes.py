"""What is new in a window of publication dates: the documents published in it, the entities and
relations they introduced, the risk events they report, contradictions they raise, and how the
exposure of watched entities moved from the end of the previous window to the end of this one.

Everything is read as of the window's last day: documents published later are ignored. Results
are plain dataclasses, sorted so that the same store and window always give the same lists.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from riskgraph.graph.citations import QUERIES as CITATION_QUERIES
from riskgraph.graph.citations import Cite, add_hop_evidence, best, event_claims, statement_claims, window_claims
from riskgraph.graph.evidence import Citation
from riskgraph.graph.explain import path_dict
from riskgraph.graph.exposure import ExposurePath, Watchlist, analyse
from riskgraph.graph.exposure_model import RG_NS, load_exposure_model
from riskgraph.graph.projection import Projection
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.vocabulary import relation_properties

#: The named queries this module runs (listed in the report's appendix).
QUERIES = ("report_documents", "report_events", "report_event_roles", "report_new_entities",
           "report_new_relations", "report_statement_contradictions", "report_event_contradictions",
           *CITATION_QUERIES)
PATHS_SHOWN = 5  # appeared / disappeared paths listed per entity (all are counted)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: event property -> WindowEvent attribute
ROLES = {"actor": "actor", "target": "targets", "cause": "cause", "concerns": "concerns"}


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


@dataclass(frozen=True)
class Contradiction:
    kind: str  # "statement" | "event"
    subject: EntityRef
    prop: str  # the property, or the event class for kind == "event"
    object: EntityRef
    denied: Cite | None
    other: Cite | None


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


@dataclass
class WindowChanges:
    since: date
    until: date
    documents: list[WindowDocument]
    events: list[WindowEvent]
    entities: list[NewEntity]
    relations: list[NewRelation]
    contradictions: list[Contradiction]


# ---------------------------------------------------------------------- helpers
def _day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def window_bindings(since: date, until: date) -> dict[str, Node]:
    if since > until:
        raise ConfigError(f"the window starts ({since}) after it ends ({until})")
    return {"since": _day(since), "until": _day(until)}


def _text(row: dict, key: str, default: str = "") -> str:
    return str(row[key]) if key in row else default


def _local(iri: str) -> str:
    return iri[len(RG_NS):] if iri.startswith(RG_NS) else iri


class Labels:
    """Entity labels: the projection's (so the report agrees with exposure paths), else the
    smallest label a query returned, else the IRI."""

    def __init__(self, projection: Projection) -> None:
        self.known = projection.labels
        self.seen: dict[str, str] = {}

    def offer(self, iri: str, label: str | None) -> None:
        if label and (iri not in self.seen or label < self.seen[iri]):
            self.seen[iri] = label

    def __call__(self, iri: str) -> str:
        return self.known.get(iri) or self.seen.get(iri) or iri

    def ref(self, iri: str) -> EntityRef:
        return EntityRef(iri, self(iri))


# ---------------------------------------------------------------------- documents and events
def window_documents(store: Store, since: date, until: date) -> list[WindowDocument]:
    rows = store.select(load_query("report_documents"), window_bindings(since, until))
    docs = {}
    for r in rows:
        iri = str(r["doc"])
        docs[iri] = WindowDocument(iri, _text(r, "title", iri), str(r["published"])[:10], _text(r, "source"),
                                   _text(r, "ingestedAt"))
    return sorted(docs.values(), key=lambda d: (d.published, d.title, d.iri))


def window_events(store: Store, since: date, until: date, labels: Labels,
                  claims: dict[tuple[str, str, str], list[Citation]] | None = None) -> list[WindowEvent]:
    """Risk events stated by documents published in the window, most severe first."""
    severity = load_exposure_model().severity
    bindings = window_bindings(since, until)
    events: dict[str, WindowEvent] = {}
    for r in store.select(load_query("report_events"), bindings):
        iri, cls = str(r["event"]), _local(str(r["cls"]))
        current = events.get(iri)
        if current is not None and current.cls <= cls:
            continue  # one class per event; the same one every run
        events[iri] = WindowEvent(iri=iri, cls=cls, label=_text(r, "label", cls),
                                  date=str(r["date"]) if "date" in r else None,
                                  status=str(r["status"]) if "status" in r else None,
                                  severity=severity.get(cls, 0.5), document=str(r["doc"]),
                                  published=str(r["published"])[:10])
    if not events:
        return []
    typed: dict[str, list[Citation]] = defaultdict(list)  # event -> the claims stating its type
    for (subject, predicate, _), cites in (claims or {}).items():
        if predicate == RDF_TYPE and subject in events:
            typed[subject].extend(cites)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in store.select(load_query("report_event_roles"), bindings):
        labels.offer(str(r["entity"]), _text(r, "label") or None)
        roles[(str(r["event"]), str(r["role"]))].add(str(r["entity"]))
    for event in events.values():
        for role, attribute in ROLES.items():
            refs = [labels.ref(m) for m in roles.get((event.iri, role), ())]
            setattr(event, attribute, sorted(refs, key=lambda e: (e.label, e.iri)))
        if claims is not None:
            event.citation = best(typed.get(event.iri, []), event.document)
    return sorted(events.values(), key=_event_order)


def _event_order(e: WindowEvent) -> tuple:
    denied = e.modality == "denied"
    confidence = e.citation.confidence if e.citation else 0.0
    return (denied, -e.severity, -confidence, e.date or "", e.label, e.iri)


# ---------------------------------------------------------------------- entities and relations
def new_entities(store: Store, since: date, until: date, labels: Labels) -> list[NewEntity]:
    """Entities no document published before the window mentions, mentioned by one in it."""
    first: dict[str, str] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    for r in store.select(load_query("report_new_entities"), window_bindings(since, until)):
        iri = str(r["entity"])
        labels.offer(iri, _text(r, "label") or None)
        published = str(r["published"])[:10]
        first[iri] = min(first.get(iri, published), published)
        docs[iri].add(str(r["doc"]))
        if "cls" in r:
            classes[iri].add(_local(str(r["cls"])))
    found = [NewEntity(iri, labels(iri), tuple(sorted(classes[iri])), first[iri], len(docs[iri]))
             for iri in first]
    return sorted(found, key=lambda e: (-e.documents, e.label, e.iri))


def new_relations(store: Store, since: date, until: date, labels: Labels,
                  claims: dict[tuple[str, str, str], list[Citation]] | None = None) -> list[NewRelation]:
    """Relations (statements of the ontology's relation properties) first stated in the window."""
    wanted = relation_properties()
    first: dict[tuple[str, str, str], tuple[str, str]] = {}
    for r in store.select(load_query("report_new_relations"), window_bindings(since, until)):
        prop = _local(str(r["p"]))
        if prop not in wanted:
            continue
        key = (str(r["s"]), prop, str(r["o"]))
        seen = (str(r["published"])[:10], str(r["doc"]))
        first[key] = min(first.get(key, seen), seen)
    found = []
    for (s, prop, o), (published, doc) in first.items():
        citation = best(claims.get((s, RG_NS + prop, o), []), doc) if claims is not None else None
        found.append(NewRelation(labels.ref(s), prop, labels.ref(o), published, citation))
    return sorted(found, key=lambda r: (r.subject.label, r.prop, r.object.label, r.subject.iri, r.object.iri))


# ---------------------------------------------------------------------- contradictions
def contradictions(store: Store, since: date, until: date, labels: Labels) -> list[Contradiction]:
    """Claims denied in one place and asserted or reported in another (statements, or events of the
    same type, actor and target), at least one of them published in the window, both by its end."""
    bindings = window_bindings(since, until)
    found: dict[tuple, Contradiction] = {}
    for r in store.select(load_query("report_statement_contradictions"), bindings):
        s, prop, o = str(r["s"]), _local(str(r["p"])), str(r["o"])
        cites = statement_claims(store, s, RG_NS + prop, o)
        key = ("statement", s, prop, o, str(r["deniedDoc"]), str(r["otherDoc"]))
        found[key] = Contradiction("statement", labels.ref(s), prop, labels.ref(o),
                                   best([c for c in cites if c.modality == "denied"], str(r["deniedDoc"])),
                                   best([c for c in cites if c.modality != "denied"], str(r["otherDoc"])))
    for r in store.select(load_query("report_event_contradictions"), bindings):
        actor, target, cls = str(r["actor"]), str(r["target"]), _local(str(r["cls"]))
        key = ("event", actor, cls, target, str(r["deniedDoc"]), str(r["otherDoc"]))
        found[key] = Contradiction("event", labels.ref(actor), cls, labels.ref(target),
                                   best(event_claims(store, str(r["denied"])), str(r["deniedDoc"])),
                                   best(event_claims(store, str(r["other"])), str(r["otherDoc"])))
    return [found[k] for k in sorted(found, key=lambda k: (k[0], labels(k[1]), k[2], labels(k[3]), k[1:]))]


def window_changes(store: Store, projection: Projection, since: date, until: date) -> WindowChanges:
    labels = Labels(projection)
    claims = window_claims(store, window_bindings(since, until))
    return WindowChanges(
        since=since, until=until,
        documents=window_documents(store, since, until),
        events=window_events(store, since, until, labels, claims),
        entities=new_entities(store, since, until, labels),
        relations=new_relations(store, since, until, labels, claims),
        contradictions=contradictions(store, since, until, labels),
    )


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
