"""Last step: keep relations whose ends fit the ontology's domain and range and that do not bind a
licensor by its own licence (``lexicons/licences.yaml`` own_licence), and one relation per
(subject, predicate, object): the best-supported one. Symmetric properties are kept once."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.lexicon_phrases import OwnLicenceRule
from riskgraph.ingest.components.state import doc_state
from riskgraph.ingest.model import Relation
from riskgraph.ontology.vocabulary import domain_of, range_of, symmetric_properties

MODALITY_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "denied": 3, "negated": 3}


class Finalizer:
    def __init__(self, lexicon: Lexicon) -> None:
        self.own_licence = lexicon.licences.own_licence
        self.symmetric = symmetric_properties()
        self._domain: dict[str, set[str]] = {}
        self._range: dict[str, set[str]] = {}

    def fits(self, relation: Relation, subject: set[str], obj: set[str]) -> bool:
        p = relation.predicate
        if p not in self._domain:
            self._domain[p] = set(domain_of(p))
            self._range[p] = set(range_of(p))
        return bool(subject & self._domain[p]) and bool(obj & self._range[p])

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        best: dict[tuple[str, str, str], Relation] = {}
        rule = self.own_licence
        grants = {(r.subject, r.object) for r in state.relations if r.predicate == rule.grant}
        for r in state.relations:
            if _binds_its_own_grantor(r, grants, rule):
                state.unmatched[f"relation-own-licence:{r.predicate}"] += 1
                state.fired[rule.name] += 1
                continue
            s_cls = state.entities[r.subject].classes if r.subject in state.entities else set()
            o_cls = state.entities[r.object].classes if r.object in state.entities else set()
            if r.subject == r.object or not self.fits(r, s_cls, o_cls):
                state.unmatched[f"relation-out-of-range:{r.predicate}"] += 1
                continue
            s, o = r.subject, r.object
            if r.predicate in self.symmetric and o < s:
                s, o = o, s
            key = (s, r.predicate, o)
            old = best.get(key)
            if old is None or _better(r, old):
                best[key] = r if (s, o) == (r.subject, r.object) else Relation(
                    s, r.predicate, o, r.evidence, r.role, r.from_kb)
        state.relations = list(best.values())
        return doc


def _binds_its_own_grantor(r: Relation, grants: set[tuple[str, str]], rule: OwnLicenceRule) -> bool:
    """A licensor is not the licensee of its own terms, nor bound by them, nor in breach of them."""
    if r.predicate in rule.from_licence:
        return (r.subject, r.object) in grants
    if r.predicate in rule.to_licence:
        return (r.object, r.subject) in grants
    return False


def _better(new: Relation, old: Relation) -> bool:
    """Text beats the knowledge base; plain assertion beats hedging; then confidence."""
    def rank(r: Relation) -> tuple[int, int, float]:
        return (0 if not r.from_kb else 1, MODALITY_RANK.get(r.evidence.modality, 0), -r.evidence.confidence)

    return rank(new) < rank(old)


@Language.factory("rg_finalize", assigns=["doc._.rg_state"], requires=["doc._.rg_state"],
                  default_config={"lexicon": ""})
def make_finalizer(nlp: Language, name: str, lexicon: str) -> Finalizer:
    return Finalizer(load_lexicon(lexicon))
