"""Facts the knowledge base supplies about the entities a document mentions: home jurisdiction,
parent organisation, products provided, employer, issuer. They are marked as coming from the
knowledge base (``Relation.from_kb``), not from the document. A fact is added only when the document
mentions both its ends: a company's home country the text never names is not added. A country is
named by its own name, by an adjective of it ("Chinese firms") or inside another name ("U.S.
Department of Commerce", "Chinese Communist Party")."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.resolution import ensure_kb_entity
from riskgraph.ingest.components.state import DocState, doc_state
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry
from riskgraph.ingest.model import Evidence, Relation


class KnowledgeBaseFacts:
    def __init__(self, gazetteer: Gazetteer, version: str, confidence: float) -> None:
        self.gazetteer = gazetteer
        self.evidence = Evidence(start=0, end=0, text="", extractor=f"knowledge-base/{gazetteer.version}",
                                 confidence=confidence)
        # the words that name a country (its names, abbreviations and adjectives) -> its id
        self.country_words: dict[tuple[str, ...], str] = {}
        for entry in gazetteer.entries.values():
            if entry.type == "Jurisdiction" and entry.iso:
                for form in (*entry.surface_forms, *entry.demonyms):
                    self.country_words.setdefault(tuple(form.split()), entry.id)
        self.longest = max((len(words) for words in self.country_words), default=0)

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        mentioned = {e.kb_id: key for key, e in state.entities.items() if e.kb_id}
        mentioned.update({place: "" for place in self._countries_in_names(state)})
        mentioned.update({key.removeprefix("kb:"): "" for _, key in state.demonyms})
        for kb_id in [k for k, key in mentioned.items() if key]:
            entry = self.gazetteer.entries.get(kb_id)
            if entry is not None:
                self._facts(state, entry, mentioned)
        return doc

    def _countries_in_names(self, state: DocState) -> set[str]:
        """Countries named inside the names the document uses ("U.S. Department of Commerce")."""
        found: set[str] = set()
        for entity in state.entities.values():
            for surface in entity.surfaces:
                words = surface.replace("’s", "").replace("'s", "").split()
                for n in range(1, min(self.longest, len(words)) + 1):
                    found.update(self.country_words[w] for k in range(len(words) - n + 1)
                                 if (w := tuple(words[k:k + n])) in self.country_words)
        return found

    def _add(self, state: DocState, s: str, p: str, o: str) -> None:
        state.relations.append(Relation(s, p, o, self.evidence, from_kb=True))

    def _facts(self, state: DocState, entry: KBEntry, mentioned: dict[str, str]) -> None:
        key = f"kb:{entry.id}"
        if entry.country and entry.type != "Jurisdiction" and entry.type != "Person":
            place = self.gazetteer.by_iso(entry.country)
            if place is not None and place.id in mentioned:
                predicate = "headquarteredIn" if entry.type == "Company" else "jurisdiction"
                self._add(state, key, predicate, ensure_kb_entity(state, place))
        if entry.parent and entry.parent in mentioned:
            self._add(state, f"kb:{entry.parent}", "parentOf", key)
        if entry.provided_by and entry.provided_by in mentioned:  # "Nvidia ... the H20"
            self._add(state, f"kb:{entry.provided_by}", "provides", key)
        for product in entry.provider_of:
            owned = self.gazetteer.entries.get(product)
            if owned is not None and owned.parent == entry.id:
                continue  # an app the company owns: parentOf says it
            if product in mentioned:
                self._add(state, key, "provides", f"kb:{product}")
        if entry.employer and entry.employer in mentioned:
            state.relations.append(Relation(key, "worksFor", f"kb:{entry.employer}", self.evidence,
                                            role=entry.role, from_kb=True))
        if entry.issued_by and entry.issued_by in mentioned:
            predicate = "licensor" if entry.type == "License" else "issuedBy"
            self._add(state, key, predicate, f"kb:{entry.issued_by}")


@Language.factory(
    "rg_kb_facts",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state"],
    default_config={"gazetteer_dir": "", "version": "0", "confidence": 0.9},
)
def make_kb_facts(nlp: Language, name: str, gazetteer_dir: str, version: str, confidence: float) -> KnowledgeBaseFacts:
    return KnowledgeBaseFacts(cached_gazetteer(gazetteer_dir), version, confidence)
