"""Finding an entity by what a user types."""
from __future__ import annotations

from pathlib import Path

import pytest

from riskgraph.graph.lookup import find_entity
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import NotFoundError


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, rg_process) -> Path:
    folder = tmp_path_factory.mktemp("lookup")
    doc = folder / "note.txt"
    doc.write_text("Foundry note\n\nTaiwan Semiconductor Manufacturing Company said its new plant in Arizona "
                   "would open next year. Kestrel Labs develops the Osprey model.\n", encoding="utf-8")
    result = rg_process("ingest", "-q", doc, "--store", folder / "store")
    assert result.returncode == 0, result.stderr
    return folder / "store"


def test_a_knowledge_base_abbreviation_finds_an_entity_the_text_names_in_full(store: Path) -> None:
    with Store(store, read_only=True) as db:
        full = find_entity(db, "Taiwan Semiconductor Manufacturing Company")
        assert find_entity(db, "TSMC") == full
        assert find_entity(db, "tsmc") == full


def test_a_name_known_only_to_the_knowledge_base_says_so(store: Path) -> None:
    with Store(store, read_only=True) as db, pytest.raises(NotFoundError) as raised:
        find_entity(db, "SMIC")
    assert "the knowledge base knows it as Semiconductor Manufacturing International Corporation, but no stored " \
           "document mentions it" in str(raised.value)


def test_a_misspelling_gets_suggestions(store: Path) -> None:
    with Store(store, read_only=True) as db, pytest.raises(NotFoundError) as raised:
        find_entity(db, "Kestrel Lab")
    assert "did you mean: Kestrel Labs?" in str(raised.value)
