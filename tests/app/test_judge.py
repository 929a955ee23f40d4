"""An analyst's judgements: kept apart, applied on top of extraction, surviving re-ingest."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parents[2] / "data" / "samples"
SEED = "2023-12-22-seed-bytedance-openai.md"
PARENT = ("ASK { <https://w3id.org/riskgraph/id/bytedance> <https://w3id.org/riskgraph#parentOf> "
          "<https://w3id.org/riskgraph/id/tiktok> }")


def _ask(rg_process, store: Path, query: str) -> bool:
    result = rg_process("query", "--store", store, "--format", "json", query)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["boolean"]


@pytest.fixture
def store(tmp_path: Path, rg_process) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (SEED, "2023-12-28-european-commission-probes-nimbus-kestrel.md",
                 "2024-01-02-microsoft-reinstates-nimbus.md"):
        shutil.copy(SAMPLES / name, docs / name)
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", docs, "--store", store).returncode == 0
    return store, docs


def test_a_rejected_statement_leaves_the_graph_and_stays_out(store, rg_process) -> None:
    db, docs = store
    assert _ask(rg_process, db, PARENT)
    result = rg_process("judge", "reject", "ByteDance|parentOf|TikTok", "--why", "TikTok is run apart",
                        "--who", "dana", "--store", db)
    assert result.returncode == 0, result.stderr
    assert not _ask(rg_process, db, PARENT)
    seed = docs / SEED  # the document changes and is read again: the judgement holds
    seed.write_text(seed.read_text(encoding="utf-8") + "\nByteDance owns TikTok.\n", encoding="utf-8")
    again = rg_process("ingest", "-q", docs, "--store", db)
    assert again.returncode == 0 and "1 updated" in again.stderr, again.stderr
    assert not _ask(rg_process, db, PARENT)
    listed = json.loads(rg_process("judge", "list", "--json", "--store", db).stdout)
    assert [(j["verdict"], j["who"], j["why"]) for j in listed] == [("reject", "dana", "TikTok is run apart")]
    assert listed[0]["when"]
    exposure = json.loads(rg_process("exposure", "TikTok", "--json", "--store", db).stdout)
    hops = [(h["from_label"], h["property"], h["to_label"]) for p in exposure["paths"]
            for r in (p, *p["other_routes"]) for h in r["hops"]]
    assert ("TikTok", "parentOf", "ByteDance") not in hops and ("ByteDance", "parentOf", "TikTok") not in hops


def test_a_confirmed_statement_has_full_confidence(store, rg_process) -> None:
    db, _ = store
    result = rg_process("judge", "confirm", "ByteDance|dependsOn|GPT API", "--store", db)
    assert result.returncode == 0, result.stderr
    exposure = json.loads(rg_process("exposure", "ByteDance", "--json", "--store", db).stdout)
    confidences = {h["confidence"] for p in exposure["paths"] for r in (p, *p["other_routes"]) for h in r["hops"]
                   if (h["from_label"], h["property"], h["to_label"]) == ("ByteDance", "dependsOn", "GPT API")}
    assert confidences == {1.0}


def test_a_merge_gives_one_iri_and_keeps_same_as(store, rg_process) -> None:
    db, _ = store
    names = ("SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>|"
             "<http://www.w3.org/2004/02/skos/core#altLabel> 'Commission' }")
    before = json.loads(rg_process("query", "--store", db, "--format", "json", names).stdout)
    [other] = {b["e"]["value"] for b in before["results"]["bindings"]}
    assert other != "https://w3id.org/riskgraph/id/european-commission"
    result = rg_process("judge", "merge", "European Commission", other, "--store", db)
    assert result.returncode == 0, result.stderr
    after = json.loads(rg_process("query", "--store", db, "--format", "json", names).stdout)
    assert {b["e"]["value"] for b in after["results"]["bindings"]} == {"https://w3id.org/riskgraph/id/european-commission"}
    assert _ask(rg_process, db, f"ASK {{ <{other}> <http://www.w3.org/2002/07/owl#sameAs> "
                                "<https://w3id.org/riskgraph/id/european-commission> }")
    assert not _ask(rg_process, db, f"ASK {{ <{other}> ?p ?o FILTER(?p != <http://www.w3.org/2002/07/owl#sameAs>) }}")
    labels = rg_process("query", "--store", db, "--format", "json",
                        "SELECT ?l WHERE { <https://w3id.org/riskgraph/id/european-commission> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert [b["l"]["value"] for b in json.loads(labels.stdout)["results"]["bindings"]] == ["European Commission"]


def test_judgements_survive_export_and_load(store, rg_process, tmp_path: Path) -> None:
    db, _ = store
    assert rg_process("judge", "reject", "ByteDance|parentOf|TikTok", "--store", db).returncode == 0
    dump = tmp_path / "backup.trig"
    assert rg_process("export", "--store", db, "-o", dump).returncode == 0
    restored = tmp_path / "restored"
    assert rg_process("load", dump, "--store", restored).returncode == 0
    listed = json.loads(rg_process("judge", "list", "--json", "--store", restored).stdout)
    assert [j["verdict"] for j in listed] == ["reject"]
    assert not _ask(rg_process, restored, PARENT)


def test_a_statement_that_does_not_parse_is_one_line(store, rg_process) -> None:
    db, _ = store
    result = rg_process("judge", "reject", "ByteDance parentOf TikTok", "--store", db)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: 'ByteDance parentOf TikTok': write the statement as "
                                     "'SUBJECT|PROPERTY|OBJECT', e.g. 'ByteDance|parentOf|TikTok'")
