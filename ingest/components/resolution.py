"""Entity resolution inside one document: which entity a name met in the text is.

Knowledge-base ids first; then a name met before under another form: corporate suffixes and
possessives by normalisation, an organisation's first word ("Tai Hang" for "Tai Hang Components
Limited"), a surname to the full name, an acronym the text defines ("Semiconductor Manufacturing
International Corporation (SMIC)"), and every later occurrence of a name NER found once.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from riskgraph.ingest.components.entity_types import EntityTyper
from riskgraph.ingest.components.state import DocState, doc_state, evidence_for, name_head
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry
from riskgraph.ingest.model import Entity, Mention
from riskgraph.ingest.names import name_key

# the group of an entity's key ("org:globex"): names of one group are resolved against each other
GROUP = {
    "Company": "org",
    "GovernmentBody": "org",
    "Organization": "org",
    "Person": "person",
    "Product": "product",
    "Project": "project",
    "License": "licence",
    "Regulation": "regulation",
    "Jurisdiction": "place",
}
ORG_CLASSES = frozenset({"Company", "GovernmentBody", "Organization"})
EXTRACTOR = "entities"
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s*['’]s?$")
APOSTROPHES = "’'"


def is_possessive_mark(text: str) -> bool:
    """"'s", "’s", or a bare apostrophe ("Reuters’")."""
    stem = text.removesuffix("s")
    return len(stem) == 1 and stem in APOSTROPHES


def clean_name(text: str) -> str:
    """Strip a leading article, a trailing possessive and stray punctuation from a mention."""
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    name = _TRAILING.sub("", name)
    return name.strip(" ,;:\"“”()")


def name_offsets(span: Span) -> tuple[int, int]:
    """Character offsets of the name itself: without a trailing possessive, blank lines or punctuation."""
    end = span.end
    while end > span.start + 1 and (span.doc[end - 1].is_space or is_possessive_mark(span.doc[end - 1].text)):
        end -= 1
    text = span.doc[span.start : end].text  # (Doc.text would rebuild the whole document's text)
    start = span.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())


def kb_classes(entry: KBEntry) -> set[str]:
    classes = {entry.type, *entry.roles}
    if entry.type in ORG_CLASSES or "Provider" in entry.roles:
        classes.add("Organization")
    return classes


def ensure_kb_entity(state: DocState, entry: KBEntry) -> str:
    """The key of a knowledge-base entity, added to the document's entities if new."""
    key = f"kb:{entry.id}"
    if key not in state.entities:
        state.entities[key] = Entity(key=key, name=entry.name, classes=kb_classes(entry), wikidata=entry.wikidata,
                                     iso=entry.iso, kb_id=entry.id)
    return key


class Mentions:
    """Adds entities and their mentions to a document's state."""

    def __init__(self, doc: Doc, version: str) -> None:
        self.doc = doc
        self.state = doc_state(doc)
        self.version = version

    def add(self, span: Span, key: str, confidence: float, *, cls: str | None = None, name: str | None = None,
            rule: str = "") -> None:
        entity = self.state.entities.get(key)
        if entity is None:
            assert cls is not None and name is not None
            entity = Entity(key=key, name=name, classes={cls} | ({"Organization"} if cls in ORG_CLASSES else set()))
            self.state.entities[key] = entity
        entity.surfaces.add(clean_name(span.text))
        evidence = evidence_for(span, EXTRACTOR, confidence, self.version, rule=rule)
        self.state.mentions.append(Mention(key, *name_offsets(span), evidence))

    def add_kb(self, span: Span, entry: KBEntry, gazetteer: Gazetteer, *, surface: bool = True) -> None:
        """A mention of a knowledge-base entity; ``surface``: the text is one of its names (not a
        seat of government standing for it)."""
        state = self.state
        key = f"kb:{entry.id}"
        if key not in state.entities:
            ensure_kb_entity(state, entry)
            home = gazetteer.by_iso(entry.country) if entry.country else None
            if entry.type == "Jurisdiction":
                state.homes[key] = key
            elif home is not None:
                state.homes[key] = f"kb:{home.id}"
        if surface:
            state.entities[key].surfaces.add(clean_name(span.text))
        state.mentions.append(Mention(key, *name_offsets(span), evidence_for(span, EXTRACTOR, 0.95, self.version)))


# ---------------------------------------------------------------------- a name met before
def _group_of(entity: Entity) -> str:
    return GROUP.get(next(iter(entity.classes & set(GROUP)), ""), "")


def _longer_org(state: DocState, name: str) -> str | None:
    """"Tai Hang" after "Tai Hang Components Limited"."""
    for other in state.entities.continuing(name):
        if other.classes & ORG_CLASSES and not other.kb_id and other.name.startswith(name + " ") and len(name) >= 4:
            return other.key
    return None


