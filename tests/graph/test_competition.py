"""Competitive risk: competitors asserted and inferred (and inferred rivalry never stored), dependence on a
rival's technology with each hop's sentence and its mitigations, single-source dependencies, rivals'
moves in a week with their sources, exposure beside rivals. Real stores, real extraction, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskgraph.graph.competition_model import load_competition_model
from riskgraph.graph.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "competition"
RG = "https://w3id.org/riskgraph#"


def competition(cli, store: Path, entity: str, *args: str) -> dict:
    result = cli("competition", entity, "--store", store, "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def route(hops: list[dict]) -> list[str]:
    out = [hops[0]["from_label"]]
    for hop in hops:
        out += [hop["property"] if hop["direction"] == "forward" else f"^{hop['property']}", hop["to_label"]]
    return out


@pytest.fixture(scope="module")
def founding(cli, small_store: Path) -> dict:
    return competition(cli, small_store, "ByteDance")


@pytest.fixture(scope="module")
def acme_store(rg_process, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two documents written for these tests: Acme Robotics relies on Nvidia's H100 and competes with Orbis
    Automation (2024-02-05); a week later it also relies on Huawei's Ascend 910B (2024-02-12)."""
    store = tmp_path_factory.mktemp("acme") / "store"
    result = rg_process("ingest", "-q", *sorted(FIXTURES.glob("*.md")), "--store", store)
    assert result.returncode == 0, result.stderr
    return store


# ---------------------------------------------------------------------- the founding article
def test_founding_article_openai_is_an_inferred_competitor_with_its_grounds(founding: dict) -> None:
    rivals = {c["label"]: c for c in founding["competitors"]}
    openai = rivals["OpenAI"]
    assert openai["rivalry"] == "inferred" and not openai["asserted"] and openai["assertions"] == []
    [llm] = [g for g in openai["grounds"] if g["kind_label"] == "large language models"]
    seed = next(m for m in llm["mine"] if m["label"] == "Project Seed")
    assert seed["how"] == "develops"
    [kind] = seed["kinds"]
    assert kind["from"] == "sentence" and kind["words"] == "LLM" and "codenamed Project Seed" in kind["text"]
    assert "codenamed Project Seed" in seed["statement"]["evidence"][0]["text"]
    gpt = next(m for m in llm["theirs"] if m["label"] == "GPT API")
    assert gpt["how"] == "provides" and gpt["kinds"][0]["from"] == "knowledge base"


def test_founding_article_dependence_on_openai_through_project_seed_and_the_microsoft_licence(founding: dict) -> None:
    deps = [d for d in founding["dependencies_on_rivals"] if d["rival_label"] == "OpenAI"
            and d["technology_label"] == "GPT API"]
    assert len(deps) == 1  # one entry per rival and technology, its other paths as routes
    [dep] = deps
    routes = {tuple(route(r)): r for r in (dep["hops"], *dep["other_routes"])}
    wanted = ("ByteDance", "develops", "Project Seed", "dependsOn", "GPT API", "^provides", "OpenAI")
    assert wanted in routes, sorted(routes)
    develops, depends, provides = routes[wanted]
    assert "codenamed Project Seed" in develops["evidence"][0]["text"]
    assert "Project Seed involved using GPT-generated data" in depends["evidence"][0]["text"]
    assert provides["from_knowledge_base"] and provides["evidence"][0]["document"].endswith("knowledge-base")
    for hop in (develops, depends):
        assert hop["evidence"][0]["title"] == "ByteDance banned from OpenAI over Project Seed"
    licences = [m for m in dep["mitigations"] if m["rule"] == "thirdPartyLicence"]
    assert [(m["node_label"], m["through_label"]) for m in licences] == [
        ("Microsoft licence for GPT APIs", "Microsoft")]
    assert "licensed Microsoft to use GPT APIs" in licences[0]["hops"][0]["evidence"][0]["text"]
    assert ("alternativeProvider", "Microsoft") in {(m["rule"], m["node_label"]) for m in dep["mitigations"]}


def test_the_text_shows_each_dependence_with_its_other_routes_and_their_sentences(cli, small_store: Path) -> None:
    result = cli("competition", "ByteDance", "--store", small_store)
    assert result.exit_code == 0, result.stderr
    assert "also: ByteDance —develops→ Project Seed —dependsOn→ GPT API ←provides— OpenAI" in result.stdout
    assert "codenamed Project Seed" in result.stdout


def test_inferred_rivalry_is_never_written_to_the_store(cli, small_store: Path, founding: dict) -> None:
    assert founding["competitors_asserted"] == 0 and founding["competitors_total"] >= 1
    ask = f"PREFIX rg: <{RG}> ASK {{ {{ ?a rg:competesWith ?b }} UNION {{ GRAPH ?g {{ ?a rg:competesWith ?b }} }} }}"
    asked = cli("query", "--store", small_store, "--format", "json", ask)
    assert asked.exit_code == 0, asked.stderr
    assert json.loads(asked.stdout)["boolean"] is False
    with Store(small_store, read_only=True) as store:
        assert not store.select(f"PREFIX rg: <{RG}> SELECT ?s WHERE {{ ?s rg:competesWith ?o }}")


