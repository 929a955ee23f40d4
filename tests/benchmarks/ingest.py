"""Ingest throughput against bare spaCy on the same texts.

    python tests/benchmarks/ingest.py [--copies N]

Prints the time to load the knowledge base (data/gazetteer), words/s of `nlp.pipe` with the same model
(the floor no pipeline can beat), words/s of the whole riskgraph ingest (reading, extraction, RDF, one
transaction per document into a store on disk) and their ratio (target: at least 0.6).
Texts: data/samples and ../shared/corpus when present, copied N
times under distinct names so that every copy is a new document.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import spacy

from riskgraph.graph.ingestion import ingest_sources
from riskgraph.graph.store import Store
from riskgraph.ingest.gazetteer import load_gazetteer
from riskgraph.ingest.pipeline import Pipeline
from riskgraph.ingest.readers import read_source

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from texts import copy_texts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=6)
    args = parser.parse_args()
    t0 = time.perf_counter()
    kb = load_gazetteer(ROOT / "data" / "gazetteer")
    print(f"knowledge base:     {len(kb.entries)} entries loaded in {time.perf_counter() - t0:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        files = copy_texts(Path(tmp) / "docs", args.copies)
        texts = [d.text for f in files for d in read_source(f)]
        words = sum(len(t.split()) for t in texts)
        print(f"{len(texts)} documents, {words} words")

        pipeline = Pipeline(ROOT / "data" / "gazetteer")
        bare = spacy.load(pipeline.config["nlp"]["model"])
        for _ in bare.pipe(texts[:8]):  # warm up
            pass
        t0 = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=pipeline.batch_size):
            pass
        bare_wps = words / (time.perf_counter() - t0)

        for _ in pipeline.extract(read_source(files[0])):  # warm up readers and components
            pass
        store = Store(Path(tmp) / "store")
        t0 = time.perf_counter()
        summary = ingest_sources(store, files, pipeline)
        full_wps = words / (time.perf_counter() - t0)
        assert summary.written == len(texts), summary
    print(f"bare nlp.pipe:      {bare_wps:8.0f} words/s")
    print(f"riskgraph ingest:   {full_wps:8.0f} words/s  ({summary.entities} entities, "
          f"{summary.relations} relations, {summary.events} events)")
    print(f"ratio:              {full_wps / bare_wps:8.2f}  (target >= 0.60)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
