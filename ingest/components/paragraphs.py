"""Paragraph breaks are sentence breaks: a title line, a dateline or a list item never runs into
the next sentence. Runs before the parser, which keeps preset sentence starts.

A run of more than ``max_sentence_tokens`` tokens with no sentence-final punctuation and no line
break (a list of thousands of names, a text without punctuation) is also cut, every that many
tokens: later components look at whole sentences, and a sentence of unbounded length would make
their work grow with its square. Prose never reaches the limit.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_FINAL = frozenset(".!?")


class Paragraphs:
    def __init__(self, max_sentence_tokens: int) -> None:
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        run = 0  # tokens since the last break or sentence-final punctuation
        for token in doc[:-1]:
            following = doc[token.i + 1]
            if "\n" in token.text_with_ws and (token.is_space or (token.whitespace_ == "" and "\n\n" in token.text)
                                               or "\n" in token.whitespace_):
                following.is_sent_start = True
            if token.is_space and "\n" in token.text:
                following.is_sent_start = True
            run = 0 if following.is_sent_start or token.text in SENTENCE_FINAL else run + 1
            if run >= self.max_sentence_tokens:
                following.is_sent_start = True
                run = 0
        return doc


@Language.factory("rg_paragraphs", assigns=["token.is_sent_start"], default_config={"max_sentence_tokens": 250})
def make_paragraphs(nlp: Language, name: str, max_sentence_tokens: int) -> Paragraphs:
    return Paragraphs(max_sentence_tokens)
