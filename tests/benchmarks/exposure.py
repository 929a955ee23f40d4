"""Exposure on a synthetic store of about 1M triples shaped like real output.

    python tests/benchmarks/exposure.py [--triples N] [--runs R]

Prints the store size, the time to build the networkx projection from the store (done once per
store state and cached), and the median time of `analyse` (max 4 hops, evidence not fetched) for the
best-connected company (target: < 0.5 s), plus the SPARQL-only reachability for comparison.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate

from riskgraph.graph.exposure import analyse
from riskgraph.graph.exposure_sparql import reachable_sources_sparql
from riskgraph.graph.projection import build_projection
from riskgraph.graph.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    data, _hubs = generate(args.triples)
    lines = data.count(b"\n")
    print(f"generated {lines:,} quads in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        t0 = time.perf_counter()
        store.bulk_load(data, "nquads")
        print(f"bulk load: {time.perf_counter() - t0:.1f} s, {store.quad_count():,} quads in the store")
        t0 = time.perf_counter()
        projection = build_projection(store)
        build = time.perf_counter() - t0
        g = projection.graph
        print(f"projection build: {build:.1f} s ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges)")
        companies = [n for n in g if "/id/org/" in n]
        hub = max(companies, key=lambda n: sum(1 for _ in g.successors(n)) + sum(
            1 for m in g.successors(n) for _ in g.successors(m)))
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = analyse(projection, hub, max_hops=4, top=10)
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        print(f"exposure of {projection.labels.get(hub, hub)} (4 hops): median {median * 1000:.0f} ms over "
              f"{args.runs} runs, {len(result.by_source)} risk sources, index {result.score:.2f} "
              f"[target < 500 ms: {'met' if median < 0.5 else 'MISSED'}]")
        t0 = time.perf_counter()
        found = reachable_sources_sparql(store, hub, 2)
        print(f"SPARQL-only reachable sources (2 hops): {len(found)} in {time.perf_counter() - t0:.2f} s")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
