"""What-if: apply assumptions (remove a statement, add an event) to a copy of the projection and
report whose exposure changes. The store is never written."""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from riskgraph.graph.exposure import Watchlist, analyse
from riskgraph.graph.exposure_model import load_exposure_model
from riskgraph.graph.projection import EventInfo, Hop, Projection
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.vocabulary import event_classes

Resolver = Callable[[str], str]


@dataclass(frozen=True)
class RemoveStatement:
    subject: str
    prop: str
    object: str


@dataclass(frozen=True)
class AddEvent:
    cls: str
    actor: str | None
    target: str
    when: date | None = None


Assumption = RemoveStatement | AddEvent


@dataclass(frozen=True)
class Change:
    entity: str
    label: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 4)

    def as_dict(self) -> dict:
        return {"entity": self.entity, "label": self.label, "before": self.before, "after": self.after,
                "delta": self.delta}


def parse_assumption(text: str, resolve: Resolver) -> Assumption:
    """'remove:ByteDance|dependsOn|GPT API' or 'event:Sanction|OFAC|ByteDance' (names resolved)."""
    kind, _, rest = text.partition(":")
    parts = [p.strip() for p in rest.split("|")]
    if kind == "remove" and len(parts) == 3:
        prop = parts[1].removeprefix("rg:")
        if prop not in load_exposure_model().properties():
            raise ConfigError(f"--assume {text!r}: {prop!r} carries no exposure; use one of "
                              f"{', '.join(sorted(load_exposure_model().properties()))}")
        return RemoveStatement(resolve(parts[0]), prop, resolve(parts[2]))
    if kind == "event" and len(parts) == 3:
        cls = parts[0].removeprefix("rg:")
        if cls not in event_classes():
            raise ConfigError(f"--assume {text!r}: unknown event type {cls!r}; use one of "
                              f"{', '.join(sorted(event_classes()))}")
        return AddEvent(cls, resolve(parts[1]) if parts[1] else None, resolve(parts[2]))
    raise ConfigError(f"--assume {text!r}: write 'remove:SUBJECT|PROPERTY|OBJECT' or 'event:TYPE|ACTOR|TARGET'")


def apply(projection: Projection, assumptions: list[Assumption]) -> tuple[Projection, set[str]]:
    """A modified copy of the projection and the nodes the assumptions touched."""
    graph: nx.DiGraph = projection.graph.copy()
    events = dict(projection.events)
    touched: set[str] = set()
    model = load_exposure_model()
    for a in assumptions:
        if isinstance(a, RemoveStatement):
            for u, v, forward in ((a.subject, a.object, True), (a.object, a.subject, False)):
                if graph.has_edge(u, v):
                    hops = [h for h in graph.edges[u, v]["hops"] if not (h.prop == a.prop and h.forward == forward)]
                    if hops:
                        graph.edges[u, v]["hops"] = hops
                    else:
                        graph.remove_edge(u, v)
                    touched |= {u, v}
        else:
            iri = f"urn:riskgraph:whatif:{a.cls}:{a.actor}:{a.target}"
            step = model.step("target", False)
            weight = step.weight if step else 1.0
            events[iri] = EventInfo(iri=iri, cls=a.cls, label=f"assumed {a.cls}", date=a.when, status=None,
                                    confidence=1.0, modality="asserted", actor=a.actor, targets=[a.target])
            graph.add_edge(a.target, iri, hops=[Hop("target", False, weight, 1.0, None)])
            touched |= {a.target, iri}
    labels = dict(projection.labels)
    for iri, ev in events.items():
        labels.setdefault(iri, ev.label)
    modified = copy.copy(projection)
    modified.graph, modified.events, modified.labels = graph, events, labels
    return modified, touched


def what_if(projection: Projection, assumptions: list[Assumption], *, as_of: date | None = None,
            max_hops: int = 4, watchlist: Watchlist | None = None) -> list[Change]:
    """Entities whose exposure differs once the assumptions hold, largest change first."""
    modified, touched = apply(projection, assumptions)
    candidates: set[str] = set()
    for graph in (projection.graph, modified.graph):
        reverse = graph.reverse(copy=False)
        for node in touched:
            if node in reverse:
                reach = nx.single_source_shortest_path_length(reverse, node, cutoff=max_hops)
                candidates |= set(reach)
    entity_like = {n for n in candidates if n not in projection.events and n not in modified.events}
    changes = []
    for node in sorted(entity_like):
        before = analyse(projection, node, as_of=as_of, max_hops=max_hops, top=0, watchlist=watchlist,
                         band=False).score
        after = analyse(modified, node, as_of=as_of, max_hops=max_hops, top=0, watchlist=watchlist,
                         band=False).score
        if abs(after - before) >= 1e-4:
            changes.append(Change(node, projection.labels.get(node, node), before, after))
    changes.sort(key=lambda c: (-abs(c.delta), c.label))
    return changes
