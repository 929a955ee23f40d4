"""Hedging, denial and reported speech around a trigger word, and the status of an event."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token


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
    def __init__(self, lexicon: dict) -> None:
        self.factors = {k: float(v) for k, v in lexicon["factors"].items()}
        self.denied = set(lexicon["denied"]["lemmas"])
        self.negation = bool(lexicon["denied"].get("negation", True))
        self.hedged = set(lexicon["hedged"]["lemmas"]) | set(lexicon["hedged"].get("words", []))
        self.reported = set(lexicon["reported"]["lemmas"])
        self.status_cues: list[tuple[str, set[str]]] = [
            (name, set(words)) for name, words in lexicon["status"].items() if name != "default"
        ]
        self.default_status = lexicon["status"].get("default", "announced")
        self.advocacy = set(lexicon.get("advocacy", []))

    def _value(self, name: str) -> ModalityValue:
        return ModalityValue(name, self.factors.get(name, 1.0))

    def of(self, token: Token) -> ModalityValue:
        clause = _clause(token)
        lemmas = {t.lemma_.lower() for t in clause}
        if (self.negation and any(c.dep_ == "neg" for c in token.children)) or lemmas & self.denied:
            return self._value("denied")
        if lemmas & self.hedged or {t.lower_ for t in token.sent} & self.hedged:
            return self._value("hedged")
        sentence_lemmas = {t.lemma_.lower() for t in token.sent if t.pos_ in ("VERB", "ADP", "ADV")}
        if lemmas & self.reported or sentence_lemmas & self.reported:
            return self._value("reported")
        return self._value("asserted")

    def status_of(self, token: Token) -> str:
        if any(a.lemma_.lower() in self.advocacy for a in token.ancestors):
            return "pending"  # "called for a ban": asked for, not in force
        own = {token.lemma_.lower(), token.lower_}
        clause = {w for tok in _clause(token) for w in (tok.lemma_.lower(), tok.lower_)}
        lifted = dict(self.status_cues).get("lifted", set())
        if (own | clause) & lifted:
            return "lifted"  # "lifted its temporary ban": the ban's own word says in force, the clause ends it
        for words in (own, clause):
            for name, cues in self.status_cues:
                if cues & words:
                    return name
        return self.default_status


@lru_cache(maxsize=4)
def load_modality(path: str) -> Modality:
    return Modality(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
