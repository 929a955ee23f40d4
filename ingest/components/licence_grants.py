"""Who grants and who holds a licence (``lexicons/licences.yaml``): "licensed by Microsoft to use
GPT APIs", "an export licence from BIS", "Google suspended Huawei's Android licence". Each licence
gets a descriptive canonical name ("Microsoft licence for GPT APIs")."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from riskgraph.ingest.components import arguments
from riskgraph.ingest.components.arguments import ArgContext
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.syntax import (
    governing_verb,
    is_passive,
    noun_possessors,
    phrase_prep_objects,
    prep_objects,
    verb_objects,
    verb_subjects,
)

MODIFIER_DEPS = frozenset({"compound", "amod"})
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp"})  # a clause of its own inside a phrase
ORG_CLASSES = frozenset({"Company", "GovernmentBody", "Organization"})
# (index, subject, predicate, object, token, confidence, rule)
Emit = Callable[[DocIndex, str, str, str, Token, float, str], None]
# (index, name, span) -> the key of the licence entity
NewLicence = Callable[[DocIndex, str, Span], str]


def np_possessors(noun: Token) -> list[Token]:
    """Possessors of a noun phrase, also when the parser hangs them on a modifier ("Huawei's
    Android licence")."""
    found = list(noun_possessors(noun))
    for child in noun.children:
        if child.dep_ in MODIFIER_DEPS:
            found += noun_possessors(child)
    return found


class LicenceGrants:
    def __init__(self, lexicon: Lexicon, emit: Emit, new_licence: NewLicence) -> None:
        rules = lexicon.licences
        self.emit = emit
        self.new_licence = new_licence
        self.noun_rule = rules.licence_nouns
        self.verb_rule = rules.licence_verbs.name
        self.agreement_rule = rules.agreements.name
        self.nouns = frozenset(rules.licence_nouns.nouns)
        self.verbs = frozenset(rules.licence_verbs.words)
        self.agreements = frozenset(rules.agreements.words)
        self.kinds = frozenset(rules.licence_kinds.words)
        self.licensor_preps = rules.licensor_prepositions.words
        self.covers_preps = rules.covered_prepositions.words
        self.use_verbs = frozenset(rules.use_verbs.words)
        self.holder_verbs = frozenset(rules.holder_verbs.words)
        self.party_verbs = frozenset(rules.party_verbs.words)
        self.breach_verbs = frozenset(rules.breach_verbs.words)
        self.grantor_verbs = frozenset(rules.grantor_verbs.words)
        self.breach_nouns = frozenset(rules.breach_nouns.words)
        words = lexicon.arguments
        self.grounds = ArgContext(grounds_prepositions=frozenset(words.grounds_prepositions.words),
                                  grounds_nouns=frozenset(words.grounds_nouns.words))

    def at_token(self, index: DocIndex, token: Token) -> None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.verbs:
            self._licence_verb(index, token)
        elif token.pos_ == "NOUN" and lemma in self.nouns and not self._of_agreement(token):
            self._licence_noun(index, token, self.noun_rule.name)
        elif token.pos_ == "NOUN" and lemma in self.agreements and any(
                c.lower_ in self.kinds or self._of_agreement(c) for c in token.children if c.dep_ in MODIFIER_DEPS):
            self._licence_noun(index, token, self.agreement_rule)

    def _of_agreement(self, token: Token) -> bool:
        """"licence" in "licence agreement": the agreement is the licence."""
        head = token.head
        return token.dep_ == "compound" and token.lemma_.lower() in self.nouns and head.pos_ == "NOUN" \
            and head.lemma_.lower() in self.agreements

    def _orgs(self, index: DocIndex, tokens: list[Token]) -> list[str]:
        return [k for t in tokens for k in index.entities_for(t, ("org",))]

    def _covered(self, index: DocIndex, token: Token) -> list[str]:
        """"licensed ... to use Y", "a licence for Y"."""
        found: list[str] = []
        for child in token.children:
            if child.dep_ in ("xcomp", "advcl") and child.lemma_.lower() in self.use_verbs:
                for obj in verb_objects(child):
                    found += index.entities_for(obj, ("product", "project"))
        for prep in self.covers_preps:
            for obj in prep_objects(token, prep):
                found += index.entities_for(obj, ("product", "project", "org"))
        return list(dict.fromkeys(found))

    # ------------------------------------------------------------------ licensed by X to use Y
    def _licence_verb(self, index: DocIndex, verb: Token) -> None:
        objects = [t for t in verb.children if t.dep_ in ("dobj", "dative")]
        if is_passive(verb):
            licensees = self._orgs(index, verb_objects(verb))
            licensors = self._orgs(index, [t for p in self.licensor_preps for t in prep_objects(verb, p)])
            if not licensors:  # "is licensed Microsoft to use ...": an object left in a passive
                licensors = self._orgs(index, objects)
        else:  # "X licenses its designs to A and B": A and B hold the licence and build on X
            licensors = self._orgs(index, verb_subjects(verb))
            # "licenses its core design set to chip firms": "to" may hang on any word of the object's phrase
            recipients = prep_objects(verb, "to") + [t for o in objects
                                                     for t in phrase_prep_objects(o, "to", CLAUSE_DEPS)]
            licensees = self._orgs(index, objects + recipients)
            owners = [k for o in objects if o.i not in index.token_key for k in self._orgs(index, np_possessors(o))
                      if k not in licensors]
            if owners and not recipients:  # "X will license Y's patents": Y grants, X holds the licence
                licensors, licensees = owners, licensors
        covered = [k for k in self._covered(index, verb) if k not in licensees]
        if licensors and (licensees or covered):
            self._licence(index, licensors[0], licensees, covered, verb, self.verb_rule)
            if not is_passive(verb) and not any(index.fits(k, ("product", "project")) for k in covered):
                for licensee in licensees:
                    if licensee != licensors[0]:
                        self.emit(index, licensee, "dependsOn", licensors[0], verb, 0.6, self.verb_rule)

    # ------------------------------------------------------------------ a licence from X
    def _licence_noun(self, index: DocIndex, noun: Token, rule: str) -> None:
        licensors: list[str] = []
        licensees: list[str] = []
        others = self._orgs(index, prep_objects(noun, "with"))  # "its licence agreement with Globex"
        other_provides = any("Provider" in index.classes(k) for k in others)
        for owner in self._orgs(index, np_possessors(noun)):
            # "Microsoft's licence" (a provider grants it) / "ByteDance's licence" (a customer holds it);
            # "Qualcomm's licence agreement with Arm", both providers: the other party grants it
            (licensors if "Provider" in index.classes(owner) and not other_provides else licensees).append(owner)
        licensors += self._orgs(index, [t for p in self.licensor_preps for t in prep_objects(noun, p)])
        modifiers = [k for t in noun.children if t.dep_ in MODIFIER_DEPS for k in index.entities_for(t, ("any",))]
        licensors += [k for k in modifiers if index.classes(k) & ORG_CLASSES]
        products = [k for k in modifiers if "Product" in index.classes(k)]
        for product in products:  # "an Azure licence": granted by the product's provider
            licensors += [r.subject for r in index.state.relations if r.predicate == "provides" and r.object == product]
        licensors += self._technology_owners(index, noun)
        licensors, licensees = self._by_governing_verb(index, noun, licensors, licensees)
        licensors = [k for k in licensors if k not in licensees]
        if others and licensees and not licensors:
            licensors += others
        elif others:
            licensees += [k for k in others if k not in licensors]
            verb = governing_verb(noun)  # "Microsoft signed a licence agreement with Initech"
            if not licensors and verb is not None and verb.lemma_.lower() in self.party_verbs:
                licensors += [k for k in self._orgs(index, verb_subjects(verb)) if k not in licensees]
        granted_by, held_by = self._breached(index, noun)
        if granted_by and held_by:
            licensors = granted_by + licensors
            licensees = held_by + [k for k in licensees if k not in granted_by]
        covered = list(dict.fromkeys(products + self._covered(index, noun)))
        licensors = [k for k in licensors if k not in licensees]
        if licensors:
            self._licence(index, licensors[0], licensees, covered, noun, rule)

    def _technology_owners(self, index: DocIndex, noun: Token) -> list[str]:
        """"a licence to Globex's technology" (the phrase may hang on the verb: "keep its licence to
        ..."): whose technology it is grants the licence."""
        hosts = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
        return [k for host in hosts for p in self.covers_preps for obj in prep_objects(host, p)
                if obj.i not in index.token_key for k in self._orgs(index, noun_possessors(obj))]

    def _by_governing_verb(self, index: DocIndex, noun: Token, licensors: list[str], licensees: list[str]
                           ) -> tuple[list[str], list[str]]:
        """"X holds a licence": X is its licensee; "X granted Y a licence": X its licensor, Y its
        licensee; "Google suspended Huawei's licence": the grantor acts, the possessor holds it."""
        verb = governing_verb(noun)
        if verb is None:
            return licensors, licensees
        lemma = verb.lemma_.lower()
        subjects = self._orgs(index, verb_subjects(verb))
        if lemma in self.holder_verbs or lemma in self.breach_verbs:  # "X breached its licence": X holds it
            licensees = licensees + subjects
        elif lemma in self.grantor_verbs:
            if subjects:
                owners = self._orgs(index, np_possessors(noun))
                licensees = licensees + [k for k in owners if k not in subjects]
                licensors = [k for k in subjects + licensors if k not in licensees]
            licensees = licensees + self._orgs(index, [t for t in verb.children if t.dep_ == "dative"])
        return licensors, licensees

    def _breached(self, index: DocIndex, noun: Token) -> tuple[list[str], list[str]]:
        """"X suspended Y over breaches of its agreement": the one acting on the breach (X) grants the
        agreement, the one it hits (Y) holds it."""
        breach = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if breach is None or breach.lemma_.lower() not in self.breach_nouns:
            return [], []
        hit = arguments.fill("sanctioned", breach, self.grounds)
        acting = next((a for a in breach.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if not hit or acting is None:
            return [], []
        return self._orgs(index, verb_subjects(acting)), self._orgs(index, hit)

    # ------------------------------------------------------------------ the licence and its relations
    def _licence(self, index: DocIndex, licensor: str, licensees: list[str], covered: list[str], token: Token,
                 rule: str) -> None:
        sent = token.sent
        name = f"{index.state.entities[licensor].name} {self._kind(token)}"
        products = [k for k in covered if index.fits(k, ("product", "project"))]
        if products:
            name += " for " + " and ".join(sorted({_surface(index, k, sent) for k in products}))
        key = self.new_licence(index, name, sent.doc[token.i : token.i + 1])
        emit = self.emit
        emit(index, key, "licensor", licensor, token, 0.8, rule)
        for licensee in licensees:
            if licensee != licensor:
                emit(index, key, "licensee", licensee, token, 0.8, rule)
                emit(index, licensee, "subjectTo", key, token, 0.75, rule)
        for item in covered:
            emit(index, key, "covers", item, token, 0.75, rule)
            if item in products and "Product" in index.classes(item):
                emit(index, licensor, "provides", item, token, 0.6, rule)
                emit(index, key, "permits", item, token, 0.7, rule)  # "licensed ... to use Y"

    def _kind(self, token: Token) -> str:
        """"licence", "export licence", "reseller agreement"."""
        lemma = token.lemma_.lower()
        kind = self.noun_rule.canonical if lemma not in self.agreements else lemma
        words = [c.lower_ for c in token.children if c.dep_ in MODIFIER_DEPS and c.lower_ in self.kinds]
        words += [self.noun_rule.canonical for c in token.children if self._of_agreement(c)]  # "licence agreement"
        return f"{' '.join(words)} {kind}" if token.pos_ == "NOUN" and words else kind


def _surface(index: DocIndex, key: str, sent: Span) -> str:
    """The product as written in this sentence ("GPT APIs"), else its canonical name."""
    for tok in sent:
        if index.token_key.get(tok.i) == key:
            m = next((m for m in index.state.mentions if m.key == key and m.start <= tok.idx < m.end), None)
            if m is not None:
                return sent.doc.text[m.start:m.end]
    return index.state.entities[key].name
