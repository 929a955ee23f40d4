"""Marks knowledge-base names in the text before spaCy's NER runs, so NER keeps them.

Case-sensitive phrase matching on token text (the gazetteer lists the case variants it expects);
the longest match wins. Each span's ``ent_id_`` is the KB id.
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
        for entry in gazetteer.entries.values():
            forms = {f for f in entry.surface_forms if f.strip()}
            # a possessive or "the" prefix is handled by tokenisation; add the plain forms only
            self.matcher.add(entry.id, [nlp.make_doc(f) for f in sorted(forms)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            kb_id = doc.vocab.strings[match_id]
            entry = self.gazetteer.entries[kb_id]
            spans.append(Span(doc, start, end, label=NER_LABEL[entry.type], kb_id=kb_id))
        spans = filter_spans(spans)
        doc.set_ents(spans, default="unmodified")
        return doc


@Language.factory(
    "rg_gazetteer",
    assigns=["doc.ents", "token.ent_kb_id"],
    default_config={"gazetteer_dir": ""},
)
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_dir: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, cached_gazetteer(gazetteer_dir))
