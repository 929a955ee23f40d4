"""One IRI per real-world entity across the whole store, however the documents name it."""
from __future__ import annotations

from pathlib import Path

from riskgraph.graph.store import Store
from riskgraph.ingest.names import name_key

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?name }"""


def test_samples_twice_give_one_iri_per_entity(rg_process, sample_files: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    docs = sample_files
    assert rg_process("ingest", "-q", *docs, "--store", store).returncode == 0
    second = rg_process("ingest", "-q", *docs, "--store", store)
    assert f"0 new, 0 updated, {len(docs)} unchanged" in second.stderr
    with Store(store, read_only=True) as db:
        rows = db.select(LABELS)
    names: dict[str, set[str]] = {}
    for row in rows:
        names.setdefault(name_key(str(row["name"])), set()).add(str(row["e"]))
    for surface in ("Bureau of Industry and Security", "BIS", "Entity List", "U.S. Entity List",
                    "Office of Foreign Assets Control", "OFAC", "Hexi Compute Technology Co., Ltd.", "Hexi Compute",
                    "Huawei Technologies Co., Ltd.", "Huawei", "United States", "U.S."):
        assert len(names[name_key(surface)]) == 1, (surface, names[name_key(surface)])
    assert names[name_key("BIS")] == names[name_key("Bureau of Industry and Security")]
    assert names[name_key("OFAC")] == names[name_key("Office of Foreign Assets Control")]
    assert names[name_key("Hexi Compute")] == names[name_key("Hexi Compute Technology Co., Ltd.")]
    assert names[name_key("U.S.")] == names[name_key("United States")]
