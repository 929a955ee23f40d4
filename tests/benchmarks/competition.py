"""`riskgraph competition` on a synthetic store of about 1M triples (the exposure benchmark's generator).

    python tests/benchmarks/competition.py [--triples N] [--runs R] [--no-cli]

The generator's products are named "Product N"; so that rivalry can be inferred, each product also gets
an alias naming a kind of technology ("Product 12 GPU", "Product 13 cloud service", ...) and one company
in fifty a stated rival (rg:competesWith with its claim), written as ingest writes them (document graph
and union). Prints the size, the cold build of the exposure projection and the competition index (each
once per store state, cached), then for the best-connected company the median time of the whole
analysis warm (competitors, dependence paths with mitigations, single sources, moves in 90 days and
exposure beside five rivals) with the evidence of every hop shown (target: < 1 s), and the wall time of
the `riskgraph competition --json` command in a new process with the caches on disk.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import ALT, ID, RG, Writer, generate

from riskgraph.graph.competition import analyse_competition, competition_dict
from riskgraph.graph.competition_index import competition_index
from riskgraph.graph.projection import projection_for
from riskgraph.graph.store import Store

AS_OF = date(2023, 12, 31)  # the generator's documents and events fall in 2023 (its documents are not in the union)
NOUNS = ["large language model", "chatbot", "GPU", "AI chip", "cloud service", "mobile app", "operating system",
         "lithography machine", "memory chip", "smartphone"]


def competition_extras(data: bytes, seed: int = 11) -> bytes:
    """Aliases naming a kind for every product, and stated rivalries, as ingest would write them."""
    rng = random.Random(seed)
    text = data.decode()
    products = sorted({int(x) for x in re.findall(r"/id/product/product-(\d+)>", text)})
    companies = sorted({int(x) for x in re.findall(r"/id/org/company-(\d+)>", text)})
    docs = sorted(set(re.findall(r"<https://w3id\.org/riskgraph/doc/[0-9a-f]+>", text)))
    w = Writer()
    w.claims = 10_000_000  # claim IRIs after the generator's
    for i in products:
        doc = rng.choice(docs)
        alias = f'"Product {i} {NOUNS[i % len(NOUNS)]}"'
        w.both(f"<{ID}product/product-{i}>", ALT, alias, doc)
    for i in companies[::50]:
        other = rng.choice(companies)
        if other != i:
            w.fact(f"<{ID}org/company-{i}>", f"<{RG}competesWith>", f"<{ID}org/company-{other}>", rng.choice(docs))
    return data + "\n".join(w.lines).encode() + b"\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-cli", action="store_true", help="skip timing the command in a new process")
    args = parser.parse_args()
    t0 = time.perf_counter()
    data, _hubs = generate(args.triples)
    data = competition_extras(data)
    lines = data.count(b"\n")
    print(f"generated {lines:,} quads in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        store = Store(path)
        t0 = time.perf_counter()
        store.bulk_load(data, "nquads")
        print(f"bulk load: {time.perf_counter() - t0:.1f} s, {store.quad_count():,} quads in the store")
        t0 = time.perf_counter()
        projection = projection_for(store)
        print(f"exposure projection (cold, once per store state): {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        index = competition_index(store)
        g = index.projection.graph
        print(f"competition index (cold, once per store state): {time.perf_counter() - t0:.1f} s "
              f"({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges, {len(index.kinds):,} things with a "
              f"kind, {sum(len(v) for v in index.makers.values()):,} maker-kind pairs)")
        companies = [n for n in projection.graph if "/id/org/" in n]
        pg = projection.graph
        hub = max(companies, key=lambda n: sum(1 for _ in pg.successors(n)) + sum(
            1 for m in pg.successors(n) for _ in pg.successors(m)))
        times, cpu, parts = [], [], {}
        for _ in range(args.runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            result, walker = analyse_competition(store, hub, as_of=AS_OF, index=index, projection=projection)
            t1 = time.perf_counter()
            out = competition_dict(store, result, walker)
            t2 = time.perf_counter()
            times.append(t2 - t0)
            cpu.append(time.process_time() - c0)
            parts.setdefault("analysis", []).append(t1 - t0)
            parts.setdefault("evidence and dict", []).append(t2 - t1)
        median = statistics.median(times)
        print(f"competition of {walker.label(hub)} warm: median {median * 1000:.0f} ms wall, "
              f"{statistics.median(cpu) * 1000:.0f} ms CPU, over {args.runs} runs "
              f"(analysis {statistics.median(parts['analysis']) * 1000:.0f} ms, evidence of the shown hops and "
              f"the dictionary {statistics.median(parts['evidence and dict']) * 1000:.0f} ms); "
              f"{out['competitors_total']} competitors ({out['competitors_asserted']} asserted), "
              f"{out['dependencies_total']} dependences on rivals, {len(out['single_source'])} single sources, "
              f"{out['moves_total']} moves, {len(out['relative_exposure'])} exposures compared "
              f"[target < 1000 ms: {'met' if median < 1.0 else 'MISSED'}]")
        store.close()
        if not args.no_cli:
            command = [sys.executable, "-m", "riskgraph.app", "competition", hub, "--store", str(path), "--json",
                       "--as-of", AS_OF.isoformat()]
            walls = []
            for _ in range(3):
                t0 = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True)
                walls.append(time.perf_counter() - t0)
                if done.returncode != 0:
                    print(f"the command failed: {done.stderr.strip()}")
                    return 1
            print(f"`riskgraph competition --json` in a new process, caches on disk: "
                  f"{', '.join(f'{w:.2f} s' for w in walls)} (start-up, reading the two cached graphs, the analysis)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
