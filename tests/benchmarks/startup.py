"""Start-up time of the quick commands, as whole processes, beside the same work in bare pyoxigraph.

    python tests/benchmarks/startup.py [--store DIR] [--runs N]

Builds (or reuses) the exposure benchmark's synthetic store of about 1M quads, then times, median
of N runs each: ``riskgraph --help``, ``riskgraph stats``, ``riskgraph query 'ASK {}'`` and
``riskgraph exposure NAME`` for the best-connected company (warm: its projection and name index are
cached beside the store after the first run), and ``python -c`` doing the same store work with
pyoxigraph alone. Targets: --help, stats and query under 0.3 s; exposure under 1 s.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TARGETS = {"--help": 0.3, "stats": 0.3, "query ASK": 0.3, "exposure": 1.0}


def build_store(path: Path) -> None:
    from synthetic import generate

    from riskgraph.graph.store import Store

    data, _hubs = generate(1_000_000)
    store = Store(path)
    store.bulk_load(data, "nquads")
    store.flush()
    store.close()


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/riskgraph-bench-1m"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (args.store / "CURRENT").exists():
        print(f"building the 1M-quad store at {args.store} …")
        build_store(args.store)
    rg = [sys.executable, "-m", "riskgraph.app"]
    store = str(args.store)
    commands = {
        "--help": ([*rg, "--help"], [sys.executable, "-c", "import typer"]),
        "stats": ([*rg, "stats", "--store", store],
                  [sys.executable, "-c", f"import pyoxigraph; s = pyoxigraph.Store.read_only({store!r}); "
                   "list(s.query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'))"]),
        "query ASK": ([*rg, "query", "--store", store, "ASK {}"],
                      [sys.executable, "-c", f"import pyoxigraph; s = pyoxigraph.Store.read_only({store!r}); "
                       "bool(s.query('ASK {}'))"]),
        "exposure": ([*rg, "exposure", "Company 0", "--store", store],
                     [sys.executable, "-c", f"import pyoxigraph; s = pyoxigraph.Store.read_only({store!r}); "
                      "list(s.query('SELECT ?p ?o WHERE { <https://w3id.org/riskgraph/id/org/company-0> ?p ?o }'))"]),
    }
    subprocess.run(commands["exposure"][0], stdout=subprocess.DEVNULL, check=False)  # warm the caches
    print(f"{'command':12} {'riskgraph':>10} {'bare':>8} {'target':>8}")
    for name, (ours, bare) in commands.items():
        mine, base = timed(ours, args.runs), timed(bare, args.runs)
        verdict = "ok" if mine < TARGETS[name] else "OVER"
        print(f"{name:12} {mine:9.3f}s {base:7.3f}s {TARGETS[name]:7.1f}s  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
