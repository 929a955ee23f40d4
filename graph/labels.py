"""Entity labels as a sequential ingest finds them stored, for documents whose graphs are written in any order.

A sequential ingest labels an entity the knowledge base does not know with the least label already
stored for it (``entity_label.rq``), else with its own name, and writes each document before reading
the next one's labels: the label an entity gets depends on what the documents before it stored. A
distributed ingest writes documents as workers finish them, so it cannot ask the store at write time.
``LabelResolver`` answers the same question as the sequential ingest would, document by document in
batch order, from the store's labels graph by graph plus what the batch has resolved so far:

* a graph this batch has resolved (and so rewrites, now or soon) counts with the labels resolved for
  it, whatever the store holds for it at the moment (its old version, or its new one);
* every other graph is untouched by the batch, so the store's answer for it is the answer.

So the answers do not depend on which writes have landed, and the graph is the one a sequential
ingest of the same documents in the same order builds.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store

SAMPLE = 32  # graphs remembered per (entity, label); more are asked for again when these are all rewritten


@dataclass
class _Known:
    stored: dict[str, list[URIRef]] | None = None  # label -> graphs the batch has not rewritten that hold it
    cut: set[str] = field(default_factory=set)  # labels held by more graphs than remembered
    written: str | None = None  # the least label the batch has resolved for the entity


class LabelResolver:
    """``resolve(doc, labels, looked_up)`` for each document of a batch, in batch order."""

    def __init__(self, store: Store, sample: int = SAMPLE) -> None:
        self.store = store
        self.sample = sample
        self._known: dict[URIRef, _Known] = {}
        self._rewritten: set[URIRef] = set()

    def resolve(self, doc: URIRef, labels: Mapping[URIRef, frozenset[str]],
                looked_up: frozenset[URIRef]) -> dict[URIRef, str | None]:
        """What the sequential ingest's label lookup answers for each entity in ``looked_up`` when it
        builds ``doc``, which will then be stored with ``labels`` (entity -> the labels its graph gives it
        when every lookup answers nothing). Records what ``doc`` then stores."""
        answers = {entity: self._existing(entity) for entity in sorted(looked_up)}
        self._rewritten.add(doc)
        for entity, given in labels.items():
            answer = answers.get(entity)
            least = answer if answer is not None else min(given)
            known = self._known.setdefault(entity, _Known())
            known.written = least if known.written is None else min(known.written, least)
        return answers

    def _existing(self, entity: URIRef) -> str | None:
        known = self._known.setdefault(entity, _Known())
        if known.stored is None:
            self._load(entity, known)
        assert known.stored is not None
        best = known.written
        for label in sorted(known.stored):
            if best is not None and label >= best:
                break
            if self._held(entity, known, label):
                return label
        return best

    def _held(self, entity: URIRef, known: _Known, label: str) -> bool:
        """Whether a graph the batch has not rewritten still holds ``label`` for ``entity``."""
        assert known.stored is not None
        if label not in known.stored:  # gone when the entity's labels were asked for again
            return False
        graphs = [g for g in known.stored[label] if g not in self._rewritten]
        if graphs:
            known.stored[label] = graphs
            return True
        if label in known.cut:  # more graphs held it than were remembered: ask again
            self._load(entity, known)
            return label in known.stored
        del known.stored[label]
        return False

    def _load(self, entity: URIRef, known: _Known) -> None:
        stored: dict[str, list[URIRef]] = {}
        cut: set[str] = set()
        for row in self.store.select(load_query("entity_labels_by_graph"), {"entity": entity}):
            graph, label = row.get("g"), row.get("label")
            if not isinstance(label, Literal) or not isinstance(graph, URIRef) or graph in self._rewritten:
                continue
            graphs = stored.setdefault(str(label), [])
            if len(graphs) < self.sample:
                graphs.append(graph)
            else:
                cut.add(str(label))
        known.stored, known.cut = stored, cut
