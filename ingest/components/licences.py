"""Licences and terms (lexicons/licences.yaml): "OpenAI's terms of service", "licensed by
Microsoft to use GPT APIs", "an export licence from BIS". Unnamed instruments get a descriptive
canonical name ("OpenAI terms of service", "Microsoft licence for GPT APIs") so that the same
instrument met in two documents is one entity."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.entities import load_lexicon
from riskgraph.ingest.components.modality import Modality, load_modality
from riskgraph.ingest.components.state import DocState, doc_state, evidence_for
from riskgraph.ingest.components.syntax import (
    DocIndex,
    governing_verb,
    in_group,
    is_passive,
    noun_possessors,
    prep_objects,
    verb_objects,
    verb_subjects,
)
from riskgraph.ingest.model import Entity, Mention, Relation
from riskgraph.ingest.names import name_key

EXTRACTOR = "licences"


class LicenceExtractor:
    def __init__(self, nlp: Language, lexicon: dict, modality: Modality, version: str) -> None:
        self.lex = lexicon
        self.modality = modality
        self.version = version
        self.terms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terms.add("TERMS", [nlp.make_doc(p) for p in lexicon["terms_phrases"]])
        self.nouns = set(lexicon["licence_nouns"])
        self.verbs = set(lexicon["licence_verbs"])
        self.licensor_preps = lexicon["licensor_preps"]
        self.covers_preps = lexicon["covers_preps"]
        self.use_verbs = set(lexicon["use_verbs"])
        self.holder_verbs = set(lexicon["holder_verbs"])
        self.grantor_verbs = set(lexicon["grantor_verbs"])
        self.kinds = set(lexicon["licence_kinds"])
        self.agreements = set(lexicon.get("agreement_nouns", []))
        self.prohibit_verbs = set(lexicon.get("prohibit_verbs", []))

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = DocIndex(doc, state)
        state.index = index  # kept up to date with the licence mentions added below; later components reuse it
        covered = {m.start for m in state.mentions}
        for _, start, end in sorted(self.terms(doc), key=lambda m: (m[1], -m[2])):
            span = doc[start:end]
            if span.start_char in covered or any(t.i in index.token_key for t in span):
                continue
            covered.add(span.start_char)
            self._terms(index, span)
        for token in doc:
            if token.i in index.token_key:
                continue
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB" and lemma in self.verbs:
                self._licence_verb(index, token)
            elif token.pos_ == "NOUN" and lemma in self.nouns:
                self._licence_noun(index, token)
            elif token.pos_ == "NOUN" and lemma in self.agreements and any(
                    c.lower_ in self.kinds for c in token.children if c.dep_ in ("compound", "amod")):
                self._licence_noun(index, token)
        self._named_licences(index)
        self._prohibitions(index)
        return doc

    def _prohibitions(self, index: DocIndex) -> None:
        """"OpenAI's terms prohibit using its outputs to build competing models": what a licence forbids."""
        for token in index.doc:
            if token.pos_ != "VERB" or token.lemma_.lower() not in self.prohibit_verbs:
                continue
            licences = [k for t in verb_subjects(token) for k in index.entities_for(t, ["licence"])]
            if not licences:
                continue
            objects = [t for t in verb_objects(token)] + [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
            forbidden = [k for t in objects for k in index.mentions_in(t.subtree)
                         if index.classes(k) & {"Product", "Project", "Company", "Organization"}]
            for licence in licences:
                for item in dict.fromkeys(forbidden):
                    self._relation(index, licence, "prohibits", item, token, 0.7)

    # ------------------------------------------------------------------ shared
    def _relation(self, index: DocIndex, s: str, p: str, o: str, token: Token, conf: float) -> None:
        if s == o:
            return
        m = self.modality.of(token)
        ev = evidence_for(token.sent, EXTRACTOR, conf * m.factor, self.version, m.name)
        index.state.relations.append(Relation(s, p, o, ev))

    def _licence_entity(self, index: DocIndex, name: str, span: Span) -> str:
        state: DocState = index.state
        key = f"licence:{name_key(name)}"
        entity = state.entities.get(key)
        if entity is None:
            entity = Entity(key=key, name=name, classes={"License"})
            state.entities[key] = entity
        entity.surfaces.add(span.text)
        ev = evidence_for(span, EXTRACTOR, 0.75, self.version)
        state.mentions.append(Mention(key, span.start_char, span.end_char, ev))
        for tok in span:
            index.token_key[tok.i] = key
        index.mention_root[span.root.i] = key
        return key

    def _name(self, index: DocIndex, key: str) -> str:
        return index.state.entities[key].name

    # ------------------------------------------------------------------ terms of service
    def _terms(self, index: DocIndex, span: Span) -> None:
        licensor = self._terms_owner(index, span)
        if licensor is None:
            return
        name = f"{self._name(index, licensor)} {self.lex['terms_name']}"
        key = self._licence_entity(index, name, span)
        self._relation(index, key, "licensor", licensor, span.root, 0.8)

    def _terms_owner(self, index: DocIndex, span: Span) -> str | None:
        head = span.root
        for tok in noun_possessors(head):
            owner = index.token_key.get(tok.i)
            if owner:
                return owner
            if tok.pos_ in ("NOUN", "PRON"):  # "the company's terms": a provider when one is in reach
                provider = self._provider_before(index, span)
                if provider is not None:
                    index.coref[tok.i] = provider
                    return provider
                return index.key_of(tok)
        for obj in prep_objects(head, "of"):
            found = index.entities_for(obj, ["org"])
            if found:
                return found[0]
        # bare "terms of service": the terms already met in this document, else the provider in reach
        existing = [k for k, e in index.state.entities.items() if "License" in e.classes and
                    e.name.endswith(self.lex["terms_name"])]
        if existing:
            return next((r.object for r in index.state.relations if r.subject == existing[-1] and
                         r.predicate == "licensor"), None)
        return self._provider_before(index, span)

    @staticmethod
    def _provider_before(index: DocIndex, span: Span) -> str | None:
        sent = span.sent
        starts = [sent.start]
        if sent.start > 0:
            starts.insert(0, span.doc[sent.start - 1].sent.start)
        best = None
        for i in range(starts[0], span.start):
            key = index.token_key.get(i)
            if key and "Provider" in index.classes(key):
                best = key
        return best

    # ------------------------------------------------------------------ licensed by X to use Y
    def _covered(self, index: DocIndex, token: Token) -> list[str]:
        found: list[str] = []
        for child in token.children:
            if child.dep_ in ("xcomp", "advcl") and child.lemma_.lower() in self.use_verbs:
                for obj in verb_objects(child):
                    found += index.entities_for(obj, ["product", "project"])
        for prep in self.covers_preps:
            for obj in prep_objects(token, prep):
                found += index.entities_for(obj, ["product", "project", "org"])
        return list(dict.fromkeys(found))

    def _licence_verb(self, index: DocIndex, verb: Token) -> None:
        if is_passive(verb):
            licensees = [k for t in verb_objects(verb) for k in index.entities_for(t, ["org"])]
            licensors = [k for p in self.licensor_preps for t in prep_objects(verb, p)
                         for k in index.entities_for(t, ["org"])]
            if not licensors:  # "is licensed Microsoft to use ...": an object left in a passive
                licensors = [k for t in verb.children if t.dep_ in ("dobj", "dative")
                             for k in index.entities_for(t, ["org"])]
        else:
            licensors = [k for t in verb_subjects(verb) for k in index.entities_for(t, ["org"])]
            licensees = [k for t in verb.children if t.dep_ in ("dobj", "dative")
                         for k in index.entities_for(t, ["org"])]
        covered = self._covered(index, verb)
        if not licensors or not (licensees or covered):
            return
        self._licence(index, licensors[0], licensees, covered, verb, verb.sent)

    def _licence_noun(self, index: DocIndex, noun: Token) -> None:
        licensors: list[str] = []
        licensees: list[str] = []
        for owner in (k for t in _np_possessors(noun) for k in index.entities_for(t, ["org"])):
            # "Microsoft's licence" (a provider grants it) / "ByteDance's licence" (a customer holds it)
            (licensors if "Provider" in index.classes(owner) else licensees).append(owner)
        licensors += [k for p in self.licensor_preps for t in prep_objects(noun, p)
                      for k in index.entities_for(t, ["org"])]
        modifiers = [k for t in noun.children if t.dep_ in ("compound", "amod") for k in index.entities_for(t, ["any"])]
        licensors += [k for k in modifiers if index.classes(k) & {"Company", "GovernmentBody", "Organization"}]
        products = [k for k in modifiers if "Product" in index.classes(k)]
        for product in products:  # "an Azure licence": granted by the product's provider
            licensors += [r.subject for r in index.state.relations if r.predicate == "provides" and r.object == product]
        verb = governing_verb(noun)
        if verb is not None:
            lemma = verb.lemma_.lower()
            subjects = [k for t in verb_subjects(verb) for k in index.entities_for(t, ["org"])]
            if lemma in self.holder_verbs:
                licensees += subjects
            elif lemma in self.grantor_verbs:
                if subjects:  # "Google suspended Huawei's licence": the grantor acts, the possessor holds it
                    owners = [k for t in _np_possessors(noun) for k in index.entities_for(t, ["org"])]
                    licensees += [k for k in owners if k not in subjects]
                    licensors = [k for k in subjects + licensors if k not in licensees]
                licensees += [k for t in verb.children if t.dep_ == "dative" for k in index.entities_for(t, ["org"])]
        covered = list(dict.fromkeys(products + self._covered(index, noun)))
        licensors = [k for k in licensors if k not in licensees]
        if not licensors:
            return
        self._licence(index, licensors[0], licensees, covered, noun, noun.sent)

    def _licence(self, index: DocIndex, licensor: str, licensees: list[str], covered: list[str], token: Token,
                 sent: Span) -> None:
        kind = self.lex["licence_name"] if token.lemma_.lower() not in self.agreements else token.lemma_.lower()
        words = [c.lower_ for c in token.children if c.dep_ in ("compound", "amod") and c.lower_ in self.kinds]
        if token.pos_ == "NOUN" and words:
            kind = f"{' '.join(words)} {kind}"
        name = f"{self._name(index, licensor)} {kind}"
        products = [k for k in covered if in_group(index.classes(k), ["product", "project"])]
        if products:
            name += " for " + " and ".join(sorted({self._surface(index, k, sent) for k in products}))
        span = sent.doc[token.i : token.i + 1]
        key = self._licence_entity(index, name, span)
        self._relation(index, key, "licensor", licensor, token, 0.8)
        for licensee in licensees:
            if licensee != licensor:
                self._relation(index, key, "licensee", licensee, token, 0.8)
                self._relation(index, licensee, "subjectTo", key, token, 0.75)
        for item in covered:
            self._relation(index, key, "covers", item, token, 0.75)
            if item in products and "Product" in index.classes(item):
                self._relation(index, licensor, "provides", item, token, 0.6)
                self._relation(index, key, "permits", item, token, 0.7)  # "licensed ... to use Y"

    @staticmethod
    def _surface(index: DocIndex, key: str, sent: Span) -> str:
        """The product as written in this sentence ("GPT APIs"), else its canonical name."""
        for tok in sent:
            if index.token_key.get(tok.i) == key:
                m = next((m for m in index.state.mentions if m.key == key and m.start <= tok.idx < m.end), None)
                if m is not None:
                    return sent.doc.text[m.start:m.end]
        return index.state.entities[key].name

    # ------------------------------------------------------------------ named licences ("Temporary General License")
    def _named_licences(self, index: DocIndex) -> None:
        doc = index.doc
        for token in doc:
            key = index.mention_root.get(token.i)
            if not key or "License" not in index.classes(key) or key.startswith("licence:"):
                continue
            verb = governing_verb(token)
            if verb is not None and verb.lemma_.lower() in self.grantor_verbs:
                for grantor in (k for t in verb_subjects(verb) for k in index.entities_for(t, ["gov", "company"])):
                    self._relation(index, key, "licensor", grantor, token, 0.75)
            for child in token.children:  # "the TGL authorizing ... transactions with Huawei"
                if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in self.verbs:
                    for prep in self.covers_preps:
                        for obj in prep_objects(child, prep):
                            for item in index.entities_for(obj, ["org", "product"]):
                                self._relation(index, key, "covers", item, token, 0.7)
                    for obj in verb_objects(child):
                        for item in index.entities_for(obj, ["org", "product"]):
                            self._relation(index, key, "covers", item, token, 0.7)


def _np_possessors(noun: Token) -> list[Token]:
    """Possessors of a noun phrase, also when the parser hangs them on a modifier ("Huawei's
    Android licence")."""
    found = list(noun_possessors(noun))
    for child in noun.children:
        if child.dep_ in ("compound", "amod"):
            found += noun_possessors(child)
    return found


@Language.factory(
    "rg_licences",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep"],
    default_config={"licences": "", "modality": "", "version": "0"},
)
def make_licences(nlp: Language, name: str, licences: str, modality: str, version: str) -> LicenceExtractor:
    return LicenceExtractor(nlp, load_lexicon(licences), load_modality(modality), version)
