"""Happenings: one risk event however many documents report it.

Every document that reports an event names the same event node: its IRI is derived from what the
event is (its class, its actor and what it hits: ``identity.happening_iri``), never from the
document, so reports join whatever order they arrive in. A document graph holds the event's
identity (type, actor, target, concerns, cause) and one claim per report with that report's
sentence, modality, date (``rg:reportedDate``) and status (``rg:reportedStatus``).

What depends on all the reports together lives in one graph of its own, the happenings graph: the
event's label, its date (the earliest date a report gives it), its status now and its status
history (a step per report, oldest first; a denial is a step that names who denied), the first and
last publication dates of its reports, how many documents report it, and whether it is contested.
It is recomputed, for the events a document touches, in the same transaction that writes the
document: a function of the set of reports, so the same whatever order documents are ingested in.
How statuses combine is declared in ``ontology/claims.ttl``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from riskgraph.graph.canonical_labels import label_triples, labels_update
from riskgraph.graph.claims import ClaimRules, load_claim_rules
from riskgraph.graph.dates import date_literal, full_day
from riskgraph.graph.identity import BASE, digest
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Derived, Store
from riskgraph.ontology.namespace import RG

HAPPENINGS_GRAPH = URIRef(BASE + "graph/happenings")
RG_NS = str(RG)
Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(frozen=True)
class Report:
    """One document's report of an event: what its claim says."""

    event: str
    cls: str
    doc: str
    claim: str
    published: date | None
    reported_date: str | None  # YYYY-MM-DD or YYYY-MM
    reported_status: str | None
    modality: str
    confidence: float
    actor: str | None = None


def reports_in(triples: Iterable[Triple], doc: URIRef, published: date | None) -> list[Report]:
    """The event reports among a document graph's triples (before they are stored)."""
    claims: dict[URIRef, dict[URIRef, object]] = {}
    actors: dict[str, str] = {}
    actor, kind = RG.actor, RDF.type  # looked up once: this runs over every triple of every document
    for s, p, o in triples:
        if p == actor:
            actors[str(s)] = str(o)
        elif p != kind:
            claims.setdefault(s, {}).setdefault(p, o)
    reports = []
    for claim, props in claims.items():
        obj = props.get(RDF.object)
        if props.get(RDF.predicate) != RDF.type or not isinstance(obj, URIRef) or not str(obj).startswith(RG_NS):
            continue
        event = str(props[RDF.subject])
        reports.append(Report(event=event, cls=str(obj)[len(RG_NS):], doc=str(doc), claim=str(claim),
                              published=published, reported_date=_text(props.get(RG.reportedDate)),
                              reported_status=_text(props.get(RG.reportedStatus)),
                              modality=str(props.get(RG.modality, "asserted")),
                              confidence=float(str(props.get(RG.confidence, "0.5"))), actor=actors.get(event)))
    return reports


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def stored_reports(store: Store, event: URIRef, leaving_out: URIRef | None = None) -> list[Report]:
    """The reports of ``event`` in the store, but for those of the document ``leaving_out``."""
    out = []
    for row in store.select(load_query("happening_reports"), {"event": event}):
        doc = str(row["g"])
        if leaving_out is not None and doc == str(leaving_out):
            continue
        out.append(Report(event=str(event), cls=str(row["cls"])[len(RG_NS):], doc=doc, claim=str(row["claim"]),
                          published=full_day(row.get("published")), reported_date=_text(row.get("date")),
                          reported_status=_text(row.get("status")), modality=str(row.get("modality", "asserted")),
                          confidence=float(row["confidence"].toPython()) if "confidence" in row else 0.5,
                          actor=_text(row.get("actor"))))
    return out


def _when(report: Report) -> str:
    """A report's date for ordering: the date it gives the event, else its publication date."""
    if report.reported_date:
        return report.reported_date
    return report.published.isoformat() if report.published else ""


def summary(event: URIRef, reports: list[Report], label: str, rules: ClaimRules | None = None) -> list[Triple]:
    """The happenings-graph triples of ``event`` given all its reports (none: nothing)."""
    rules = rules or load_claim_rules()
    if not reports:
        return []
    reports = sorted(reports, key=lambda r: (_when(r), r.doc, r.claim))
    out: list[Triple] = [(event, RDFS.label, Literal(label))]
    positive = [r for r in reports if not rules.is_negative(r.modality, r.reported_status)]
    negative = [r for r in reports if rules.is_negative(r.modality, r.reported_status)]
    dates = sorted(r.reported_date for r in (positive or reports) if r.reported_date)
    if dates:
        out.append((event, RG.date, date_literal(dates[0])))
    out.append((event, RG.status, Literal(rules.current_status(
        [(r.reported_status, rules.is_negative(r.modality, r.reported_status)) for r in reports]))))
    published = sorted(r.published for r in reports if r.published)
    if published:
        out.append((event, RG.firstReported, Literal(published[0].isoformat(), datatype=XSD.date)))
        out.append((event, RG.lastUpdated, Literal(published[-1].isoformat(), datatype=XSD.date)))
    out.append((event, RG.sourceCount, Literal(len({r.doc for r in reports}))))
    out.append((event, RG.contested, Literal(bool(positive and negative))))
    for report in reports:
        step = URIRef(f"{event}/status/{digest(report.claim, size=12)}")
        out += [(event, RG.statusChange, step), (step, RDF.type, RG.StatusChange),
                (step, RG.reportedStatus, Literal(rules.step_status(report.reported_status, report.modality))),
                (step, PROV.wasDerivedFrom, URIRef(report.doc))]
        if _when(report):
            out.append((step, RG.reportedDate, date_literal(_when(report))))
    return out


