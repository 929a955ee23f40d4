"""Instruments first met as an event (``lexicons/instruments.yaml`` event_instruments): "Japan will
restrict exports of X from July ... The rules take effect on July 23." The instruments step leaves
"the rules" alone (nothing was met before for it to refer to, and it says nothing of its own);
here it becomes the instrument of the latest regulating event of a government before it: issued by
that government, covering what the event concerns, binding the companies it targets and the makers
of what it covers, and the event's cause."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Token

from riskgraph.ingest.components.instrument_binding import InstrumentBinder
from riskgraph.ingest.components.instrument_names import InstrumentNamer, noun_phrase
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.state import evidence_for, fire
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import Entity, Event, Mention
from riskgraph.ingest.names import name_key

MODIFIER_DEPS = frozenset({"compound", "amod"})
MAKER_PREDICATES = ("provides", "develops")


class EventInstruments:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, version: str) -> None:
        rules = lexicon.instruments
        self.rule = rules.event_instruments
        self.class_nouns = dict(rules.event_instruments.nouns)
        self.domain = frozenset(rules.instrument_nouns.domain_words)
        self.fresh = frozenset(rules.instrument_nouns.new_words)
        self.kind = rules.instrument_nouns.kind
        self.namer = InstrumentNamer(gazetteer, rules.issuers.short_form_length,
                                     issuer_group=rules.issuers.possessor_group,
                                     owned=frozenset(rules.instrument_nouns.owned))
        self.binder = InstrumentBinder(lexicon, version)
        self.version = version

    def __call__(self, doc: Doc, index: DocIndex, events: list[Event]) -> list[Event]:
        loose = [doc[i] for i in index.state.loose_instruments if i not in index.token_key]
        if not loose:
            return events
        starts = [s.start_char for s in index.sentences()]

        def at(event: Event) -> tuple[int, str, str]:  # one instrument per sentence, class and actor
            return bisect_right(starts, event.evidence.start) - 1, event.cls, event.actor or ""

        causes: dict[tuple[int, str, str], str] = {}
        for token in loose:
            event = self._latest_event(events, starts, token) if self._plain(index, token) else None
            if event is None or "GovernmentBody" not in index.classes(event.actor or ""):
                continue
            if at(event) not in causes:
                causes[at(event)] = self._instrument(index, event, [e for e in events if at(e) == at(event)], token)
            self._mention(index, token, causes[at(event)])
        return [replace(e, cause=causes[at(e)]) if e.cause is None and at(e) in causes else e for e in events]

    def _plain(self, index: DocIndex, token: Token) -> bool:
        """"the rules", "the new rules", "the Japanese restrictions", "the licence requirement"; not
        "the cafeteria rules": every modifier is a domain word, a word of novelty or a place."""
        for child in token.children:
            if child.dep_ not in MODIFIER_DEPS:
                continue
            word = child.lower_
            place = index.token_key.get(child.i) or next(
                (p for span, p in index.state.demonyms if span.start <= child.i < span.end), None)
            if word not in self.domain and word not in self.fresh and not (
                    place and "Jurisdiction" in index.classes(place)):
                return False
        return True

    def _latest_event(self, events: list[Event], starts: list[int], token: Token) -> Event | None:
        """The last regulating event, with no cause, in the noun's sentence or at most ``window``
        sentences before it."""
        sentence = bisect_right(starts, token.idx) - 1
        best = None
        for event in events:
            if event.cls not in self.class_nouns or event.cause is not None or not event.actor:
                continue
            at = bisect_right(starts, event.evidence.start) - 1
            if not 0 <= sentence - at <= self.rule.window or event.evidence.start > token.idx:
                continue
            if best is None or event.evidence.start >= best.evidence.start:
                best = event
        return best

    def _instrument(self, index: DocIndex, event: Event, siblings: list[Event], token: Token) -> str:
        """The instrument of ``event`` (and of the events of its sentence with the same class and
        actor), named by the noun ``token``; its issuer, what it covers and whom it binds."""
        state = index.state
        actor = event.actor or ""
        words = [t for t in noun_phrase(index, token) if t.lower_ not in self.fresh and t.i not in index.token_key]
        said = " ".join(t.text for t in words if not _demonym(index, t))
        core = said if any(t.lower_ in self.domain for t in words) else self.class_nouns[event.cls]
        concerns = list(dict.fromkeys(c for e in siblings for c in e.concerns))
        targets = [e.target for e in siblings if e.target and index.fits(e.target, ("org",))]
        covered = [c for c in concerns if index.fits(c, ("product", "project"))]
        scope = " and ".join(state.entities[k].name for k in covered or targets)
        name = " ".join(p for p in (self.namer.short(index, actor), core, f"on {scope}" if scope else "") if p)
        key = f"regulation:{name_key(name)}"
        if key not in state.entities:
            state.entities[key] = Entity(key=key, name=name, classes={self.kind})
        fire(token, self.rule.name)
        sentence = token.doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
        anchor = sentence.root if sentence is not None else token
        self.binder.relation(index, key, "issuedBy", actor, anchor, 0.65, self.rule.name)
        for item in covered:
            self.binder.relation(index, key, "covers", item, anchor, 0.65, self.rule.name)
        makers = [r.subject for r in state.relations if r.object in covered and r.predicate in MAKER_PREDICATES]
        for org in dict.fromkeys(targets + makers):
            self.binder.relation(index, org, "subjectTo", key, anchor, 0.6, self.rule.name)
        return key

    def _mention(self, index: DocIndex, token: Token, key: str) -> None:
        span = noun_phrase(index, token)
        entity = index.state.entities[key]
        entity.surfaces.update({span.text, token.text})
        evidence = evidence_for(span, "instruments", 0.6, self.version, rule=self.rule.name)
        index.state.mentions.append(Mention(key, span.start_char, span.end_char, evidence))
        index.add_mention(span, key)
        self.binder.binds(index, token, key)  # "the new rules also covered its MI308 chips"


def _demonym(index: DocIndex, token: Token) -> bool:
    return any(span.start <= token.i < span.end for span, _ in index.state.demonyms)

