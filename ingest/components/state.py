"""Per-document extraction state carried on the spaCy Doc (``doc._.rg_state``), filled by the
components in pipeline order and turned into an ``Extraction`` at the end."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from riskgraph.ingest.model import Entity, Event, Evidence, Mention, Relation


@dataclass
class DocState:
    published: date | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    demonyms: list[tuple[Span, str]] = field(default_factory=list)
    homes: dict[str, str] = field(default_factory=dict)  # entity key -> its home place key (knowledge base)
    unmatched: Counter[str] = field(default_factory=Counter)
    index: Any = None  # syntax.DocIndex, built by the first component that needs it
    coref: dict[int, str] = field(default_factory=dict)  # token index -> entity key it refers to
    raw_events: list[Any] = field(default_factory=list)  # frames.RawEvent, completed by rg_events


if not Doc.has_extension("rg_state"):
    Doc.set_extension("rg_state", default=None)


def doc_state(doc: Doc) -> DocState:
    state = doc._.rg_state
    if state is None:
        state = DocState()
        doc._.rg_state = state
    return state


def evidence_for(span: Span, extractor: str, confidence: float, version: str, modality: str = "asserted") -> Evidence:
    """Evidence is the whole sentence that holds ``span``, with its character offsets."""
    sent = span.sent if span.start < span.end else span.doc[span.start : span.start + 1].sent
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return Evidence(start=start, end=start + len(text), text=text, extractor=f"{extractor}/{version}",
                    confidence=round(confidence, 3), modality=modality)
