"""Instruments the text does not name (``lexicons/instruments.yaml``): "export restrictions", "a
bill", "a sanctions package", "a licence requirement", "the new rules". Each becomes a Regulation
with a descriptive canonical name (issuer + instrument + scope: "US export restrictions on advanced
AI chips"), the noun phrases of the text as its aliases, the jurisdiction and issuer its modifiers
name, what it covers and whom it binds. A definite mention ("the restrictions") refers back to the
last instrument met. Who issued it is also read by the frames ("X imposed ...") and by the events
that take it as their cause (``events.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.instrument_binding import InstrumentBinder
from riskgraph.ingest.components.instrument_names import InstrumentNamer, noun_phrase
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.mentions import DocIndex, index_of, mention_rules
from riskgraph.ingest.components.state import evidence_for, fire
from riskgraph.ingest.components.syntax import prep_objects
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import Entity, Mention
from riskgraph.ingest.names import name_key

EXTRACTOR = "instruments"
DEFINITE_DEPS = frozenset({"det", "poss"})


@dataclass
class Met:
    """The instruments met so far in a document: (sentence number, head lemma, key), in order."""

    seen: list[tuple[int, str, str]] = field(default_factory=list)

    def antecedent(self, sentence: int, lemma: str, window: int, *, same_only: bool = False) -> str | None:
        near = [(s, lem, k) for s, lem, k in self.seen if sentence - s <= window]
        same = [k for _, lem, k in near if lem == lemma]
        if same_only:
            return same[-1] if same else None
        return (same or [k for *_, k in near] or [None])[-1]


class InstrumentExtractor:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, version: str) -> None:
        rules = lexicon.instruments
        self.lexicon = lexicon
        self.version = version
        self.nouns = rules.instrument_nouns
        self.standalone = frozenset(self.nouns.standalone)
        self.owned = frozenset(self.nouns.owned)
        self.named_alone = self.standalone | self.owned  # an instrument with its issuer alone ("its list")
        self.modified = frozenset(self.nouns.modified)
        self.referring = frozenset(self.nouns.referring)
        self.no_new_loose = self.referring | self.owned  # "the measure", "the list": no event's instrument
        self.nouns_read = self.standalone | self.modified | self.referring
        self.domain = frozenset(self.nouns.domain_words)
        self.fresh = frozenset(self.nouns.new_words)
        self.by_reach = frozenset(self.nouns.named_by_reach)
        self.cover_preps = rules.coverage.prepositions
        self.binder = InstrumentBinder(lexicon, version)
        self.references = rules.references
        self.determiners = frozenset(rules.references.determiners)
        self.issuing_verbs = frozenset(w for f in lexicon.frames.relations if f.predicate == "issuedBy"
                                       for w in f.lemmas)
        self.namer = InstrumentNamer(gazetteer, rules.issuers.short_form_length,
                                    frozenset(rules.issuers.framing_prepositions), rules.issuers.possessor_group,
                                    frozenset(rules.instrument_nouns.owned))
        self.issuers_rule = rules.issuers.name
        mention_rules(lexicon).groups.require("org", "product", "project", "place")

    def __call__(self, doc: Doc) -> Doc:
        index = index_of(doc, self.lexicon)
        met = Met()
        sentence_of = {s.start: n for n, s in enumerate(doc.sents)}
        for token in index.tokens:
            lemma = token.lemma_.lower()
            named = index.mention_root.get(token.i)
            if named is not None and index.fits(named, ("regulation",)):
                self.binder.binds(index, token, named)  # "The Act requires Globex to divest"
            if token.pos_ != "NOUN" or lemma not in self.nouns_read or token.i in index.token_key:
                continue
            if token.ent_type_ in ("LAW", "ORG") and token.ent_iob_ != "O":
                continue  # a named law or body ("the Digital Markets Act"): the entity typing reads it
            sentence = sentence_of[token.sent.start]
            key = self._reference(index, token, met, sentence) if self._definite(index, token) else None
            if key is None and lemma not in self.referring and self._is_instrument(index, token):
                key = self._new(index, token)
            if key is not None:
                met.seen.append((sentence, lemma, key))
                self.binder.binds(index, token, key)
            elif lemma not in self.no_new_loose and self._definite(index, token):
                # "the rules": an event's, maybe
                index.state.loose_instruments.append(token.i)
        return doc

    # ------------------------------------------------------------------ which nouns
    def _definite(self, index: DocIndex, token: Token) -> bool:
        """"the rules", "its restrictions"; not "Washington's curbs" (a named possessor issues them)."""
        for child in token.children:
            if child.dep_ in DEFINITE_DEPS and child.lower_ in self.determiners:
                return True
        return False

    def _is_instrument(self, index: DocIndex, token: Token) -> bool:
        if token.lemma_.lower() in self.standalone:
            return True
        words = {t.lower_ for c in token.lefts for t in c.subtree} | {t.lemma_.lower() for c in token.lefts
                                                                     for t in c.subtree}
        for prep in ("of", *self.cover_preps):  # "package of sanctions", "restrictions on exports"
            objects = prep_objects(token, prep)
            words |= {o.lemma_.lower() for o in objects}
            reaches_name = any(index.token_key.get(o.i) for o in objects)
            if prep != "of" and token.lemma_.lower() in self.by_reach and reaches_name:
                return True  # "restrictions on Huawei"
        if words & self.domain:
            return True
        verb = token.head  # "the administration adopted new rules"
        return token.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in self.issuing_verbs

    def _reference(self, index: DocIndex, token: Token, met: Met, sentence: int) -> str | None:
        """A definite instrument noun: the last instrument met (of the same noun first); an owned noun
        ("the list") only one of its own noun."""
        lemma = token.lemma_.lower()
        key = met.antecedent(sentence, lemma, self.references.window, same_only=lemma in self.owned)
        if key is None:
            return None
        span = noun_phrase(index, token)
        self._mention(index, span, key, self.references.name, 0.6)
        return key

    # ------------------------------------------------------------------ a new instrument
    def _new(self, index: DocIndex, token: Token) -> str | None:
        span = noun_phrase(index, token)
        named = self.namer.name(index, token, span, self.cover_preps, self.fresh, self.issuing_verbs,
                                token.lemma_.lower() in self.named_alone)
        if named is None:
            return None
        state = index.state
        key = f"regulation:{name_key(named.name)}"
        entity = state.entities.get(key)
        if entity is None:
            entity = state.entities[key] = Entity(key=key, name=named.name, classes={self.nouns.kind})
        entity.surfaces.update(named.aliases)
        self._mention(index, span, key, self.nouns.name, 0.7)
        if named.prefixed:
            fire(token, self.issuers_rule)
        if named.place:
            self.binder.relation(index, key, "jurisdiction", named.place, token, 0.75, self.nouns.name)
        if named.issuer:
            self.binder.relation(index, key, "issuedBy", named.issuer, token, 0.7, self.nouns.name)
        for prep in self.cover_preps:
            for obj in prep_objects(token, prep):
                self.binder.covered(index, key, obj, token)
        return key

    def _mention(self, index: DocIndex, span: Span, key: str, rule: str, confidence: float) -> None:
        state = index.state
        state.entities[key].surfaces.add(span.text)
        evidence = evidence_for(span, EXTRACTOR, confidence, self.version, rule=rule)
        state.mentions.append(Mention(key, span.start_char, span.end_char, evidence))
        index.add_mention(span, key)

@Language.factory(
    "rg_instruments",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep", "token.lemma"],
    default_config={"lexicon": "", "gazetteer_dir": "", "version": "0"},
)
def make_instruments(nlp: Language, name: str, lexicon: str, gazetteer_dir: str, version: str
                     ) -> InstrumentExtractor:
    return InstrumentExtractor(load_lexicon(lexicon), cached_gazetteer(gazetteer_dir), version)
