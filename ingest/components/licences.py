"""Licences and terms (``lexicons/licences.yaml``): "OpenAI's terms of service", "licensed by
Microsoft to use GPT APIs" (``licence_grants``), a named licence and who grants it, what a licence
forbids. Unnamed instruments get a descriptive canonical name ("OpenAI terms of service",
"Microsoft licence for GPT APIs") so that the same instrument met in two documents is one entity."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.instrument_names import noun_phrase, phrase_text
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.licence_grants import LicenceGrants
from riskgraph.ingest.components.mentions import DocIndex, index_of, mention_rules
from riskgraph.ingest.components.modality import modality_of
from riskgraph.ingest.components.state import doc_state, evidence_for
from riskgraph.ingest.components.syntax import (
    governing_verb,
    noun_possessors,
    prep_objects,
    verb_objects,
    verb_subjects,
)
from riskgraph.ingest.model import Entity, Mention, Relation
from riskgraph.ingest.names import name_key

EXTRACTOR = "licences"


class LicenceExtractor:
    def __init__(self, nlp: Language, lexicon: Lexicon, version: str) -> None:
        rules = lexicon.licences
        self.lexicon = lexicon
        self.rules = rules
        self.modality = modality_of(lexicon)
        self.version = version
        self.terms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terms.add("TERMS", [nlp.make_doc(p) for p in rules.terms.phrases])
        self.grants = LicenceGrants(lexicon, self._relation, self._licence_entity)
        self.grantor_verbs = frozenset(rules.grantor_verbs.words)
        self.licence_verbs = frozenset(rules.licence_verbs.words)
        self.prohibit_verbs = frozenset(rules.prohibitions.verbs)
        self.licensor_preps = frozenset(rules.licensor_prepositions.words)
        # a negated verb of these says the licence is not held or not granted ("does not hold a licence")
        self.holding_verbs = frozenset(rules.holder_verbs.words) | frozenset(rules.grantor_verbs.words)
        mention_rules(lexicon).groups.require("org", "licence", "product", "any")

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = index_of(doc, self.lexicon)  # kept up to date with the licence mentions added below
        covered = {m.start for m in state.mentions}
        for _, start, end in sorted(self.terms(doc), key=lambda m: (m[1], -m[2])):
            span = doc[start:end]
            if span.start_char in covered or any(t.i in index.token_key for t in span):
                continue
            covered.add(span.start_char)
            self._terms(index, span)
        for token in index.tokens:
            if token.i not in index.token_key:
                self.grants.at_token(index, token)
        self._named_licences(index)
        self._prohibitions(index)
        return doc

    # ------------------------------------------------------------------ shared
    def _relation(self, index: DocIndex, s: str, p: str, o: str, token: Token, conf: float, rule: str) -> None:
        if s == o:
            return
        m = self.modality.of(token)
        name, factor = m.name, m.factor
        verb = governing_verb(token) if token.pos_ == "NOUN" else None
        if name == "negated" and verb is not None and verb.lemma_.lower() not in self.holding_verbs:
            name, factor = "asserted", 1.0  # "did not breach its licence": the licence is there all the same
        ev = evidence_for(token.sent, EXTRACTOR, conf * factor, self.version, name, rule)
        index.state.relations.append(Relation(s, p, o, ev))

    def _licence_entity(self, index: DocIndex, name: str, span: Span) -> str:
        state = index.state
        key = f"licence:{name_key(name)}"
        entity = state.entities.get(key)
        if entity is None:
            entity = Entity(key=key, name=name, classes={"License"})
            state.entities[key] = entity
        entity.surfaces.add(span.text)
        entity.surfaces.update(self._phrases(index, span))
        ev = evidence_for(span, EXTRACTOR, 0.75, self.version)
        state.mentions.append(Mention(key, span.start_char, span.end_char, ev))
        index.add_mention(span, key)
        return key

    def _phrases(self, index: DocIndex, span: Span) -> set[str]:
        """How the text words a licence it does not name: "reseller agreement", "licence from Microsoft"."""
        if len(span) != 1 or span.root.pos_ != "NOUN":
            return set()
        token = span.root
        full = noun_phrase(index, token).text
        nouns = " ".join(t.text for t in noun_phrase(index, token) if t.i == token.i or t.dep_ == "compound")
        phrases = {full, nouns}
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in self.licensor_preps):
            phrases |= {f"{full} {phrase_text(prep)}", f"{nouns} {phrase_text(prep)}"}
        return phrases

    # ------------------------------------------------------------------ terms of service
    def _terms(self, index: DocIndex, span: Span) -> None:
        licensor = self._terms_owner(index, span)
        if licensor is None:
            return
        name = f"{index.state.entities[licensor].name} {self.rules.terms.canonical}"
        key = self._licence_entity(index, name, span)
        self._relation(index, key, "licensor", licensor, span.root, 0.8, self.rules.terms.name)

    def _terms_owner(self, index: DocIndex, span: Span) -> str | None:
        """Whose terms: the possessor ("OpenAI's terms"), "terms of X", the terms met before, the
        provider in reach."""
        head = span.root
        for tok in noun_possessors(head):
            owner = index.token_key.get(tok.i)
            if owner:
                return owner
            if tok.pos_ in ("NOUN", "PRON"):  # "the company's terms": a provider when one is in reach
                provider = _provider_before(index, span)
                if provider is not None:
                    index.coref[tok.i] = provider
                    return provider
                return index.key_of(tok)
        for obj in prep_objects(head, "of"):
            found = index.entities_for(obj, ("org",))
            if found:
                return found[0]
        # bare "terms of service": the terms already met in this document, else the provider in reach
        canonical = self.rules.terms.canonical
        existing = [k for k, e in index.state.entities.items() if "License" in e.classes and e.name.endswith(canonical)]
        if existing:
            return next((r.object for r in index.state.relations if r.subject == existing[-1] and
                         r.predicate == "licensor"), None)
        return _provider_before(index, span)

    # ------------------------------------------------------------------ named licences ("Temporary General License")
    def _named_licences(self, index: DocIndex) -> None:
        rule = self.rules.named_licences.name
        for token in index.tokens:
            key = index.mention_root.get(token.i)
            if not key or "License" not in index.classes(key) or key.startswith("licence:"):
                continue
            verb = governing_verb(token)
            if verb is not None and verb.lemma_.lower() in self.grantor_verbs:
                for grantor in (k for t in verb_subjects(verb) for k in index.entities_for(t, ("gov", "company"))):
                    self._relation(index, key, "licensor", grantor, token, 0.75, rule)
            for child in token.children:  # "the TGL authorizing ... transactions with Huawei"
                if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in self.licence_verbs:
                    for item in self._authorised(index, child):
                        self._relation(index, key, "covers", item, token, 0.7, rule)

    def _authorised(self, index: DocIndex, clause: Token) -> list[str]:
        found = [item for prep in self.rules.covered_prepositions.words for obj in prep_objects(clause, prep)
                 for item in index.entities_for(obj, ("org", "product"))]
        return found + [item for obj in verb_objects(clause) for item in index.entities_for(obj, ("org", "product"))]

    # ------------------------------------------------------------------ what a licence forbids
    def _prohibitions(self, index: DocIndex) -> None:
        """"OpenAI's terms prohibit using its outputs to build competing models": what a licence forbids."""
        rule = self.rules.prohibitions
        for token in index.tokens:
            if token.pos_ != "VERB" or token.lemma_.lower() not in self.prohibit_verbs:
                continue
            licences = [k for t in verb_subjects(token) for k in index.entities_for(t, ("licence",))]
            if not licences:
                continue
            objects = verb_objects(token) + [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
            forbidden = [k for t in objects for k in index.mentions_in(t.subtree) if index.fits(k, (rule.forbidden,))]
            for licence in licences:
                for item in dict.fromkeys(forbidden):
                    self._relation(index, licence, "prohibits", item, token, 0.7, rule.name)


def _provider_before(index: DocIndex, span: Span) -> str | None:
    """The last provider named before ``span`` in its sentence or the one before."""
    sent = span.sent
    start = span.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    best = None
    for i in range(start, span.start):
        key = index.token_key.get(i)
        if key and "Provider" in index.classes(key):
            best = key
    return best


@Language.factory(
    "rg_licences",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep"],
    default_config={"lexicon": "", "version": "0"},
)
def make_licences(nlp: Language, name: str, lexicon: str, version: str) -> LicenceExtractor:
    return LicenceExtractor(nlp, load_lexicon(lexicon), version)
