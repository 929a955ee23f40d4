"""The named analyst queries, run as an analyst would: `riskgraph query --named NAME --param k=v`."""
from __future__ import annotations

from pathlib import Path

from riskgraph.graph.queries import list_queries, named_query


def test_every_public_query_declares_its_parameters() -> None:
    names = list_queries(public_only=True)
    assert set(names) == {"claims_about", "competitors_partners", "dependencies_on_provider", "events_in_range",
                          "licences_of", "subject_to",
                          # competition (tests/graph/test_competition_queries.py)
                          "competitors_stated", "dependency_alternatives", "organisation_moves",
                          "organisation_technology", "rival_dependencies", "single_provider_dependencies",
                          "technology_makers"}
    for name in names:
        query = named_query(name)
        for param in query.params:
            assert f"?{param}" in query.text.split("WHERE")[0], (name, param)  # projected, so it can be bound


def test_dependencies_on_a_provider(named_rows, demo_store: Path) -> None:
    found = {(r["viaLabel"], r["dependencyLabel"]) for r in
             named_rows(demo_store, "dependencies_on_provider", "entity=ByteDance", "provider=OpenAI")}
    assert ("Project Seed", "GPT API") in found
    assert ("ByteDance", "GPT API") in found


def test_entities_subject_to_a_list(named_rows, demo_store: Path) -> None:
    found = {r["entityLabel"] for r in named_rows(demo_store, "subject_to", "instrument=Entity List")}
    assert "Hexi Compute Technology Co., Ltd." in found


def test_events_in_a_date_range_by_type_and_jurisdiction(named_rows, demo_store: Path) -> None:
    week = named_rows(demo_store, "events_in_range", "from=2023-12-18", "to=2023-12-24")
    assert week and all("2023-12-18" <= r["date"][:10] <= "2023-12-24" for r in week)
    suspensions = named_rows(demo_store, "events_in_range", "from=2023-12-18", "to=2023-12-24", "type=Suspension")
    assert {r["type"] for r in suspensions} == {"https://w3id.org/riskgraph#Suspension"}
    assert ("OpenAI", "ByteDance") in {(r["actorLabel"], r["targetLabel"]) for r in suspensions}
    china = named_rows(demo_store, "events_in_range", "from=2023-12-01", "to=2024-01-07", "jurisdiction=China")
    assert china and len(china) < len(named_rows(demo_store, "events_in_range", "from=2023-12-01", "to=2024-01-07"))


def test_licences_held_and_given(named_rows, demo_store: Path) -> None:
    held = {(r["role"], r["licenceLabel"], r["otherLabel"]) for r in
            named_rows(demo_store, "licences_of", "entity=ByteDance")}
    assert ("holds", "Microsoft licence for GPT APIs", "Microsoft") in held
    given = {r["licenceLabel"] for r in named_rows(demo_store, "licences_of", "entity=Microsoft")
             if r["role"] == "grants"}
    assert "Microsoft licence for GPT APIs" in given


def test_competitors_and_partners(named_rows, demo_store: Path) -> None:
    ties = {(r["relation"], r["otherLabel"]) for r in named_rows(demo_store, "competitors_partners",
                                                            "entity=Kestrel Labs")}
    assert ("invested in by", "Nimbus Compute") in ties


def test_claims_about_an_entity_cite_their_sentence(named_rows, demo_store: Path) -> None:
    claims = named_rows(demo_store, "claims_about", "entity=Project Seed")
    develops = [c for c in claims if c["property"] == "develops"]
    assert develops and "codenamed Project Seed" in develops[0]["sentence"]
    assert develops[0]["document"] == "ByteDance banned from OpenAI over Project Seed"


def test_missing_or_unknown_parameters(cli, demo_store: Path) -> None:
    missing = cli("query", "--store", demo_store, "--named", "licences_of")
    assert missing.exit_code == 1 and "needs --param for: entity" in missing.stderr
    unknown = cli("query", "--store", demo_store, "--named", "licences_of", "--param", "company=ByteDance")
    assert unknown.exit_code == 1 and "has no parameter 'company'" in unknown.stderr
    nobody = cli("query", "--store", demo_store, "--named", "licences_of", "--param", "entity=Nobody Such")
    assert nobody.exit_code == 1 and "no entity named" in nobody.stderr
