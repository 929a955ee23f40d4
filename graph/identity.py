"""Deterministic IRIs: the same thing gets the same IRI in every document and every run.

Entities known to the knowledge base take their KB id; others take their type group and normalised
name. Documents take a hash of their source (URL or file path), so an edited document keeps its IRI
and its named graph is replaced. Claims and events hash the fields that identify them.
"""
from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from riskgraph.ingest.names import name_key

BASE = "https://w3id.org/riskgraph/"
ENTITY_BASE = BASE + "id/"
DOC_BASE = BASE + "doc/"
CLAIM_BASE = BASE + "claim/"
EVENT_BASE = BASE + "event/"
KB_SOURCE = URIRef(BASE + "source/knowledge-base")

def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "x"


def digest(*parts: str, size: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:size]


def entity_iri(key: str) -> URIRef:
    """``kb:<id>`` -> id/<id>; ``<group>:<normalised name>`` -> id/<group>/<slug>."""
    kind, _, rest = key.partition(":")
    if kind == "kb":
        return URIRef(ENTITY_BASE + rest)
    return URIRef(f"{ENTITY_BASE}{kind}/{slug(rest)}")


def document_iri(source: str) -> URIRef:
    return URIRef(DOC_BASE + digest(source))


def claim_iri(*parts: str) -> URIRef:
    return URIRef(CLAIM_BASE + digest(*parts, size=24))


def event_iri(*parts: str) -> URIRef:
    return URIRef(EVENT_BASE + digest(*parts))


def happening_iri(cls: str, actor: str | None, target: str | None, concerns: tuple[str, ...], doc: str) -> URIRef:
    """One IRI per happening, whichever document reports it: from the event's class, its actor (by
    resolution key) and what it hits (its target, else what it concerns). An event that hits nothing
    named can be told from no other: it keeps an IRI of its own document."""
    hit = target or (sorted(concerns)[0] if concerns else None)
    if hit is None:
        return event_iri(doc, cls, actor or "")
    return URIRef(EVENT_BASE + digest("happening", cls, actor or "", hit))
