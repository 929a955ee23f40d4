"""Names NER missed, found by what marks them (``lexicons/entities.yaml``): a legal suffix
("Globex Corporation"), a product noun after them ("the Falcon model"), a job title next to them
("Secretary Jane Roe")."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.lexicon import Lexicon


def _model_number(token: Token) -> bool:
    """"X2", "9000S", "H20": letters and digits together, as model numbers are written."""
    text = token.text
    return any(c.isdigit() for c in text) and any(c.isupper() for c in text) and text.isalnum()


def _capitalised_propn(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper()


class MentionFinders:
    def __init__(self, lexicon: Lexicon) -> None:
        rules = lexicon.entities
        self.companies_rule = rules.missed_companies.name
        self.products_rule = rules.missed_products.name
        self.people_rule = rules.titled_people.name
        self.company_suffixes = frozenset(rules.typing_rule(rules.missed_companies.suffix_rule).words)
        self.legal_forms = frozenset(rules.missed_companies.legal_forms)
        self.legal_prefixes = frozenset(rules.missed_companies.legal_prefixes)
        self.product_nouns = frozenset(rules.missed_products.nouns)
        self.not_product_labels = frozenset(rules.missed_products.not_labels)
        self.role_words = frozenset(lexicon.roles.role_words.words)
        self.citations_rule = rules.citations.name
        self.citation = re.compile("|".join(f"(?:{shape})" for shape in rules.citations.shapes))

    # ------------------------------------------------------------------ "15 C.F.R. § 744.23"
    def citations(self, doc: Doc) -> list[Span]:
        """Legal citations by their shape."""
        found = []
        for match in self.citation.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="contract", label="LAW")
            if span is not None and len(span) and not any(t.ent_kb_id_ for t in span):  # not a known law's
                found.append(span)
        return found

    # ------------------------------------------------------------------ "Globex Corporation"
    def companies(self, doc: Doc) -> list[Span]:
        """Company names NER missed that a legal suffix marks: "Globex Corporation", "Initech Inc.";
        a subsidiary named after a known company and ending in a legal form ("Globex Labs
        Limited", "Globex Italia S.r.l."); a name after a legal form written first ("OOO Globex")."""
        taken = {t.i for e in doc.ents for t in e}
        entity_at = {t.i: e for e in doc.ents for t in e}
        found: list[Span] = []
        for token in doc:
            word = token.text.rstrip(".")
            if token.i in taken:
                name = entity_at[token.i]
                if name.end == token.i + 1 and word in self.legal_forms and "." in token.text and not name.kb_id_ \
                        and token.i + 1 < len(doc) and doc[token.i + 1].text == "." and name.label_ == "ORG":
                    found.append(Span(doc, name.start, token.i + 2, label="ORG"))  # "S.r.l" "." -> "S.r.l."
                elif name.start == token.i and all(t.text.rstrip(".") in self.legal_forms for t in name) \
                        and (start := self._company_start(doc, token, taken)) < token.i \
                        and (not found or found[-1].end <= start):
                    found.append(Span(doc, start, name.end, label="ORG"))  # NER took "S.A." alone for the name
                continue
            if word in self.legal_prefixes:
                end = token.i + 1
                while end < len(doc) and end - token.i <= 4 and not doc[end].is_sent_start and (
                        _capitalised_propn(doc[end]) or (end in entity_at and entity_at[end].label_ == "ORG")):
                    end += 1
                if end > token.i + 1 and (not found or found[-1].end <= token.i):
                    found.append(Span(doc, token.i, end, label="ORG"))
                continue
            if word not in self.company_suffixes:
                continue
            start = self._company_start(doc, token, taken)
            if word in self.legal_forms:
                start = self._known_name_before(doc, start, token, taken, entity_at)
            end = token.i + 1
            if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text.rstrip(".") in self.company_suffixes:
                end += 2  # "Co., Ltd."
            if "." in doc[end - 1].text[:-1] and end < len(doc) and doc[end].text == ".":
                end += 1  # "S.r.l." tokenised "S.r.l" "."
            if start < token.i and (not found or found[-1].end <= start):
                found.append(Span(doc, start, end, label="ORG"))
        return found

    @staticmethod
    def _known_name_before(doc: Doc, start: int, suffix: Token, taken: set[int], entity_at: dict[int, Span]) -> int:
        """"Globex Labs Limited", "Globex Ireland Limited": a legal form after a known name
        and a word of its own names a company of its own, the known name included."""
        begin = start
        while begin - 1 >= 0 and suffix.i - begin < 6 and doc[begin - 1].text[:1].isupper():
            before = doc[begin - 1]
            if before.i in taken and entity_at[before.i].label_ in ("ORG", "GPE", "PRODUCT"):
                begin = entity_at[before.i].start
            elif before.i not in taken and _capitalised_propn(before) and not doc[begin].is_sent_start:
                begin -= 1
            else:
                break
        names = {entity_at[t.i].start for t in doc[begin:suffix.i] if t.i in taken}
        own_words = [t for t in doc[begin:suffix.i] if t.i not in taken]
        return begin if begin < start and names and (own_words or len(names) > 1) else start  # not "Apple Inc."

    @staticmethod
    def _company_start(doc: Doc, suffix: Token, taken: set[int]) -> int:
        start = suffix.i
        while start - 1 >= 0 and not doc[start].is_sent_start and _capitalised_propn(doc[start - 1]) \
                and doc[start - 1].i not in taken and suffix.i - start < 4:
            start -= 1
        # a city that starts the name: "Shenzhen Yuanhang Electronics Co." (not "Shenzhen" + a company)
        while start - 1 >= 0 and start < suffix.i and not doc[start].is_sent_start and \
                doc[start - 1].ent_type_ == "GPE" and doc[start - 1].pos_ == "PROPN" and suffix.i - start < 5:
            start -= 1
        return start

    # ------------------------------------------------------------------ "the Falcon model"
    def products(self, doc: Doc) -> list[Span]:
        """Product names NER missed or took for people, marked by a product noun after them
        ("Kestrel's Osprey model", "the Falcon chip"), and the later bare uses of the same name
        ("Osprey is trained from scratch")."""
        longer_orgs = [e.text for e in doc.ents if e.label_ == "ORG" and len(e) > 1]
        names = {name for token in doc
                 if (name := self._product_before(doc, token, longer_orgs) or self._product_after(doc, token))}
        found: list[Span] = []
        for first in range(len(doc)):
            for name in names:
                end = first + len(name)
                if end <= len(doc) and tuple(t.text for t in doc[first:end]) == name and \
                        not any(t.ent_kb_id_ for t in doc[first:end]) and (not found or found[-1].end <= first) \
                        and not (end < len(doc) and _capitalised_propn(doc[end])):
                    found.append(Span(doc, first, end, label="PRODUCT"))
                    break
        return found

    def _product_before(self, doc: Doc, noun: Token, longer_orgs: list[str]) -> tuple[str, ...] | None:
        """The words of the name right before a product noun, if they may be a product's."""
        if noun.pos_ != "NOUN" or not noun.text.islower() or noun.lemma_.lower() not in self.product_nouns:
            return None
        start = noun.i
        # the parser may take a model number for the noun's subject ("the Nova X9 smartphone")
        while start - 1 >= 0 and noun.i - start < 3 and (doc[start - 1].dep_ == "compound" or (
                start == noun.i and _model_number(doc[start - 1]))) \
                and (_capitalised_propn(doc[start - 1]) or _model_number(doc[start - 1])):
            start -= 1
        name = doc[start:noun.i]
        if not len(name) or any(t.ent_kb_id_ or (t.ent_type_ in self.not_product_labels and t.ent_type_ != "ORG")
                                for t in name):
            return None
        if any(o.startswith(name.text + " ") for o in longer_orgs):
            return None  # "the Orbis model" after "Orbis Software Inc.": the company's name
        if name[-1].text.rstrip(".") in self.company_suffixes:
            return None  # "the Orbis Software Inc. chatbot": a company's name
        return tuple(t.text for t in name)

    def _product_after(self, doc: Doc, noun: Token) -> tuple[str, ...] | None:
        """The words of a name a product noun describes right before it ("the messaging app Zephyr",
        "animated-image platform Zephyr"), if it is no known or company name; NER may take it for a place."""
        if noun.pos_ != "NOUN" or not noun.text.islower() or noun.lemma_.lower() not in self.product_nouns:
            return None
        start = end = noun.i + 1
        while end < len(doc) and end - start < 3 and _capitalised_propn(doc[end]) and not doc[end].ent_kb_id_:
            end += 1
        name = doc[start:end]
        if not len(name) or (end < len(doc) and doc[end].ent_kb_id_):
            return None
        if not (start <= noun.head.i < end or any(t.dep_ == "appos" and t.head.i == noun.i for t in name)):
            return None  # the noun describes another word ("the app Store Pro ..."), not this name
        if name[-1].text.rstrip(".") in self.company_suffixes or any(
                t.ent_type_ in self.not_product_labels and t.ent_type_ not in ("GPE", "ORG") for t in name):
            return None
        return tuple(t.text for t in name)

    # ------------------------------------------------------------------ "Secretary Jane Roe"
    def people(self, doc: Doc) -> list[Span]:
        """Names NER missed that a job title marks: "Jodi Seth, Global Head of ...", "Secretary Jane Roe"."""
        found: list[Span] = []
        taken = {t.i for e in doc.ents for t in e}
        i = 0
        while i < len(doc) - 1:
            j = i
            while j < len(doc) and _capitalised_propn(doc[j]) and doc[j].i not in taken \
                    and doc[j].text not in self.role_words and j - i < 3:
                j += 1
            if j - i < 2:
                i += 1
                continue
            if self._titled(doc, i, j, taken):
                found.append(Span(doc, i, j, label="PERSON"))
            i = j
        return found

    def _titled(self, doc: Doc, start: int, end: int, taken: set[int]) -> bool:
        after = [t for t in doc[end + 1 : end + 5] if t.text[:1].isupper()] if end < len(doc) and doc[end].text == "," \
            else []
        before = doc[start - 1] if start > 0 else None  # "Chairperson Jane Roe", "MOFCOM spokesperson Jane Roe"
        return any(t.text in self.role_words for t in after) or (
            before is not None and before.text[:1].upper() + before.text[1:] in self.role_words
            and before.i not in taken)