def event_label(cls: str, actor: str | None, target: str | None) -> str:
    parts = [cls]
    if actor:
        parts.append(f"by {actor}")
    if target:
        parts.append(f"of {target}")
    return " ".join(parts)


def happenings_update(store: Store, doc: URIRef, triples: list[Triple], published: date | None,
                      new: bool) -> tuple[list[Triple], Derived]:
    """The document's triples with its events joined to the happenings they are reports of, and the
    happenings-graph change that goes with (re)writing ``doc``: every event the document reports now or
    reported before, summarised from all its reports.

    A report that names no actor joins the one happening of its class and target that names one; a
    happening that names none is adopted by the one that does (its reports are renamed in every graph,
    in the same transaction). With one named actor the result is the same whatever the order of
    ingest; with several, a report without an actor joins none of them.
    """
    joins, adopted = _joins(store, doc, triples)
    if joins:
        triples = [(joins.get(s, s), p, joins.get(o, o) if isinstance(o, URIRef) else o) for s, p, o in triples]
    fresh = reports_in(triples, doc, published)
    events = {URIRef(r.event) for r in fresh} | set(adopted)
    if not new:
        events |= {URIRef(str(r["event"])) for r in store.select(load_query("document_events"), {"doc": doc})}
    canonical, renamed, named = labels_update(store, doc, triples, new)
    for entity in renamed:  # a happening's label follows its actor's and target's
        events |= {URIRef(str(r["event"])) for r in store.select(load_query("happenings_involving"),
                                                                   {"entity": entity})}
    labels = {s: str(o) for s, p, o in triples if p == RDFS.label} | canonical
    parts = _parts_in(triples)
    out: list[Triple] = label_triples(canonical)
    taken = {old for old in adopted}
    for event in sorted(events - taken):
        reports = stored_reports(store, event, leaving_out=doc) + [r for r in fresh if r.event == str(event)]
        for old, new_iri in adopted.items():
            if new_iri == event:
                reports += [_renamed(r, event) for r in stored_reports(store, old, leaving_out=doc)]
        if reports:
            out += summary(event, reports, _label(store, event, parts.get(event), labels))
    derived = Derived(HAPPENINGS_GRAPH, tuple(sorted(events | named)), tuple(out), owns=RG.statusChange,
                      renames=tuple(sorted(adopted.items())))
    return triples, derived


def _renamed(report: Report, event: URIRef) -> Report:
    return Report(event=str(event), cls=report.cls, doc=report.doc, claim=report.claim, published=report.published,
                  reported_date=report.reported_date, reported_status=report.reported_status,
                  modality=report.modality, confidence=report.confidence, actor=report.actor)


def _joins(store: Store, doc: URIRef, triples: list[Triple]) -> tuple[dict[URIRef, URIRef], dict[URIRef, URIRef]]:
    """(this document's events -> the named happening they join, stored unnamed happenings -> the event of
    this document that adopts them), for events with a target."""
    parts = _parts_in(triples)
    joins: dict[URIRef, URIRef] = {}
    adopted: dict[URIRef, URIRef] = {}
    for event, part in parts.items():
        if "target" not in part:
            continue
        rows = store.select(load_query("happenings_of"), {"cls": part["cls"], "target": part["target"]})
        named = {URIRef(str(r["event"])) for r in rows if "actor" in r}
        named |= {e for e, p in parts.items() if p.get("cls") == part["cls"] and p.get("target") == part["target"]
                  and "actor" in p}
        unnamed = {URIRef(str(r["event"])) for r in rows if "actor" not in r} - {event}
        if "actor" not in part and len(named) == 1:
            joins[event] = next(iter(named))
        elif "actor" in part and named <= {event}:
            adopted.update({old: event for old in unnamed})
    return joins, adopted


_ROLES = {str(RG.actor): "actor", str(RG.target): "target"}
_TYPE, _RISK_EVENT = str(RDF.type), str(RG.RiskEvent)


def _parts_in(triples: list[Triple]) -> dict[URIRef, dict[str, URIRef]]:
    """Each event's class, actor and target among a document's triples (compared as strings: this
    runs over every triple of every document written)."""
    parts: dict[URIRef, dict[str, URIRef]] = {}
    for s, p, o in triples:
        if not isinstance(o, URIRef):
            continue
        predicate = str(p)
        if predicate == _TYPE:
            if str(o).startswith(RG_NS) and str(o) != _RISK_EVENT:
                parts.setdefault(s, {})["cls"] = o
        elif predicate in _ROLES:
            parts.setdefault(s, {})[_ROLES[predicate]] = o
    return {s: v for s, v in parts.items() if "cls" in v}


def _label(store: Store, event: URIRef, parts: dict[str, URIRef] | None, labels: dict[URIRef, str]) -> str:
    """"Suspension by OpenAI of ByteDance": the event's class, actor and target by their labels (the
    stored reports', for what this document does not name)."""
    rows = store.select(load_query("happening_parts"), {"event": event})
    stored = rows[0] if rows else {}
    if parts is None or ("actor" not in parts and "actor" in stored):
        if not stored:
            return str(event)
        parts = {"cls": stored["cls"], **{k: stored[k] for k in ("actor", "target") if k in stored}}

    def name(key: str) -> str | None:
        iri = parts.get(key)
        if iri is None:
            return None
        if iri in labels:
            return labels[iri]
        found = store.select(load_query("entity_label"), {"entity": iri})
        return str(found[0]["label"]) if found else str(iri)

    return event_label(str(parts["cls"])[len(RG_NS):], name("actor"), name("target"))
