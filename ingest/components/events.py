"""The events stage: completes each raw event the frames found (``completion``), dates it
(anchored on the document's date) and merges the mentions of one happening into one event."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from riskgraph.ingest.components.completion import Completed, EventCompleter, owner_of
from riskgraph.ingest.components.dates import DateResolver
from riskgraph.ingest.components.event_instruments import EventInstruments
from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.mentions import DocIndex, index_of
from riskgraph.ingest.components.raw_events import RawEvent
from riskgraph.ingest.components.state import doc_state, evidence_for
from riskgraph.ingest.components.syntax import governing_verb
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import Event, Evidence

EXTRACTOR = "events"
EventKey = tuple[str, str | None, str | None, str | None]  # class, actor, target, cause


class Merger:
    """One event per happening: a later mention of the same class, actor and target adds to the
    first (its concerns, a cause, an actor it lacked); "lifted" from a later mention wins."""

    def __init__(self, dating_rule: str = "") -> None:
        self.dating_rule = dating_rule  # the rule a mention that only dates a happening fires
        self.merged: dict[EventKey, Event] = {}
        self.given: dict[EventKey, int] = {}  # how sure the event's date is (dates.event_date)
        self.settled: Counter[str] = Counter()  # rule -> times it folded a happening
        self.dating_only: set[EventKey] = set()  # happenings told without a target: dropped unless folded

    def add(self, cls: str, actor: str | None, target: str | None, event: RawEvent, date: str | None,
            evidence: Evidence, given: int = 2, *, dating_only: bool = False) -> None:
        key = self._key((cls, actor, target, event.cause))
        if dating_only and key not in self.merged:
            self.dating_only.add(key)
        elif dating_only and key[2] is not None:
            self.settled[self.dating_rule] += 1  # joins the happening told with its target
        elif not dating_only:
            self.dating_only.discard(key)  # a happening in its own right, told after a mention that only dated it
        if key in self.merged:
            old = self.merged[key]
            status = "lifted" if event.status == "lifted" else (old.status or event.status)
            when = self._date(key, old.date, date, given)
            self.given[key] = max(self.given.get(key, 0), given)
            self.merged[key] = Event(old.cls, old.actor, old.target,
                                     tuple(dict.fromkeys(old.concerns + tuple(event.concerns))),
                                     old.cause or event.cause, when, status, old.evidence)
        else:
            self.merged[key] = Event(cls, actor, target, tuple(event.concerns), event.cause, date, event.status,
                                     evidence)
            self.given[key] = given

    def _date(self, key: EventKey, old: str | None, new: str | None, given: int) -> str | None:
        """A surer date wins (the event's own over its report's over the document's); "in October"
        then "on October 17": the more precise date of the same month wins."""
        if given > self.given.get(key, 0):
            return new or old
        if old and new and given and len(new) > len(old) and new.startswith(old):
            return new
        return old or new

    def settle(self, under: dict[str, set[str]], rule: str) -> list[Event]:
        """"Commerce on Monday added three companies to the list ... A, B and C were added by BIS": a
        happening told without its targets is the happening its targeted mentions tell (same class,
        the same body or one ``under`` it): it gives them its date where theirs is less sure and its
        cause where they have none, and is folded into them."""
        folded: list[Event] = []
        for key in [k for k in self.merged if k[1] is not None and k[2] is None]:
            cls, actor = key[0], key[1]
            kin = [k for k in self.merged if k[0] == cls and k[2] is not None and k[1] is not None
                   and (k[1] == actor or k[1] in under.get(actor or "", ()))]
            if not kin:
                kin = self._specified(key, under)  # "Commerce banned sales to X ... BIS activated the order"
            if not kin:
                continue
            told = self.merged.pop(key)
            folded.append(told)
            given = self.given.pop(key, 0)
            self.settled[rule] += 1
            for k in kin:
                self.dating_only.discard(k)
                if self.given.get(k, 0) < given:
                    self.merged[k] = replace(self.merged[k], date=told.date)
                    self.given[k] = given
                if self.merged[k].cause is None and told.cause is not None:
                    self.merged[k] = replace(self.merged[k], cause=told.cause)
        for key in self.dating_only:  # told without a target and folded into no happening told with one
            if key in self.merged:
                self.merged.pop(key)
                self.given.pop(key, None)
        return folded

    def _specified(self, key: EventKey, under: dict[str, set[str]]) -> list[EventKey]:
        """A happening of a body's parent, told with its target, that the body is later told to do without
        one: the body is its most specific actor; its key now names the body."""
        cls, actor = key[0], key[1]
        found = []
        for k in [k for k in self.merged if k[0] == cls and k[2] is not None and actor in under.get(k[1] or "", ())]:
            new = (cls, actor, k[2], k[3])
            if new in self.merged:
                continue
            self.merged[new] = replace(self.merged.pop(k), actor=actor)
            self.given[new] = self.given.pop(k, 0)
            self.dating_only.discard(k)
            found.append(new)
        return found

    def fold_governments(self, bodies: dict[str, set[str]], rule: str) -> None:
        """"Turkey lifted its block on X ... X was blocked by the telecoms authority": a happening a
        government as a whole is told to do is the one a body of its place is told to do (same class and
        target; ``bodies``: government -> the bodies of its place acting in the document). The body's
        telling keeps it; "lifted" and a surer date from the government's join it."""
        for key in [k for k in self.merged if k[1] in bodies and k[2] is not None]:
            kin = [k for k in self.merged if k[0] == key[0] and k[2] == key[2] and k[1] in bodies[key[1]]]
            if not kin or key not in self.merged:
                continue
            told = self.merged.pop(key)
            given = self.given.pop(key, 0)
            self.settled[rule] += 1
            for k in kin:
                event = self.merged[k]
                status = "lifted" if told.status == "lifted" else event.status
                when = told.date if given > self.given.get(k, 0) else event.date
                self.merged[k] = replace(event, status=status, date=when,
                                         concerns=tuple(dict.fromkeys(event.concerns + told.concerns)))
                self.given[k] = max(given, self.given.get(k, 0))

    def _key(self, key: EventKey) -> EventKey:
        """The key under which this mention joins an event already seen, or its own."""
        cls, actor, target, cause = key
        merged = self.merged
        if key not in merged and actor is None and target is not None:
            # "The suspension took effect on Monday": the same happening, its actor named elsewhere
            key = next((k for k in merged if k[0] == cls and k[2] == target), key)
        if key not in merged and actor is not None:
            anonymous = next((k for k in merged if k[0] == cls and k[1] is None and k[2] == target), None)
            if anonymous is not None:
                old = merged.pop(anonymous)
                merged[key] = replace(old, actor=actor, cause=old.cause or cause)
        if key not in merged and actor is not None and target is None:
            # "Japan will restrict exports of X" beside "... exports of X to China": the happening with its target
            key = next((k for k in merged if k[:2] == (cls, actor) and k[2] is not None and k[3] in (cause, None)),
                       key)
        if key not in merged and actor is not None and target is not None:
            untargeted = next((k for k in merged if k[:3] == (cls, actor, None) and k[3] in (cause, None)), None)
            if untargeted is not None:
                old = merged.pop(untargeted)
                merged[key] = replace(old, target=target, cause=old.cause or cause)
                self.given[key] = self.given.pop(untargeted, 0)
        if key not in merged and cause is None:  # a later mention of an event with a cause
            key = next((k for k in merged if k[:3] == key[:3]), key)
        if key not in merged and cause is not None and (cls, actor, target, None) in merged:
            merged[key] = merged.pop((cls, actor, target, None))
        return key


class EventStage:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, version: str) -> None:
        self.lexicon = lexicon
        self.version = version
        self.completer = EventCompleter(lexicon, gazetteer)
        self.dates = DateResolver(lexicon)
        self.beginning_verbs = frozenset(lexicon.dates.beginning_verbs.words)
        self.instruments = EventInstruments(lexicon, gazetteer, version)
        self.summary_rule = lexicon.events.summary_first.name
        self.government_rule = lexicon.events.government_and_body.name
        self.government_nouns = frozenset(lexicon.events.government_nouns.words)
        deals = lexicon.events.deal_nouns
        self.deal_nouns, self.deal_events = frozenset(deals.words), frozenset(deals.events)
        self.dating_verbs, self.deal_rule = frozenset(deals.dating_verbs), deals.name
        self.definite = frozenset(lexicon.events.event_references.words)
        lead = lexicon.dates.lead_day
        self.lead_rule, self.lead_days, self.lead_paragraphs = lead.name, lead.max_days, lead.paragraphs

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = index_of(doc, self.lexicon)
        context = self.completer.context(index, state.raw_events)
        merger = Merger(self.summary_rule)
        triggers = frozenset(raw.trigger.i for raw in state.raw_events)
        for raw in state.raw_events:
            for event in (e for each in _each_actor(index, raw) for e in self.completer.conduct_parties(context, each)):
                completed = self.completer.complete(context, event)
                if completed is not None:
                    self._add(index, merger, replace(event, concerns=completed.concerns), completed,
                              state.published, triggers - {raw.trigger.i})
        self._date_deals(index, merger, state.published)
        self._date_from_lead(doc, merger, state.published)
        state.folded_events = merger.settle(context.children, self.summary_rule)
        merger.fold_governments(self._bodies_of_governments(index, merger), self.government_rule)
        state.fired.update(merger.settled)
        state.events = []
        for e in merger.merged.values():
            at_stake = self.completer.at_stake(index, e.cls, e.actor, e.target)
            concerns = tuple(dict.fromkeys(e.concerns + tuple(at_stake)))
            state.events.append(replace(e, concerns=concerns) if concerns != e.concerns else e)
        state.events = self.instruments(doc, index, state.events)
        return doc

    def _bodies_of_governments(self, index: DocIndex, merger: Merger) -> dict[str, set[str]]:
        """government -> the government bodies of its place (or of no place known) that act in the
        document's happenings."""
        actors = {k[1] for k in merger.merged if k[1] is not None}
        places = {a: p for a in actors if (p := self.completer.governed_place(index, a))
                  and not self._named_as_government(index, a)}
        return {government: {b for b in actors if b != government and "GovernmentBody" in index.classes(b)
                             and b not in places and (place in (homes := index.home_of(b)) or not homes)}
                for government, place in places.items()}

    def _named_as_government(self, index: DocIndex, key: str) -> bool:
        """The text names it a government ("the U.S. government will take a stake"): it acts itself."""
        entity = index.state.entities.get(key)
        return entity is not None and any(word in self.government_nouns for surface in entity.surfaces
                                          for word in surface.lower().split())

    def _date_from_lead(self, doc: Doc, merger: Merger, published: date | None) -> None:
        """A news lead dates its story: a happening the text gives no date of takes the day of the first
        happening its lead (the first paragraphs after the title) dates, when that day is at most
        ``max_days`` before the document's (``dates.yaml`` lead_day)."""
        if published is None:
            return
        text = doc.text
        lead_end = text.find("\n\n")  # the title's end
        for _ in range(self.lead_paragraphs):
            lead_end = text.find("\n\n", lead_end + 2) if lead_end >= 0 else -1
        if lead_end < 0:
            lead_end = len(text)
        dated = [(e.evidence.start, e.date) for k, e in merger.merged.items() if merger.given.get(k, 0) == 2
                 and e.evidence.start < lead_end and e.date and len(e.date) == len("YYYY-MM-DD")]
        if not dated:
            return
        day = min(dated)[1]
        if not 0 < (published - date.fromisoformat(day)).days <= self.lead_days:
            return
        for key, event in merger.merged.items():
            if merger.given.get(key, 0) == 0 and event.date == published.isoformat():
                merger.merged[key] = replace(event, date=day)
                doc_state(doc).fired[self.lead_rule] += 1

    def _date_deals(self, index: DocIndex, merger: Merger, published: date | None) -> None:
        """"The deal, announced in September 2020, ...": a date in a dating clause on a definite deal
        noun dates the latest deal reported before it, unless that has a date of its own."""
        for token in index.tokens:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in self.deal_nouns or not any(
                    c.dep_ == "det" and c.lower_ in self.definite for c in token.children):
                continue
            clause = next((c for c in token.children if c.dep_ in ("acl", "relcl")
                           and c.lemma_.lower() in self.dating_verbs), None)
            if clause is None:
                continue
            when = next((value for e in token.doc.ents if e.label_ == "DATE" and clause.left_edge.i <= e.start
                         and e.end <= clause.right_edge.i + 1 and (value := self.dates.parse(e.text, published))), None)
            deals = [k for k, e in merger.merged.items() if k[0] in self.deal_events and e.evidence.start <= token.idx]
            if when is None or not deals:
                continue
            key = max(deals, key=lambda k: merger.merged[k].evidence.start)
            if merger.given.get(key, 0) < 2:
                merger.merged[key] = replace(merger.merged[key], date=when)
                merger.given[key] = 2
                index.state.fired[self.deal_rule] += 1

    def _add(self, index: DocIndex, merger: Merger, event: RawEvent, completed: Completed, published: date | None,
             others: frozenset[int]) -> None:
        when, given = self.dates.event_date(event.trigger, published, others)
        if completed.again:  # "the investigation began in March" dates it; "the ban was made permanent in 2021" not
            verb = governing_verb(event.trigger)
            given = given if verb is not None and verb.lemma_.lower() in self.beginning_verbs else 0
        evidence = evidence_for(event.trigger.sent, EXTRACTOR, event.confidence, self.version, event.modality,
                                event.frame.name)
        targets = completed.targets or [None]
        makers = {c: owner_of(index, c) for c in event.concerns} if len(targets) > 1 else {}
        for target in targets:
            # "restricted calls on the Falcon and Nova apps": Falcon is at stake for its maker, not for Nova's
            concerns = [c for c in event.concerns if makers.get(c) in (None, target) or makers[c] not in targets]
            merger.add(event.cls, completed.actor, target, replace(event, concerns=concerns), when, evidence, given,
                       dating_only=completed.dating_only)


def _each_actor(index: DocIndex, raw: RawEvent) -> list[RawEvent]:
    """"Globex and Initech barred staff from ...", "Taiwan and Australia have banned ...": each actor
    of a list acts, one happening each."""
    if len(raw.actors) > 1:
        return [replace(raw, actors=[a]) for a in raw.actors]
    if raw.actor_place is None:
        return [raw]
    places = [raw.actor_place]
    named = next((t for t in raw.trigger.sent if index.mention_root.get(t.i) == raw.actor_place), None)
    for other in named.conjuncts if named is not None else ():
        key = index.mention_root.get(other.i)
        if key and key not in places and "Jurisdiction" in index.classes(key):
            places.append(key)
    return [replace(raw, actor_place=p) for p in places]


@Language.factory(
    "rg_events",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state"],
    default_config={"lexicon": "", "gazetteer_dir": "", "version": "0"},
)
def make_events(nlp: Language, name: str, lexicon: str, gazetteer_dir: str, version: str) -> EventStage:
    return EventStage(load_lexicon(lexicon), cached_gazetteer(gazetteer_dir), version)
