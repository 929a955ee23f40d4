"""Benchmark: `riskgraph report` on a synthetic store of about a million document triples.

    python tests/benchmarks/report.py [--triples 1000000] [--shared 0.1] [--store DIR] [--week 2023-W51]
                                      [--out DIR] [--no-pdf]

The store is shaped like real output because it is made from real output: the shipped samples are
ingested (``riskgraph demo``) and exported as N-Quads, and the export is replicated with fresh
document, claim and event IRIs, publication and event dates shifted back by 0-51 weeks, and the
entities split into variants ("Nimbus Compute v7"): the entities the knowledge base does not know
in every copy but the first of each 150, the knowledge-base entities (ByteDance, OpenAI, China, ...)
in all copies but a ``--shared`` fraction. With ``--shared 1`` every copy is about the same forty
well-known entities, the worst case for exposure analysis (ByteDance becomes the target of some
1,500 events); the default 0.1 gives each of them a few hundred documents a year, like a news feed
following a watchlist. Each document graph's statements also go to
the default graph (the store's union), as ``Store.replace_graph`` writes them. The N-Quads are loaded
with ``Store.load`` in document-sized batches.

Prints: load time, store size, report build time (cold: projection built; warm: projection cached),
render times per format, and the ratio of the total to the 60 s target. Not a test.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pyoxigraph as ox

from riskgraph.app.report_render import render_html, render_markdown, render_pdf
from riskgraph.graph import state_cache as projection_module
from riskgraph.graph.report import build_report, iso_week
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist

BASE = "https://w3id.org/riskgraph/"
XSD = "http://www.w3.org/2001/XMLSchema#"
VARIANTS = 150  # variants of each entity not in the knowledge base
KB_ENTITY = re.compile(r"^https://w3id\.org/riskgraph/id/[^/]+$")  # id/<kb-id>; others are id/<group>/<slug>
TARGET_SECONDS = 60.0


def demo_export(workdir: Path) -> bytes:
    store = workdir / "template"
    for args in (["demo", "--store", str(store)], ["export", "--store", str(store), "--format", "nquads",
                                                   "--out", str(workdir / "template.nq")]):
        done = subprocess.run([sys.executable, "-m", "riskgraph.app", *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"riskgraph {args[0]} failed: {done.stderr}")
    return (workdir / "template.nq").read_bytes()


def template_graphs(nquads: bytes) -> dict[str, list[ox.Quad]]:
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(quad)
    return dict(sorted(graphs.items()))


class Copier:
    """Rewrites one template document graph into copy ``k``."""

    def __init__(self, k: int, weeks_back: int, keep_kb: bool) -> None:
        self.k = k
        self.shift = timedelta(weeks=weeks_back)
        self.variant = k % VARIANTS
        self.keep_kb = keep_kb

    def iri(self, value: str) -> str:
        if value.startswith((BASE + "doc/", BASE + "claim/", BASE + "event/")):
            return f"{value}-c{self.k}"
        if value.startswith(BASE + "id/") and self.variant and not (self.keep_kb and KB_ENTITY.match(value)):
            return f"{value}-v{self.variant}"
        return value

    def term(self, term: object, predicate: str) -> object:
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(self.iri(term.value))
        if isinstance(term, ox.Literal):
            dt = term.datatype.value
            if dt == XSD + "date":
                day = date.fromisoformat(term.value) - self.shift
                return ox.Literal(day.isoformat(), datatype=term.datatype)
            if dt == XSD + "gYearMonth":
                day = date.fromisoformat(term.value + "-15") - self.shift
                return ox.Literal(day.strftime("%Y-%m"), datatype=term.datatype)
            if dt == XSD + "dateTime":
                moment = datetime.fromisoformat(term.value) - self.shift
                return ox.Literal(moment.isoformat(timespec="seconds"), datatype=term.datatype)
            if predicate.endswith("#contentHash"):
                return ox.Literal(f"{term.value}-c{self.k}")
        return term

    def lines(self, quads: list[ox.Quad]) -> Iterator[str]:
        for q in quads:
            p = q.predicate.value
            s = self.term(q.subject, p)
            renamed = isinstance(s, ox.NamedNode) and s.value != q.subject.value and "/id/" in s.value
            if renamed and p.endswith(("#label", "#altLabel")) and isinstance(q.object, ox.Literal):
                o: object = ox.Literal(f"{q.object.value} v{self.variant}")  # the variant's own name
            else:
                o = self.term(q.object, p)
            triple = f"{s} {q.predicate} {o}"
            yield f"{triple} <{self.iri(q.graph_name.value)}> .\n"
            yield f"{triple} .\n"


def synthesize(graphs: dict[str, list[ox.Quad]], triples: int, shared: float) -> Iterator[tuple[int, str]]:
    """(copy number, N-Quads text of one document graph and its union triples) until ``triples``
    document triples are written."""
    written, k = 0, 0
    while written < triples:
        copier = Copier(k, weeks_back=k % 52, keep_kb=shared > 0 and k % max(1, round(1 / shared)) == 0)
        for quads in graphs.values():
            yield k, "".join(copier.lines(quads))
            written += len(quads)
        k += 1


def build_store(path: Path, triples: int, shared: float, workdir: Path) -> tuple[float, int]:
    graphs = template_graphs(demo_export(workdir))
    store = Store(path)
    started = time.perf_counter()
    batch: list[str] = []
    copies = 0
    for k, text in synthesize(graphs, triples, shared):
        batch.append(text)
        copies = k + 1
        if len(batch) >= 50:
            store.load("".join(batch).encode("utf-8"), "nquads")
            batch.clear()
    if batch:
        store.load("".join(batch).encode("utf-8"), "nquads")
    store.flush()
    print(f"synthetic store: {copies} copies of {len(graphs)} sample documents = "
          f"{copies * len(graphs)} documents")
    return time.perf_counter() - started, store.quad_count()


def clear_projection_cache(store: Store) -> None:
    projection_module._memory.clear()
    folder = projection_module.cache_dir(store)
    for cached in folder.glob("*.pickle") if folder and folder.is_dir() else []:
        cached.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="document triples to generate")
    parser.add_argument("--shared", type=float, default=0.1,
                        help="fraction of copies that keep the knowledge-base entities (1: all, the worst case)")
    parser.add_argument("--store", type=Path, help="reuse (or create) the synthetic store here")
    parser.add_argument("--week", default="2023-W51")
    parser.add_argument("--out", type=Path, help="also write the report files here")
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rg-bench-report-") as tmp:
        workdir = Path(tmp)
        path = args.store or workdir / "store"
        if not (path / "CURRENT").exists():
            seconds, quads = build_store(path, args.triples, args.shared, workdir)
            print(f"load: {seconds:.1f} s for {quads:,} quads (document graphs + their union)")
        store = Store(path, read_only=True)
        print(f"store: {store.quad_count():,} quads, {len(store.named_graphs()):,} document graphs")
        window, watchlist = iso_week(args.week), load_watchlist()
        clear_projection_cache(store)
        started = time.perf_counter()
        report = build_report(store, window.since, window.until, watchlist)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        build_report(store, window.since, window.until, watchlist)
        warm = time.perf_counter() - started
        c = report.counts
        print(f"report {window.label}: {c.documents} documents, {c.entities} new entities, {c.relations} new "
              f"relations, {c.events} events, {len(report.contradictions)} contradictions, "
              f"{sum(x.appeared_count for x in report.exposures)} paths appeared")
        print(f"build_report: {cold:.1f} s cold (projection built), {warm:.1f} s warm (projection cached)")
        renderers = {"html": lambda: render_html(report).encode(),
                     "md": lambda: render_markdown(report).encode(),
                     "pdf": lambda: render_pdf(report)}
        if args.no_pdf:
            del renderers["pdf"]
        timings, outputs = {}, {}
        for fmt, render in renderers.items():
            started = time.perf_counter()
            outputs[fmt] = render()
            timings[fmt] = time.perf_counter() - started
            print(f"render {fmt}: {timings[fmt]:.1f} s, {len(outputs[fmt]):,} bytes")
        total = cold + sum(timings.values())
        print(f"total (cold build + all formats): {total:.1f} s; target {TARGET_SECONDS:.0f} s; "
              f"ratio {total / TARGET_SECONDS:.2f}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            for fmt, data in outputs.items():
                (args.out / f"report-{window.slug}.{fmt}").write_bytes(data)


if __name__ == "__main__":
    main()
