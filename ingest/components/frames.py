"""Verb and noun frames (lexicons/frames.yaml): trigger words whose syntactic arguments give
relations ("X develops Y") and risk events ("X suspends Y's account").

Events found here are raw (one per trigger); ``rg_events`` fills missing actors and dates, merges
one happening mentioned several times, and derives the relations an event implies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from riskgraph.ingest.components.entities import load_lexicon
from riskgraph.ingest.components.modality import Modality, load_modality
from riskgraph.ingest.components.state import doc_state, evidence_for
from riskgraph.ingest.components.syntax import (
    DEFINITE_GOV_NOUNS,
    DEFINITE_ORG_NOUNS,
    DocIndex,
    governing_verb,
    is_passive,
    noun_possessors,
    prep_objects,
    sentence_subject,
    verb_objects,
    verb_subjects,
)
from riskgraph.ingest.model import Relation

EXTRACTOR = "frames"
# subjects that name no one in particular: "the move banned ...", "the decision suspended ..."
GENERIC_ACTORS = {"move", "decision", "order", "rule", "action", "report", "step", "measure", "policy", "law",
                  "bill", "ruling", "investigation", "probe", "review", "ban", "suspension", "it", "deal"}


@dataclass
class RawEvent:
    """An event trigger with its arguments; completed and merged by the events component."""

    cls: str
    trigger: Token
    actors: list[str]
    targets: list[str]
    cause: str | None
    concerns: list[str]
    status: str | None
    confidence: float
    modality: str = "asserted"
    frame: dict = field(repr=False, default_factory=dict)
    actor_unnamed: bool = False  # the text names an actor the extraction could not resolve ("Arm sued ...")
    actor_place: str | None = None  # ... as a place or a body of that place ("Italy's regulator", "Beijing")


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]


def bearer_verb(token: Token, bearer_verbs: frozenset[str]) -> Token | None:
    """For an event noun, the verb whose subject undergoes it: "X faces an investigation by Y",
    "X came under scrutiny", "X is under review"."""
    if token.pos_ in ("VERB", "AUX"):
        return None
    head = token.head
    if token.dep_ == "dobj" and head.lemma_.lower() in bearer_verbs:
        return head
    if token.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def arguments(token: Token, name: str, bearer_verbs: frozenset[str] = frozenset(),
              support_verbs: frozenset[str] | None = None) -> list[Token]:
    """The tokens filling argument ``name`` of a trigger (see the header of frames.yaml).

    ``support_verbs``: for an event noun, the verbs whose subject carries it out ("X imposed a
    ban"); the subject of any other verb ("X criticised the ban") is not its actor. None: any verb.
    """
    is_verb = token.pos_ in ("VERB", "AUX")
    if name == "bearer":
        verb = bearer_verb(token, bearer_verbs)
        return verb_subjects(verb) if verb is not None else []
    if name == "sanctioned":  # "suspended X's account over breaches of ..." -> X breached
        head = token.head
        if is_verb or token.dep_ != "pobj" or head.lower_ not in ("over", "for", "after") or head.head.i == token.i:
            return []
        acted = head.head
        if acted.pos_ in ("VERB", "AUX"):
            return verb_objects(acted)
        return noun_possessors(acted) or prep_objects(acted, "of") or prep_objects(acted, "on")
    if name == "adj_subject":  # "X is dependent on Y", "leaves X dependent on Y"
        if token.pos_ != "ADJ":
            return []
        head = token.head
        if token.dep_ == "acomp":
            return verb_subjects(head)
        if token.dep_ in ("oprd", "advmod", "ccomp", "xcomp") and head.pos_ in ("VERB", "AUX"):
            return [c for c in head.children if c.dep_ == "dobj"] or [c for c in token.children if c.dep_ == "nsubj"]
        return [head] if token.dep_ == "amod" else []
    if name == "passive_subject":  # "X is built on Y": the one built, not the builder
        return verb_objects(token) if is_verb and is_passive(token) else []
    if name == "subject":
        if is_verb:
            return verb_subjects(token)
        verb = governing_verb(token)
        if verb is None or token.dep_ not in ("dobj", "attr") or bearer_verb(token, bearer_verbs) is not None:
            return []  # who faces an investigation is not its actor
        if support_verbs is not None and verb.lemma_.lower() not in support_verbs:
            return []
        return verb_subjects(verb)
    if name == "object":
        return verb_objects(token) if is_verb else []
    if name == "head":
        return [token.head] if token.dep_ in ("acl", "relcl", "amod") and token.head.i != token.i else []
    if name == "poss":
        return noun_possessors(token)
    if name == "sentence_subject":
        return sentence_subject(token)
    if name == "dative":
        return [c for c in token.children if c.dep_ == "dative"]
    if name == "purpose":  # "using X as a foundation for Y", "using X for Y"
        found = prep_objects(token, "for")
        for as_obj in prep_objects(token, "as"):
            found += prep_objects(as_obj, "for")
        return found
    if name == "appos_of":
        return [token.head] if token.dep_ == "appos" else []
    if name.startswith("prep:"):  # "invested $10 billion in OpenAI": the parser may hang it on the object
        found = prep_objects(token, name[5:])
        for filler in [f for f in found if f.lower_ in ("top", "basis", "back")]:  # "built on top of Y"
            found = [f for f in found if f is not filler] + prep_objects(filler, "of")
        if not found and is_verb:
            found = [t for obj in verb_objects(token) for t in prep_objects(obj, name[5:])]
        return found
    if not is_verb:  # "filed a lawsuit ... against Google": the preposition may hang from the verb
        found = prep_objects(token, name)
        verb = governing_verb(token)
        if not found and verb is not None and token.dep_ in ("dobj", "nsubjpass"):
            found = prep_objects(verb, name)
        return found
    return []


class FrameExtractor:
    def __init__(self, frames: dict, modality: Modality, version: str) -> None:
        self.version = version
        self.modality = modality
        self.relation_frames = self._index(frames.get("relations", []))
        self.event_frames = self._index(frames.get("events", []))
        self.sanctions = frames.get("sanctions_authority", {})
        self.groups = {k: v for k, v in frames.items() if isinstance(v, dict)}
        self.bearer_verbs = frozenset(frames.get("bearer_verbs", []))
        self.list_window = int(frames.get("list_window_sentences", 3))
        self.support_verbs = frozenset(frames["support_verbs"]) if "support_verbs" in frames else None

    @staticmethod
    def _index(frames: list[dict]) -> dict[str, list[dict]]:
        index: dict[str, list[dict]] = {}
        for frame in frames:
            for lemma in frame["lemmas"]:
                index.setdefault(lemma, []).append(frame)
        return index

    def _fill(self, index: DocIndex, token: Token, spec: dict) -> list[str]:
        found: list[str] = []
        for name in _as_list(spec.get("arg")):
            if name == "compound_authority":  # "the OpenAI ban", "a Commerce investigation"
                tokens, groups = [c for c in token.children if c.dep_ == "compound"], ["authority"]
            else:
                support = self.support_verbs if spec is not None and spec.get("role") == "actor" else None
                tokens = arguments(token, name, self.bearer_verbs, support)
                groups = _as_list(spec.get("group", "any"))
            for tok in tokens:
                for key in index.entities_for(tok, groups, owner_fallback=name != "compound_authority"):
                    if key not in found:
                        found.append(key)
            if found:
                break
        return found

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = state.index or DocIndex(doc, state)
        state.index = index
        raw: list[RawEvent] = []
        for token in doc:
            lemma = token.lemma_.lower()
            for frame in self.relation_frames.get(lemma, ()):
                if token.pos_ in _as_list(frame.get("pos", ["VERB", "NOUN"])):
                    self._relation(index, token, frame)
            for frame in self.event_frames.get(lemma, ()):
                if token.pos_ in _as_list(frame.get("pos", ["VERB", "NOUN"])):
                    event = self._event(index, token, frame)
                    if event is not None:
                        raw.append(event)
        state.raw_events = raw
        return doc

    def _relation(self, index: DocIndex, token: Token, frame: dict) -> None:
        subjects = self._fill(index, token, frame["subject"])
        objects = self._fill(index, token, frame["object"])
        if not objects and frame.get("pair_conjoined_subjects") and len(subjects) > 1:
            subjects, objects = subjects[:1], subjects[1:]  # "Meta and Microsoft teamed up"
        if not subjects or not objects:
            return
        modality = self.modality.of(token)
        evidence = evidence_for(token.sent, EXTRACTOR, frame.get("confidence", 0.7) * modality.factor, self.version,
                                modality.name)
        state = index.state
        for s in subjects:
            for o in objects:
                if s == o:
                    continue
                subject, obj = (o, s) if frame.get("inverse") else (s, o)
                state.relations.append(Relation(subject, frame["predicate"], obj, evidence))

    def _event(self, index: DocIndex, token: Token, frame: dict) -> RawEvent | None:
        if frame.get("requires_word") and frame["requires_word"] not in token.sent.text.lower():
            return None
        actor_spec = {**frame["actor"], "role": "actor"}
        actors = self._fill(index, token, actor_spec)
        unnamed, actor_place = self._unnamed_actor(index, token, actor_spec) if not actors else (False, None)
        targets = self._fill(index, token, frame["target"])
        cause_spec = frame.get("cause")
        causes = self._fill(index, token, cause_spec) if cause_spec else []
        cause = causes[0] if causes else None
        group = self.groups.get(frame.get("requires_cause_group", ""), None)
        if group is not None and not (cause and self._in_list(index, cause, group)):
            if cause is not None or frame.get("cause_in_sentence"):
                return None  # taken under another instrument than this frame's
            # the list the passage is about ("The removal of A, B and C will support ..."): named in
            # this sentence or the few before it, not anywhere in the document
            nearby = index.keys_near(token, self.list_window)
            cause = next((k for k in index.state.entities if k in nearby and self._in_list(index, k, group)), None)
            if cause is None:
                return None
        if frame.get("requires_object_lemma"):
            names = ("object", "subject", "of") if token.pos_ == "NOUN" else ("object", "subject")
            objects = [t for name in names for t in arguments(token, name)]
            named = frame.get("or_named_object") and any(
                t.pos_ == "PROPN" and index.entities_for(t, ["org"], owner_fallback=False) for t in objects)
            if not named and not any(t.lemma_.lower() in frame["requires_object_lemma"] for t in objects):
                return None
        if frame.get("requires_doc_word") and not any(
                w in index.doc.text.lower() for w in frame["requires_doc_word"]):
            return None
        targets = [t for t in targets if t not in actors and t != cause]
        concerns = [k for k in index.mentions_in(token.sent)
                    if index.classes(k) & {"Product", "Project"} and k not in targets]
        modality = self.modality.of(token)
        status = frame.get("status") or ("denied" if modality.name == "denied" else self.modality.status_of(token))
        return RawEvent(cls=frame["type"], trigger=token, actors=actors, targets=targets, cause=cause,
                        concerns=concerns, status=status,
                        confidence=frame.get("confidence", 0.7) * modality.factor, modality=modality.name,
                        frame=frame, actor_unnamed=unnamed, actor_place=actor_place)

    def _unnamed_actor(self, index: DocIndex, token: Token, spec: dict) -> tuple[bool, str | None]:
        """Whether an actor argument is filled by a noun or name (not a pronoun) that is no entity of
        the actor's kind; and the place it stands for when it is a place ("Beijing banned ...") or a
        body of one ("Italy's antitrust authority")."""
        for name in _as_list(spec.get("arg")):
            if name == "compound_authority":
                continue
            support = self.support_verbs if spec.get("role") == "actor" else None
            for tok in arguments(token, name, self.bearer_verbs, support):
                if tok.dep_ == "pobj" and tok.head.lower_ not in ("by", "from"):
                    continue  # "in effect banning ...": a phrase, not an agent
                key = index.key_of(tok)
                if key and "Jurisdiction" in index.classes(key):
                    return True, key
                lemma = tok.lemma_.lower()
                if lemma in DEFINITE_ORG_NOUNS | DEFINITE_GOV_NOUNS:
                    place = index.place_of_description(tok)
                    if place is not None:
                        return True, place
                    continue  # "the regulator": a reference the context may resolve
                if tok.pos_ in ("PROPN", "NOUN") and lemma not in GENERIC_ACTORS:
                    return True, None
        return False, None

    @staticmethod
    def _in_list(index: DocIndex, key: str, spec: dict) -> bool:
        entity = index.state.entities.get(key)
        if entity is None:
            return False
        if entity.kb_id and entity.kb_id in spec.get("kb_ids", []):
            return True
        return any(w.lower() in entity.name.lower() for w in spec.get("name_words", []))

    def is_sanctions_authority(self, index: DocIndex, key: str) -> bool:
        return self._in_list(index, key, self.sanctions)


@Language.factory(
    "rg_frames",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep", "token.lemma"],
    default_config={"frames": "", "modality": "", "version": "0"},
)
def make_frames(nlp: Language, name: str, frames: str, modality: str, version: str) -> FrameExtractor:
    return FrameExtractor(load_lexicon(frames), load_modality(modality), version)
