"""The class of a name the knowledge base does not know (``lexicons/entities.yaml`` typing rules),
and whether a name is taken at all."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.lexicon_phrases import NameTest, TypingRule


@dataclass(frozen=True)
class _Compiled:
    rule: TypingRule
    labels: frozenset[str]
    folded: tuple[str, ...]  # the words case-folded, for first_words and contains
    exact: frozenset[str]  # the words as written, for last_word
    shapes: re.Pattern[str] | None  # the shapes of last_word_shape, as one pattern


class EntityTyper:
    def __init__(self, lexicon: Lexicon) -> None:
        rules = lexicon.entities
        self.rules = [_Compiled(r, frozenset(r.labels), tuple(w.casefold() for w in r.words), frozenset(r.words),
                                re.compile("|".join(f"(?:{w})" for w in r.words))
                                if r.test is NameTest.last_word_shape else None)
                      for r in rules.typing]
        self.typed_labels = frozenset(label for r in rules.typing for label in r.labels)
        self.min_length = rules.min_name_length
        self.ignore = frozenset(w.casefold() for w in rules.ignored_names.words)
        self.dangling = frozenset(rules.dangling_ends.words)
        self.role_words = frozenset(lexicon.roles.role_words.words)

    def classify(self, span: Span, name: str) -> TypingRule | None:
        """The first typing rule that holds for a name NER labelled ``span.label_``."""
        label = span.label_
        folded = f" {name.casefold()} "
        words = name.split()
        last = words[-1].strip(".,") if words else ""
        for compiled in self.rules:
            if label in compiled.labels and _holds(compiled, folded, len(words), last):
                return compiled.rule
        return None

    def accept(self, name: str, cls: str, span: Span) -> bool:
        """Whether a name is an entity's: not a title, a stray word, an ignored name or a lone surname."""
        if len(name) < self.min_length or name.casefold() in self.ignore:
            return False
        words = name.split()
        if words[-1] in self.dangling:
            return False  # "Official Journal of the": a name cut short
        if cls == "Person" and (words[-1] in self.role_words or words[0] in self.role_words):
            return False  # "Global Head", "President Biden": a title, not (only) a name
        if not any(ch.isalpha() for ch in name) or (not name[0].isupper() and not name[0].isdigit()):
            return False
        return not (cls == "Person" and len(span) < 2)  # a lone surname is resolved to a full name, never minted


def _holds(compiled: _Compiled, folded: str, n_words: int, last: str) -> bool:
    test = compiled.rule.test
    if test is NameTest.label:
        return True
    if test is NameTest.first_words:
        return any(folded.startswith(f" {w} ") for w in compiled.folded)
    if test is NameTest.contains:
        return any(f" {w} " in folded for w in compiled.folded)
    if test is NameTest.last_word_shape:
        return compiled.shapes is not None and compiled.shapes.fullmatch(last) is not None
    return n_words > 1 and last in compiled.exact
