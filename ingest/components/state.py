"""Per-document extraction state carried on the spaCy Doc (``doc._.rg_state``), filled by the
components in pipeline order and turned into an ``Extraction`` at the end."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.model import Entity, Event, Evidence, Mention, Relation

if TYPE_CHECKING:
    from riskgraph.ingest.components.mentions import DocIndex
    from riskgraph.ingest.components.raw_events import RawEvent


def name_head(words: list[str]) -> str:
    """The word a name of the form "<...> <Head> of <...>" is about ("U.S. Department of Commerce" ->
    "Department"), else its last word."""
    at = words.index("of", 1) if "of" in words[1:] else 0
    return words[at - 1] if at else words[-1]


class EntityTable(dict[str, Entity]):
    """A document's entities by key, with an index of where each name's words begin and end, so that
    "a name met before" ("Tai Hang" after "Tai Hang Components Limited", "Kestrel" after "Kestrel
    Labs") is found without scanning every entity: a document naming thousands of organisations
    stays linear. Entities are added and deleted through ``[]``; names never change."""

    def __init__(self) -> None:
        super().__init__()
        self._order: dict[str, int] = {}
        self._by_prefix: dict[str, list[str]] = {}  # "Tai Hang" -> keys of names that go on after it
        self._by_word: dict[str, list[str]] = {}  # first, last or head word -> keys

    def __setitem__(self, key: str, entity: Entity) -> None:
        if key not in self._order:
            self._order[key] = len(self._order)
            name = entity.name
            for i, char in enumerate(name):
                if char == " ":
                    self._by_prefix.setdefault(name[:i], []).append(key)
            words = name.split()
            for word in {words[0], words[-1], name_head(words)} if words else ():
                self._by_word.setdefault(word, []).append(key)
        super().__setitem__(key, entity)

    def _live(self, keys: list[str]) -> list[Entity]:
        return [self[k] for k in keys if k in self]

    def continuing(self, name: str) -> list[Entity]:
        """Entities whose name starts with ``name`` followed by a space, in the order they were met."""
        return self._live(self._by_prefix.get(name, []))

    def with_end_word(self, word: str) -> list[Entity]:
        """Entities whose name's first, last or head word (``name_head``) is ``word``, in the order they
        were met."""
        return self._live(self._by_word.get(word, []))


@dataclass
class DocState:
    published: date | None = None
    entities: EntityTable = field(default_factory=EntityTable)
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
    sentence_starts: list[int] = field(default_factory=list)  # token index of each sentence start (evidence_for)
    sentences: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # start -> its evidence offsets, text
    part_of: dict[str, str] = field(default_factory=dict)  # "Section 2 of the Sherman Act" -> the Sherman Act
    folded_events: list[Event] = field(default_factory=list)  # told without targets, folded into their happening
    loose_instruments: list[int] = field(default_factory=list)  # token index of "the rules" met with no antecedent


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
    start, end, text = _sentence(span.doc, span.start)
    return Evidence(start=start, end=end, text=text, extractor=f"{extractor}/{version}",
                    confidence=round(confidence, 3), modality=modality, rule=rule)


def _sentence(doc: Doc, i: int) -> tuple[int, int, str]:
    """Character offsets and text (stripped) of the sentence holding token ``i``, computed once."""
    state = doc_state(doc)
    if not state.sentence_starts:
        state.sentence_starts = [s.start for s in doc.sents]
    starts = state.sentence_starts
    k = bisect_right(starts, i) - 1
    found = state.sentences.get(starts[k])
    if found is None:
        sent = doc[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(doc)]
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        found = state.sentences[starts[k]] = (start, start + len(text), text)
    return found
