"""Phrase-level relations (``lexicons/patterns.yaml``): appositions ("X, the parent company of Y"),
possessives ("Commerce's BIS", "OpenAI's API"), "Y of X", "its project, codenamed Y", "X-owned Y"
and "its customers include A"; places (``places``) and job titles (``titles``) in their modules.
The ``rg_patterns`` component runs them all."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.lexicon_phrases import CustomersRule, Direction, PairRule
from riskgraph.ingest.components.mentions import DocIndex, index_of, mention_rules
from riskgraph.ingest.components.modality import modality_of
from riskgraph.ingest.components.places import PlacePatterns
from riskgraph.ingest.components.state import evidence_for
from riskgraph.ingest.components.syntax import is_passive, prep_objects, verb_objects, verb_subjects
from riskgraph.ingest.components.titles import TitlePatterns
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import Relation

EXTRACTOR = "patterns"
APPOSED_NOUN_DEPS = frozenset({"compound", "amod"})  # "parent company", "chatbot app"
NAMED_CLAUSE_DEPS = frozenset({"acl", "amod", "relcl", "appos"})  # "its project, codenamed Y"


class Emitter:
    """Appends a relation with its evidence (the sentence, the modality of the word that says it)."""

    def __init__(self, lexicon: Lexicon, version: str) -> None:
        self.modality = modality_of(lexicon)
        self.version = version

    def __call__(self, index: DocIndex, s: str, p: str, o: str, token: Token, confidence: float, rule: str,
                 role: str | None = None, *, keep_negated: bool = False) -> None:
        """``keep_negated``: the relation holds even where the clause's act is negated ("under the
        Act, X cannot proceed": X is still bound by the Act)."""
        if s == o:
            return
        modality = self.modality.of(token)
        name, factor = modality.name, modality.factor
        if keep_negated and name == "negated":
            name, factor = "asserted", 1.0
        ev = evidence_for(token.sent, EXTRACTOR, confidence * factor, self.version, name, rule)
        index.state.relations.append(Relation(s, p, o, ev, role=role))


def oriented(direction: Direction, owner: str, owned: str) -> tuple[str, str]:
    return (owner, owned) if direction is Direction.forward else (owned, owner)


