"""Ingest on a real Dask LocalCluster of 2 worker processes: the same graph as a sequential ingest (into
the embedded store through the driver, and into a real Oxigraph server written by the workers), the same
failures for bad input under the same limits, and a worker killed mid-run leaves every document graph
whole or absent, with a re-run completing the rest."""
from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import psutil
import pytest
from rdflib import URIRef

from riskgraph.graph.dask_cluster import local_cluster
from riskgraph.graph.dask_worker import RemoteTarget
from riskgraph.graph.distributed import ClusterProgress, ingest_on_cluster
from riskgraph.graph.ingestion import IngestSummary, ingest_sources
from riskgraph.graph.remote import RemoteStore
from riskgraph.graph.store import Store
from riskgraph.ingest.guarded import ExtractLimits
from riskgraph.ingest.readers import ReadLimits, expand_paths

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "data" / "samples"
READERS = ROOT / "tests" / "fixtures" / "readers"
INGESTED_AT = "<https://w3id.org/riskgraph#ingestedAt>"


def quads(store: Store | RemoteStore) -> list[str]:
    """The store as sorted N-Quads, without the ingest timestamps."""
    lines = (store.export("nquads") or b"").decode().splitlines()
    return sorted(line for line in lines if INGESTED_AT not in line)


def graphs(store: Store) -> dict[URIRef, set]:
    return {g: {t for t in store.graph_triples(g) if not str(t[1]).endswith("#ingestedAt")}
            for g in store.named_graphs()}


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with local_cluster(2) as client:
        yield client


@pytest.fixture(scope="module")
def sequential(pipeline, tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("sequential") / "store")
    ingest_sources(store, expand_paths([str(SAMPLES)]), pipeline)
    return store


