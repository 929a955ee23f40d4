"""The two fixed commands, exactly as outside tools call them: `riskgraph ingest PATH... --store DIR`
and `riskgraph query --store DIR --format json 'SPARQL'` (SPARQL 1.1 JSON results on stdout)."""
from __future__ import annotations

import json
from pathlib import Path

# the entity query of ../shared/tools/score.py
Q_ENTITIES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?type ?label ?iso WHERE {
  ?e a ?type . FILTER(STRSTARTS(STR(?type), "https://w3id.org/riskgraph#"))
  { ?e rdfs:label ?label } UNION { ?e skos:altLabel ?label }
  OPTIONAL { ?e <https://w3id.org/riskgraph#isoCode> ?iso }
}"""
RG = "https://w3id.org/riskgraph#"


def _bindings(stdout: str) -> list[dict[str, str]]:
    data = json.loads(stdout)
    assert set(data) >= {"head", "results"}
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_sample_entities_by_core_iris(rg_process, demo_store: Path) -> None:
    result = rg_process("query", "--store", demo_store, "--format", "json", Q_ENTITIES)
    assert result.returncode == 0, result.stderr
    rows = _bindings(result.stdout)
    typed = {(r["label"], r["type"]) for r in rows}
    for company in ("ByteDance", "OpenAI", "Microsoft"):
        assert (company, RG + "Company") in typed
    china = {r.get("iso") for r in rows if r["label"] == "China" and r["type"] == RG + "Jurisdiction"}
    assert china == {"CN"}


def test_each_entity_has_exactly_one_label(rg_process, demo_store: Path) -> None:
    q = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?e (COUNT(DISTINCT ?l) AS ?n) WHERE { ?e rdfs:label ?l } GROUP BY ?e HAVING (COUNT(DISTINCT ?l) > 1)"""
    result = rg_process("query", "--store", demo_store, "--format", "json", q)
    assert result.returncode == 0, result.stderr
    assert _bindings(result.stdout) == []


def test_ask_construct_and_tabular_formats(cli, demo_store: Path) -> None:
    ask = cli("query", "--store", demo_store, "--format", "json",
              f"ASK {{ ?x a <{RG}Company> }}")
    assert ask.exit_code == 0 and json.loads(ask.stdout) == {"head": {}, "boolean": True}
    construct = cli("query", "--store", demo_store, "--format", "turtle",
                    f"CONSTRUCT {{ ?x a <{RG}Company> }} WHERE {{ ?x a <{RG}Company> }} LIMIT 3")
    assert construct.exit_code == 0 and f"<{RG}Company>" in construct.stdout
    csv = cli("query", "--store", demo_store, "--format", "csv",
              f"SELECT ?x WHERE {{ ?x a <{RG}Jurisdiction> ; <{RG}isoCode> \"CN\" }}")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines() == ["x", "https://w3id.org/riskgraph/id/china"]
    tsv = cli("query", "--store", demo_store, "--format", "tsv",
              f"SELECT ?x WHERE {{ ?x <{RG}isoCode> \"CN\" }}")
    assert tsv.stdout.splitlines() == ["?x", "<https://w3id.org/riskgraph/id/china>"]


def test_query_from_file_and_named_query(cli, demo_store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(f"SELECT ?x WHERE {{ ?x <{RG}isoCode> \"CN\" }}")
    result = cli("query", "--store", demo_store, "--format", "csv", "--file", rq)
    assert result.stdout.splitlines()[1] == "https://w3id.org/riskgraph/id/china"
    named = cli("query", "--store", demo_store, "--format", "json", "--named", "claims_about",
                "--param", "entity=ByteDance")
    assert named.exit_code == 0, named.stderr
    properties = {r["property"] for r in _bindings(named.stdout)}
    assert {"parentOf", "violates", "develops"} <= properties


def test_errors_are_one_line_with_exit_codes(cli, demo_store: Path, tmp_path: Path) -> None:
    bad = cli("query", "--store", demo_store, "--format", "json", "SELECT ?x WHERE { ?x ")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("error: the query is not valid SPARQL")
    assert len(bad.stderr.strip().splitlines()) == 1
    update = cli("query", "--store", demo_store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert update.exit_code == 1 and "read-only" in update.stderr
    service = cli("query", "--store", demo_store, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert service.exit_code == 1 and "SERVICE is not allowed" in service.stderr
    missing = cli("query", "--store", tmp_path / "nothing-here", "SELECT * { ?s ?p ?o }")
    assert missing.exit_code == 1 and "no riskgraph store" in missing.stderr
    usage = cli("query", "--store", demo_store, "--format", "json")
    assert usage.exit_code == 1 and "exactly one of" in usage.stderr
    unknown_option = cli("ingest", "--no-such-option")
    assert unknown_option.exit_code == 2


def test_version_and_help(cli) -> None:
    version = cli("--version")
    assert version.exit_code == 0 and version.stdout.startswith("riskgraph ")
    for command in ("ingest", "query", "stats", "export", "load", "validate", "demo", "eval", "exposure", "whatif"):
        result = cli(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout, command


def test_demo_says_what_to_try_next_and_what_it_counts(rg_process, tmp_path: Path) -> None:
    result = rg_process("demo", "--store", tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert "counted per document:" in result.stderr
    for command in ("riskgraph exposure ByteDance", "riskgraph dashboard", "riskgraph report --week 2023-W51",
                    "riskgraph query"):
        assert command in result.stdout, command
    stats = json.loads(rg_process("stats", "--json", "--store", tmp_path / "store").stdout)
    assert f"{stats['entities']} distinct entities" in result.stdout
    assert f"holds {stats['documents']} sample documents" in result.stdout


def test_construct_as_a_table_lists_triples(cli, demo_store: Path) -> None:
    result = cli("query", "--store", demo_store, "--format", "table",
                 "CONSTRUCT { ?e <urn:named> ?l } WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l . "
                 "FILTER(?l = 'ByteDance') }")
    assert result.exit_code == 0, result.stderr
    assert "subject" in result.stdout and "predicate" in result.stdout and "object" in result.stdout
    assert "urn:named" in result.stdout and "ByteDance" in result.stdout
    assert "@prefix" not in result.stdout


def test_an_export_loads_back_by_its_suffix(cli, demo_store: Path, tmp_path: Path) -> None:
    for name in ("dump.turtle", "dump.trig", "dump.nq"):
        out = tmp_path / name
        assert cli("export", "--store", demo_store, "-o", out).exit_code == 0
        loaded = cli("load", out, "--store", tmp_path / f"store-{name}")
        assert loaded.exit_code == 0, loaded.stderr
    assert (tmp_path / "dump.turtle").read_text(encoding="utf-8").startswith("@prefix")
    assert "> {" in (tmp_path / "dump.trig").read_text(encoding="utf-8")  # named graphs: TriG, not Turtle
