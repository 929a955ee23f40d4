"""The store on disk: re-ingest changes nothing, an edit replaces one graph, a crash never leaves half
a document, export and load round-trip."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from riskgraph.graph.store import Store

INGESTED_AT = "https://w3id.org/riskgraph#ingestedAt"


def sorted_nquads(store_dir: Path) -> list[str]:
    with Store(store_dir) as store:  # read-write: a store left by a kill recovers on open
        return sorted(line for line in (store.export("nquads") or b"").decode().splitlines() if line)


HAPPENINGS = "<https://w3id.org/riskgraph/graph/happenings>"
CONSISTENT = """PREFIX rg: <https://w3id.org/riskgraph#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?event (SAMPLE(?count) AS ?said) (COUNT(DISTINCT ?doc) AS ?reports) WHERE {
  { GRAPH ?doc { ?claim rdf:subject ?event ; rdf:predicate rdf:type . ?event a rg:RiskEvent } }
  OPTIONAL { GRAPH <https://w3id.org/riskgraph/graph/happenings> { ?event rg:sourceCount ?count } }
} GROUP BY ?event"""


def events_blind(statements: set[str]) -> set[str]:
    """The statements with every event IRI written alike: which happening a report joins depends on
    which other documents are in the store."""
    return {re.sub(r"<https://w3id.org/riskgraph/event/[0-9a-f]+>", "<event>", s) for s in statements}


def assert_happenings_match_documents(store_dir: Path) -> None:
    """Every event the stored documents report is in the happenings graph with their number, and no other."""
    with Store(store_dir) as store:
        rows = store.select(CONSISTENT)
        listed = store.select("SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/riskgraph/graph/happenings> "
                              "{ ?e <https://w3id.org/riskgraph#sourceCount> ?n } }")
    assert all("said" in r and int(r["said"]) == int(r["reports"]) for r in rows), rows
    assert {str(r["e"]) for r in listed} == {str(r["event"]) for r in rows}


def graphs(store_dir: Path, skip_time: bool = True) -> dict[str, set[str]]:
    """Each document graph's statements (N-Quads lines without the graph), ingest time left out."""
    out: dict[str, set[str]] = {}
    data = "\n".join(sorted_nquads(store_dir)).encode()
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) or str(quad.graph_name) == HAPPENINGS:
            continue
        if skip_time and quad.predicate.value == INGESTED_AT:
            continue
        out.setdefault(str(quad.graph_name), set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
    return out


@pytest.fixture()
def docs(tmp_path: Path, sample_files: list[Path]) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sample_files[:4]:
        shutil.copy(path, folder / path.name)
    return folder


def test_reingest_is_byte_identical_and_edit_replaces_one_graph(rg_process, docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = rg_process("ingest", "-q", docs, "--store", store)
    assert first.returncode == 0, first.stderr
    before = sorted_nquads(store)
    again = rg_process("ingest", "-q", docs, "--store", store)
    assert "0 new, 0 updated, 4 unchanged" in again.stderr
    assert sorted_nquads(store) == before

    old = graphs(store, skip_time=False)
    edited = sorted(docs.glob("*.md"))[1]
    edited.write_text(edited.read_text() + "\nHuawei Technologies Co., Ltd. was added to the Entity List.\n")
    third = rg_process("ingest", "-q", docs, "--store", store)
    assert "0 new, 1 updated, 3 unchanged" in third.stderr
    new = graphs(store, skip_time=False)
    changed = {g for g in old.keys() | new.keys() if old.get(g) != new.get(g)}
    assert len(changed) == 1
    (graph,) = changed
    assert any("Huawei" in s for s in new[graph] - old[graph])


def _size(folder: Path) -> int:
    """Bytes in the store's write-ahead log: grows with each document written."""
    return sum(f.stat().st_size for f in folder.glob("*.log") if f.is_file()) if folder.is_dir() else 0


def _kill_during(args: list[str], store: Path, delay: float) -> None:
    """Start an ingest, wait until it has written to the store (the model takes a varying time to
    load on a busy machine), let it run ``delay`` seconds more, then SIGKILL it."""
    start = _size(store)
    proc = subprocess.Popen([sys.executable, "-m", "riskgraph.app", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and _size(store) <= start + 20_000:
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_sigkill_leaves_every_document_complete_or_absent(rg_process, sample_files: list[Path],
                                                          tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    originals = {path.name: path.read_text() for path in sample_files}
    edits = {name: text + "\nThe Commerce Department added Acme Robotics to the Entity List.\n"
             for name, text in originals.items()}

    def write(texts: dict[str, str]) -> None:
        for name, text in texts.items():
            (docs / name).write_text(text)

    write(originals)
    reference = tmp_path / "reference"
    assert rg_process("ingest", "-q", docs, "--store", reference).returncode == 0
    complete = graphs(reference)
    write(edits)  # the same documents (same IRIs), new versions
    edited_reference = tmp_path / "edited-reference"
    shutil.copytree(reference, edited_reference)
    assert rg_process("ingest", "-q", docs, "--store", edited_reference).returncode == 0
    edited_complete = graphs(edited_reference)
    assert set(edited_complete) == set(complete)

    interrupted = 0
    for round_, delay in enumerate((0.0, 0.4, 1.0, 2.0)):
        write(originals)
        fresh = tmp_path / f"fresh-{round_}"
        _kill_during(["ingest", "-q", str(docs), "--store", str(fresh)], fresh, delay)
        if (fresh / "CURRENT").exists():
            found = graphs(fresh)
            interrupted += 0 < len(found) < len(complete)
            for graph, statements in found.items():  # (a later document may still join its events)
                assert events_blind(statements) == events_blind(complete[graph]), \
                    f"partial document after a kill at {delay}s"
            assert_happenings_match_documents(fresh)
        write(edits)
        replacing = tmp_path / f"replacing-{round_}"
        shutil.copytree(reference, replacing)
        _kill_during(["ingest", "-q", str(docs), "--store", str(replacing)], replacing, delay)
        after = graphs(replacing)
        assert set(after) == set(complete)
        for graph, statements in after.items():
            assert statements in (complete[graph], edited_complete[graph]), f"half-replaced document at {delay}s"
        assert_happenings_match_documents(replacing)
    assert interrupted, "no kill landed in the middle of an ingest: the delays need adjusting"


def test_export_and_load_round_trip(rg_process, demo_store: Path, tmp_path: Path) -> None:
    original = sorted_nquads(demo_store)
    for fmt in ("trig", "nquads", "jsonld"):
        dump = tmp_path / f"dump.{fmt}"
        assert rg_process("export", "--store", demo_store, "--format", fmt, "--out", dump).returncode == 0
        copy = tmp_path / f"copy-{fmt}"
        loaded = rg_process("load", dump, "--store", copy, "--format", fmt)
        assert loaded.returncode == 0, loaded.stderr
        assert sorted_nquads(copy) == original, fmt


def test_load_of_a_bad_file_changes_nothing(cli, demo_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(demo_store, copy)
    before = sorted_nquads(copy)
    bad = tmp_path / "bad.trig"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:broken> <urn:p> \"unterminated .\n")
    result = cli("load", bad, "--store", copy)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: the file is not valid trig")
    assert sorted_nquads(copy) == before


def test_an_ingest_leaves_no_write_ahead_log_behind(rg_process, docs: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", docs, "--store", store).returncode == 0
    logs = sum(p.stat().st_size for p in store.glob("*.log"))
    data = sum(p.stat().st_size for p in store.glob("*.sst"))
    assert data > 0 and logs < 64 * 1024, (logs, data)  # compacted into the data files at the end
