"""Benchmark: SPARQL over HTTP (`riskgraph serve`) against the same queries in-process.

    python tests/benchmarks/sparql.py [--store DIR] [--seconds 3] [--max-queries 5000]

Without --store the shipped samples (data/samples) are ingested into a temporary store first.
Prints queries per second for a label lookup and a 2-hop query, run in-process on the embedded
store (``Store.query_limited``, the endpoint's own call, JSON serialisation included) and over
HTTP on loopback (one keep-alive client, one query at a time), and the ratio. Not a test: loops
are bounded by time and count, and only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from riskgraph.graph.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
LABEL = 'SELECT ?e WHERE {{ ?e <{rdfs}label> "{name}" }}'
TWO_HOP = "SELECT DISTINCT ?x ?y WHERE {{ <{entity}> ?p ?x . ?x ?q ?y . FILTER(isIRI(?y)) }}"


def rate(run: Callable[[], object], seconds: float, max_queries: int) -> tuple[float, int]:
    """Queries per second of ``run`` over at most ``seconds`` and ``max_queries`` calls."""
    run()  # warm up
    count, started = 0, time.perf_counter()
    while count < max_queries and time.perf_counter() - started < seconds:
        run()
        count += 1
    return count / (time.perf_counter() - started), count


def start_endpoint(store: Path, log: Path) -> tuple[subprocess.Popen, str]:
    with log.open("w") as sink:
        command = [sys.executable, "-m", "riskgraph.app", "serve", "--store", str(store), "--port", "0",
                   "--host", "127.0.0.1"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"endpoint at (http://127\.0\.0\.1:\d+)/sparql", log.read_text())
        if found:
            return process, found.group(1)
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the endpoint did not start: {log.read_text()}")


def pick_entity(store: Store) -> tuple[str, str]:
    """A labelled entity with the most outgoing statements: (IRI, label)."""
    rows = store.select(f"SELECT ?e ?label (COUNT(*) AS ?n) WHERE {{ ?e <{RDFS}label> ?label ; ?p ?o }} "
                        "GROUP BY ?e ?label ORDER BY DESC(?n) LIMIT 1")
    if not rows:
        raise SystemExit("the store holds no labelled entity")
    return str(rows[0]["e"]), str(rows[0]["label"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store folder [default: ingest data/samples]")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--max-queries", type=int, default=5000, help="most queries per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="riskgraph-bench-") as tmp:
        store_dir = args.store
        if store_dir is None:
            store_dir = Path(tmp) / "store"
            print(f"ingesting {SAMPLES} …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "riskgraph.app", "ingest", "-q", str(SAMPLES), "--store",
                            str(store_dir)], check=True)
        with Store(store_dir, read_only=True) as store:
            entity, name = pick_entity(store)
            queries = {"label lookup": LABEL.format(rdfs=RDFS, name=name.replace('"', '\\"')),
                       "2-hop": TWO_HOP.format(entity=entity)}
            local = {title: rate(lambda q=q: store.query_limited(q, "json", max_rows=10000),
                                 args.seconds, args.max_queries) for title, q in queries.items()}
        process, url = start_endpoint(store_dir, Path(tmp) / "serve.log")
        try:
            with httpx.Client(headers={"Accept": "application/sparql-results+json"}, timeout=30) as client:
                def over_http(q: str) -> None:
                    response = client.get(f"{url}/sparql", params={"query": q})
                    response.raise_for_status()

                remote = {title: rate(lambda q=q: over_http(q), args.seconds, args.max_queries)
                          for title, q in queries.items()}
        finally:
            process.terminate()
            process.wait(10)
    print(f"store {store_dir} · entity {name} <{entity}>")
    print(f"{'query':14} {'in-process q/s':>15} {'HTTP q/s':>10} {'in-process / HTTP':>18}")
    for title in queries:
        (fast, n_local), (slow, n_http) = local[title], remote[title]
        print(f"{title:14} {fast:15.0f} {slow:10.0f} {fast / slow:17.1f}×   ({n_local} and {n_http} queries)")


if __name__ == "__main__":
    main()
