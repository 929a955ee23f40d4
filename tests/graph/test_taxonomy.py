"""The technology taxonomy (ontology/technology.ttl) and the kinds the knowledge base assigns."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from riskgraph.graph.competition_model import load_competition_model
from riskgraph.graph.queries import named_query
from riskgraph.graph.taxonomy import ground_of_name, kind_iri, kinds_near, known_kinds, load_taxonomy
from riskgraph.ontology.vocabulary import event_classes, relation_properties

ROOT = Path(__file__).resolve().parents[2]


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_every_kind_in_the_gazetteer_is_a_concept_of_the_taxonomy() -> None:
    taxonomy = load_taxonomy()
    used = set()
    for path in (ROOT / "data" / "gazetteer").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            used |= {kind_iri(k) for k in entry.get("kinds", [])}
    assert used and used <= set(taxonomy.kinds)
    known = known_kinds()
    assert known.kinds["https://w3id.org/riskgraph/id/gpt-api"] == (kind_iri("llm"),)
    assert "https://w3id.org/riskgraph/id/gpt-api" in known.makes["https://w3id.org/riskgraph/id/openai"]


def test_kinds_match_themselves_broader_and_narrower_kinds_not_siblings() -> None:
    taxonomy = load_taxonomy()
    gpus, chips, memory = kind_iri("ai-accelerators"), kind_iri("chips"), kind_iri("memory-chips")
    assert {gpus, chips} <= taxonomy.related(gpus)
    assert gpus in taxonomy.related(chips) and memory in taxonomy.related(chips)
    assert memory not in taxonomy.related(gpus)


@pytest.mark.parametrize(("names", "kinds"), [
    (["TikTok app"], {"mobile-apps"}),
    (["Alibaba Cloud"], {"cloud"}),
    (["Doubao chatbot"], {"llm"}),
    (["H800 chips"], {"chips"}),
    (["EUV lithography machines"], {"chipmaking-equipment"}),
    (["Osprey"], set()),
    (["Happy Llm Co"], set()),  # a label in capitals ("LLM") matches only in capitals
])
def test_kinds_from_names(names: list[str], kinds: set[str]) -> None:
    assert {short(k) for k, _ in ground_of_name(load_taxonomy(), names)} == kinds


def test_the_kind_written_nearest_the_name_in_the_sentence() -> None:
    taxonomy = load_taxonomy()
    seed = ("The ban comes as ByteDance was in the process of developing its own Large Language Model (LLM), using "
            "OpenAI's model outputs as a foundation for its AI project, codenamed Project Seed.")
    assert [(m.words, short(m.kind)) for m in kinds_near(taxonomy, seed, ["Project Seed"], 100)] == [("LLM", "llm")]
    assert kinds_near(taxonomy, seed, ["Project Seed"], 20) == []  # too far
    assert kinds_near(taxonomy, seed, ["Project Stargate"], 100) == []  # not named in the sentence
    chat = "Italy lifted its ban on Osprey Chat, the chatbot app of Singapore-based Kestrel Labs."
    assert {short(m.kind) for m in kinds_near(taxonomy, chat, ["Osprey Chat"], 100)} == {"llm", "mobile-apps"}


def test_the_named_queries_follow_the_competition_rules() -> None:
    """The analyst queries spell out properties and event classes; they are the ones competition.ttl names."""
    model = load_competition_model()
    moves = named_query("organisation_moves").text
    classes = set(re.findall(r"rg:([A-Z]\w+)", moves.split("VALUES ?type")[1].split("}")[0]))
    assert classes == {c for c in model.move_kinds if c in event_classes()}
    steps = {s.prop for s in (*model.holding, *model.reliance, *model.making, *model.terms)}
    used = set(re.findall(r"rg:([a-z]\w+)", named_query("rival_dependencies").text)) & relation_properties()
    assert used == steps
