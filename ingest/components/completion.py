"""Event completion: the actor and target of a raw event when the text leaves them unsaid, read
from the sentence and the document, by the event kinds of ``lexicons/events.yaml``.

A place that acts is its government; a product that is hit stands for its owner; an unnamed actor
is the government or provider the sentence names, else the one the document is about.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from riskgraph.ingest.components.frames import in_list
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.places import PLACE_MODIFIER_DEPS
from riskgraph.ingest.components.raw_events import RawEvent
from riskgraph.ingest.components.resolution import ensure_kb_entity
from riskgraph.ingest.components.state import fire
from riskgraph.ingest.components.syntax import acted_on, governing_verb, prep_objects, verb_subjects
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import UNASSERTED, Evidence, Relation

OWNING_PREDICATES = ("develops", "provides", "parentOf")



@dataclass(frozen=True)
class Completed:
    actor: str | None
    targets: list[str]
    concerns: list[str]
    again: bool = False  # a definite re-mention of a happening named before ("the ban")
    dating_only: bool = False  # no one it is against: it may only date a happening told with its target


@dataclass
class DocContext:
    """What completion reads from the whole document, computed once per document."""

    index: DocIndex
    children: dict[str, set[str]]  # parent -> the government bodies this document puts under it
    principal_gov: str | None
    principal_provider: str | None
    by_sentence: dict[int, list[RawEvent]] = field(default_factory=dict)
    raw: list[RawEvent] = field(default_factory=list)  # every raw event, in text order
    completed: list[tuple[RawEvent, Completed]] = field(default_factory=list)  # completed so far, in order

    def mentions(self, key: str) -> int:
        return sum(1 for m in self.index.state.mentions if m.key == key)

    def siblings(self, event: RawEvent) -> list[RawEvent]:
        return [e for e in self.by_sentence.get(event.trigger.sent.start, []) if e is not event]


class EventCompleter:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.kb_evidence = Evidence(start=0, end=0, text="", extractor=f"knowledge-base/{gazetteer.version}",
                                    confidence=0.9)
        kinds = lexicon.events.event_kinds
        self.government = frozenset(kinds.government_actions.events)
        self.provider = frozenset(kinds.provider_actions.events)
        self.shared = frozenset(kinds.shared_actions.events)
        self.probes = frozenset(kinds.provider_probes.events)
        self.sibling = frozenset(kinds.sibling_actor_events.events)
        self.breaches = frozenset(kinds.breaches.events)
        self.answers = frozenset(kinds.answers.events)
        self.appealed_acts = frozenset(lexicon.events.appealed_acts.words)
        self.appealed_rule = lexicon.events.appealed_acts.name
        self.continued = frozenset(kinds.continued_probes.events)
        self.party_actions = frozenset(kinds.party_actions.events)
        self.references = frozenset(lexicon.events.event_references.words)
        self.support_verbs = frozenset(lexicon.arguments.support_verbs.words)
        self.access_nouns = frozenset(lexicon.events.access_nouns.words)
        self.government_nouns = frozenset(lexicon.events.government_nouns.words)
        self.similar = frozenset(lexicon.events.similar_events.words)
        self.conduct = frozenset(lexicon.events.conduct_nouns.words)
        self.conduct_rule = lexicon.events.conduct_nouns.name
        self.judging = frozenset(lexicon.arguments.judging_verbs.words)
        self.deal_nouns = frozenset(lexicon.events.deal_nouns.words)
        self.deal_events = frozenset(lexicon.events.deal_nouns.events)
        self.similar_rule = lexicon.events.similar_events.name
        self.lists = {n.name: n for n in lexicon.frames.named_lists}
        speakers = lexicon.coreference.speakers
        self.first_person = frozenset(speakers.words)
        self.speech_verbs = frozenset(speakers.verbs)
        self.speakers_rule = speakers.name

    # ------------------------------------------------------------------ per document
    def context(self, index: DocIndex, raw: list[RawEvent]) -> DocContext:
        children = _sub_agencies(index)
        context = DocContext(index, children, _principal(index, "GovernmentBody", children),
                             _principal(index, "Provider", {}))
        for event in raw:
            context.by_sentence.setdefault(event.trigger.sent.start, []).append(event)
        context.raw = raw
        return context

    def complete(self, ctx: DocContext, event: RawEvent) -> Completed | None:
        """The event's actor, targets and what else it concerns; None when it is no event after all."""
        index = ctx.index
        earlier = _referred(ctx, event, self.references)
        if earlier is not None:  # "The ban comes as ...": the happening named before, its date if it gives one
            return Completed(earlier.actor, earlier.targets, earlier.concerns, again=True)
        if _generic(event, self.support_verbs):
            return None
        if event.frame.requires_actor and not event.actors and event.actor_place is None:
            return None
        actor = self._actor(ctx, event)
        named = self.lists.get(event.frame.actor_list or "")
        if named is not None and not (actor and in_list(index, actor, named)):
            return None
        targets = [] if event.frame.no_target else _parties_first(index, event.targets) or \
            self._like_earlier(ctx, event, actor) or self._fallback_targets(ctx, event, actor)
        if event.cls in self.breaches and event.cause:
            licensors = _licensors(index, event.cause)
            if actor is not None and actor in licensors:
                return None  # the grantor of terms does not breach its own terms
            targets = targets or licensors
        if actor and "Product" in index.classes(actor):  # "Osprey Chat had no mechanism ..., in breach of"
            actor = owner_of(index, actor)
        targets, concerns = _owners_for_products(index, targets, actor)
        if actor is not None:  # "Commerce restricted exports from the United States": its home is no target
            home = index.home_of(actor)
            targets = [t for t in targets if not ("Jurisdiction" in index.classes(t) and t in home)]
        if actor is None and targets and all("Jurisdiction" in index.classes(t) for t in targets):
            return None  # "Americans are barred from ...": no one named acts, against a whole country
        breach_of_a_rule = event.cls in self.breaches and actor is not None and (
            event.cause is not None or event.frame.no_target)
        if not targets and not breach_of_a_rule and (
                event.frame.requires_target or not (actor and "GovernmentBody" in index.classes(actor)
                                                    and (event.cause or event.concerns))):
            # a breach of a named rule needs no one it is against; any other happening does, and told
            # without one it can only date the same happening told with it
            return Completed(actor, [], list(event.concerns), dating_only=True) if actor else None
        if actor is None and not _names_again(event, self.references):
            # "the app was blocked in May": a happening no one is said or found to do is not recorded; "the
            # suspension of its account" is kept, a report of a happening other documents may tell in full
            return None
        done = Completed(actor, targets, list(dict.fromkeys([*event.concerns, *concerns])))
        ctx.completed.append((event, done))
        return done

    def conduct_parties(self, ctx: DocContext, event: RawEvent) -> list[RawEvent]:
        """"The commission concluded that the practice breached the Act": a breach by unnamed conduct is one
        by each party the finder (else the latest body to act) last acted against."""
        if event.cls not in self.breaches or event.actors:
            return [event]
        trigger = event.trigger
        subjects = verb_subjects(trigger) if trigger.pos_ in ("VERB", "AUX") else []
        if not any(s.lemma_.lower() in self.conduct and any(c.dep_ in ("det", "poss") for c in s.children)
                   for s in subjects):
            return [event]
        judge = next((ctx.index.key_of(s) for v in trigger.ancestors if v.lemma_.lower() in self.judging
                      for s in verb_subjects(v)), None)
        earlier = [c for e, c in ctx.completed if e.trigger.i < trigger.i and c.targets and c.actor
                   and (c.actor == judge or (judge is None and "GovernmentBody" in ctx.index.classes(c.actor)))]
        if not earlier:
            return [event]
        fire(trigger, self.conduct_rule)
        parties = [t for t in earlier[-1].targets if ctx.index.classes(t) & {"Company", "Organization", "Provider"}]
        return [replace(event, actors=[p]) for p in parties] or [event]

    # ------------------------------------------------------------------ the actor
    def _actor(self, ctx: DocContext, event: RawEvent) -> str | None:
        actors = event.actors or self._sibling_actor(ctx, event) or self._speakers_organisation(ctx, event)
        if not actors and event.actor_place:  # "Italy banned ...", "Italy's regulator opened ..."
            place = event.actor_place
            actors = _government_of(ctx.index, place, self.gazetteer) or self._place_government(ctx, place)
        elif not actors and not event.actor_unnamed:
            actors = self._fallback_actor(ctx, event)
        place = self.governed_place(ctx.index, actors[0]) if actors else None
        if place and not self._named_government(ctx, event, actors[0]):
            actors = _government_of(ctx.index, place, self.gazetteer) or actors  # "Washington": the body the text names
        return _most_specific(ctx, actors[0], event.trigger) if actors else None

    def _speakers_organisation(self, ctx: DocContext, event: RawEvent) -> list[str]:
        """"'... our partnership with Microsoft intact,' said Dana Whitfield, Nimbus's chief executive": a
        first-person possessor or subject of the trigger is the organisation of who says the sentence."""
        trigger = event.trigger
        first_person = [c for c in trigger.children if c.dep_ in ("poss", "nsubj") and c.lower_ in self.first_person]
        if not first_person:
            return []
        index = ctx.index
        for token in trigger.sent:
            if token.lemma_.lower() not in self.speech_verbs:
                continue
            for speaker in verb_subjects(token):
                key = index.key_of(speaker)
                employers = [r.object for r in index.state.relations if r.subject == key and r.predicate == "worksFor"]
                found = [key] if key and index.fits(key, ("org",)) else employers[:1]
                found = [k for k in found if index.fits(k, event.frame.actor.group)]  # a company controls no exports
                if found:
                    fire(trigger, self.speakers_rule)
                    return found  # type: ignore[return-value]
        return []

    def governed_place(self, index: DocIndex, actor: str) -> str | None:
        """For a government as a whole ("Washington", "the U.S. government"), the key of its place."""
        entity = index.state.entities.get(actor)
        entry = self.gazetteer.entries.get(entity.kb_id or "") if entity is not None else None
        return f"kb:{entry.government_of}" if entry is not None and entry.government_of else None

    def _named_government(self, ctx: DocContext, event: RawEvent, actor: str) -> bool:
        """The sentence names the actor as a government ("the U.S. government"), not by its seat or place."""
        token_key = ctx.index.token_key
        return any(t.lower_ in self.government_nouns and token_key.get(t.i) == actor  # not "EU governments"
                   for t in event.trigger.sent)

    def _place_government(self, ctx: DocContext, place: str) -> list[str]:
        """A place that acts is its government ("<place> government"), when no body of it is named."""
        state = ctx.index.state
        entity = state.entities.get(place)
        government = self.gazetteer.government_of(entity.kb_id) if entity is not None and entity.kb_id else None
        if government is None:
            return []
        key = ensure_kb_entity(state, government)
        state.relations.append(Relation(key, "jurisdiction", place, self.kb_evidence, from_kb=True))
        return [key]

    def _sibling_actor(self, ctx: DocContext, event: RawEvent) -> list[str]:
        """"X suspended Y's account pending an investigation": the investigation is X's too."""
        if event.cls not in self.sibling or event.modality in UNASSERTED:
            return []
        acting = self.provider | self.government
        return next((other.actors[:1] for other in ctx.siblings(event) if other.actors and other.cls in acting), [])

    def _fallback_actor(self, ctx: DocContext, event: RawEvent) -> list[str]:
        index = ctx.index
        targets_orgs = any(index.classes(t) & {"Company", "Organization", "Product"} for t in event.targets)
        if event.cls in self.provider and targets_orgs:
            found = self._provider_actor(ctx, event)
            if found is not None:
                return found
        if event.cls in self.government | self.shared:
            found = self._government_actor(ctx, event)
            if found is not None:
                return found
        provider = ctx.principal_provider
        if event.cls in self.probes and provider and provider not in event.targets:
            return [provider]
        return []

    def _in_sentence(self, ctx: DocContext, event: RawEvent, cls: str) -> list[str]:
        return [k for k in ctx.index.mentions_in(event.trigger.sent)
                if cls in ctx.index.classes(k) and k not in event.targets]

    def _provider_actor(self, ctx: DocContext, event: RawEvent) -> list[str] | None:
        """A provider named in the sentence; for a shared action a government body there; else the
        provider the document is about, if named nearby (and not outnumbered by a government)."""
        in_sentence = self._in_sentence(ctx, event, "Provider")
        if in_sentence:
            return in_sentence[:1]
        shared = event.cls in self.shared
        gov_in_sentence = self._in_sentence(ctx, event, "GovernmentBody")
        if shared and gov_in_sentence:
            return gov_in_sentence[:1]
        provider, gov = ctx.principal_provider, ctx.principal_gov
        if provider and provider not in event.targets and provider in ctx.index.keys_near(event.trigger, 2) and \
                not (shared and gov and ctx.mentions(gov) > ctx.mentions(provider)):
            return [provider]
        return None

    def _government_actor(self, ctx: DocContext, event: RawEvent) -> list[str] | None:
        """A government body named in the sentence, else the one the document is about ([]: no one)."""
        gov_in_sentence = self._in_sentence(ctx, event, "GovernmentBody")
        if gov_in_sentence:
            return gov_in_sentence[:1]
        provider, gov = ctx.principal_provider, ctx.principal_gov
        if event.cls in self.shared and gov and provider and ctx.mentions(gov) < ctx.mentions(provider):
            return []  # a document about a provider: its unnamed ban is not the government's
        # "Montana's ban on TikTok ... The law would have barred app stores": the government that last
        # acted in the story before, else the one the document names most
        acting = [c.actor for e, c in ctx.completed if c.actor and e.trigger.i < event.trigger.i
                  and "GovernmentBody" in ctx.index.classes(c.actor) and c.actor not in event.targets]
        if acting:
            return acting[-1:]
        if gov and gov not in event.targets:
            return [gov]
        return None

    # ------------------------------------------------------------------ the target
    def _answered(self, ctx: DocContext, event: RawEvent, actor: str) -> list[str]:
        """An appeal or a challenge: the issuer of the instrument challenged, else who last acted
        against the appellant ("fined X ... X said it would appeal")."""
        index = ctx.index
        for thing in acted_on(event.trigger):
            key = index.key_of(thing)
            issuers = [r.object for r in index.state.relations if r.subject == key and r.predicate == "issuedBy"]
            if key and issuers:
                return issuers[:1]
        earlier = [c for e, c in ctx.completed if e.trigger.i < event.trigger.i and actor in c.targets and c.actor
                   and c.actor != actor]
        if earlier:
            return [earlier[-1].actor]  # type: ignore[list-item]
        # a body's act against the appellant that is no risk event itself ("designated X under Section 19a")
        bodies = [e.actors[0] for e in ctx.raw if e.trigger.i < event.trigger.i and actor in e.targets and e.actors
                  and e.actors[0] != actor and "GovernmentBody" in index.classes(e.actors[0])]
        if bodies:
            return bodies[-1:]
        # "X's appeal against its designation": a body's act no one is said to do, of the body the story is about
        against = prep_objects(event.trigger, "against")
        if ctx.principal_gov and ctx.principal_gov != actor and any(
                t.lemma_.lower() in self.appealed_acts for t in against):
            fire(event.trigger, self.appealed_rule)
            return [ctx.principal_gov]
        return []

    def _like_earlier(self, ctx: DocContext, event: RawEvent, actor: str | None) -> list[str]:
        """"The Netherlands announced similar restrictions": against whom the latest earlier
        happening of the same class was."""
        trigger = event.trigger
        if not any(c.dep_ == "amod" and c.lower_ in self.similar for c in trigger.children):
            return []
        earlier = [c for e, c in ctx.completed if e.trigger.i < trigger.i and e.cls == event.cls
                   and [t for t in c.targets if t != actor]]
        if not earlier:
            return []
        fire(trigger, self.similar_rule)
        return [t for t in earlier[-1].targets if t != actor]

    def _continued(self, ctx: DocContext, event: RawEvent, actor: str) -> list[str]:
        """An investigation by a named actor that names nothing it looks into: whom the actor last
        acted against in the story, else the buyer of the latest deal told before ("The commission
        also opened a separate investigation")."""
        before = [(e, c) for e, c in ctx.completed if e.trigger.i < event.trigger.i]
        own = [t for e, c in before if c.actor == actor for t in c.targets if t != actor]
        if own:
            return own[-1:]
        return [c.actor for e, c in before if e.cls in self.deal_events and c.actor and c.actor != actor][-1:]

    def _deal_maker(self, ctx: DocContext, event: RawEvent, actor: str | None) -> list[str]:
        """"blocked the deal", "sued to block the deal": the buyer of the latest acquisition before."""
        trigger = event.trigger
        aims = [c for c in trigger.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]  # "sued to block the deal"
        acted = [*acted_on(trigger), *(o for c in aims for o in acted_on(c))]
        if not any(t.lemma_.lower() in self.deal_nouns and any(c.dep_ in ("det", "poss") for c in t.children)
                   for t in acted):
            return []
        earlier = [c.actor for e, c in ctx.completed if e.trigger.i < trigger.i and e.cls in self.deal_events
                   and c.actor and c.actor != actor]
        return earlier[-1:]

    def _fallback_targets(self, ctx: DocContext, event: RawEvent, actor: str | None) -> list[str]:
        index = ctx.index
        deal = self._deal_maker(ctx, event, actor)
        if deal:
            return deal
        if event.cls in self.answers and actor:
            answered = self._answered(ctx, event, actor)
            if answered:
                return answered
        if event.cls in self.continued and actor and event.actors and not acted_on(event.trigger) \
                and not prep_objects(event.trigger, "into"):
            continued = self._continued(ctx, event, actor)
            if continued:
                return continued
        acting = self.provider | self.government
        holders = _licence_holders(index, event.trigger)
        if holders and event.cls in acting:  # "Google suspended Huawei's licence"
            return [h for h in holders if h != actor][:1]
        siblings = [t for e in ctx.siblings(event) for t in e.targets]
        on_access = event.cls in self.provider and self._acts_on_access(event.trigger)
        if siblings and (event.cls in self.government or on_access):
            return [t for t in dict.fromkeys(siblings) if t != actor][:1]
        if on_access and actor:
            # a ban or suspension of an account, access or an app acts against a company or product, not
            # against one who does it together with the actor ("X and Y removed the app from their stores")
            co_actors = {a for e in ctx.siblings(event) if e.trigger.i == event.trigger.i for a in e.actors}
            parties = [k for k in index.mentions_in(event.trigger.sent) if k != actor and k != event.cause
                       and k not in co_actors
                       and index.classes(k) & {"Company", "Product"} and "Provider" not in index.classes(k)]
            if parties:
                return parties[:1]
        if event.cls in self.government | self.shared:
            own = (index.home_of(actor) if actor else set()) | {event.actor_place}
            sent = event.trigger.sent
            clause = set(_clause_of(event.trigger))
            # "to all destinations except A": A is spared; "U.S. chipmaker X", "a U.S. push", "Russia's
            # biggest chip maker": a home, not a party; "a trader accused of routing chips to Russia": a
            # clause about something else
            organisations = index.rules.organisation_nouns if event.cls in self.party_actions else frozenset()
            left_out = index.excepted(sent) | {t.i for t in sent if t.i in index.mention_root and (
                (t.dep_ in PLACE_MODIFIER_DEPS and t.head.pos_ in ("NOUN", "PROPN"))
                or (t.dep_ == "poss" and t.head.lemma_.lower() in organisations))}
            places = [k for k in index.mentions_in(t for t in sent if t.i not in left_out and t.i in clause)
                      if "Jurisdiction" in index.classes(k)
                      and index.state.entities[k].iso and k not in own]  # a country, not the actor's own
            return places[:1]
        return []

    def _acts_on_access(self, trigger: Token) -> bool:
        """Whether what the trigger acts on is someone's access, account, app, sales ... (or unsaid):
        "banning the chatbot" is against its maker, "cut prices" or "block the deal" is against no one."""
        return all(t.lemma_.lower() in self.access_nouns or t.pos_ == "PROPN" for t in acted_on(trigger))

    def at_stake(self, index: DocIndex, cls: str, actor: str | None, target: str | None) -> list[str]:
        """A provider acting against a customer puts at stake the customer's projects and products that
        depend on that provider or on what it provides ("OpenAI suspended ByteDance" -> Project Seed)."""
        if cls not in self.provider or not actor or not target:
            return []
        relations = index.state.relations
        supplied = {actor} | {r.object for r in relations if r.predicate == "provides" and r.subject == actor}
        owned = {r.object for r in relations if r.predicate in ("develops", "parentOf") and r.subject == target}
        return [r.subject for r in relations if r.predicate == "dependsOn" and r.subject in owned
                and r.object in supplied]


