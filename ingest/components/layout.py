"""Noise a news layout makes: the city a release is datelined from, and the words of a job title
that NER takes for names ("Under Secretary of the Treasury for Terrorism and Financial Intelligence")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

DATELINE_MARKS = frozenset("–—-(:")  # what follows a dateline's place: "WASHINGTON –", "BEIJING (Reuters)"
DASHES = ("—", "–", "--")  # a dash glued to the next word ("D.C.—The")


def _paragraph_start(span: Span) -> bool:
    """Whether only capitalised words stand between the start of a paragraph and the span."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and not (doc[i].is_space or "\n" in doc[i].whitespace_):
        if not (doc[i].text.isupper() or doc[i].text == ","):
            return False
        i -= 1
    return True


def _dateline_filler(token: Token) -> bool:
    """What may stand between a dateline's place and its dash: more of the place ("KUALA LUMPUR",
    "WILMINGTON, Delaware"), the date ("Jan 16", "Dec. 20") and the agency ("(Reuters)")."""
    return token.text in ",.()" or token.ent_type_ in ("GPE", "DATE", "ORG") or token.text.isupper() \
        or token.like_num or (token.text[:1].isupper() and token.is_alpha)


def is_dateline(span: Span) -> bool:
    """"WASHINGTON, D.C. – Today ...", "BEIJING, Dec 9 - ...": the city a story is datelined from is
    not a mention."""
    doc = span.doc
    if not (span.label_ == "GPE" or span.text.isupper()) or not _paragraph_start(span):
        return False
    i = span.end
    while i < len(doc) and i < span.end + 8 and doc[i].text not in DATELINE_MARKS:
        if any(mark in doc[i].text for mark in DASHES) or "\n" in doc[i].whitespace_ or doc[i].is_space:
            return True  # "Washington, D.C.—The ...", or a line of its own ("Washington, DC")
        if not _dateline_filler(doc[i]):
            return False
        i += 1
    # a dateline dash stands apart ("WASHINGTON –"); "Singapore-based" is a word
    return i < len(doc) and doc[i].text in DATELINE_MARKS and doc[i - 1].whitespace_ != ""


def in_dateline(token: Token) -> bool:
    """Whether the token is part of the place a story is datelined from ("BEIJING, Dec 3 - China
    banned ...": the parser may take "BEIJING" for a subject)."""
    if not token.ent_type_:
        return False
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return is_dateline(Span(doc, start, end, label=token.ent_type_))


def in_dateline_credit(token: Token) -> bool:
    """Whether the token is in the part of a paragraph a dateline opens, before its dash: the agency
    credit and the date ("LONDON, Nov 16 (Reuters) - Britain ordered ...": "Reuters" is no subject)."""
    doc = token.doc
    start = token.i
    while start > 0 and not (doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_):
        start -= 1
    first = doc[start]
    if token.i - start > 10 or not (in_dateline(first) or (first.is_upper and first.is_alpha and len(first) > 1)):
        return False
    return any(t.text in DASHES or t.text == "-" for t in doc[token.i + 1 : start + 12])


def is_dateline_date(ent: Span) -> bool:
    """"BEIJING, Dec 3 - China banned ...": the dateline's date says when the story was filed, not when
    what it tells happened."""
    doc = ent.doc
    start = ent.start
    while start > 0 and not (doc[start - 1].is_space or "\n" in doc[start - 1].whitespace_):
        start -= 1
    end = start
    while end < ent.start and doc[end].text.isupper():  # the place, in capitals ("NEW DELHI")
        end += 1
    between = doc[end:ent.start]  # "WILMINGTON, Delaware, Dec 20 -": more of the place, commas
    return start < end <= ent.start and len(between) <= 4 and all(_dateline_filler(t) for t in between) \
        and is_dateline(Span(doc, start, end))


def dateline_names(doc: Doc) -> list[Span]:
    """"SINGAPORE, March 5 - Redpine Systems, a ...": NER runs a dateline's date on into the name that
    opens the story. The date ends before the dash; capitalised names after it are a name (ORG, for
    the typing rules to type). Returns the names split off (doc.ents is set)."""
    found: list[Span] = []
    ents: list[Span] = []
    for span in doc.ents:
        dash = next((t.i for t in span if t.text in DATELINE_MARKS and t.whitespace_ and t.i > span.start
                     and doc[t.i - 1].whitespace_), None) if span.label_ == "DATE" else None
        if dash is None:
            ents.append(span)
            continue
        ents.append(Span(doc, span.start, dash, label="DATE"))
        tail = doc[dash + 1 : span.end]
        if len(tail) and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in tail):
            name = Span(doc, tail.start, tail.end, label="ORG")
            ents.append(name)
            found.append(name)
    if len(ents) != len(doc.ents) or found:
        doc.ents = ents
    return found


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