# ---------------------------------------------------------------------- asserted rivalry, single sources
def test_asserted_rivalry_is_marked_asserted_with_the_sentence(cli, acme_store: Path) -> None:
    data = competition(cli, acme_store, "Acme Robotics")
    [orbis] = [c for c in data["competitors"] if c["label"] == "Orbis Automation Ltd."]
    assert orbis["rivalry"] == "asserted" and orbis["asserted"] and not orbis["inferred"]
    [stated] = orbis["assertions"]
    assert stated["statement"]["property"] == "competesWith"
    assert "competes with Orbis Automation Ltd." in stated["statement"]["evidence"][0]["text"]
    assert data["competitors_asserted"] == 1
    assert [x["role"] for x in data["relative_exposure"]] == ["entity", "asserted competitor"]


def test_single_source_until_a_second_provider_of_the_kind_appears(cli, acme_store: Path) -> None:
    before = competition(cli, acme_store, "Acme Robotics", "--as-of", "2024-02-05")
    [single] = before["single_source"]
    assert (single["kind_label"], single["provider_label"]) == ("GPUs and AI accelerators", "Nvidia")
    assert [s["label"] for s in single["supplies"]] == ["Nvidia H100"]
    assert "depends on Nvidia's H100 chips" in single["supplies"][0]["hops"][0]["evidence"][0]["text"]
    after = competition(cli, acme_store, "Acme Robotics", "--as-of", "2024-02-12")
    assert after["single_source"] == []  # Huawei's Ascend 910B is a second source of accelerators


# ---------------------------------------------------------------------- the demo store
def test_rivals_moves_in_a_week_each_with_its_source(cli, demo_store: Path) -> None:
    w51 = competition(cli, demo_store, "ByteDance", "--since", "2023-12-18", "--as-of", "2023-12-24")
    assert w51["moves"] and w51["moves_total"] == len(w51["moves"])
    rivals = {c["label"] for c in w51["competitors"]}
    for move in w51["moves"]:
        assert {r["label"] for r in move["rivals"]} <= rivals
        assert move["citations"] and move["sources"] >= 1
        dated_in_week = move["date"] and "2023-12-18" <= move["date"] <= "2023-12-24"
        assert dated_in_week or any("2023-12-18" <= c["published"] <= "2023-12-24" for c in move["citations"])
    kinds = {(m["kind"], m["label"]) for m in w51["moves"]}
    assert ("suspension", "Suspension by Kestrel Labs of Mingjing AI") in kinds
    assert ("regulatory action", "Ban by OpenAI of ByteDance") in kinds
    assert ("investment", "Investment by Nimbus Compute of Kestrel Labs") in kinds  # a rival took it; told that week


def test_rivals_partnerships_and_investments_of_a_week(cli, demo_store: Path) -> None:
    w52 = competition(cli, demo_store, "ByteDance", "--since", "2023-12-25", "--as-of", "2023-12-31")
    deals = {(m["kind"], m["label"]): m for m in w52["moves"] if m["kind"] in ("partnership", "investment")}
    investment = deals[("investment", "Investment by Microsoft of OpenAI")]
    assert {r["label"] for r in investment["rivals"]} == {"Microsoft", "OpenAI"}
    assert investment["citations"][0]["published"] == "2023-12-28"
    assert "Microsoft's investment in OpenAI" in investment["citations"][0]["text"]
    kestrel = deals[("investment", "Investment by Nimbus Compute of Kestrel Labs")]
    assert kestrel["sources"] == 6 and kestrel["dated"] == "2023-12-05"  # reported again that week
    assert ("partnership", "ByteDance partner of Microsoft") in deals
    assert ("investment", "Microsoft invests in OpenAI") not in deals  # the happening stands for the tie


def test_relative_exposure_beside_rivals(cli, demo_store: Path) -> None:
    data = competition(cli, demo_store, "ByteDance")
    rows = data["relative_exposure"]
    assert rows[0]["role"] == "entity" and rows[0]["label"] == "ByteDance"
    assert len(rows) >= 3 and {r["role"] for r in rows[1:]} <= {"asserted competitor", "inferred competitor"}
    exposure = json.loads(cli("exposure", "OpenAI", "--store", demo_store, "--json").stdout)
    openai = next(r for r in rows if r["label"] == "OpenAI")
    assert openai["index"] == exposure["score"]  # the same index the exposure command gives, same date
    assert sum(openai["by_kind"].values()) == pytest.approx(openai["index"], abs=1e-3)


# ---------------------------------------------------------------------- errors and rules
def test_errors_are_one_line(cli, small_store: Path) -> None:
    for args, message in ((["Nobody Such"], "no entity named 'Nobody Such'"),
                          (["ByteDance", "--since", "last week"], "--since 'last week': write the date as YYYY-MM-DD"),
                          (["ByteDance", "--since", "2024-02-01", "--as-of", "2024-01-01"],
                           "starts (2024-02-01) after the as-of date (2024-01-01)")):
        result = cli("competition", *args, "--store", small_store)
        assert result.exit_code == 1
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_rules_are_read_from_competition_ttl() -> None:
    model = load_competition_model()
    assert {str(s) for s in model.reliance} == {"dependsOn", "subjectTo", "^licensee"}
    assert {r.name for r in model.mitigations} == {"alternativeProvider", "thirdPartyLicence", "inHouseTechnology",
                                                   "otherSupplier"}
    assert "GovernmentBody" in model.non_rival_classes and "Company" in model.rival_classes
    assert model.move_kinds["Investment"] == "investment" and model.move_kinds["partnerOf"] == "partnership"
