"""Distributed ingest throughput: words/s with 1 and 2 Dask workers on the same texts, and their ratio.

    python tests/benchmarks/ingest_distributed.py [--copies N] [--workers 1,2] [--server] [--scale QUADS]

Texts: data/samples and ../shared/corpus when present, copied N times under distinct names so that every
copy is a new document. Each run ingests them into a new embedded store on disk through a new local
cluster (its start-up is not timed: a cluster is started once for a whole backfill); the in-process
ingest is timed too, for reference. Also printed: quads per document and the store's size on disk per
million quads (after the ingest's compaction), the figures of the cost model in docs/scale.md. With
--server, the workers also write to a real `oxigraph serve` (one update per document over HTTP). With
--scale, the work per document that takes turns (the admission query, the one-transaction write with
what the document changes in the happenings graph) is timed on a synthetic store of that many quads,
embedded and behind `oxigraph serve`.
The machine may be shared: compare figures measured in one run, and look at the load average printed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _server(location: Path) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        raise SystemExit("--server needs the Oxigraph server (pip install oxigraph)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--location", str(location)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            if httpx.get(f"{url}/query", params={"query": "ASK {}"}).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("oxigraph serve did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    parser.add_argument("--server", action="store_true", help="also time workers writing to an Oxigraph server")
    parser.add_argument("--scale", type=int, default=0, help="time the driver's work per document at this many quads")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    from distributed import get_task_stream

    from riskgraph.graph.dask_cluster import local_cluster
    from riskgraph.graph.dask_worker import RemoteTarget
    from riskgraph.graph.distributed import ingest_on_cluster
    from riskgraph.graph.ingestion import ingest_sources
    from riskgraph.graph.remote import RemoteStore
    from riskgraph.graph.store import Store
    from riskgraph.ingest.pipeline import Pipeline
    from riskgraph.ingest.readers import read_source

    sys.path.insert(0, str(Path(__file__).parent))
    from texts import copy_texts

    with tempfile.TemporaryDirectory() as tmp:
        files = copy_texts(Path(tmp) / "docs", args.copies)
        words = sum(len(d.text.split()) for f in files for d in read_source(f))
        print(f"{len(files)} documents, {words} words; {os.cpu_count()} CPUs, load average before: "
              f"{os.getloadavg()[0]:.2f}")

        pipeline = Pipeline(ROOT / "data" / "gazetteer")
        for _ in pipeline.extract(read_source(files[0])):  # warm up
            pass
        store = Store(Path(tmp) / "sequential")
        t0 = time.perf_counter()
        summary = ingest_sources(store, files, pipeline)
        sequential = words / (time.perf_counter() - t0)
        assert summary.written == len(files), summary
        quads = store.quad_count()
        store.close()
        size = _folder_bytes(Path(tmp) / "sequential")
        print(f"in process:         {sequential:8.0f} words/s")

        measured: dict[int, float] = {}
        for count in counts:
            with local_cluster(count) as client, get_task_stream(client) as tasks:
                store = Store(Path(tmp) / f"workers-{count}")
                t0 = time.perf_counter()
                summary = ingest_on_cluster(client, store, files)
                elapsed = time.perf_counter() - t0
                measured[count] = words / elapsed
                assert summary.written == len(files), summary
                store.close()
            busy = sum(s["stop"] - s["start"] for r in tasks.data for s in r["startstops"] if s["action"] == "compute")
            print(f"{count} Dask worker{'s' if count > 1 else ' '}:     {measured[count]:8.0f} words/s  "
                  f"(workers computing {busy / (count * elapsed):.0%} of the time; load average now "
                  f"{os.getloadavg()[0]:.2f})")
        if 1 in measured and 2 in measured:
            print(f"ratio 2/1 workers:  {measured[2] / measured[1]:8.2f}  (2 cores: about 1.5-1.9 when idle)")
        print(f"1 worker / in process: {measured.get(1, 0) / sequential:5.2f}")
        print(f"quads per document: {quads / len(files):8.0f}  ({quads} quads, named graphs and their union)")
        print(f"store on disk:      {size / quads * 1e6 / 2**20:8.0f} MB per million quads ({size / 2**20:.1f} MB)")
        print(f"words per document: {words / len(files):8.0f}")

        if args.server:
            process, url = _server(Path(tmp) / "server")
            try:
                with local_cluster(max(counts)) as client, RemoteStore(url) as remote:
                    t0 = time.perf_counter()
                    summary = ingest_on_cluster(client, remote, files, target=RemoteTarget(url))
                    rate = words / (time.perf_counter() - t0)
                    assert summary.written == len(files), summary
                print(f"{max(counts)} workers -> oxigraph serve: {rate:8.0f} words/s")
            finally:
                process.terminate()
                process.wait(10)
        if args.scale:
            _driver_cost(Path(tmp), args.scale)
    return 0


def _driver_cost(tmp: Path, scale: int) -> None:
    """Per document, at ``scale`` quads: the driver's admission query, and the write with what it changes in
    the happenings graph (``store_document``), which takes turns: embedded, and behind ``oxigraph serve``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import generate

    from riskgraph.graph.ingestion import store_document
    from riskgraph.graph.judgements import verdicts
    from riskgraph.graph.queries import load_query
    from riskgraph.graph.remote import RemoteStore
    from riskgraph.graph.store import Store

    source = Store(tmp / "sequential")
    documents = [(g, list(source.graph_triples(g))) for g in source.named_graphs()
                 if str(g).startswith("https://w3id.org/riskgraph/doc/")]
    source.close()
    data, _ = generate(scale)
    for name in ("embedded", "served"):
        big = Store(tmp / f"scale-{name}")
        big.bulk_load(data, "nquads")
        big.close()
    process, url = _server(tmp / "scale-served")
    try:
        for name, store in (("embedded", Store(tmp / "scale-embedded")), ("oxigraph serve", RemoteStore(url))):
            judged = verdicts(store)
            admission = write = 0.0
            for graph, triples in documents:
                t0 = time.perf_counter()
                store.select(load_query("document_state"), {"doc": graph})
                t1 = time.perf_counter()
                store_document(store, graph, triples, None, True, judged)
                admission, write = admission + t1 - t0, write + time.perf_counter() - t1
            per = (admission + write) / len(documents)
            print(f"at {scale:,} quads, {name}, per document: admission {admission / len(documents) * 1000:.1f} ms, "
                  f"write with its happenings {write / len(documents) * 1000:.1f} ms ({1 / per:.0f} documents/s)")
            store.close()
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    sys.exit(main())
