"""LabelResolver answers what a sequential ingest's label lookup answers, document by document, while the
documents' graphs are written in any order (as Dask workers write them): checked on a real store on disk
over seeded random batches with updated documents, several names per entity and graphs written late."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import RDFS, Literal, URIRef

from riskgraph.graph.ingestion import _existing_label
from riskgraph.graph.labels import LabelResolver
from riskgraph.graph.store import Store

ENTITIES = [URIRef(f"https://w3id.org/riskgraph/id/org/e{i}") for i in range(6)]
KNOWN = {ENTITIES[5]}  # a knowledge-base entity: labelled, never looked up
NAMES = ["Alpha Corp", "Alpha corp", "ALPHA", "Beta", "beta Ltd"]
GRAPHS = [URIRef(f"https://w3id.org/riskgraph/doc/d{i}") for i in range(16)]


def _graph(labels: dict[URIRef, frozenset[str]]) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(entity, RDFS.label, Literal(name)) for entity, names in labels.items() for name in sorted(names)]


def _document(rng: random.Random) -> dict[URIRef, frozenset[str]]:
    return {e: frozenset(rng.sample(NAMES, rng.choice((1, 1, 2)))) for e in rng.sample(ENTITIES, rng.randint(1, 4))}


@pytest.mark.parametrize("seed", range(12))
def test_answers_match_a_sequential_ingest_whatever_the_order_of_writes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    stores = {name: Store(tmp_path / name) for name in ("sequential", "distributed")}
    for graph in rng.sample(GRAPHS, 8):  # what earlier ingests stored
        triples = _graph(_document(rng))
        for store in stores.values():
            store.replace_graph(graph, triples, new=True)
    batch = [(graph, _document(rng)) for graph in rng.sample(GRAPHS, 12)]  # new and updated documents

    sequential, distributed = stores["sequential"], stores["distributed"]
    resolver = LabelResolver(distributed, sample=2)  # few graphs remembered: the asking-again path runs too
    pending: list[tuple[URIRef, list]] = []
    for graph, labels in batch:
        looked_up = frozenset(labels) - KNOWN
        expected = {e: _existing_label(sequential, e) for e in sorted(looked_up)}
        written = {e: frozenset({expected[e]}) if expected.get(e) else names for e, names in labels.items()}
        sequential.replace_graph(graph, _graph(written))

        answers = resolver.resolve(graph, labels, looked_up)
        assert answers == expected, f"seed {seed}, document {graph}"
        pending.append((graph, _graph({e: frozenset({answers[e]}) if answers.get(e) else names
                                       for e, names in labels.items()})))
        rng.shuffle(pending)
        while pending and rng.random() < 0.5:  # some writes land now, in any order; the others later
            landed, triples = pending.pop()
            distributed.replace_graph(landed, triples)
    for landed, triples in pending:
        distributed.replace_graph(landed, triples)
    assert sorted(distributed.export("nquads").splitlines()) == sorted(sequential.export("nquads").splitlines())
