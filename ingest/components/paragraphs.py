"""Paragraph breaks are sentence breaks: a title line, a dateline or a list item never runs into
the next sentence. Runs before the parser, which keeps preset sentence starts."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("rg_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and (token.is_space or (token.whitespace_ == "" and "\n\n" in token.text)
                                           or "\n" in token.whitespace_):
            doc[token.i + 1].is_sent_start = True
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
