"""One happening, many reports: events join across documents, whatever the order of ingest; a denial
is counter-evidence, never a path's evidence."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from riskgraph.graph.lookup import find_entity
from riskgraph.graph.store import Store
from riskgraph.ingest.names import name_key

FIXTURES = Path(__file__).parents[1] / "fixtures" / "happenings"
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
INGESTED_AT = "https://w3id.org/riskgraph#ingestedAt"
EVENTS = """PREFIX rg: <https://w3id.org/riskgraph#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?event ?cls ?actor ?target WHERE {
  ?event a rg:RiskEvent , ?c . FILTER(?c != rg:RiskEvent) BIND(STRAFTER(STR(?c), "#") AS ?cls)
  OPTIONAL { ?event rg:actor/(rdfs:label|skos:altLabel) ?actor }
  OPTIONAL { ?event (rg:target|rg:concerns)/(rdfs:label|skos:altLabel) ?target }
}"""


def test_no_gold_happening_has_two_event_nodes(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        rows = store.select(EVENTS)
    nodes: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        key = (str(r["cls"]), name_key(str(r.get("actor", ""))), name_key(str(r.get("target", ""))))
        nodes.setdefault(key, set()).add(str(r["event"]))
    checked = 0
    for gold_file in sorted(SAMPLES.glob("*.gold.json")):
        for event in json.loads(gold_file.read_text(encoding="utf-8"))["events"]:
            key = (event["type"], name_key(event.get("actor") or ""), name_key(event.get("target") or ""))
            assert len(nodes.get(key, set())) <= 1, (gold_file.name, event, nodes.get(key))
            checked += 1
    assert checked >= 40


def _routes(path: dict) -> list[dict]:
    return [path, *path["other_routes"]]


def test_bytedance_top_ten_lists_each_happening_once_with_the_founding_path(rg_process, demo_store: Path) -> None:
    result = rg_process("exposure", "ByteDance", "--store", demo_store, "--json")
    assert result.returncode == 0, result.stderr
    paths = json.loads(result.stdout)["paths"]
    assert len(paths) == 10
    assert len({p["source"] for p in paths}) == 10  # no happening twice
    wanted = ["Project Seed", "GPT API", "Suspension by OpenAI of ByteDance"]
    founding = [r for p in paths for r in _routes(p) if [h["to_label"] for h in r["hops"]] == wanted]
    assert founding, [[h["to_label"] for h in r["hops"]] for p in paths for r in _routes(p)]
    assert [h["property"] for h in founding[0]["hops"]] == ["develops", "dependsOn", "concerns"]
    assert [m["licence_label"] for m in founding[0]["mitigations"]] == ["Microsoft licence for GPT APIs"]
    for route in (r for p in paths for r in _routes(p)):  # a denial or a negation is never evidence
        for hop in route["hops"]:
            assert all(c["modality"] not in ("denied", "negated") for c in hop["evidence"]), hop


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory: pytest.TempPathFactory, rg_process) -> Path:
    store = tmp_path_factory.mktemp("happening") / "store"
    result = rg_process("ingest", "-q", FIXTURES, "--store", store)
    assert result.returncode == 0, result.stderr
    return store


def test_one_happening_reported_three_ways(three_reports: Path, rg_process) -> None:
    query = """PREFIX rg: <https://w3id.org/riskgraph#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?event ?cls ?actor ?target ?sources ?status ?contested WHERE {
      ?event a rg:RiskEvent , ?c ; rg:sourceCount ?sources ; rg:status ?status ; rg:contested ?contested .
      FILTER(?c != rg:RiskEvent) BIND(STRAFTER(STR(?c), "#") AS ?cls)
      OPTIONAL { ?event rg:actor/rdfs:label ?actor } OPTIONAL { ?event rg:target/rdfs:label ?target } }"""
    with Store(three_reports, read_only=True) as store:
        rows = [{k: str(v) for k, v in r.items()} for r in store.select(query)]
        suspensions = [r for r in rows if r["cls"] == "Suspension"]
        assert len(suspensions) == 1, suspensions
        [suspension] = suspensions
        assert (suspension["actor"], suspension["target"], suspension["sources"]) == \
            ("Nimbus Compute", "Brightmoor AI", "3")
        [breach] = [r for r in rows if r["cls"] == "Violation"]
        assert (breach["actor"], breach["contested"]) == ("Brightmoor AI", "true")
        depends = store.ask("ASK { ?s <https://w3id.org/riskgraph#dependsOn> ?o . "
                            "?s <http://www.w3.org/2000/01/rdf-schema#label> 'Brightmoor AI' }")
        assert depends
        breach_iri = breach["event"]
        brightmoor = str(find_entity(store, "Brightmoor AI"))
    result = rg_process("exposure", brightmoor, "--store", three_reports, "--json", "--top", "100")
    assert result.returncode == 0, result.stderr
    sources = {p["source"] for p in json.loads(result.stdout)["paths"]}
    assert suspension["event"] in sources
    assert breach_iri not in sources  # the contested breach counts for nothing until settled


def _nquads(store_dir: Path) -> list[str]:
    with Store(store_dir) as store:
        lines = (store.export("nquads") or b"").decode().splitlines()
    return sorted(line for line in lines if line and INGESTED_AT not in line)


def test_ingest_order_does_not_change_the_graph(rg_process, sample_files: list[Path], tmp_path: Path) -> None:
    stores = []
    for name, order in (("forward", sample_files), ("backward", list(reversed(sample_files)))):
        store = tmp_path / name
        for path in order:  # one document at a time, in this order
            result = rg_process("ingest", "-q", path, "--store", store)
            assert result.returncode == 0, result.stderr
        stores.append(store)
    forward, backward = (_nquads(s) for s in stores)
    assert forward == backward


def test_removing_a_report_updates_its_happening(three_reports: Path, tmp_path: Path, rg_process) -> None:
    copy = tmp_path / "docs"
    shutil.copytree(FIXTURES, copy)
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", copy, "--store", store).returncode == 0
    (copy / "3-denied.md").write_text((copy / "3-denied.md").read_text().replace(
        "Brightmoor AI denied that it had violated", "Brightmoor AI said it had not read"), encoding="utf-8")
    assert rg_process("ingest", "-q", copy, "--store", store).returncode == 0
    with Store(store, read_only=True) as db:
        contested = db.select("PREFIX rg: <https://w3id.org/riskgraph#> SELECT ?e WHERE { ?e a rg:Violation ; "
                              "rg:contested true }")
    assert contested == []  # the denial is gone with the edit
