"""Verb and noun frames (``lexicons/frames.yaml``), interpreted: a trigger word whose syntactic
arguments give a relation ("X develops Y") or a risk event ("X suspends Y's account").

Frames are compiled once per lexicon into a table lemma -> frames, with each argument's kinds
resolved against the registry of ``arguments``. Events found here are raw (one per trigger);
``rg_events`` completes, dates and merges them.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from riskgraph.ingest.components import arguments
from riskgraph.ingest.components.arguments import ArgContext, Kind
from riskgraph.ingest.components.layout import in_dateline, in_dateline_credit
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.lexicon_schema import ArgSpec, EventFrame, NamedList, RelationFrame
from riskgraph.ingest.components.mentions import DocIndex, index_of, mention_rules
from riskgraph.ingest.components.modality import modality_of
from riskgraph.ingest.components.raw_events import RawEvent
from riskgraph.ingest.components.state import doc_state, evidence_for, fire
from riskgraph.ingest.components.syntax import prep_objects
from riskgraph.ingest.model import UNASSERTED, Relation

EXTRACTOR = "frames"
AGENT_PREPOSITIONS = frozenset({"by", "from"})  # "banned by X", "an investigation from X": X may act


@lru_cache(maxsize=64)
def compiled(spec: ArgSpec) -> tuple[tuple[Kind, str], ...]:
    """An argument's kinds, looked up once in the registry."""
    return tuple(arguments.parse(s) for s in spec.arg)


def in_list(index: DocIndex, key: str, named: NamedList) -> bool:
    """Whether an entity is on a named list (by knowledge-base id or a word of its name)."""
    entity = index.state.entities.get(key)
    if entity is None:
        return False
    if entity.kb_id and entity.kb_id in named.kb_ids:
        return True
    return any(w.lower() in entity.name.lower() for w in named.name_words)


