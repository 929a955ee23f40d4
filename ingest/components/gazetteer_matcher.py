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
    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in gazetteer.entries.values():
            exact: list[Doc] = []
            folded: list[Doc] = []
            # a possessive or "the" prefix is handled by tokenisation; add the plain forms only
            for form in sorted({f for f in (entry.name, *entry.aliases) if f.strip()}):
                tokens = nlp.make_doc(form)
                (folded if len(tokens) > 1 else exact).append(tokens)
            exact += [nlp.make_doc(f) for f in sorted(set(entry.abbreviations)) if f.strip()]
            if exact:
                self.matcher.add(entry.id, exact)
            if folded:
                self.folded.add(entry.id, folded)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        title_end = doc.text.find("\n\n")
        folded = [(m, s, e) for m, s, e in self.folded(doc) if doc[s].idx > title_end or self._exact(doc, m, s, e)]
        for match_id, start, end in [*self.matcher(doc), *folded]:
            kb_id = doc.vocab.strings[match_id]
            entry = self.gazetteer.entries[kb_id]
            spans.append(Span(doc, start, end, label=NER_LABEL[entry.type], kb_id=kb_id))
        spans = filter_spans(spans)
        doc.set_ents(spans, default="unmodified")
        return doc


    def _exact(self, doc: Doc, match_id: int, start: int, end: int) -> bool:
        """In a Title-Case headline every word is capitalised: there a name must match as written."""
        entry = self.gazetteer.entries[doc.vocab.strings[match_id]]
        return doc[start:end].text in (entry.name, *entry.aliases)


@Language.factory(
    "rg_gazetteer",
    assigns=["doc.ents", "token.ent_kb_id"],
    default_config={"gazetteer_dir": ""},
)
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_dir: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, cached_gazetteer(gazetteer_dir))