class PhrasePatterns:
    def __init__(self, lexicon: Lexicon, emit: Emitter) -> None:
        rules = lexicon.patterns
        self.emit = emit
        self.appositions = {noun: rule for rule in rules.appositions for noun in rule.nouns}
        self.possessives = rules.possessives
        self.of_phrases = rules.of_phrases
        self.of_preps = tuple(dict.fromkeys(p for rule in rules.of_phrases for p in rule.preps))
        self.named_after = rules.named_after.name
        self.naming_verbs = frozenset(lexicon.arguments.naming_verbs.words)
        self.hyphens = {word: rule for rule in rules.hyphen_participles for word in rule.participles}
        self.member_rules = {noun: rule for rule in (rules.customers, *rules.members) for noun in rule.nouns}
        self.under = rules.bound_under
        self.under_preps = frozenset(rules.bound_under.words)
        self.described_as = frozenset(rules.described_as.words)
        self.rival_titles = rules.rival_titles
        self.rival_words = frozenset(rules.rival_titles.words)

    def at_mention(self, index: DocIndex, token: Token, key: str) -> None:
        """Patterns around the root token of a mention of ``key``."""
        self._apposition(index, token, key)
        self._possessive(index, token, key)
        self._of_phrase(index, token, key)
        self._naming(index, token, key)
        self._bound_under(index, token, key)
        self._rival_title(index, token, key)

    def at_pronoun(self, index: DocIndex, token: Token, key: str) -> None:
        """"It is a unit of Y": appositions said of a pronoun that stands for an entity."""
        self._apposition(index, token, key)

    def at_token(self, index: DocIndex, token: Token) -> None:
        rule = self.member_rules.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
        if rule is not None:
            self._members(index, token, rule)
        if token.lower_ in self.hyphens and token.i >= 2 and token.doc[token.i - 1].text == "-":
            self._hyphen_participle(index, token)

    # ------------------------------------------------------------------ X, the parent company of Y
    def _apposed_nouns(self, token: Token) -> list[Token]:
        nouns = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos":
            nouns.append(token.head)
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":  # "X is a customer of Y", "X is one of Y's rivals"
            for attr in (c for c in token.head.children if c.dep_ == "attr"):
                nouns += prep_objects(attr, "of") if attr.lower_ == "one" else [attr]
        if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in self.described_as:  # "X is seen as a rival to Y"
            for attr in prep_objects(token.head, "as"):
                nouns += prep_objects(attr, "of") if attr.lower_ == "one" else [attr]
        # "X is one of the largest server makers and a major customer of Y": each noun of a list says it
        return nouns + [c for n in nouns for c in n.conjuncts if c.pos_ == "NOUN" and c not in nouns]

    def _apposition(self, index: DocIndex, token: Token, key: str) -> None:
        for noun in self._apposed_nouns(token):
            words = [noun.lemma_.lower()] + [c.lemma_.lower() for c in noun.children if c.dep_ in APPOSED_NOUN_DEPS]
            rule = next((self.appositions[w] for w in words if w in self.appositions), None)
            if rule is None:
                continue
            # "X, the parent company of Y" and "Y's parent company, X"
            hosts = [noun]
            if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in self.described_as:
                hosts.append(token.head)  # "X is seen as one of the rivals | to Y": the parser may hang "to Y" there
            objects = [obj for host in hosts for prep in rule.preps for obj in prep_objects(host, prep)
                       if host is noun or prep != "as"]
            if "of" in rule.preps:
                objects += [c for c in noun.children if c.dep_ == "poss"]
            for obj in objects:
                for other in index.entities_for(obj, ("any",), owner_fallback=False):
                    s, o = oriented(rule.direction, key, other)
                    # the noun says it ("X is not a customer of Y" is negated there), not X's own verb
                    self.emit(index, s, rule.predicate, o, noun, 0.85, rule.name)

    # ------------------------------------------------------------------ X's Y, Y of X
    def _possessive(self, index: DocIndex, token: Token, key: str) -> None:
        if token.dep_ not in ("poss", "nmod") or not any(c.dep_ == "case" for c in token.children):
            return
        if token.head.lemma_.lower() in index.rules.relational_nouns and token.head.i not in index.token_key:
            return  # "Nvidia's rivals Qualcomm and Apple" are not Nvidia's
        for other in index.entities_for(token.head, ("any",), owner_fallback=False):
            self._pair(index, token, key, other, self.possessives, 0.8)

    def _pair(self, index: DocIndex, token: Token, owner: str, owned: str, rules: tuple[PairRule, ...],
              conf: float) -> None:
        if owner == owned:
            return
        rule = next((r for r in rules if index.fits(owner, (r.owner,)) and index.fits(owned, (r.owned,))), None)
        if rule is None:
            return
        s, o = oriented(rule.direction, owner, owned)
        predicate = rule.predicate
        if rule.when_other_licensor and any(r.subject == owned and r.predicate == rule.predicate and r.object != owner
                                            for r in index.state.relations):
            predicate = rule.when_other_licensor  # "Huawei's licence", granted by Google
        self.emit(index, s, predicate, o, token, conf, rule.name)

    def _of_phrase(self, index: DocIndex, token: Token, key: str) -> None:
        span = [t for t in token.subtree if index.token_key.get(t.i) == key] or [token]
        inside = {t.i for t in span}
        for part in span:  # the preposition may hang from any word of the name
            for prep in self.of_preps:
                rules = tuple(r for r in self.of_phrases if prep in r.preps)
                for obj in prep_objects(part, prep):
                    if obj.i in inside:
                        continue
                    for owner in index.entities_for(obj, ("any",), owner_fallback=False):
                        self._pair(index, token, owner, key, rules, 0.8)

    # ------------------------------------------------------------------ under the Act, X cannot ...
    def _bound_under(self, index: DocIndex, token: Token, key: str) -> None:
        """"Under the Act, X and Y cannot proceed", "the FTC sued X under Section 5": the parties of a
        clause set under an instrument are bound by it: its subjects, or when a government acts,
        the ones it acts on. The binding holds whether or not the clause's act happens."""
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in self.under_preps or not index.fits(key, ("instrument",)):
            return
        verb = prep.head
        if verb.pos_ not in ("VERB", "AUX"):
            return
        subjects = [k for t in verb_subjects(verb) for k in index.entities_for(t, ("org",))]
        if any(index.fits(k, ("gov",)) for k in subjects) and not is_passive(verb):
            parties = [k for t in verb_objects(verb) for k in index.entities_for(t, ("org",))]
        else:
            parties = subjects
        for party in dict.fromkeys(parties):
            if not index.fits(party, ("gov",)):
                self.emit(index, party, "subjectTo", key, token, 0.7, self.under.name, keep_negated=True)

    # ------------------------------------------------------------------ Rival X said ...
    def _rival_title(self, index: DocIndex, token: Token, key: str) -> None:
        """"Rival Initech said ...": a company called the rival, with no one named, is a rival of the
        company the story names most."""
        first = min((t.i for t in token.subtree if index.token_key.get(t.i) == key), default=token.i)
        before = token.doc[first - 1] if first > 0 else None
        if before is None or before.lower_ not in self.rival_words or before.head.i != token.i \
                or not index.fits(key, ("company",)):
            return
        for other in _principal_company(index, {key}):
            self.emit(index, key, "competesWith", other, token, 0.65, self.rival_titles.name)

    # ------------------------------------------------------------------ its project, codenamed Y
    def _naming(self, index: DocIndex, token: Token, key: str) -> None:
        if not index.fits(key, ("asset",)):
            return
        start = next((m.start for m in index.state.mentions if m.key == key and m.start <= token.idx < m.end), None)
        first = None if start is None else index.doc.char_span(start, start + 1, alignment_mode="expand")
        noun = index.named_owner(first[0]) if first is not None else None
        if noun is None:
            verb = token.head
            if verb.lemma_.lower() not in self.naming_verbs or verb.dep_ not in NAMED_CLAUSE_DEPS:
                return
            noun = verb.head
        for owner_token in (c for c in noun.children if c.dep_ == "poss"):
            for owner in index.entities_for(owner_token, ("org",), owner_fallback=False):
                self.emit(index, owner, "develops", key, token, 0.8, self.named_after)

    # ------------------------------------------------------------------ its customers include A
    def _members(self, index: DocIndex, noun: Token, rule: CustomersRule) -> None:
        """"Its customers include A, among them B", "its investors include A", "rivals such as A": A and B
        stand in the rule's relation to the owner."""
        owners = [k for t in noun.children if t.dep_ == "poss" for k in index.entities_for(t, ("org",))]
        unowned = not owners and rule.principal_owner
        if not owners and not unowned:
            return
        members: list[str] = []
        head = noun.head
        if noun.dep_ == "nsubj" and head.lemma_.lower() in rule.list_verbs:
            members += index.mentions_in(_list_tokens(head, noun.i))
        for prep in rule.list_preps:
            members += [k for obj in prep_objects(noun, prep) for k in index.entities_for(obj, ("org",))]
        if unowned:
            owners = _principal_company(index, set(members))
        for member in dict.fromkeys(members):
            if member not in owners and index.fits(member, ("org",)):
                for owner in owners:
                    s, o = oriented(rule.direction, member, owner)
                    self.emit(index, s, rule.predicate, o, noun, 0.7, rule.name)

    # ------------------------------------------------------------------ X-owned Y
    def _hyphen_participle(self, index: DocIndex, participle: Token) -> None:
        """"ByteDance-owned TikTok", "SoftBank-backed Arm": X <relation> the noun the participle modifies."""
        doc = participle.doc
        agent = index.token_key.get(participle.i - 2)
        noun = participle.head if participle.head.i != participle.i else None
        if not agent or not index.fits(agent, ("org",)) or noun is None:
            return
        owned = index.entities_for(noun, ("company", "product", "project"), owner_fallback=False)
        if not owned:  # "the SoftBank-backed startup Arm": the name right after the noun
            nxt = noun.i + 1
            key = index.token_key.get(nxt) if nxt < len(doc) else None
            owned = [key] if key else []
        rule = self.hyphens[participle.lower_]
        for other in owned:
            if other != agent:
                self.emit(index, agent, rule.predicate, other, participle, 0.8, rule.name)


