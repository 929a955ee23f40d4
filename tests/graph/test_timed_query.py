"""graph/timed_query.py: a SELECT in a worker process that is killed at the time limit."""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from riskgraph.graph.queries import named_query
from riskgraph.graph.store import Store
from riskgraph.graph.timed_query import run_select
from riskgraph.ontology.errors import QueryError, StoreError

LABELS = "SELECT ?e ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?e ?label"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_rows_are_the_store_s_rows_as_text(demo_store: Path) -> None:
    expected = Store(demo_store, read_only=True).select(LABELS)
    columns, rows, truncated = run_select(demo_store, LABELS, 30, 100_000)
    assert columns == ["e", "label"]
    assert rows == [[str(r["e"]), str(r["label"])] for r in expected]
    assert truncated is False
    columns, rows, truncated = run_select(demo_store, LABELS, 30, 3)
    assert len(rows) == 3 and truncated is True


def test_parameters_are_bound(demo_store: Path) -> None:
    query = named_query("claims_about").text
    entity = URIRef("https://w3id.org/riskgraph/id/bytedance")
    expected = Store(demo_store, read_only=True).select(query, {"entity": entity})
    columns, rows, _ = run_select(demo_store, query, 30, 10_000, {"entity": entity})
    assert len(rows) == len(expected) > 0
    assert {row[columns.index("entity")] for row in rows} == {str(entity)}


def test_a_slow_query_is_stopped_at_the_limit(demo_store: Path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^the query took longer than 1.5 s and was stopped$"):
        run_select(demo_store, CROSS, 1.5, 10)
    assert time.monotonic() - started < 8
    # the query worker was killed and reaped (other tests may leave the document reader's worker alive)
    assert not [p for p in multiprocessing.active_children() if p.name == "riskgraph-query"]


def test_errors_keep_their_kind(demo_store: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="not valid SPARQL"):
        run_select(demo_store, "SELECT ?x WHERE { ?x", 30, 10)
    with pytest.raises(QueryError, match="expected a SELECT query"):
        run_select(demo_store, "ASK { ?s ?p ?o }", 30, 10)
    with pytest.raises(StoreError, match="no riskgraph store at"):
        run_select(tmp_path / "nothing", LABELS, 30, 10)
