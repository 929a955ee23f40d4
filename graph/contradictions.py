"""Contradictions raised in a window: a statement denied in one claim and asserted or reported in
another, or events of one class, actor and target of which one is denied and another asserted or
reported. At least one side is published in the window and both by its end; one entry per
statement (or per event class, actor and target), with the best citation of each side and counts.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from riskgraph.graph.changes import RDF_TYPE, EntityRef, Labels, Statement, WindowReader, day_literal, local
from riskgraph.graph.citations import Cite, best, event_claims, statement_claims
from riskgraph.graph.claims import load_claim_rules
from riskgraph.graph.evidence import Citation
from riskgraph.graph.projection import Projection
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store

QUERIES = ("report_denied_claims", "report_event_key", "report_events_like")
STATED = ("asserted", "reported")
MENTIONS = "https://w3id.org/riskgraph#mentions"


@dataclass(frozen=True)
class Contradiction:
    kind: str  # "statement" | "event"
    subject: EntityRef  # the statement's subject, or the events' actor
    prop: str  # the property, or the events' class
    object: EntityRef  # the statement's object, or the events' target
    denied: Cite | None
    stated: Cite | None
    denied_count: int  # claims (statement) or events (event) denying it, published by the window's end
    stated_count: int


def all_contradictions(store: Store, projection: Projection | None = None) -> list[Contradiction]:
    """Every contradiction in the store: one source asserts or reports what another denies or negates."""
    dates = [str(r["published"])[:10] for r in store.select(load_query("document_dates")) if "published" in r]
    if not dates:
        return []
    return contradictions(WindowReader(store, date.fromisoformat(min(dates)), date.fromisoformat(max(dates)),
                                       Labels(projection)))


def contradictions(reader: WindowReader) -> list[Contradiction]:
    until = reader.until.isoformat()
    denied = reader.store.select(load_query("report_denied_claims"), {"until": day_literal(reader.until)})
    found = _statements(reader, denied, until) + _events(reader, denied, until)
    return sorted(found, key=lambda c: (c.kind, c.subject.label, c.prop, c.object.label, c.subject.iri,
                                        c.object.iri))


def _in_window(reader: WindowReader, cites: list[Citation]) -> bool:
    return any(c.document in reader.by_iri for c in cites)


def _statements(reader: WindowReader, denied: list[dict], until: str) -> list[Contradiction]:
    stated_here = {key for key, cites in reader.claims.items() if any(c.modality in STATED for c in cites)}
    keys: set[Statement] = set()
    for r in denied:
        key = (str(r["s"]), str(r["p"]), str(r["o"]))
        if key[1] not in (MENTIONS, RDF_TYPE) and (str(r["doc"]) in reader.by_iri or key in stated_here):
            keys.add(key)
    out = []
    for s, p, o in sorted(keys):
        cites = [c for c in statement_claims(reader.store, s, p, o) if (c.published or "") <= until]
        no = [c for c in cites if load_claim_rules().is_negative(c.modality)]
        yes = [c for c in cites if c.modality in STATED]
        if no and yes and _in_window(reader, no + yes):
            out.append(Contradiction("statement", reader.labels.ref(s), local(p), reader.labels.ref(o),
                                     _pick(reader, no), _pick(reader, yes), len(no), len(yes)))
    return out


def _pick(reader: WindowReader, cites: list[Citation]) -> Cite | None:
    """Prefer a citation from the window's documents."""
    here = [c for c in cites if c.document in reader.by_iri]
    return best(here or cites)


def _events(reader: WindowReader, denied: list[dict], until: str) -> list[Contradiction]:
    keys_of: dict[str, set[tuple[str, str, str]]] = {}

    def keys(event: str) -> set[tuple[str, str, str]]:
        if event not in keys_of:
            rows = reader.store.select(load_query("report_event_key"), {"event": URIRef(event)})
            keys_of[event] = {(str(r["cls"]), str(r["actor"]), str(r["target"])) for r in rows}
        return keys_of[event]

    denied_events = sorted({(str(r["s"]), str(r["doc"])) for r in denied if str(r["p"]) == RDF_TYPE})
    denied_keys = {k for event, _ in denied_events for k in keys(event)}
    window_keys = {k for event, doc in denied_events if doc in reader.by_iri for k in keys(event)}
    for (s, p, _), cites in reader.claims.items():
        if p == RDF_TYPE and any(c.modality in STATED for c in cites):
            window_keys |= keys(s) & denied_keys
    out = []
    for cls, actor, target in sorted(window_keys & denied_keys):
        sides: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # denied | stated -> (date, doc, event)
        bindings = {"cls": URIRef(cls), "actor": URIRef(actor), "target": URIRef(target)}
        for r in reader.store.select(load_query("report_events_like"), bindings):
            doc, modality = str(r["doc"]), str(r["modality"])
            published = reader.published.get(doc)
            if published is None or published > until:
                continue
            side = "denied" if load_claim_rules().is_negative(modality) else "stated" if modality in STATED else None
            if side:
                sides[side].append((published, doc, str(r["event"])))
        if not (sides["denied"] and sides["stated"]):
            continue
        if not any(doc in reader.by_iri for side in sides.values() for _, doc, _ in side):
            continue
        out.append(Contradiction("event", reader.labels.ref(actor), local(cls), reader.labels.ref(target),
                                 _event_cite(reader, sides["denied"]), _event_cite(reader, sides["stated"]),
                                 len(sides["denied"]), len(sides["stated"])))
    return out


def _event_cite(reader: WindowReader, side: list[tuple[str, str, str]]) -> Cite | None:
    """The citation of one event of a side: from the window if possible, else the latest."""
    _, doc, event = min(side, key=lambda x: (x[1] not in reader.by_iri, -date.fromisoformat(x[0]).toordinal(),
                                             x[2]))
    return best(event_claims(reader.store, event), doc)