def _principal_company(index: DocIndex, besides: set[str]) -> list[str]:
    """The company the document names most (the first named on a tie), other than ``besides``."""
    counts: dict[str, int] = {}
    for m in sorted(index.state.mentions, key=lambda m: m.start):
        if m.key not in besides and "Company" in index.classes(m.key):
            counts[m.key] = counts.get(m.key, 0) + 1
    return [max(counts, key=lambda k: counts[k])] if counts else []


def _list_tokens(verb: Token, after: int) -> list[Token]:
    """The words of a list a verb introduces after ``after``, without what an apposition says of a
    member ("A, the cloud arm of B, and C": B is no member)."""
    described = {t.i for a in verb.subtree if a.dep_ == "appos"
                 for c in a.children if c.dep_ in ("prep", "poss") for t in c.subtree}
    return [t for c in verb.children if c.i > after for t in c.subtree if t.i not in described]


class PatternExtractor:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, version: str) -> None:
        self.lexicon = lexicon
        emit = Emitter(lexicon, version)
        self.phrases = PhrasePatterns(lexicon, emit)
        self.places = PlacePatterns(lexicon, gazetteer, emit)
        self.titles = TitlePatterns(lexicon, gazetteer, emit)
        mention_rules(lexicon).groups.require("any", "org", "asset")

    def __call__(self, doc: Doc) -> Doc:
        index = index_of(doc, self.lexicon)
        for token in index.tokens:
            key = index.token_key.get(token.i)
            if key is not None and index.mention_root.get(token.i) == key:
                self.phrases.at_mention(index, token, key)
            elif token.pos_ == "PRON" and token.dep_ == "nsubj" and (key := index.key_of(token)):
                self.phrases.at_pronoun(index, token, key)  # "it was not a customer of Y"
        for span in doc.ents:
            if span.label_ == "NORP":
                self.places.nationality(index, span)
        for token in index.tokens:
            self.places.at_token(index, token)
            self.phrases.at_token(index, token)
        self.titles(index)
        self.places.names(index)
        return doc


@Language.factory(
    "rg_patterns",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep"],
    default_config={"lexicon": "", "gazetteer_dir": "", "version": "0"},
)
def make_patterns(nlp: Language, name: str, lexicon: str, gazetteer_dir: str, version: str) -> PatternExtractor:
    return PatternExtractor(load_lexicon(lexicon), cached_gazetteer(gazetteer_dir), version)
