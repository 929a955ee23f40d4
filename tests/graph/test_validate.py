"""SHACL validation of real output, and a broken graph reported readably."""
from __future__ import annotations

import shutil
from pathlib import Path

from riskgraph.graph.store import Store
from riskgraph.graph.validate import validate_store


def test_the_demo_store_conforms(cli, demo_store: Path) -> None:
    result = cli("validate", "--store", demo_store)
    assert result.exit_code == 0, result.stdout
    assert "conforms" in result.stdout


def test_broken_graph_is_reported(cli, small_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(small_store, broken)
    with Store(broken) as store:
        store.load(b"""
            <https://w3id.org/riskgraph/id/atlantis> a <https://w3id.org/riskgraph#Jurisdiction> ;
                <http://www.w3.org/2000/01/rdf-schema#label> "Atlantis" ;
                <https://w3id.org/riskgraph#isoCode> "Atlantis" .
            <https://w3id.org/riskgraph/id/bytedance> <http://www.w3.org/2000/01/rdf-schema#label> "ByteDance Ltd" .
            """, "turtle")
    with Store(broken, read_only=True) as store:
        violations = validate_store(store)
    focus = {(v.focus, v.path) for v in violations if v.severity == "Violation"}
    assert ("https://w3id.org/riskgraph/id/atlantis", "https://w3id.org/riskgraph#isoCode") in focus
    assert ("https://w3id.org/riskgraph/id/bytedance", "http://www.w3.org/2000/01/rdf-schema#label") in focus
    result = cli("validate", "--store", broken)
    assert result.exit_code == 1
    assert "ISO 3166-1" in result.stdout
