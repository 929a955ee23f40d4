"""Hedging, denial and reported speech around a trigger word, and the status of an event
(``lexicons/modality.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.state import fire

SENTENCE_CUE_POS = frozenset({"VERB", "ADP", "ADV"})  # reporting cues anywhere in the sentence: "according to"


@dataclass(frozen=True)
class ModalityValue:
    name: str
    factor: float


def _clause(token: Token) -> list[Token]:
    """The trigger, its ancestors up to the sentence root, and their direct children."""
    chain = [token, *token.ancestors]
    out = list(chain)
    for tok in chain:
        out.extend(tok.children)
    return out


class Modality:
    def __init__(self, lexicon: Lexicon) -> None:
        rules = lexicon.modality
        self.rules = rules
        self.factors = dict(rules.factors)
        self.denied = frozenset(rules.denial.lemmas)
        self.hedged = frozenset(rules.hedging.lemmas) | frozenset(rules.hedging.words)
        self.hedging_adverbs = frozenset(rules.hedging.words)
        self.reported = frozenset(rules.reported_speech.lemmas)
        self.status_cues = [(r.name, r.status, frozenset(r.words)) for r in rules.status]
        self.lifted = next((r for r in self.status_cues if r[1] == "lifted"), None)
        self.advocacy = frozenset(rules.advocacy.words)
        self.modals = frozenset(rules.hypothetical.modals)
        self.negators = frozenset(rules.negation.determiners)
        self.preventing = frozenset(rules.negation.preventing_verbs)
        self.marks = frozenset(rules.hypothetical.marks)
        self.aim_verbs = frozenset(rules.hypothetical.aim_verbs)
        self.aim_nouns = frozenset(rules.hypothetical.aim_nouns)

    def _value(self, name: str, token: Token, rule: str | None = None) -> ModalityValue:
        if rule:
            fire(token, rule)
        return ModalityValue(name, self.factors.get(name, 1.0))

    def of(self, token: Token) -> ModalityValue:
        """The modality of the claim a trigger word makes: negated, denied, hedged, reported or asserted."""
        lemmas = {t.lemma_.lower() for t in _clause(token) if t.pos_ != "PROPN"}  # "in May" is no "may"
        rules = self.rules
        if self._negated(token):
            return self._value("negated", token, rules.negation.name)
        own = {token.lemma_.lower()}  # "denied a licence" is an act, not a denial of the claim
        if (rules.denial.negation and any(c.dep_ == "neg" for c in token.children)) or \
                (lemmas - own) & self.denied:
            return self._value("denied", token, rules.denial.name)
        if lemmas & self.hedged or {t.lower_ for t in token.sent if t.pos_ != "PROPN"} & self.hedging_adverbs:
            return self._value("hedged", token, rules.hedging.name)
        sentence = {t.lemma_.lower() for t in token.sent if t.pos_ in SENTENCE_CUE_POS}
        if lemmas & self.reported or sentence & self.reported:
            return self._value("reported", token, rules.reported_speech.name)
        return self._value("asserted", token)

    def _negated(self, token: Token) -> bool:
        """"did not suspend", "no direct relationship with", "is not a customer of": the trigger, or the
        verb it is the object, complement or subject of, is negated."""
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in self.negators) for c in token.children):
            return True
        head = token.head
        if token.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "from":
            # "barred app stores (operated by X) from offering Y", "an injunction barring X from selling Y"
            verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")
                         and (a.dep_ != "acl" or a.lemma_.lower() in self.preventing)), None)
            if verb is not None and verb.lemma_.lower() in self.preventing:
                return True
        if token.pos_ in ("VERB", "AUX") or head.i == token.i or head.pos_ not in ("VERB", "AUX"):
            return False
        governed = token.dep_ in ("dobj", "attr", "acomp", "oprd")  # not a subject: "X, a unit of Y, did not comment"
        return governed and any(c.dep_ == "neg" for c in head.children)

    def hypothetical(self, token: Token) -> bool:
        """"could face fines", "may ban", "if X bans": the trigger names no event. The trigger's own verb
        (through "to" complements and the verbs it is coordinated with) or the verb whose object a noun
        trigger is takes a modal; or a clause on the way to the sentence's root opens with "if"."""
        verb = token if token.pos_ in ("VERB", "AUX") else \
            token.head if token.dep_ in ("dobj", "attr") and token.head.pos_ in ("VERB", "AUX") else None
        while verb is not None:
            if any(c.dep_ == "aux" and c.lower_ in self.modals for c in verb.children):
                fire(token, self.rules.hypothetical.name)
                return True
            verb = verb.head if verb.dep_ in ("xcomp", "pcomp", "pobj", "conj") and verb.head.i != verb.i else None
        for tok in (token, *token.ancestors):
            if any(c.dep_ == "mark" and c.lower_ in self.marks for c in tok.children):
                fire(token, self.rules.hypothetical.name)
                return True
        if self._sought(token, self.aim_verbs, ("xcomp", "advcl", "ccomp")) or self._sought(
                token if token.pos_ in ("VERB", "AUX") else token.head if token.dep_ in ("dobj", "attr") else None,
                self.aim_nouns, ("acl",)):
            fire(token, self.rules.hypothetical.name)
            return True  # "sued to block the deal" (the deal is real), "a campaign to impose sanctions"
        return False

    @staticmethod
    def _sought(verb: Token | None, aims: frozenset[str], deps: tuple[str, ...]) -> bool:
        """A "to" clause of a verb or noun of aiming ("sued to block", "its campaign to cut")."""
        return verb is not None and verb.dep_ in deps and verb.head.lemma_.lower() in aims and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)

    def status_of(self, token: Token) -> str:
        """The status of the event a trigger names: the first status rule whose words are the
        trigger's own, else its clause's; "lifted" in either wins; asked for only: pending."""
        if any(a.lemma_.lower() in self.advocacy for a in token.ancestors):
            fire(token, self.rules.advocacy.name)
            return "pending"  # "called for a ban": asked for, not in force
        own = {token.lemma_.lower(), token.lower_}
        clause = {w for tok in _clause(token) for w in (tok.lemma_.lower(), tok.lower_)}
        if self.lifted is not None and (own | clause) & self.lifted[2]:
            fire(token, self.lifted[0])
            return "lifted"  # "lifted its temporary ban": the ban's own word says in force, the clause ends it
        for words in (own, clause):
            for name, status, cues in self.status_cues:
                if cues & words:
                    fire(token, name)
                    return status
        return self.rules.default_status


@lru_cache(maxsize=4)
def modality_of(lexicon: Lexicon) -> Modality:
    return Modality(lexicon)
