"""Noise a news layout makes: the city a release is datelined from, and the words of a job title
that NER takes for names ("Under Secretary of the Treasury for Terrorism and Financial Intelligence")."""
from __future__ import annotations

from spacy.tokens import Span

DATELINE_MARKS = frozenset("–—-(:")  # what follows a dateline's place: "WASHINGTON –", "BEIJING (Reuters)"


def is_dateline(span: Span) -> bool:
    """"WASHINGTON, D.C. – Today ...": the city a release is datelined from is not a mention."""
    doc = span.doc
    at_start = span.start == 0 or doc[span.start - 1].is_space or "\n" in doc[span.start - 1].whitespace_
    if span.label_ != "GPE" or not at_start:
        return False
    i = span.end
    while i < len(doc) and i < span.end + 4 and (doc[i].text == "," or doc[i].ent_type_ == "GPE"
                                                 or doc[i].text.isupper()):
        i += 1
    # a dateline dash stands apart ("WASHINGTON –"); "Singapore-based" is a word
    return i < len(doc) and doc[i].text in DATELINE_MARKS and doc[i - 1].whitespace_ != ""


def inside_title(span: Span, role_words: frozenset[str], glue: frozenset[str]) -> bool:
    """Words of a job title, not an entity: "Under Secretary of the Treasury for Terrorism and ...",
    "Head of Corporate Communications at ByteDance" (but "Chief Executive of Globex" names the employer)."""
    if span.label_ not in ("ORG", "GPE", "PERSON") or span.kb_id_:
        return False
    doc = span.doc
    i = span.start - 1
    link = doc[i].lower_ if i >= 0 else ""
    if link not in ("of", "for"):
        return False
    j = i - 1
    steps = 0
    while j >= 0 and steps < 8 and (doc[j].lower_ in glue or doc[j].text[:1].isupper()):
        if doc[j].text in role_words:
            if link == "for":
                return True
            after = [t.lower_ for t in doc[span.end : span.end + 2]]
            return "at" in after  # a department inside a title that names its employer next
        j -= 1
        steps += 1
    return False
