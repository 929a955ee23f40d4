"""Per-document extraction state carried on the spaCy Doc (``doc._.rg_state``), filled by the
components in pipeline order and turned into an ``Extraction`` at the end."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.model import Entity, Event, Evidence, Mention, Relation

if TYPE_CHECKING:
    from riskgraph.ingest.components.mentions import DocIndex
    from riskgraph.ingest.components.raw_events import RawEvent


@dataclass
class DocState:
    published: date | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    demonyms: list[tuple[Span, str]] = field(default_factory=list)  # nationality mention -> place key
    homes: dict[str, str] = field(default_factory=dict)  # entity key -> its home place key (knowledge base)
    unmatched: Counter[str] = field(default_factory=Counter)
    index: DocIndex | None = None  # token -> entity, built by the first component that needs it
    coref: dict[int, str] = field(default_factory=dict)  # token index -> entity key it refers to
    raw_events: list[RawEvent] = field(default_factory=list)  # found by rg_frames, completed by rg_events
    fired: Counter[str] = field(default_factory=Counter)  # rule name -> times it produced something


if not Doc.has_extension("rg_state"):
    Doc.set_extension("rg_state", default=None)


def doc_state(doc: Doc) -> DocState:
    state = doc._.rg_state
    if state is None:
        state = DocState()
        doc._.rg_state = state
    return state


def fire(where: Doc | Token | Span, rule: str) -> None:
    """Record that ``rule`` produced something in this document (rule examples check it)."""
    doc = where if isinstance(where, Doc) else where.doc
    doc_state(doc).fired[rule] += 1


def evidence_for(span: Span, extractor: str, confidence: float, version: str, modality: str = "asserted",
                 rule: str = "") -> Evidence:
    """Evidence is the whole sentence that holds ``span``, with its character offsets; ``rule`` is
    the rule that produced the fact (recorded as fired)."""
    if rule:
        fire(span, rule)
    sent = span.sent if span.start < span.end else span.doc[span.start : span.start + 1].sent
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return Evidence(start=start, end=start + len(text), text=text, extractor=f"{extractor}/{version}",
                    confidence=round(confidence, 3), modality=modality, rule=rule)
