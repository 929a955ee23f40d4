"""What an instrument covers and whom it binds (``lexicons/instruments.yaml`` coverage): "restrictions
on exports of X", "the law requires X to divest", "the new rules also covered its MI308 chips". Shared
by the instruments the text words as nouns and those first met as an event (``event_instruments``)."""
from __future__ import annotations

from spacy.tokens import Token

from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.modality import modality_of
from riskgraph.ingest.components.state import evidence_for
from riskgraph.ingest.components.syntax import RELATIVE_PRONOUNS, prep_objects, verb_objects
from riskgraph.ingest.model import Relation

EXTRACTOR = "instruments"


class InstrumentBinder:
    def __init__(self, lexicon: Lexicon, version: str) -> None:
        coverage = lexicon.instruments.coverage
        self.rule = coverage.name
        self.trade_nouns = frozenset(coverage.trade_nouns)
        self.binding_verbs = frozenset(coverage.binding_verbs)
        self.modality = modality_of(lexicon)
        self.version = version

    def covered(self, index: DocIndex, key: str, obj: Token, token: Token) -> None:
        """"on X", "for exports of X to Y": products it covers, organisations it binds."""
        targets = [obj]
        if obj.lemma_.lower() in self.trade_nouns:  # "restrictions on exports of X"
            targets = prep_objects(obj, "of") + [c for c in obj.children if c.dep_ == "compound"]
        for tok in targets:
            for item in index.entities_for(tok, ("product", "project", "org"), owner_fallback=False):
                self.bind(index, key, item, token)

    def binds(self, index: DocIndex, token: Token, key: str) -> None:
        """"The law requires X to divest", "the rules bar X from ...", "the rule applies to X",
        "restrictions that cut off sales of X", "the controls restrict the ability to obtain X"."""
        verbs = [token.head] if token.dep_ == "nsubj" and token.head.lemma_.lower() in self.binding_verbs else []
        verbs += [c for c in token.children if c.dep_ == "relcl" and c.lemma_.lower() in self.binding_verbs
                  and any(s.dep_ == "nsubj" and s.lower_ in RELATIVE_PRONOUNS for s in c.children)]
        for verb in verbs:
            objects = verb_objects(verb) + [c for c in verb.children if c.dep_ == "dative"]
            objects += [o for p in ("to", "on") for o in prep_objects(verb, p)]
            for obj in objects:
                for item in index.entities_for(obj, ("product", "project", "org"), owner_fallback=False):
                    self.bind(index, key, item, verb)
                self.covered(index, key, obj, verb)  # "cut off sales of X"
                for inner in obj.subtree:  # "the ability to obtain X": what is kept from someone is covered
                    if inner.i != obj.i and (item := index.token_key.get(inner.i)) and \
                            index.mention_root.get(inner.i) == item and index.fits(item, ("product",)):
                        self.bind(index, key, item, verb)

    def bind(self, index: DocIndex, key: str, item: str, token: Token) -> None:
        if index.fits(item, ("org",)):
            self.relation(index, item, "subjectTo", key, token, 0.7, self.rule)
        else:
            self.relation(index, key, "covers", item, token, 0.7, self.rule)

    def relation(self, index: DocIndex, s: str, p: str, o: str, token: Token, conf: float, rule: str) -> None:
        if s == o:
            return
        modality = self.modality.of(token)
        evidence = evidence_for(token.sent, EXTRACTOR, conf * modality.factor, self.version, modality.name, rule)
        index.state.relations.append(Relation(s, p, o, evidence))