class FrameExtractor:
    def __init__(self, lexicon: Lexicon, version: str) -> None:
        self.lexicon = lexicon
        self.version = version
        self.modality = modality_of(lexicon)
        frames = lexicon.frames
        self.relation_frames: dict[str, list[RelationFrame]] = _by_lemma(frames.relations)
        self.event_frames: dict[str, list[EventFrame]] = _by_lemma(frames.events)
        self.lists = {n.name: n for n in frames.named_lists}
        self.list_window = frames.settings.list_window_sentences
        words = lexicon.arguments
        self.ctx = ArgContext(bearer_verbs=frozenset(words.bearer_verbs.words),
                              judging_verbs=frozenset(words.judging_verbs.words),
                              grounds_prepositions=frozenset(words.grounds_prepositions.words),
                              accusing_verbs=frozenset(words.accusing_verbs.words),
                              grounds_nouns=frozenset(words.grounds_nouns.words),
                              complex_preposition_nouns=frozenset(words.complex_preposition_nouns.words),
                              control_verbs=frozenset(words.control_verbs.words),
                              compelling_verbs=frozenset(words.compelling_verbs.words),
                              business_nouns=frozenset(words.business_nouns.words),
                              supplying_verbs=frozenset(words.supplying_verbs.words),
                              using_verbs=frozenset(words.using_verbs.words))
        self.actor_ctx = self.ctx.for_role(True, frozenset(words.support_verbs.words))
        self.generic_actors = frozenset(words.generic_actor_nouns.words)
        self.description_nouns = frozenset(mention_rules(lexicon).coref.description_nouns)
        self.instrument_rule = lexicon.events.instrument_subjects.name
        self.share_words = frozenset(words.share_words.words)
        mention_rules(lexicon).groups.require("org", "asset")

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = index_of(doc, self.lexicon)
        raw: list[RawEvent] = []
        for token in index.tokens:
            lemma = token.lemma_.lower()
            for frame in self.relation_frames.get(lemma, ()):
                if token.pos_ in frame.pos:
                    self._relation(index, token, frame)
            events = [e for f in self.event_frames.get(lemma, ()) if token.pos_ in f.pos
                      and (e := self._event(index, token, f)) is not None]
            raw += _most_specific(events)
        state.raw_events = raw
        return doc

    # ------------------------------------------------------------------ arguments
    def _tokens(self, token: Token, spec: ArgSpec, ctx: ArgContext) -> Iterator[tuple[Kind, str, list[Token]]]:
        for kind, word in compiled(spec):
            yield kind, word, kind.function(token, ctx, word)

    def _fill(self, index: DocIndex, token: Token, spec: ArgSpec, *, actor: bool = False,
              besides: Sequence[str] = ()) -> list[str]:
        """The entities of the first argument kind that gives any other than ``besides`` ("stop offering
        its services in Russia": the services are the actor's own, so the place is the target)."""
        found: list[str] = []
        for kind, word, tokens in self._tokens(token, spec, self.actor_ctx if actor else self.ctx):
            groups = (word,) if kind.word_is_group else spec.group
            for tok in tokens:
                for key in index.entities_for(tok, groups, owner_fallback=kind.owner_fallback):
                    if key not in found and key not in besides:
                        found.append(key)
            if found:
                break
        return found

    # ------------------------------------------------------------------ relations
    def _relation(self, index: DocIndex, token: Token, frame: RelationFrame) -> None:
        if token.pos_ == "NOUN" and (key := index.token_key.get(token.i)) and index.fits(key, ("instrument",)):
            return  # "a licence agreement with X" is a licence, not a partnership
        subjects = self._fill(index, token, frame.subject)
        objects = self._fill(index, token, frame.object)
        if not objects and frame.pair_conjoined_subjects and len(subjects) > 1:
            subjects, objects = subjects[:1], subjects[1:]  # "Meta and Microsoft teamed up"
        if not subjects or not objects:
            return
        modality = self.modality.of(token)
        evidence = evidence_for(token.sent, EXTRACTOR, frame.confidence * modality.factor, self.version,
                                modality.name, frame.name)
        for s in subjects:
            for o in objects:
                if s != o:
                    subject, obj = (o, s) if frame.inverse else (s, o)
                    index.state.relations.append(Relation(subject, frame.predicate, obj, evidence))

    # ------------------------------------------------------------------ events
    def _event(self, index: DocIndex, token: Token, frame: EventFrame) -> RawEvent | None:
        if not _conditions_hold(index, token, frame) or self.modality.hypothetical(token):
            return None
        if token.pos_ == "VERB" and token.dep_ == "amod":
            return None  # "restricted Nvidia accelerators", "the banned app": a state, not an act
        if not self._acts_on_what_it_should(index, token, frame):
            return None
        if _fills_any(token, frame.forbids_arg, self.ctx):
            return None  # "banned sales of X to Russia": a destination makes it another frame's
        if frame.requires_arg and not _fills_any(token, frame.requires_arg, self.ctx):
            return None  # "banned sales of X": with no destination, no export control
        if frame.requires_doc_word and not any(w in index.doc.text.lower() for w in frame.requires_doc_word):
            return None
        actors = self._fill(index, token, frame.actor, actor=True)
        unnamed, actor_place = self._unnamed_actor(index, token, frame) if not actors else (False, None)
        if actor_place is not None and not index.groups.fits({"GovernmentBody", "Organization"}, frame.actor.group):
            return None  # a place acts through its government, which this frame's actor cannot be
        targets = self._fill(index, token, frame.target, besides=actors) if frame.target else []
        causes = self._fill(index, token, frame.cause) if frame.cause else []
        listed, cause = self._listed_cause(index, token, frame, causes[0] if causes else None)
        if not listed:
            return None
        targets = [t for t in targets if t not in actors and t != cause]
        concerns = [k for k in index.mentions_in(token.sent) if index.fits(k, ("asset",)) and k not in targets]
        modality = self.modality.of(token)
        status = "denied" if modality.name in UNASSERTED else frame.status or self.modality.status_of(token)
        fire(token, frame.name)
        return RawEvent(cls=frame.type, trigger=token, frame=frame, actors=actors, targets=targets, cause=cause,
                        concerns=concerns, status=status, confidence=frame.confidence * modality.factor,
                        modality=modality.name, actor_unnamed=unnamed, actor_place=actor_place)

    def _listed_cause(self, index: DocIndex, token: Token, frame: EventFrame, cause: str | None
                      ) -> tuple[bool, str | None]:
        """For a frame that needs its cause on a list: whether it has one, and which. An addition
        that names no list is taken under the list the passage is about: named in this sentence or
        the few before it ("The removal of A, B and C will ..."), not anywhere in the document."""
        named = self.lists.get(frame.cause_list or "")
        if named is None or (cause and in_list(index, cause, named)):
            return True, cause
        if cause is not None or frame.cause_in_sentence:
            return False, cause  # taken under another instrument than this frame's
        nearby = index.keys_near(token, self.list_window)
        cause = next((k for k in index.state.entities if k in nearby and in_list(index, k, named)), None)
        return cause is not None, cause

    def _acts_on_what_it_should(self, index: DocIndex, token: Token, frame: EventFrame) -> bool:
        """"restricted exports of X", "sold its unit": what the trigger acts on is one of the frame's
        words (or, with or_named_object, a named organisation)."""
        if not frame.requires_object_lemma:
            return True
        kinds = ("object", "noun_prep:of") if token.pos_ == "NOUN" else ("object", "subject")
        objects = [t for spec in kinds for t in arguments.fill(spec, token, ArgContext())]
        objects += [o for t in objects if t.like_num or t.lower_ in self.share_words
                    for o in prep_objects(t, "of")]  # "sell 86% of X": X is sold
        named = frame.or_named_object and any(
            t.pos_ == "PROPN" and index.entities_for(t, ("org",), owner_fallback=False) for t in objects)
        return named or any(t.lemma_.lower() in frame.requires_object_lemma and not (
            frame.unnamed_object and (k := index.token_key.get(t.i)) and index.fits(k, ("instrument",)))
            for t in objects)

    def _unnamed_actor(self, index: DocIndex, token: Token, frame: EventFrame) -> tuple[bool, str | None]:
        """Whether the actor argument is filled by a noun or name (not a pronoun) that is no entity of
        the actor's kind; and the place it stands for when it is a place ("Beijing banned ...") or a
        body of one ("Italy's antitrust authority")."""
        for kind, _, tokens in self._tokens(token, frame.actor, self.actor_ctx):
            if kind.word_is_group:
                continue
            for tok in tokens:
                found = self._unnamed(index, tok)
                if found is not None:
                    return found
        return False, None

    def _unnamed(self, index: DocIndex, tok: Token) -> tuple[bool, str | None] | None:
        if tok.dep_ == "pobj" and tok.head.lower_ not in AGENT_PREPOSITIONS and not any(
                c.dep_ == "relcl" for c in tok.children):  # "a group of creators who had challenged": an agent
            return None  # "in effect banning ...": a phrase, not an agent
        key = index.key_of(tok)
        if key and "Jurisdiction" in index.classes(key):
            return True, key
        if key and index.fits(key, ("instrument",)):
            fire(tok, self.instrument_rule)
            return None  # "those controls restricted exports": whoever issued them, found from the story
        lemma = tok.lemma_.lower()
        if lemma in self.description_nouns:
            place = index.references.place_of_description(tok)
            return (True, place) if place is not None else None  # "the regulator": the context may resolve it
        if tok.pos_ in ("PROPN", "NOUN") and lemma not in self.generic_actors and not in_dateline(tok) \
                and not in_dateline_credit(tok):
            return True, None
        return None


