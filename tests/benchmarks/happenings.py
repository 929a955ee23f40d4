"""What resolving happenings and canonical labels costs an ingest, and how it grows.

    python tests/benchmarks/happenings.py [--copies 1 4 16]

Ingests the sample documents (and ../shared/corpus when present), copied N times under distinct
names, into a fresh store, and prints for each N: the whole ingest's time, the time spent computing
the derived graph (``graph.happenings.happenings_update``: joins, labels, summaries), their ratio
(target: at most 0.20 of the ingest at 4 copies) and the derived time per document, which stays flat
when the work is sub-quadratic.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from riskgraph.graph import ingestion
from riskgraph.graph.store import Store
from riskgraph.ingest.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from texts import copy_texts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    pipeline = Pipeline(ROOT / "data" / "gazetteer")
    spent = [0.0]
    original = ingestion.happenings_update

    def timed(*a, **k):  # the derived step, timed where ingest calls it
        started = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            spent[0] += time.perf_counter() - started

    ingestion.happenings_update = timed
    print(f"{'copies':>6} {'documents':>9} {'ingest s':>9} {'derived s':>9} {'ratio':>6} {'derived ms/doc':>15}")
    for copies in args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            files = copy_texts(Path(tmp) / "docs", copies)
            store = Store(Path(tmp) / "store")
            spent[0] = 0.0
            started = time.perf_counter()
            summary = ingestion.ingest_sources(store, files, pipeline)
            total = time.perf_counter() - started
            store.close()
        docs = summary.written
        print(f"{copies:6d} {docs:9d} {total:9.1f} {spent[0]:9.2f} {spent[0] / total:6.2f} "
              f"{1000 * spent[0] / max(docs, 1):15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
