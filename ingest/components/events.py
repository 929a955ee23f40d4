"""Completes the raw events found by the frames: fills a missing actor or target from context,
dates each event (anchored on the document's date), merges the mentions of one happening into one
event, and derives the relations an event implies (a company added to a list is subject to it; a
violator of terms is bound by them)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from riskgraph.ingest.components.dates import DateResolver
from riskgraph.ingest.components.entities import load_lexicon
from riskgraph.ingest.components.frames import RawEvent
from riskgraph.ingest.components.state import DocState, doc_state, evidence_for
from riskgraph.ingest.components.syntax import DocIndex, acted_on, in_group
from riskgraph.ingest.model import Event, Evidence, Relation

EXTRACTOR = "events"
_NONE = type("_NoEntity", (), {"classes": frozenset()})()
GOVERNMENT_ACTIONS = {"ExportControl", "Sanction", "Investigation", "Lawsuit"}
PROVIDER_ACTIONS = {"Ban", "Suspension"}
BINDING_EVENTS = {"ExportControl", "Sanction", "Ban", "Suspension"}


class EventCompleter:
    def __init__(self, frames: dict, version: str) -> None:
        self.version = version
        self.sanctions = frames.get("sanctions_authority", {})
        self.access_nouns = set(frames.get("access_nouns", []))
        self.dates = DateResolver()

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index: DocIndex = state.index or DocIndex(doc, state)
        raw: list[RawEvent] = state.raw_events
        children = self._sub_agencies(state)
        principal_gov = self._principal(index, "gov", children)
        principal_provider = self._principal(index, "Provider", {})
        by_sentence: dict[int, list[RawEvent]] = {}
        for event in raw:
            by_sentence.setdefault(event.trigger.sent.start, []).append(event)
        merged: dict[tuple[str, str | None, str | None, str | None], Event] = {}
        for event in raw:
            actors = event.actors or self._sibling_actor(event, by_sentence)
            if not actors and event.actor_place:  # "Beijing banned ...", "Italy's regulator opened ..."
                actors = self._government_of(index, event.actor_place)
            elif not actors and not event.actor_unnamed:
                actors = self._fallback_actor(index, event, principal_gov, principal_provider)
            actor = self._most_specific(index, actors[0], event, children) if actors else None
            if event.frame.get("requires_actor_group") and not (actor and self._sanctions(index, actor)):
                continue
            targets = self._parties_first(state, event.targets) or \
                self._fallback_targets(index, event, by_sentence, actor)
            if event.cls == "Violation" and event.cause:
                targets = targets or self._licensor(state, event.cause)
                if actor is not None and actor in self._licensor(state, event.cause):
                    continue  # the grantor of terms does not breach its own terms
            if actor and "Product" in index.classes(actor):  # "Osprey Chat had no mechanism ..., in breach of"
                actor = self._owner(state, actor)
            targets, concerns = self._owners_for_products(state, targets, actor)
            event = replace(event, concerns=list(dict.fromkeys([*event.concerns, *concerns])))
            if actor is None and targets and all("Jurisdiction" in index.classes(t) for t in targets):
                continue  # "Americans are barred from ...": no one named acts, against a whole country
            if not targets and not (actor and "GovernmentBody" in index.classes(actor)
                                    and (event.cause or event.concerns)):
                continue
            date = self.dates.event_date(event.trigger, state.published)
            evidence = evidence_for(event.trigger.sent, EXTRACTOR, event.confidence, self.version,
                                    event.modality)
            for target in targets or [None]:
                key = (event.cls, actor, target, event.cause)
                if key not in merged and actor is None and target is not None:
                    # "The suspension took effect on Monday": the same happening, its actor named elsewhere
                    key = next((k for k in merged if k[0] == event.cls and k[2] == target), key)
                if key not in merged and actor is not None:
                    anonymous = next((k for k in merged if k[0] == event.cls and k[1] is None and k[2] == target), None)
                    if anonymous is not None:
                        old = merged.pop(anonymous)
                        merged[key] = replace(old, actor=actor, cause=old.cause or event.cause)
                if key not in merged and event.cause is None:  # a later mention of an event with a cause
                    key = next((k for k in merged if k[:3] == key[:3]), key)
                if key not in merged and event.cause is not None and (event.cls, actor, target, None) in merged:
                    merged[key] = merged.pop((event.cls, actor, target, None))
                if key in merged:
                    old = merged[key]
                    # a later mention that the happening was lifted wins ("Italy lifts ... ban", then
                    # "lifted its temporary ban"); otherwise the first mention's status stands
                    status = "lifted" if event.status == "lifted" else (old.status or event.status)
                    merged[key] = Event(old.cls, old.actor, old.target,
                                        tuple(dict.fromkeys(old.concerns + tuple(event.concerns))),
                                        old.cause or event.cause, old.date or date, status, old.evidence)
                    continue
                merged[key] = Event(event.cls, actor, target, tuple(event.concerns), event.cause, date,
                                    event.status, evidence)
        state.events = [self._at_stake(state, e) for e in merged.values()]
        self._derive(state)
        return doc

    @staticmethod
    def _at_stake(state: DocState, event: Event) -> Event:
        """A provider acting against a customer puts at stake the customer's projects and products that
        depend on that provider or on what it provides ("OpenAI suspended ByteDance" -> Project Seed)."""
        if event.cls not in PROVIDER_ACTIONS or not event.actor or not event.target:
            return event
        supplied = {event.actor} | {r.object for r in state.relations
                                    if r.predicate == "provides" and r.subject == event.actor}
        owned = {r.object for r in state.relations
                 if r.predicate in ("develops", "parentOf") and r.subject == event.target}
        at_stake = [r.subject for r in state.relations
                    if r.predicate == "dependsOn" and r.subject in owned and r.object in supplied]
        concerns = tuple(dict.fromkeys(event.concerns + tuple(at_stake)))
        return replace(event, concerns=concerns) if concerns != event.concerns else event

    # ------------------------------------------------------------------ context
    @staticmethod
    def _sub_agencies(state: DocState) -> dict[str, set[str]]:
        """parent -> the organisations this document or the knowledge base puts under it."""
        children: dict[str, set[str]] = {}
        for r in state.relations:
            if r.predicate == "parentOf" and "GovernmentBody" in state.entities.get(r.object, _NONE).classes:
                children.setdefault(r.subject, set()).add(r.object)
        return children

    @staticmethod
    def _most_specific(index: DocIndex, actor: str, event: RawEvent, children: dict[str, set[str]]) -> str:
        """"Commerce's Bureau of Industry and Security added ...": the bureau acts, not the department."""
        in_sentence = set(index.mentions_in(event.trigger.sent))
        for _ in range(3):
            sub = sorted(children.get(actor, set()) & in_sentence)
            if not sub:
                break
            actor = sub[0]
        return actor

    @staticmethod
    def _principal(index: DocIndex, group: str, children: dict[str, set[str]]) -> str | None:
        """The organisation the document is mostly about (a press release's agency); the most
        specific agency when a department and its bureau are both mentioned."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in index.state.mentions:
            classes = index.classes(m.key)
            ok = group in classes if group == "Provider" else in_group(classes, [group])
            if ok:
                counts[m.key] += 1
                first.setdefault(m.key, m.start)
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], first[k]))
        for _ in range(3):
            sub = [c for c in children.get(best, set()) if c in counts]
            if not sub:
                break
            best = max(sub, key=lambda k: (counts[k], first[k]))
        return best

    def _owners_for_products(self, state: DocState, targets: list[str], actor: str | None
                             ) -> tuple[list[str], list[str]]:
        """A ban on OpenAI's ChatGPT acts against OpenAI, concerning ChatGPT: (targets, concerns).
        A product of the actor itself (Google suspending a licence for its Android) is only concerned."""
        owned: list[str] = []
        concerns: list[str] = []
        for target in targets:
            owner = self._owner(state, target) if "Product" in state.entities.get(target, _NONE).classes else None
            if owner:
                concerns.append(target)
                if owner == actor:
                    continue
                target = owner
            if target not in owned:
                owned.append(target)
        return [t for t in (owned or targets) if t != actor], concerns

    @staticmethod
    def _government_of(index: DocIndex, place: str) -> list[str]:
        """The government body of ``place`` the document mentions most, if any."""
        counts = Counter(m.key for m in index.state.mentions
                         if "GovernmentBody" in index.classes(m.key) and place in index.home_of(m.key))
        return [counts.most_common(1)[0][0]] if counts else []

    @staticmethod
    def _sibling_actor(event: RawEvent, by_sentence: dict[int, list[RawEvent]]) -> list[str]:
        """"X suspended Y's account pending an investigation": the investigation is X's too."""
        if event.cls != "Investigation" or event.modality == "denied":
            return []
        for other in by_sentence.get(event.trigger.sent.start, []):
            if other is not event and other.actors and other.cls in PROVIDER_ACTIONS | GOVERNMENT_ACTIONS:
                return other.actors[:1]
        return []

    def _fallback_actor(self, index: DocIndex, event: RawEvent, gov: str | None, provider: str | None) -> list[str]:
        sent_keys = index.mentions_in(event.trigger.sent)
        targets_orgs = any(index.classes(t) & {"Company", "Organization", "Product"} for t in event.targets)
        gov_in_sentence = [k for k in sent_keys if "GovernmentBody" in index.classes(k) and k not in event.targets]
        if event.cls in PROVIDER_ACTIONS and targets_orgs:
            in_sentence = [k for k in sent_keys if "Provider" in index.classes(k) and k not in event.targets]
            if in_sentence:
                return in_sentence[:1]
            if event.cls == "Ban" and gov_in_sentence:
                return gov_in_sentence[:1]
            if provider and provider not in event.targets and provider in index.keys_near(event.trigger, 2) and not (
                    event.cls == "Ban" and gov and self._mentions(index, gov) > self._mentions(index, provider)):
                return [provider]
        if event.cls in GOVERNMENT_ACTIONS | {"Ban"}:
            if gov_in_sentence:
                return gov_in_sentence[:1]
            if event.cls == "Ban" and gov and provider and self._mentions(index, gov) < self._mentions(index, provider):
                return []  # a document about a provider: its unnamed ban is not the government's
            if gov and gov not in event.targets:
                return [gov]
        if event.cls in ("Investigation",) and provider and provider not in event.targets:
            return [provider]
        return []

    @staticmethod
    def _parties_first(state: DocState, targets: list[str]) -> list[str]:
        """Places among the targets are where the parties are ("Tai Hang, a Hong Kong company") when a
        party is named too; a place only a city or region names is never a target by itself."""
        def is_place(key: str) -> bool:
            return "Jurisdiction" in state.entities.get(key, _NONE).classes

        parties = [t for t in targets if not is_place(t)]
        if parties:
            return parties
        return [t for t in targets if state.entities[t].iso]

    @staticmethod
    def _licence_holders(index: DocIndex, trigger: Token) -> list[str]:
        """The licensees of a licence the trigger acts on ("revoked X's export licence")."""
        licences = [k for t in acted_on(trigger) if (k := index.key_of(t)) and "License" in index.classes(k)]
        return [r.object for r in index.state.relations if r.predicate == "licensee" and r.subject in licences]

    def _acts_on_access(self, trigger: Token) -> bool:
        """Whether what the trigger acts on is someone's access, account, app, sales ... (or unsaid):
        "banning the chatbot" is against its maker, "cut prices" or "block the deal" is against no one."""
        return all(t.lemma_.lower() in self.access_nouns or t.pos_ == "PROPN" for t in acted_on(trigger))

    @staticmethod
    def _mentions(index: DocIndex, key: str) -> int:
        return sum(1 for m in index.state.mentions if m.key == key)

    def _fallback_targets(self, index: DocIndex, event: RawEvent, by_sentence: dict[int, list[RawEvent]],
                          actor: str | None) -> list[str]:
        holders = self._licence_holders(index, event.trigger)
        if holders and event.cls in PROVIDER_ACTIONS | GOVERNMENT_ACTIONS:  # "Google suspended Huawei's licence"
            return [h for h in holders if h != actor][:1]
        siblings = [t for e in by_sentence.get(event.trigger.sent.start, []) if e is not event for t in e.targets]
        if siblings and (event.cls in GOVERNMENT_ACTIONS or
                         (event.cls in PROVIDER_ACTIONS and self._acts_on_access(event.trigger))):
            return [t for t in dict.fromkeys(siblings) if t != actor][:1]
        if event.cls in PROVIDER_ACTIONS and actor and self._acts_on_access(event.trigger):
            # a ban or suspension of an account, access or an app acts against a company or product
            parties = [k for k in index.mentions_in(event.trigger.sent) if k != actor and k != event.cause
                       and index.classes(k) & {"Company", "Product"} and "Provider" not in index.classes(k)]
            if parties:
                return parties[:1]
        if event.cls in GOVERNMENT_ACTIONS | {"Ban"}:
            places = [k for k in index.mentions_in(event.trigger.sent) if "Jurisdiction" in index.classes(k)
                      and index.state.entities[k].iso]  # a country, not the city a company sits in
            return places[:1]
        return []

    def _sanctions(self, index: DocIndex, key: str) -> bool:
        entity = index.state.entities.get(key)
        if entity is None:
            return False
        if entity.kb_id and entity.kb_id in self.sanctions.get("kb_ids", []):
            return True
        return any(w.lower() in entity.name.lower() for w in self.sanctions.get("name_words", []))

    @staticmethod
    def _owner(state: DocState, product: str) -> str | None:
        """Who develops, provides or owns a product, as this document (then the knowledge base) says."""
        for from_kb in (False, True):
            for r in state.relations:
                if r.object == product and r.from_kb == from_kb and r.predicate in ("develops", "provides",
                                                                                     "parentOf"):
                    return r.subject
        return None

    @staticmethod
    def _licensor(state: DocState, licence: str) -> list[str]:
        return [r.object for r in state.relations if r.subject == licence and r.predicate == "licensor"][:1]

    # ------------------------------------------------------------------ what events imply
    def _derive(self, state: DocState) -> None:
        classes = {k: e.classes for k, e in state.entities.items()}
        for event in state.events:
            cause_classes = classes.get(event.cause or "", set())
            ev = event.evidence
            if event.cls in BINDING_EVENTS and event.target and event.cause and event.evidence.modality != "denied":
                if cause_classes & {"Regulation", "License"} and classes.get(event.target, set()) & {
                        "Company", "GovernmentBody", "Organization", "Product", "Project"} \
                        and event.status != "lifted":
                    state.relations.append(Relation(event.target, "subjectTo", event.cause, _weaker(ev)))
            if event.cls == "Violation" and event.actor and event.cause and "License" in cause_classes:
                state.relations.append(Relation(event.actor, "violates", event.cause, _weaker(ev)))
                state.relations.append(Relation(event.actor, "subjectTo", event.cause, _weaker(ev)))
                state.relations.append(Relation(event.cause, "licensee", event.actor, _weaker(ev)))
            if event.cls == "Investment" and event.actor and event.target:
                state.relations.append(Relation(event.actor, "investsIn", event.target, _weaker(ev)))
            if event.cls == "Partnership" and event.actor and event.target:
                state.relations.append(Relation(event.actor, "partnerOf", event.target, _weaker(ev)))
        for relation in list(state.relations):  # a violator of terms is bound by them
            if relation.predicate == "violates" and "License" in classes.get(relation.object, set()):
                state.relations.append(Relation(relation.subject, "subjectTo", relation.object, relation.evidence))
                state.relations.append(Relation(relation.object, "licensee", relation.subject, relation.evidence))


def _weaker(ev: Evidence) -> Evidence:
    """Evidence for a relation inferred from an event: same sentence, a little less sure."""
    return replace(ev, confidence=round(ev.confidence * 0.9, 3), extractor=ev.extractor.replace(EXTRACTOR, "derived"))


@Language.factory(
    "rg_events",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state"],
    default_config={"frames": "", "version": "0"},
)
def make_events(nlp: Language, name: str, frames: str, version: str) -> EventCompleter:
    return EventCompleter(load_lexicon(frames), version)