def test_two_workers_store_the_graph_a_sequential_ingest_stores(client, sequential: Store, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    summary = ingest_on_cluster(client, store, expand_paths([str(SAMPLES)]))
    assert (summary.new, summary.updated, summary.unchanged, summary.failed) == (16, 0, 0, 0)
    assert quads(store) == quads(sequential)

    again = ingest_on_cluster(client, store, expand_paths([str(SAMPLES)]))  # unchanged: nothing is extracted
    assert (again.new, again.updated, again.unchanged, again.failed) == (0, 0, 16, 0)


def test_updated_documents_give_the_store_a_sequential_ingest_gives(client, pipeline, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    stores = {name: Store(tmp_path / name) for name in ("sequential", "distributed")}
    first = sorted(expand_paths([str(folder)]))[::2]
    for store in stores.values():
        ingest_sources(store, first, pipeline)
    for name in sorted(p.name for p in folder.glob("2023-12-*.md"))[:6]:  # edited since: stored again
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "\nNimbus Compute said Kestrel Labs builds on Osprey "
                        "Chat, a product of Nimbus compute.\n", encoding="utf-8")
    everything = expand_paths([str(folder)])
    ingest_sources(stores["sequential"], everything, pipeline)
    summary = ingest_on_cluster(client, stores["distributed"], everything)
    assert summary.updated >= 3 and summary.new == 8 and not summary.failed
    assert quads(stores["distributed"]) == quads(stores["sequential"])


def test_every_reader_and_its_failures_as_in_a_sequential_ingest(client, pipeline, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(READERS.parent)  # relative paths: the workers read them from the driver's folder
    sources = expand_paths(["readers"])
    limits = ReadLimits(timeout_s=20)
    reference, store = Store(tmp_path / "sequential"), Store(tmp_path / "distributed")
    expected = ingest_sources(reference, sources, pipeline, limits)
    summary = ingest_on_cluster(client, store, sources, limits=limits)
    assert [str(f) for f in summary.failures] == [str(f) for f in expected.failures]
    assert summary.failures and all(f.source.startswith("readers/") for f in summary.failures)
    assert (summary.new, summary.entities, summary.undated) == (expected.new, expected.entities, expected.undated)
    assert quads(store) == quads(reference)


def test_the_limits_hold_on_the_workers(client, tmp_path: Path) -> None:
    big, small = tmp_path / "big.txt", tmp_path / "small.md"
    prose = "".join(p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted(SAMPLES.glob("2023-*.md")))
    big.write_text("A very long filing\n\n" + (prose * 20)[:90_000], encoding="utf-8")
    shutil.copy(SAMPLES / "2023-12-22-seed-bytedance-openai.md", small)
    huge = tmp_path / "huge.txt"
    huge.write_text("x" * 2_000_000, encoding="utf-8")
    store = Store(tmp_path / "store")
    summary = ingest_on_cluster(client, store, [str(big), str(small), str(huge)],
                                limits=ReadLimits(max_bytes={"text": 1024 * 1024}),
                                extract_limits=ExtractLimits(memory_mb=128))
    assert [str(f) for f in summary.failures] == [
        f"{big}: extraction needed more than 128 MB and was stopped; split the document or raise [ingest] "
        "extract_memory_mb",
        f"{huge}: file is 1.91 MB, over the 1 MB limit for text; raise [ingest] max_mb_text to read it",
    ]
    assert summary.new == 1 and len(_documents(store)) == 1


class _KillOnce(ClusterProgress):
    """Kills (SIGKILL) the busiest worker once the first document is stored."""

    def __init__(self, client) -> None:
        self.client, self.killed = client, False
        self.sandboxes: list[psutil.Process] = []

    def done(self, source: str, outcome: str, words: int) -> None:
        if outcome == "new" and not self.killed:
            busiest = max(self.client.processing().items(), key=lambda item: len(item[1]))[0]
            pid = self.client.run(os.getpid, workers=[busiest])[busiest]
            self.sandboxes = psutil.Process(pid).children(recursive=True)
            os.kill(pid, signal.SIGKILL)
            self.killed = True

    def orphans(self) -> list[psutil.Process]:
        """The killed worker's sandboxes still running (they die with it)."""
        time.sleep(0.5)
        return [p for p in self.sandboxes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def _documents(store: Store) -> set[URIRef]:
    return {g for g in store.named_graphs() if str(g).startswith("https://w3id.org/riskgraph/doc/")}


def test_a_killed_worker_has_its_documents_run_again(client, sequential: Store, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    progress = _KillOnce(client)
    summary = ingest_on_cluster(client, store, expand_paths([str(SAMPLES)]), progress=progress)
    assert progress.killed and progress.sandboxes and not progress.orphans()
    assert (summary.new, summary.failed) == (16, 0)
    assert quads(store) == quads(sequential)


def test_documents_of_a_worker_that_keeps_dying_are_reported_and_never_half_stored(pipeline, sequential: Store,
                                                                                   tmp_path: Path) -> None:
    sources = expand_paths([str(SAMPLES)])
    store = Store(tmp_path / "store")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), local_cluster(2) as client:
        summary = ingest_on_cluster(client, store, sources, progress=_KillOnce(client))
        for failure in summary.failures:
            assert "ended unexpectedly 1 times" in failure.reason and "run the ingest again" in failure.reason
        failed = {f.source for f in summary.failures}
        assert summary.new == len(_documents(store)) and summary.new + summary.failed == 16
        # whole documents: the store a sequential ingest of the same documents, but the failed ones, builds
        reference = Store(tmp_path / "reference")
        ingest_sources(reference, [s for s in sources if s not in failed], pipeline)
        assert quads(store) == quads(reference)
        rerun = ingest_on_cluster(client, store, sources)
    assert (rerun.new, rerun.unchanged, rerun.failed) == (summary.failed, summary.new, 0)
    assert quads(store) == quads(sequential)


# ---------------------------------------------------------------------- a SPARQL server as the store
def test_workers_write_to_an_oxigraph_server_the_graph_a_sequential_ingest_stores(client, sequential: Store,
                                                                                   tmp_path: Path,
                                                                                   oxigraph_server) -> None:
    with oxigraph_server(tmp_path / "server") as url, RemoteStore(url) as remote:
        summary: IngestSummary = ingest_on_cluster(client, remote, expand_paths([str(SAMPLES)]),
                                                   target=RemoteTarget(url))
        assert (summary.new, summary.failed) == (16, 0)
        assert quads(remote) == quads(sequential)