# ---------------------------------------------------------------------- document readings
def _referred(ctx: DocContext, event: RawEvent, determiners: frozenset[str]) -> Completed | None:
    """A definite event noun with no party of its own ("the ban", "the suspension") after an event of
    the same class with a target names that happening again: the completed earlier event."""
    trigger = event.trigger
    if trigger.pos_ != "NOUN" or event.actors or event.targets or event.actor_place:
        return None
    if not _names_again(event, determiners):
        return None
    earlier = [c for e, c in ctx.completed if e.trigger.i < trigger.i and e.cls == event.cls and c.targets]
    return earlier[-1] if earlier else None


def _sub_agencies(index: DocIndex) -> dict[str, set[str]]:
    """parent -> the organisations this document or the knowledge base puts under it."""
    children: dict[str, set[str]] = {}
    for r in index.state.relations:
        if r.predicate == "parentOf" and "GovernmentBody" in index.classes(r.object):
            children.setdefault(r.subject, set()).add(r.object)
    return children


def _principal(index: DocIndex, cls: str, children: dict[str, set[str]]) -> str | None:
    """The organisation of ``cls`` the document is mostly about (a press release's agency); the
    most specific agency when a department and its bureau are both mentioned."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in index.state.mentions:
        if cls in index.classes(m.key):
            counts[m.key] += 1
            first.setdefault(m.key, m.start)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))  # on a tie, the one named first (the lead)
    for _ in range(3):
        sub = [c for c in children.get(best, set()) if c in counts]
        if not sub:
            break
        best = max(sub, key=lambda k: (counts[k], -first[k]))
    return best


def _most_specific(ctx: DocContext, actor: str, trigger: Token) -> str:
    """"Commerce's Bureau of Industry and Security added ...": the bureau acts, not the department."""
    in_sentence = set(ctx.index.mentions_in(trigger.sent))
    for _ in range(3):
        sub = sorted(ctx.children.get(actor, set()) & in_sentence)
        if not sub:
            break
        actor = sub[0]
    return actor


def _government_of(index: DocIndex, place: str, gazetteer: Gazetteer) -> list[str]:
    """The body of ``place`` the document names most (a ministry, an agency), not the government as
    a whole, if any."""
    def whole(key: str) -> bool:
        entry = gazetteer.entries.get(index.state.entities[key].kb_id or "")
        return entry is not None and entry.government_of is not None

    counts = Counter(m.key for m in sorted(index.state.mentions, key=lambda m: m.start)  # a tie: the first named
                     if "GovernmentBody" in index.classes(m.key) and place in index.home_of(m.key)
                     and not whole(m.key))
    return [counts.most_common(1)[0][0]] if counts else []


def _parties_first(index: DocIndex, targets: list[str]) -> list[str]:
    """Places among the targets are where the parties are ("Tai Hang, a Hong Kong company") when a
    party is named too; a place only a city or region names is never a target by itself."""
    parties = [t for t in targets if "Jurisdiction" not in index.classes(t)]
    if parties:
        return parties
    return [t for t in targets if index.state.entities[t].iso]


def _licence_holders(index: DocIndex, trigger: Token) -> list[str]:
    """The licensees of a licence the trigger acts on ("revoked X's export licence")."""
    licences = [k for t in acted_on(trigger) if (k := index.key_of(t)) and "License" in index.classes(k)]
    return [r.object for r in index.state.relations if r.predicate == "licensee" and r.subject in licences]


def _licensors(index: DocIndex, licence: str) -> list[str]:
    return [r.object for r in index.state.relations if r.subject == licence and r.predicate == "licensor"][:1]


def owner_of(index: DocIndex, product: str) -> str | None:
    """Who develops, provides or owns a product, as this document (then the knowledge base) says."""
    for from_kb in (False, True):
        for r in index.state.relations:
            if r.object == product and r.from_kb == from_kb and r.predicate in OWNING_PREDICATES:
                return r.subject
    return None


def _owners_for_products(index: DocIndex, targets: list[str], actor: str | None) -> tuple[list[str], list[str]]:
    """A ban on OpenAI's ChatGPT acts against OpenAI, concerning ChatGPT: (targets, concerns).
    A product of the actor itself (Google suspending a licence for its Android) is only concerned."""
    owned: list[str] = []
    concerns: list[str] = []
    for target in targets:
        owner = owner_of(index, target) if "Product" in index.classes(target) else None
        if owner:
            concerns.append(target)
            if owner == actor:
                continue
            target = owner
        if target not in owned:
            owned.append(target)
    return [t for t in owned if t != actor], concerns  # only the actor's own products: no one it is against


def _names_again(event: RawEvent, determiners: frozenset[str]) -> bool:
    """Whether the trigger is a definite event noun ("the suspension", "its ban")."""
    trigger = event.trigger
    return trigger.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in determiners
                                          for c in trigger.children)


def _generic(event: RawEvent, support_verbs: frozenset[str]) -> bool:
    """A bare plural event noun with no party of its own that no verb of carrying out takes ("said it
    opposes unilateral sanctions", "bans rarely work") speaks of such events, not of one."""
    trigger = event.trigger
    if trigger.pos_ != "NOUN" or trigger.tag_ != "NNS" or event.actors or event.targets or event.actor_place:
        return False
    if any(c.dep_ in ("det", "poss", "prep", "nummod") for c in trigger.children):
        return False
    verb = governing_verb(trigger)
    return verb is None or verb.lemma_.lower() not in support_verbs


def _clause_of(trigger: Token) -> list[int]:
    """Indices of the trigger's own clause: the sentence less the clauses that modify a noun in it and
    the participle clauses that comment on it ("..., widening its campaign to cut Russia off")."""
    inner = {t.i for c in trigger.sent if (c.dep_ in ("acl", "relcl") or (c.dep_ == "advcl" and c.tag_ == "VBG"))
             and not c.is_ancestor(trigger) and c != trigger for t in c.subtree}
    return [t.i for t in trigger.sent if t.i not in inner]
