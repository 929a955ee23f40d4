"""Citations for the report: the claims behind one statement (a hop of an exposure path, an event)
in one indexed query, and the choice of the citation to show.

They return ``riskgraph.graph.evidence.Citation`` values, like ``evidence.statement_citations``
and ``evidence.event_citations``, from a query shaped to stay fast at a million triples (one triple
per OPTIONAL; see ``queries/report_doc_claims.rq``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import RDF, URIRef
from rdflib.term import Node

from riskgraph.graph.evidence import Citation
from riskgraph.graph.exposure_model import RG_NS
from riskgraph.graph.identity import KB_SOURCE
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store

QUERIES = ("report_statement_claims",)
EVENT_ROLES = frozenset({"actor", "target", "cause", "concerns"})
HOP_CITATIONS = 3
Statement = tuple[str, str, str]  # subject IRI, predicate IRI, object IRI


@dataclass(frozen=True)
class Cite:
    """A sentence and where it was read (document title and publication date)."""

    text: str
    title: str
    published: str
    modality: str
    confidence: float
    document: str

    @property
    def from_kb(self) -> bool:
        return self.document == str(KB_SOURCE)


def citation_from_row(row: dict[str, Node]) -> Citation:
    """A Citation from a row with ?source ?doc ?confidence and optionally ?text ?start ?end ?modality
    ?title ?published."""
    source = str(row["source"])
    from_kb = source == str(KB_SOURCE)
    return Citation(
        text=str(row.get("text", "")),
        start=int(row["start"].toPython()) if "start" in row else None,  # type: ignore[union-attr]
        end=int(row["end"].toPython()) if "end" in row else None,  # type: ignore[union-attr]
        document=source if from_kb else str(row["doc"]),
        title="knowledge base" if from_kb else str(row.get("title", row["doc"])),
        published=None if from_kb or "published" not in row else str(row["published"])[:10],
        confidence=float(row["confidence"].toPython()),  # type: ignore[union-attr]
        modality=str(row.get("modality", "asserted")),
        extractor="",
    )


def _order(c: Citation) -> tuple:
    return (-c.confidence, c.published or "", c.document, c.start or 0, c.text)


def _unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in sorted(citations, key=_order):
        key = (c.document, c.start, c.text)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def statement_claims(store: Store, s: str, p: str, o: str | None = None) -> list[Citation]:
    """Citations of the statement ``s p o`` (any object when ``o`` is None), best first."""
    bindings: dict[str, Node] = {"s": URIRef(s), "p": URIRef(p)}
    if o is not None:
        bindings["o"] = URIRef(o)
    return _unique([citation_from_row(r) for r in store.select(load_query("report_statement_claims"), bindings)])


def event_claims(store: Store, event: str) -> list[Citation]:
    """Citations of an event: the claim stating its type."""
    return statement_claims(store, event, str(RDF.type))


def best(citations: list[Citation], document: str | None = None, until: date | None = None) -> Cite | None:
    """The citation from ``document`` if there is one, else the most confident one published by ``until``."""
    usable = [c for c in citations if until is None or c.published is None or c.published <= str(until)]
    if document is not None:
        usable = [c for c in usable if c.document == document] or usable
    if not usable:
        return None
    c = min(usable, key=_order)
    return Cite(c.text, c.title, c.published or "", c.modality, round(c.confidence, 3), c.document)


def add_hop_evidence(store: Store, path: dict, until: date) -> dict:
    """Fill each hop of a path dict (``explain.path_dict`` without evidence) with up to three
    citations published by ``until``, in ``Citation.as_dict`` form; an event hop cites the event."""
    for hop in path["hops"]:
        s, o = (hop["from"], hop["to"]) if hop["direction"] == "forward" else (hop["to"], hop["from"])
        found = statement_claims(store, s, RG_NS + hop["property"], o)
        if not found and hop["property"] in EVENT_ROLES:
            found = event_claims(store, s)
        kept = [c for c in found if c.published is None or c.published <= str(until)]
        hop["evidence"] = [c.as_dict() for c in kept[:HOP_CITATIONS]]
    return path
