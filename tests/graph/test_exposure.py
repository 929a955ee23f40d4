"""Exposure paths on the founding article, as-of, what-if, and the two implementations agreeing."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from riskgraph.graph.exposure import Watchlist, analyse, reachable_sources
from riskgraph.graph.exposure_sparql import reachable_sources_sparql
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.projection import build_projection
from riskgraph.graph.store import Store
from riskgraph.graph.whatif import RemoveStatement, what_if

SEED = "2023-12-22-seed-bytedance-openai.md"


@pytest.fixture(scope="module")
def seed_store(rg_process, sample_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "store"
    seed = next(p for p in sample_files if p.name == SEED)
    assert rg_process("ingest", "-q", seed, "--store", store).returncode == 0
    return store


def _route(path: dict) -> list[str]:
    out = [path["hops"][0]["from_label"]]
    for hop in path["hops"]:
        out += [hop["property"] if hop["direction"] == "forward" else f"^{hop['property']}", hop["to_label"]]
    return out


def test_founding_article_path_with_evidence_and_mitigation(cli, seed_store: Path) -> None:
    result = cli("exposure", "ByteDance", "--store", seed_store, "--json", "--top", "50")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["label"] == "ByteDance" and data["as_of"] == "2023-12-22"
    routes = {tuple(_route(r)): r for p in data["paths"] for r in (p, *p["other_routes"])}
    wanted = ("ByteDance", "develops", "Project Seed", "dependsOn", "GPT API", "^concerns",
              "Suspension by OpenAI of ByteDance")
    assert wanted in routes, sorted(routes)
    path = routes[wanted]
    develops, depends, suspension = path["hops"]
    assert "codenamed Project Seed" in develops["evidence"][0]["text"]
    assert "Project Seed involved using GPT-generated data" in depends["evidence"][0]["text"]
    assert "suspension of their account" in suspension["evidence"][0]["text"]
    for hop in path["hops"]:
        assert hop["evidence"][0]["title"] == "ByteDance banned from OpenAI over Project Seed"
    assert [m["licence_label"] for m in path["mitigations"]] == ["Microsoft licence for GPT APIs"]
    assert path["mitigations"][0]["licensor_label"] == "Microsoft"
    # ranked by what each risk source adds: the direct hits come first; each source is listed once
    scores = [p["source_score"] for p in data["paths"]]
    assert scores == sorted(scores, reverse=True)
    assert len({p["source"] for p in data["paths"]}) == len(data["paths"])
    assert data["paths"][0]["source_class"] in ("Ban", "Suspension")
    low, high = data["band"]
    assert low <= data["score"] <= high


def test_as_of_before_the_suspension(seed_store: Path) -> None:
    with Store(seed_store, read_only=True) as store:
        projection = build_projection(store)
        entity = str(find_entity(store, "ByteDance"))
    now = analyse(projection, entity)
    before = analyse(projection, entity, as_of=date(2023, 6, 1))
    assert any(projection.events.get(p.source) and projection.events[p.source].cls == "Suspension"
               for p in now.paths)
    assert not any(p.source in projection.events for p in before.paths)
    assert before.score < now.score


def test_whatif_removing_a_dependency_lowers_the_score(cli, seed_store: Path) -> None:
    result = cli("whatif", "--store", seed_store, "--assume", "remove:ByteDance|dependsOn|GPT API", "--json")
    assert result.exit_code == 0, result.stderr
    changes = {c["label"]: c for c in json.loads(result.stdout)}
    assert changes["ByteDance"]["after"] < changes["ByteDance"]["before"]
    assert changes["ByteDance"]["delta"] < 0
    text = cli("whatif", "--store", seed_store, "--assume", "remove:ByteDance|dependsOn|GPT API")
    assert "ByteDance:" in text.stdout and "(-" in text.stdout


def test_whatif_adding_an_event_raises_exposure(seed_store: Path) -> None:
    with Store(seed_store, read_only=True) as store:
        projection = build_projection(store)
        gpt = str(find_entity(store, "GPT API"))
        bytedance = str(find_entity(store, "ByteDance"))
    from riskgraph.graph.whatif import AddEvent

    changes = {c.entity: c for c in what_if(projection, [AddEvent("Sanction", None, gpt)])}
    assert changes[bytedance].delta > 0
    untouched = what_if(projection, [RemoveStatement(bytedance, "competesWith", gpt)])
    assert untouched == []


def test_unknown_entity_gets_suggestions(cli, seed_store: Path) -> None:
    result = cli("exposure", "Bytedanse", "--store", seed_store)
    assert result.exit_code == 1
    assert "did you mean: ByteDance" in result.stderr


def test_networkx_and_sparql_find_the_same_sources(demo_store: Path) -> None:
    watchlist = Watchlist(concern_iso=frozenset({"CN"}))
    with Store(demo_store, read_only=True) as store:
        projection = build_projection(store)
        entities = [str(find_entity(store, name)) for name in
                    ("ByteDance", "Nvidia", "Kestrel Labs", "OpenAI", "Nimbus Compute", "TikTok")]
        compared = 0
        for entity in entities:
            for hops in (2, 4):
                in_process = reachable_sources(projection, entity, hops, watchlist=watchlist)
                by_sparql = reachable_sources_sparql(store, entity, hops, watchlist=watchlist)
                assert in_process == by_sparql, (entity, hops)
                compared += len(in_process)
    assert compared > 20


def test_the_score_is_on_a_known_scale_with_its_rules(cli, seed_store: Path) -> None:
    result = cli("exposure", "ByteDance", "--store", seed_store, "--json")
    data = json.loads(result.stdout)
    assert data["index"] == data["score"] > 0  # the raw index is kept
    half = 3.0
    assert data["score_100"] == round(100 * (1 - 2 ** (-data["index"] / half)))
    assert 0 < data["score_100"] <= 100 and data["band_100"][0] <= data["score_100"] <= data["band_100"][1]
    assert [r["rule"] for r in data["rules"]] == ["severity", "recency", "path weight", "confidence", "mitigation",
                                                 "scale"]
    groups = data["breakdown"]["groups"]
    assert set(groups) == {"events", "instruments", "jurisdictions"}
    assert round(sum(g["total"] for g in groups.values()), 3) == round(data["index"], 3)
    assert all(g["says"] for g in groups.values())
    printed = cli("exposure", "ByteDance", "--store", seed_store).stdout
    assert f"exposure score {data['score_100']}/100" in printed
    assert "· scale: score = 100 × (1 − 2^(−index / 3))" in printed
