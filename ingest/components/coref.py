"""Coreference inside a document (``lexicons/coreference.yaml``): what a pronoun ("it", "its") or
a definite description ("the company", "the Department", "the Chinese company", "Italy's privacy
regulator") refers back to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.lexicon_schema import DescriptionRule, PluralRule, PronounRule
from riskgraph.ingest.components.state import fire
from riskgraph.ingest.components.syntax import depth, verb_subjects

if TYPE_CHECKING:
    from riskgraph.ingest.components.mentions import DocIndex

DETERMINERS = frozenset({"the", "this", "that"})


@dataclass(frozen=True)
class CorefRules:
    pronouns: PronounRule
    pronoun_words: frozenset[str]
    plural_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    descriptions: tuple[DescriptionRule, ...]
    description_nouns: dict[str, DescriptionRule]  # noun -> its rule
    plurals: PluralRule

    @classmethod
    def of(cls, lexicon: Lexicon) -> CorefRules:
        rules = lexicon.coreference
        descriptions = (rules.company_descriptions, rules.government_descriptions, rules.instrument_descriptions,
                        rules.product_descriptions, rules.place_descriptions)
        nouns = {noun: rule for rule in reversed(descriptions) for noun in rule.nouns}
        pronouns = rules.pronouns
        return cls(pronouns, frozenset(pronouns.words), frozenset(pronouns.plural), frozenset(pronouns.reflexive),
                   descriptions, nouns, rules.plural_descriptions)


@dataclass(frozen=True)
class Search:
    """What an antecedent must be: of ``group``, with ``word`` in its name, not ``taken``, of ``place``."""

    group: str
    word: str | None = None
    taken: frozenset[str] = frozenset()
    place: str | None = None
    noun: str | None = None  # the antecedent must have been named with this noun


class Coreference:
    def __init__(self, index: DocIndex, rules: CorefRules) -> None:
        self.index = index
        self.rules = rules
        self._resolving: set[int] = set()  # descriptions being resolved, which cannot be their own antecedents
        self._unresolved: set[int] = set()  # descriptions a pronoun's look-back found to stand for nothing

    def resolve(self, token: Token, *, definite: bool = False, group: str | None = None) -> str | None:
        """Pronoun or definite description -> the entity it stands for; ``definite``: the caller
        found the description's article where the parse does not put it; ``group``: what a pronoun
        may stand for there ("its export control list": a body that issues instruments)."""
        index = self.index
        if token.pos_ == "PRON" and token.lower_ in self.rules.pronoun_words:
            search = Search(group or self.rules.pronouns.group, taken=self._own_subjects(token))
            return self._fired(token, self.rules.pronouns.name,
                               self._governing_subject(token, search) or self._antecedent(token, search))
        if token.dep_ == "appos" and (named := index.token_key.get(token.head.i)):
            return named  # "Kestrel Labs, the Singapore AI developer": the description is the name beside it
        lemma = token.lemma_.lower()
        rule = self.rules.description_nouns.get(lemma)
        if token.pos_ not in ("NOUN", "PROPN") or rule is None:
            return None
        definite = definite or any(c.lower_ in DETERMINERS for c in token.children)
        place = self.place_of_description(token)
        if token.tag_ in ("NNS", "NNPS") or not (definite or (place and self._possessed_by_place(token))):
            return None  # "three Chinese companies", "a Chinese company": no one in particular
        word = token.text if rule.match_name and not (place is not None and lemma in rule.generic_nouns) else None
        search = Search(rule.group, word, self._taken(token, lemma), place, lemma if rule.same_noun else None)
        return self._fired(token, rule.name, self._antecedent(token, search))

    def _own_subjects(self, token: Token) -> frozenset[str]:
        """An object pronoun is not its own verb's subject ("Globex fined it": not Globex); a
        reflexive one ("itself") is, and a possessive one may be."""
        verb = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ not in ("dobj", "dative", "pobj") or token.lower_ in self.rules.reflexive_pronouns \
                or verb.pos_ not in ("VERB", "AUX"):
            return frozenset()
        return frozenset(k for s in verb_subjects(verb) if (k := self.index.token_key.get(s.i)))

    def _governing_subject(self, token: Token, search: Search) -> str | None:
        """"Globex made commitments when it acquired Initech", "Globex said it would comply": the
        subject pronoun of a clause under another clause is that clause's subject, when it fits."""
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ in self.rules.plural_pronouns:
            return None
        clause = token.head
        if clause.dep_ not in ("advcl", "ccomp") or clause.head.i == clause.i:
            return None
        for subject in verb_subjects(clause.head):
            key = self.index.mention_root.get(subject.i)
            if key and subject.i < token.i and self._fits(token, subject.i, key, search, True):
                return key
        return None

    @staticmethod
    def _fired(token: Token, rule: str, found: str | None) -> str | None:
        if found is not None:
            fire(token, rule)
        return found

    def _taken(self, token: Token, lemma: str) -> frozenset[str]:
        """Two different descriptions in one sentence ("the firm violated the company's terms") are
        two different entities; a description is not the subject of its own clause ("Microsoft
        suspended the company's accounts": another company)."""
        doc, sent, index = self.index.doc, token.sent, self.index
        others = {k for i, k in index.coref.items() if sent.start <= i < sent.end and i != token.i
                  and doc[i].pos_ != "PRON" and doc[i].lemma_.lower() != lemma}
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and token.dep_ != "nsubj":
            others |= {k for s in verb_subjects(verb) if (k := index.token_key.get(s.i))}
        return frozenset(others)

    def place_of_description(self, token: Token) -> str | None:
        """The place a description is tied to: "the Chinese company" (a nationality adjective),
        "Italy's regulator" (a possessive place)."""
        index = self.index
        for child in token.children:
            if child.dep_ == "amod":
                for span, place in index.state.demonyms:
                    if span.start <= child.i < span.end:
                        return place
            if child.dep_ in ("poss", "compound"):
                key = index.token_key.get(child.i) or (self.resolve(child) if child.dep_ == "poss" else None)
                if key and "Jurisdiction" in index.classes(key):
                    return key
        return None

    def _possessed_by_place(self, token: Token) -> bool:
        """"Italy's regulator": the place is the possessor (definite without an article)."""
        index = self.index
        return any(c.dep_ == "poss" and (k := index.token_key.get(c.i)) and "Jurisdiction" in index.classes(k)
                   for c in token.children)

    def _antecedent(self, token: Token, search: Search) -> str | None:
        """The nearest fitting mention before ``token`` (this or the previous sentence); a description
        tied to a place ("the Chinese company") looks through the whole document for an entity of
        that place, nearest first, and one that is a word of its antecedent's name ("the bureau")
        through the sentences before it."""
        sent = token.sent
        near = [(0, sent)]
        if sent.start > 0:
            near.append((1, self.index.doc[sent.start - 1].sent))
        # nearby, an entity whose home is not known yet may be the one ("a letter to Mingjing ... the
        # Chinese company"); further away only one known to be of that place
        found = self._candidates(token, near, search, nearby=True)
        if found is None and token.pos_ != "PRON":  # "It said it was helping refugees. The company also removed ..."
            found = self._candidates(token, near, search, nearby=True, pronouns=True)
        if found is None and search.place is not None:
            anywhere = [(abs(s.start - sent.start), s) for s in self.index.doc.sents]
            found = self._candidates(token, anywhere, search, nearby=False)
        # "the bureau": the Bureau of ... named earlier on; "the company" with no one to stand for nearby: the
        # one of its kind the story last named
        if found is None and (search.word is not None or (token.pos_ != "PRON" and search.noun is None)):
            earlier = [(sent.start - s.start, s) for s in self.index.doc.sents if s.start < sent.start]
            found = self._candidates(token, earlier, search, nearby=False)
        return found

    def _candidates(self, token: Token, spans: list[tuple[int, Span]], search: Search, *, nearby: bool,
                    pronouns: bool = False) -> str | None:
        """The best antecedent in ``spans`` (sentence distance, then depth, then the latest in the
        token's own sentence, the earliest in another: its topic); nearby: only before the token, and a
        place of unknown home will do."""
        candidates: list[tuple[int, int, int, str]] = []
        for distance, s in spans:
            for i in range(s.start, s.end):
                if nearby and s.start == token.sent.start and i >= token.i:
                    break
                # a name, or a description already resolved ("The company is backed by A ... its investors")
                key = self.index.mention_root.get(i) or self._described(self.index.doc[i], token, pronouns)
                if i != token.i and key and self._fits(token, i, key, search, nearby):
                    candidates.append((distance, depth(self.index.doc[i]), i if distance else -i, key))
        return min(candidates)[-1] if candidates else None

    def _described(self, token: Token, referrer: Token, pronouns: bool = False) -> str | None:
        """What a description (or, with ``pronouns``, a pronoun) before the referrer stands for, resolved now
        if no rule asked yet ("The company is awaiting a ruling. The Commission fined it"; "It said it was
        helping refugees. The company also removed ...")."""
        if token.pos_ == "NOUN":
            referring = token.lemma_.lower() in self.rules.description_nouns
        elif token.pos_ == "PRON" and pronouns:  # "It said it was supporting ... The company also removed"
            referring = token.lower_ in self.rules.pronoun_words
        else:
            return None
        if token.i in self.index.coref or token.i >= referrer.i or token.i in self._resolving \
                or token.i in self._unresolved or not referring:
            return self.index.coref.get(token.i)
        self._resolving.add(token.i)
        try:
            found = self.index.key_of(token)
        finally:
            self._resolving.discard(token.i)
        if found is None:
            self._unresolved.add(token.i)  # each later pronoun looking back need not try it again
        return found

    def _fits(self, token: Token, i: int, key: str, search: Search, unknown_home_ok: bool) -> bool:
        index = self.index
        if not index.fits(key, (search.group,)) or key in search.taken:
            return False
        if search.word and search.word.lower() not in index.state.entities[key].name.lower():
            return False
        if search.noun is not None and not self._named_with(key, search.noun):
            return False
        if search.place is not None:
            homes = index.home_of(key)
            if search.place not in homes and (homes or not unknown_home_ok):
                return False
        # "OpenAI told users that their data ...": "their" is the users
        return not (token.lower_ in self.rules.plural_pronouns and self._plural_noun_between(i, token.i))

    def _named_with(self, key: str, noun: str) -> bool:
        """Whether a mention of ``key`` is a modifier of, or in apposition to, the noun ``noun``
        ("the Nova chatbot", "Nova, a chatbot")."""
        doc = self.index.doc
        for i, k in self.index.mention_root.items():
            if k != key:
                continue
            token = doc[i]
            if token.lemma_.lower() == noun:  # the name takes the noun in ("the Chatterly app")
                return True
            if token.dep_ in ("compound", "nmod", "amod") and token.head.lemma_.lower() == noun:
                return True
            if any(c.dep_ == "appos" and c.lemma_.lower() == noun for c in token.children):
                return True
        return False

    def _plural_noun_between(self, start: int, end: int) -> bool:
        doc, token_key = self.index.doc, self.index.token_key
        return any(doc[j].tag_ == "NNS" and j not in token_key for j in range(start + 1, end))
