"""The named analyst queries of the competition analysis, run as an analyst would, agreeing with
`riskgraph competition` where they answer the same question."""
from __future__ import annotations

import json
from pathlib import Path


def test_rival_dependencies_of_the_founding_article(named_rows, cli, small_store: Path) -> None:
    found = named_rows(small_store, "rival_dependencies", "entity=ByteDance", "rival=OpenAI")
    by_route = {(r["viaLabel"], r["reliance"], r["technologyLabel"], r["whose"]): r for r in found}
    seed = by_route[("Project Seed", "depends on", "GPT API", "made by the rival")]
    assert "codenamed Project Seed" in seed["viaSentence"]
    assert "GPT-generated data" in seed["relianceSentence"]
    assert ("ByteDance", "licensee of", "OpenAI terms of service", "the rival's terms") in by_route
    assert ("ByteDance", "depends on", "OpenAI", "the rival itself") in by_route
    data = json.loads(cli("competition", "ByteDance", "--store", small_store, "--json").stdout)
    python = {d["technology_label"] for d in data["dependencies_on_rivals"] if d["rival_label"] == "OpenAI"}
    assert python == {r["technologyLabel"] for r in found}  # the same technologies of OpenAI, both ways


def test_alternatives_and_single_providers(named_rows, small_store: Path, demo_store: Path) -> None:
    alternatives = {(r["kind"], r["alternativeLabel"], r["grantedByLabel"]) for r in
                    named_rows(small_store, "dependency_alternatives", "entity=ByteDance", "product=GPT API")}
    assert ("licence held", "Microsoft licence for GPT APIs", "Microsoft") in alternatives
    assert {("provider", "OpenAI", ""), ("provider", "Microsoft", "")} <= alternatives
    single = {r["dependencyLabel"]: r["onlyProviderLabel"] for r in
              named_rows(demo_store, "single_provider_dependencies", "entity=ByteDance")}
    assert single["Nvidia"] == "Nvidia" and "GPT API" not in single  # two providers, and a licence from Microsoft


def test_who_makes_a_kind_and_what_an_organisation_makes(named_rows, demo_store: Path) -> None:
    makers = {(r["makerLabel"], r["thingLabel"]) for r in named_rows(demo_store, "technology_makers", "word=chatbot")}
    assert ("Kestrel Labs", "Osprey Chat") in makers
    made = {(r["makerLabel"], r["thingLabel"]) for r in named_rows(demo_store, "organisation_technology",
                                                             "entity=ByteDance")}
    assert {("ByteDance", "Project Seed"), ("ByteDance", "TikTok"), ("ByteDance", "Volcano Engine")} <= made


def test_organisation_moves_in_a_week(named_rows, demo_store: Path) -> None:
    week = named_rows(demo_store, "organisation_moves", "org=Kestrel Labs", "from=2023-12-18", "to=2023-12-24")
    assert ("Suspension by Kestrel Labs of Mingjing AI", "actor") in {(r["label"], r["role"]) for r in week}
    w52 = named_rows(demo_store, "organisation_moves", "org=Kestrel Labs", "from=2023-12-25", "to=2023-12-31")
    investment = next(r for r in w52 if r["label"] == "Investment by Nimbus Compute of Kestrel Labs")
    assert investment["sources"] == "6" and investment["date"] == "2023-12-05"  # dated before, reported that week


def test_stated_competitors(named_rows, tmp_path: Path, rg_process) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "competition" / "2024-02-05-acme-relies-on-h100.md"
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", fixture, "--store", store).returncode == 0
    found = named_rows(store, "competitors_stated", "entity=Acme Robotics")
    assert [(r["competitorLabel"], r["mineLabel"]) for r in found] == [("Orbis Automation Ltd.", "Acme Robotics Inc.")]
    assert "competes with Orbis Automation Ltd." in found[0]["sentence"]