def _fills_any(token: Token, kinds: tuple[str, ...], ctx: ArgContext) -> bool:
    """Whether any of these argument kinds finds a word for the trigger."""
    return any(arguments.fill(kind, token, ctx) for kind in kinds)


def _conditions_hold(index: DocIndex, token: Token, frame: EventFrame) -> bool:
    sentence = index.lowered_sentence(token)
    if frame.requires_word and frame.requires_word not in sentence:
        return False
    if frame.requires_any_word and not any(w in sentence for w in frame.requires_any_word):
        return False
    if frame.requires_head_lemma and (token.dep_ not in ("xcomp", "pcomp", "ccomp")
                                      or token.head.lemma_.lower() not in frame.requires_head_lemma):
        return False
    if frame.requires_adverb_lemma and not any(c.dep_ == "advmod" and c.lower_ in frame.requires_adverb_lemma
                                               for c in token.children):
        return False
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    return not frame.requires_modifier_lemma or bool(modifiers & set(frame.requires_modifier_lemma))


def _conditioned(frame: EventFrame) -> bool:
    return bool(frame.requires_word or frame.requires_any_word or frame.requires_head_lemma
                or frame.requires_modifier_lemma or frame.requires_adverb_lemma or frame.requires_object_lemma
                or frame.cause_list or frame.requires_arg
                or frame.actor_list)


def _most_specific(events: list[RawEvent]) -> list[RawEvent]:
    """On one trigger word, a frame whose conditions hold and that found its actor (or the list it
    needs) wins over the frames without conditions."""
    specific = [e for e in events if _conditioned(e.frame) and (e.actors or e.actor_place or
                                                              (e.frame.cause_list and e.cause))]
    if specific:
        return specific
    plain = [e for e in events if not _conditioned(e.frame)]
    return plain or events


def _by_lemma(frames: tuple[RelationFrame, ...] | tuple[EventFrame, ...]) -> dict:
    table: dict = {}
    for frame in frames:
        for lemma in frame.lemmas:
            table.setdefault(lemma, []).append(frame)
    return table


@Language.factory(
    "rg_frames",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep", "token.lemma"],
    default_config={"lexicon": "", "version": "0"},
)
def make_frames(nlp: Language, name: str, lexicon: str, version: str) -> FrameExtractor:
    return FrameExtractor(load_lexicon(lexicon), version)
