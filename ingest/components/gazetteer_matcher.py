"""Marks knowledge-base names in the text before spaCy's NER runs, so NER keeps them.

Names and aliases of two words or more are matched case-insensitively ("Chinese Government",
"Entity list"); one-word names and abbreviations exactly as written ("Apple", "Meta", "BIS"), so that
a lowercase word is never taken for a name. The longest match wins. Each span's ``ent_id_`` is the KB id.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from riskgraph.ingest.components.lexicon import load_lexicon
from riskgraph.ingest.components.state import fire
from riskgraph.ingest.gazetteer import Gazetteer, load_gazetteer

NER_LABEL = {
    "Company": "ORG",
    "Organization": "ORG",
    "GovernmentBody": "ORG",
    "Jurisdiction": "GPE",
    "Person": "PERSON",
    "Product": "PRODUCT",
    "Project": "PRODUCT",
    "License": "LAW",
    "Regulation": "LAW",
}


@lru_cache(maxsize=4)
def cached_gazetteer(folder: str) -> Gazetteer:
    return load_gazetteer(Path(folder))


class GazetteerMatcher:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, legal_suffixes: frozenset[str] = frozenset(),
                 role_words: frozenset[str] = frozenset(), inner_rule: str = "",
                 legal_forms: frozenset[str] = frozenset(), spelling_rule: str = "") -> None:
        self.gazetteer = gazetteer
        self.legal_suffixes = legal_suffixes
        self.legal_forms = legal_forms
        self.spelling_rule = spelling_rule
        self.role_words = role_words
        self.inner_rule = inner_rule
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in gazetteer.entries.values():
            exact: list[Doc] = []
            folded: list[Doc] = []
            # a possessive or "the" prefix is handled by tokenisation; add the plain forms only
            forms = {v for f in (entry.name, *entry.aliases) if f.strip() for v in self._written_forms(f)}
            for form in sorted(forms):
                tokens = nlp.make_doc(form)
                (folded if len(tokens) > 1 else exact).append(tokens)
            exact += [nlp.make_doc(f) for f in sorted(set(entry.abbreviations)) if f.strip()]
            if exact:
                self.matcher.add(entry.id, exact)
            if folded:
                self.folded.add(entry.id, folded)

    def _written_forms(self, name: str) -> set[str]:
        """A name ending in a legal form is also written without its final full stop or the comma before
        it ("Globex, Inc." as "Globex Inc." and "Globex Inc")."""
        forms = {name}
        head, _, last = name.rpartition(" ")
        if head and last.rstrip(".") in self.legal_forms:
            for start in {head, head.rstrip(",")}:
                forms |= {f"{start} {last}", f"{start} {last.rstrip('.')}"}
        return forms

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        title_end = doc.text.find("\n\n")
        folded = [(m, s, e) for m, s, e in self.folded(doc) if doc[s].idx > title_end or self._exact(doc, m, s, e)]
        for match_id, start, end in [*self.matcher(doc), *folded]:
            kb_id = doc.vocab.strings[match_id]
            entry = self.gazetteer.entries[kb_id]
            if entry.type == "Company" and self._starts_longer_name(doc, end):
                continue  # "Inspur Computer Technology Co., Ltd.": another company, named after this one
            if entry.type in ("Product", "Project") and self._legal_form_follows(doc, end):
                self._fire(doc, self.spelling_rule)
                continue  # "WhatsApp LLC": the company named after its product
            if entry.type == "Company" and doc[start:end].text.lower() not in {
                    f.lower() for f in (entry.name, *entry.aliases)}:
                self._fire(doc, self.spelling_rule)  # a legal form's other spelling ("Facebook Inc")
            if self.inner_rule and end - start == 1 and self._ends_longer_name(doc, start):
                self._fire(doc, self.inner_rule)
                continue  # "the Ministry of Commerce": not the U.S. Commerce Department
            spans.append(Span(doc, start, end, label=NER_LABEL[entry.type], kb_id=kb_id))
        spans = filter_spans(spans)
        doc.set_ents(spans, default="unmodified")
        return doc


    def _starts_longer_name(self, doc: Doc, end: int) -> bool:
        """Capitalised words after the name, one at least no legal suffix, that end in a legal suffix make
        one longer company name ("Inspur Computer Technology Co., Ltd."; not "Micron Technology Inc.")."""
        i, own_words = end, 0
        while i < len(doc) and i < end + 5 and doc[i].text[:1].isupper():
            word = doc[i].text.rstrip(".")
            if word in self.legal_suffixes:
                return own_words > 0
            if not doc[i].is_alpha:
                return False
            own_words += 1
            i += 1
        return False

    @staticmethod
    def _fire(doc: Doc, rule: str) -> None:
        if rule:
            fire(doc, rule)

    def _legal_form_follows(self, doc: Doc, end: int) -> bool:
        return end < len(doc) and doc[end].text.rstrip(".") in self.legal_forms

    def _ends_longer_name(self, doc: Doc, start: int) -> bool:
        """"<Body> of <Name>": a one-word name after "of" and a capitalised proper noun that is no title
        ("Ministry of Commerce"; not "Secretary of Commerce Wilbur Ross", nor "Two of China's startups")."""
        before = doc[start - 2] if start >= 2 else None
        return before is not None and doc[start - 1].lower_ == "of" and before.text[:1].isupper() \
            and before.is_alpha and before.pos_ == "PROPN" and before.text not in self.role_words

    def _exact(self, doc: Doc, match_id: int, start: int, end: int) -> bool:
        """In a Title-Case headline every word is capitalised: there a name must match as written."""
        entry = self.gazetteer.entries[doc.vocab.strings[match_id]]
        return doc[start:end].text in (entry.name, *entry.aliases)


@Language.factory(
    "rg_gazetteer",
    assigns=["doc.ents", "token.ent_kb_id"],
    default_config={"gazetteer_dir": "", "lexicon": ""},
)
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_dir: str, lexicon: str) -> GazetteerMatcher:
    if not lexicon:
        return GazetteerMatcher(nlp, cached_gazetteer(gazetteer_dir))
    loaded = load_lexicon(lexicon)
    rules = loaded.entities
    suffixes = frozenset(rules.typing_rule(rules.missed_companies.suffix_rule).words)
    return GazetteerMatcher(nlp, cached_gazetteer(gazetteer_dir), suffixes,
                            frozenset(loaded.roles.role_words.words), rules.inner_names.name,
                            frozenset(rules.missed_companies.legal_forms), rules.legal_form_spellings.name)