def _one_word(state: DocState, name: str, cls: str, group: str) -> str | None:
    """A surname for a person met before, a first word for an organisation met before; a one-word
    "person" that is the first word of an organisation ("Kestrel" for Kestrel Labs)."""
    for other in state.entities.with_end_word(name):
        if _group_of(other) != group:
            continue
        other_words = other.name.split()
        if (cls == "Person" and other_words[-1] == name) or (group == "org" and other_words[0] == name):
            return other.key
        if group == "org" and len(other_words) > 1 and name in (other_words[-1], name_head(other_words)) \
                and "GovernmentBody" in other.classes:
            return other.key  # "the Commission" after "the European Commission", "the Department" after
            # "the Department of Commerce"
    if cls == "Person":
        for other in state.entities.with_end_word(name):
            if other.classes & ORG_CLASSES and not other.kb_id and other.name.split()[0] == name \
                    and len(other.name.split()) > 1:
                return other.key
    return None


def _surname(state: DocState, name: str) -> str | None:
    """"Justice Jane Roe ... Roe froze the accounts": a one-word name NER took for an organisation, a
    law or a product is the surname of a person met before."""
    for other in state.entities.with_end_word(name):
        words = other.name.split()
        if "Person" in other.classes and len(words) > 1 and words[-1] == name:
            return other.key
    return None


def resolve_local(state: DocState, typer: EntityTyper, name: str, cls: str, span: Span) -> str | None:
    """The key of the entity ``name`` (of class ``cls``) names: one met before, or a new one if the
    name is taken at all."""
    group = GROUP[cls]
    key = f"{group}:{name_key(name)}"
    if key in state.entities:
        return key
    found = _longer_org(state, name)
    if found is None and len(name.split()) == 1 and (cls == "Person" or group == "org"):
        found = _one_word(state, name, cls, group)
    if found is None and len(name.split()) == 1 and group in ("org", "regulation", "product"):
        found = _surname(state, name)
    if found is not None:
        return found
    if not typer.accept(name, cls, span):
        if cls == "Person" and len(name.split()) == 1:
            state.unmatched[f"PERSON:{name}"] += 1
        return None
    return key


# ---------------------------------------------------------------------- acronyms, repeated names, headlines
def acronym_after(doc: Doc, span: Span) -> str | None:
    """``Long Name (ABBR)``: the acronym the text defines right after a name."""
    i = span.end
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        candidate = doc[i + 1].text
        if candidate.isupper() and 2 <= len(candidate) <= 8:
            return candidate
    return None


def link_acronyms(mentions: Mentions, acronyms: dict[str, str]) -> None:
    """Mentions of a defined acronym that NER missed still count as mentions."""
    if not acronyms:
        return
    state = mentions.state
    seen = {(m.start, m.end) for m in state.mentions}
    for token in mentions.doc:
        key = acronyms.get(token.text)
        if key and (token.idx, token.idx + len(token.text)) not in seen and not token.ent_type_:
            state.mentions.append(Mention(key, token.idx, token.idx + len(token.text),
                                          evidence_for(token.sent, EXTRACTOR, 0.75, mentions.version)))


def _names_found(mentions: Mentions) -> dict[tuple[str, ...], str]:
    """The words of every organisation or product name found (not from the knowledge base)."""
    state, doc = mentions.state, mentions.doc
    names: dict[tuple[str, ...], str] = {}
    for mention in state.mentions:
        entity = state.entities.get(mention.key)
        if entity is None or entity.kb_id or not entity.classes & (ORG_CLASSES | {"Product"}):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span.text) >= 4 and span.text[0].isupper():
            names.setdefault(tuple(t.text for t in span), mention.key)
    return names


def link_repeated_names(mentions: Mentions) -> None:
    """NER finds a new name once and misses it elsewhere ("Windsurf, a start-up ..." then "Windsurf
    relies on ..."): every other occurrence of an organisation's or product's name is a mention."""
    names = _names_found(mentions)
    if not names:
        return
    doc = mentions.doc
    covered = {i for m in mentions.state.mentions for i in range(m.start, m.end)}
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for words in names:
        firsts.setdefault(words[0], []).append(words)
    for token in doc:
        for words in sorted(firsts.get(token.text, ()), key=len, reverse=True):
            end = token.i + len(words)
            if end > len(doc) or tuple(t.text for t in doc[token.i:end]) != words:
                continue
            span = doc[token.i:end]
            if span.start_char in covered or (end < len(doc) and doc[end].pos_ == "PROPN"
                                              and doc[end].text[:1].isupper()):
                break  # already a mention, or the start of a longer name
            mentions.add(span, names[words], 0.7)
            covered.update(range(span.start_char, span.end_char))
            break


def drop_headline_only(mentions: Mentions) -> None:
    """A Title-Case headline makes spaCy see names everywhere: keep a non-KB entity met only in the
    headline when the body names it too."""
    state, doc = mentions.state, mentions.doc
    cut = doc.text.find("\n\n")
    if cut < 0:
        return
    in_body = {m.key for m in state.mentions if m.start > cut}
    for key in [k for k, e in state.entities.items() if not e.kb_id and k not in in_body]:
        del state.entities[key]
    state.mentions = [m for m in state.mentions if m.key in state.entities]
