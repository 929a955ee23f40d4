"""Relations that events and relations imply (``lexicons/events.yaml``): a party an export control
is taken against under a list is subject to the list; a violator of terms is bound by them. Read
from rule data, one rule per implication, never coded per event class."""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from riskgraph.ingest.components.groups import Groups
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.lexicon_schema import ImpliedRelation, RelationImplication
from riskgraph.ingest.components.state import DocState, doc_state
from riskgraph.ingest.model import Event, Evidence, Relation

EXTRACTOR = "derived"


def _weaker(ev: Evidence, factor: float, rule: str) -> Evidence:
    """Evidence for a relation inferred from an event: same sentence, a little less sure."""
    return replace(ev, confidence=round(ev.confidence * factor, 3),
                   extractor=ev.extractor.replace("events", EXTRACTOR), rule=rule)


class ImpliedRelations:
    def __init__(self, lexicon: Lexicon) -> None:
        self.groups = Groups(lexicon)
        self.from_events = lexicon.events.implied_relations
        self.from_relations = lexicon.events.relation_implications
        parts = lexicon.entities.law_parts
        self.parts_rule, self.part_predicates = parts.name, frozenset(parts.predicates)

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        for event in [*state.events, *state.folded_events]:  # a folded mention still says who issued what
            for rule in self.from_events:
                self._from_event(state, event, rule)
        for relation in list(state.relations):
            for implication in self.from_relations:
                self._from_relation(state, relation, implication)
            law = state.part_of.get(relation.object) if relation.predicate in self.part_predicates else None
            if law is not None:  # "violated Section 2 of the Sherman Act": the Sherman Act too
                state.relations.append(replace(relation, object=law, evidence=replace(relation.evidence,
                                                                                      rule=self.parts_rule)))
                state.fired[self.parts_rule] += 1
        return doc

    def _fits(self, state: DocState, key: str | None, groups: tuple[str, ...]) -> bool:
        entity = state.entities.get(key or "")
        return entity is not None and self.groups.fits(entity.classes, groups)

    def _from_event(self, state: DocState, event: Event, rule: ImpliedRelation) -> None:
        if event.cls not in rule.events or event.status in rule.unless_status \
                or event.evidence.modality in rule.unless_modality:
            return
        roles = {"actor": event.actor, "target": event.target, "cause": event.cause}
        needed = {role for s, _, o in rule.relations for role in (s, o)} | set(rule.where)
        if any(roles[role] is None for role in needed):
            return
        if not all(self._fits(state, roles[role], groups) for role, groups in rule.where.items()):
            return
        if any(state.entities[roles[role]].kb_id for role in rule.described):  # type: ignore[index]
            return  # a list or law the knowledge base knows has its issuer there
        evidence = _weaker(event.evidence, rule.confidence_factor, rule.name)
        for s, predicate, o in rule.relations:
            state.relations.append(Relation(roles[s], predicate, roles[o], evidence))  # type: ignore[arg-type]
        state.fired[rule.name] += 1

    def _from_relation(self, state: DocState, relation: Relation, rule: RelationImplication) -> None:
        if relation.predicate != rule.predicate or not self._fits(state, relation.object, (rule.object_group,)):
            return
        ends = {"subject": relation.subject, "object": relation.object}
        evidence = replace(relation.evidence, rule=rule.name)
        for s, predicate, o in rule.relations:
            state.relations.append(Relation(ends[s], predicate, ends[o], evidence))
        state.fired[rule.name] += 1


@Language.factory(
    "rg_derived",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state"],
    default_config={"lexicon": ""},
)
def make_derived(nlp: Language, name: str, lexicon: str) -> ImpliedRelations:
    return ImpliedRelations(load_lexicon(lexicon))

