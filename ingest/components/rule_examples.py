"""Run a rule's examples through the real pipeline and say what is wrong with them.

An example must yield everything it lists (entities, relations, events) and nothing it lists under
``absent``; for a traced rule, the rule itself must have fired on it. A counter-example too, but
nothing in its output may come from the rule (no entity, relation or event whose evidence names it):
what it lists is read by other rules, or as other rules read it ("in May" leaves a claim asserted).
``tests/ingest/test_rule_examples.py`` runs every example of every rule.

    python -m riskgraph.ingest.components.rule_examples [RULE ...]
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from riskgraph.ingest.components.lexicon_types import EventSpec, Example, RelationSpec, Rule
from riskgraph.ingest.components.state import DocState, doc_state
from riskgraph.ingest.model import Event
from riskgraph.ontology.vocabulary import symmetric_properties

PUBLISHED = date(2024, 3, 15)  # a Friday: "on Tuesday" is 2024-03-12
TITLE = "Test article"  # as in tests/ingest/test_extraction.py


@dataclass
class Outcome:
    """What the pipeline read in an example, by canonical names."""

    state: DocState

    def name(self, key: str | None) -> str | None:
        entity = self.state.entities.get(key or "")
        return entity.name if entity else key

    def has_entity(self, name: str, cls: str | None = None) -> bool:
        return any(e.name == name and (cls is None or cls in e.classes) for e in self.state.entities.values())

    def has_relation(self, spec: RelationSpec) -> bool:
        symmetric = spec.p in symmetric_properties()
        for r in self.state.relations:
            ends = (self.name(r.subject), self.name(r.object))
            if r.predicate != spec.p or (ends != (spec.s, spec.o) and not (symmetric and ends == (spec.o, spec.s))):
                continue
            if (spec.modality is None or r.evidence.modality == spec.modality) and \
                    (spec.role is None or r.role == spec.role):
                return True
        return False

    def has_event(self, spec: EventSpec) -> bool:
        return any(self._event_fits(e, spec) for e in self.state.events)

    def _event_fits(self, event: Event, spec: EventSpec) -> bool:
        wanted = {"actor": spec.actor, "target": spec.target, "cause": spec.cause}
        if event.cls != spec.type or any(v is not None and self.name(getattr(event, k)) != v
                                         for k, v in wanted.items()):
            return False
        values = {"date": event.date, "status": event.status, "modality": event.evidence.modality}
        if any(getattr(spec, k) is not None and getattr(spec, k) != v for k, v in values.items()):
            return False
        return set(spec.concerns) <= {self.name(k) for k in event.concerns}

    def by_rule(self, rule: str) -> list[str]:
        """What in the output the rule produced."""
        state = self.state
        found = [f"entity {self.name(m.key)}" for m in state.mentions if m.evidence.rule == rule]
        found += [f"relation {self.name(r.subject)} {r.predicate} {self.name(r.object)}" for r in state.relations
                  if r.evidence.rule == rule]
        found += [f"event {e.cls} {self.name(e.actor)} -> {self.name(e.target)}" for e in state.events
                  if e.evidence.rule == rule]
        return found

    def summary(self) -> str:
        state = self.state
        relations = "; ".join(f"{self.name(r.subject)} {r.predicate} {self.name(r.object)}"
                              for r in state.relations if not r.from_kb)
        events = "; ".join(f"{e.cls} {self.name(e.actor)} -> {self.name(e.target)} (cause {self.name(e.cause)}, "
                           f"{e.status}, {e.evidence.modality}, {e.date})" for e in state.events)
        entities = ", ".join(f"{e.name} [{'/'.join(sorted(e.classes))}]" for e in state.entities.values())
        return f"read: entities {entities or '-'} | relations {relations or '-'} | events {events or '-'}"


def read(nlp: Language, example: Example) -> Outcome:
    """The pipeline's reading of an example sentence (a document with a title and the sentence)."""
    doc = nlp.make_doc(f"{TITLE}\n\n{example.text}")
    doc_state(doc).published = date.fromisoformat(example.published) if example.published else PUBLISHED
    return Outcome(doc_state(nlp(doc)))


def _absent(outcome: Outcome, example: Example) -> list[str]:
    problems = [f"yields entity {n!r}" for n in example.absent.entities if outcome.has_entity(n)]
    problems += [f"yields relation {r.s} {r.p} {r.o}" for r in example.absent.relations if outcome.has_relation(r)]
    problems += [f"yields event {e.model_dump(exclude_defaults=True)}" for e in example.absent.events
                 if outcome.has_event(e)]
    return problems


def check(nlp: Language, rule: Rule, example: Example, *, counter: bool = False) -> list[str]:
    """What is wrong with one example (or counter-example) of ``rule``: [] when it holds."""
    outcome = read(nlp, example)
    problems = _absent(outcome, example)
    problems += [f"misses entity {e.name} [{e.cls}]" for e in example.entities if not outcome.has_entity(e.name, e.cls)]
    problems += [f"misses relation {r.model_dump(exclude_defaults=True)}" for r in example.relations
                 if not outcome.has_relation(r)]
    problems += [f"misses event {e.model_dump(exclude_defaults=True)}" for e in example.events
                 if not outcome.has_event(e)]
    if counter:
        problems += [f"rule {rule.name!r} yields {item}" for item in outcome.by_rule(rule.name)]
    elif rule.traced and not outcome.state.fired[rule.name]:
        problems.append(f"rule {rule.name!r} did not fire")
    return [*problems, outcome.summary()] if problems else []


def main(argv: list[str]) -> int:
    from riskgraph.ingest.pipeline import Pipeline

    pipeline = Pipeline(Path(__file__).resolve().parents[2] / "data" / "gazetteer")
    lexicon_dir = pipeline.config_path.parent / "lexicons"
    from riskgraph.ingest.components.lexicon import load_lexicon

    failed = 0
    for file, rule in load_lexicon(str(lexicon_dir)).rules():
        if argv and rule.name not in argv:
            continue
        cases = [(e, False) for e in rule.examples] + [(e, True) for e in rule.counter_examples]
        for example, counter in cases:
            problems = check(pipeline.nlp, rule, example, counter=counter)
            failed += bool(problems)
            status = "FAIL" if problems else "ok"
            print(f"{status:4} {file}:{rule.name}{' (counter)' if counter else ''}: {example.text[:70]}")
            for problem in problems:
                print(f"       {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
