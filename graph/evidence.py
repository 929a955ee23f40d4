"""Where a statement was read: the sentence, its offsets, the document and the confidence."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from riskgraph.graph.claims import load_claim_rules
from riskgraph.graph.exposure_model import RG_NS
from riskgraph.graph.identity import KB_SOURCE
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store


@dataclass(frozen=True)
class Citation:
    text: str  # the sentence ("" for a knowledge-base fact)
    start: int | None
    end: int | None
    document: str  # document IRI, or the knowledge-base source IRI
    title: str
    published: str | None
    confidence: float
    modality: str
    extractor: str

    @property
    def from_kb(self) -> bool:
        return self.document == str(KB_SOURCE)

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "document": self.document,
                "title": self.title, "published": self.published, "confidence": self.confidence,
                "modality": self.modality, "extractor": self.extractor}


def _citation(row: dict) -> Citation:
    doc = str(row["doc"])
    status = str(row["status"]) if "status" in row else None
    return Citation(
        text=str(row.get("text", "")),
        start=int(row["start"].toPython()) if "start" in row else None,
        end=int(row["end"].toPython()) if "end" in row else None,
        document=doc,
        title=str(row.get("title", "knowledge base" if doc == str(KB_SOURCE) else doc)),
        published=str(row["published"]) if "published" in row else None,
        confidence=float(row["confidence"].toPython()),
        modality="denied" if status == load_claim_rules().denial_status else str(row.get("modality", "asserted")),
        extractor=str(row.get("extractor", "")),
    )


def supporting(citations: list[Citation]) -> list[Citation]:
    """The citations that support their statement, best first: a denial or a negation is never
    evidence for a fact (the claim rules say which modalities count and how much)."""
    rules = load_claim_rules()
    kept = [c for c in citations if not rules.is_negative(c.modality)]
    return sorted(kept, key=lambda c: (-rules.support_weight.get(c.modality, 1.0) * c.confidence,
                                       c.published or "", c.document, c.start or 0))


def counter(citations: list[Citation]) -> list[Citation]:
    """The citations that speak against their statement (denials, negations)."""
    rules = load_claim_rules()
    return [c for c in citations if rules.is_negative(c.modality)]


def statement_citations(store: Store, s: str, prop: str, o: str) -> list[Citation]:
    rows = store.select(load_query("statement_evidence"),
                        {"s": URIRef(s), "p": URIRef(RG_NS + prop), "o": URIRef(o)})
    seen, out = set(), []
    for row in rows:
        c = _citation(row)
        key = (c.document, c.start, c.text)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def event_citations(store: Store, event: str) -> list[Citation]:
    return [_citation(r) for r in store.select(load_query("event_evidence"), {"event": URIRef(event)})]


def hop_citations(store: Store, source: str, target: str, prop: str, forward: bool) -> list[Citation]:
    """Citations for one hop of an exposure path, best first, never a denial or a negation (event hops
    cite the event's reports)."""
    s, o = (source, target) if forward else (target, source)
    found = supporting(statement_citations(store, s, prop, o))
    if not found and prop in ("target", "concerns", "actor", "cause"):
        found = supporting(event_citations(store, s))
    return found
