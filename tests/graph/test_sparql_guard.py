"""The query guard judges exactly the text an engine will run."""
from __future__ import annotations

import pytest

from riskgraph.graph.sparql_guard import ServiceRefused, UpdateRefused, check_query
from riskgraph.ontology.errors import QueryError


def test_escapes_are_expanded_once_and_the_expanded_text_is_what_runs() -> None:
    accepted = check_query('SELECT ?x WHERE { BIND("caf\\u00e9" AS ?x) }')
    assert accepted.kind == "select"
    assert accepted.text == 'SELECT ?x WHERE { BIND("café" AS ?x) }'


def test_an_escaped_keyword_is_judged_as_the_keyword() -> None:
    with pytest.raises(ServiceRefused):
        check_query("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")
    with pytest.raises(UpdateRefused):
        check_query("\\u0044ROP ALL")


def test_an_escape_that_spells_another_escape_is_refused() -> None:
    with pytest.raises(QueryError, match="spells another escape"):
        check_query('SELECT * WHERE { BIND("\\u005Cu0022" AS ?x) }')


def test_deeply_nested_expressions_parse() -> None:
    for depth in (60, 300):  # the word "loaded" sends the second through rdflib's parser, on a deep stack
        accepted = check_query('ASK { ?s ?p "loaded" FILTER(' + "(" * depth + "1 = 1" + ")" * depth + ") }")
        assert accepted.kind == "ask"


def test_absurd_nesting_is_one_clear_error() -> None:
    depth = 9000
    with pytest.raises(QueryError, match=r"nested too deeply|not valid SPARQL"):
        check_query("ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }", max_chars=20000)


@pytest.mark.parametrize(("text", "kind"), [
    ("ASK {}", "ask"),
    ("# a comment\nPREFIX rg: <https://w3id.org/riskgraph#>\nPREFIX : <urn:x#>\nSELECT ?s WHERE { ?s a rg:Company }",
     "select"),
    ("BASE <urn:x/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ('SELECT ?l WHERE { ?l ?p "terms of service" }', "select"),  # a risky word in a string: the full parse
    ("DESCRIBE <urn:x>", "describe"),
])
def test_the_kind_of_a_query(text: str, kind: str) -> None:
    assert check_query(text).kind == kind


def test_nesting_the_engine_could_not_take_is_refused_before_any_parse() -> None:
    depth = 1500
    with pytest.raises(QueryError, match="nested too deeply"):
        check_query("ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }")
