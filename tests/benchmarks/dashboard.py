"""Benchmark: render time of every dashboard page on a synthetic store of about 100k entities.

    python tests/benchmarks/dashboard.py [--entities 100000] [--store DIR] [--keep]

The store has the shape of real output because it is written by the real graph builder
(``riskgraph.graph.build.document_triples``, as ``riskgraph ingest`` does) from synthetic
extractions: each document mentions 20 entities of its own (companies, products, people, a
project) and 4 shared ones (the watchlist's companies, providers, government bodies, countries),
with relations, two risk events and knowledge-base facts, every fact with its sentence and offsets.
Each document graph's triples also go to the default graph (the store's union), as
``Store.replace_graph`` writes them; the N-Quads are loaded with ``Store.load`` in batches.

Prints: generation and load time, store size, then each page's render time through
``streamlit.testing.v1.AppTest``: cold (empty caches; the projection is built on the first page
that needs it) and warm (the same page again), against the 2 s target. Not a test.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pycountry

from riskgraph.graph import state_cache as projection_module
from riskgraph.graph.build import document_triples
from riskgraph.graph.identity import document_iri, slug
from riskgraph.graph.store import Store, to_ox
from riskgraph.ingest.document import Document
from riskgraph.ingest.model import Entity, Event, Evidence, Extraction, Mention, Relation

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "app" / "dashboard" / "main.py"
TARGET_SECONDS = 2.0
LOCAL_PER_DOC = 20
WATCHED = ["ByteDance", "TikTok", "OpenAI", "Microsoft", "Nvidia", "Huawei Technologies Co., Ltd."]
EVENT_TYPES = ["Sanction", "ExportControl", "Investigation", "Ban", "Suspension", "Lawsuit", "Violation"]
STATUSES = ["in force", "announced", "pending", "lifted"]
PAGES = [("overview", {}), ("entity", {"entity": "ByteDance"}), ("exposure", {"entity": "ByteDance"}),
         ("events", {}), ("map", {}), ("documents", {}), ("sparql", {})]


class Hubs:
    """The entities every document may share: watched companies, providers, authorities, countries."""

    def __init__(self) -> None:
        self.watched = [self._kb(name, {"Company", "Organization"}) for name in WATCHED]
        self.providers = [self._kb(f"Provider {i:03d} Cloud", {"Company", "Organization", "Provider"})
                          for i in range(200)]
        self.authorities = [self._kb(f"Authority {i:02d}", {"GovernmentBody", "Organization"}) for i in range(20)]
        countries = [c for c in pycountry.countries if len(c.alpha_2) == 2][:60]
        self.countries = [self._kb(c.name, {"Jurisdiction"}, iso=c.alpha_2) for c in countries]

    @staticmethod
    def _kb(name: str, classes: set[str], iso: str | None = None) -> Entity:
        key = f"kb:{slug(name)}"
        return Entity(key=key, name=name, classes=classes, surfaces={name}, kb_id=slug(name), iso=iso,
                      wikidata=f"Q{abs(hash(name)) % 10_000_000}" if iso is None else None)


class Writer:
    """Builds one document's text sentence by sentence, recording mention and sentence offsets."""

    def __init__(self, title: str) -> None:
        self.text = title + "\n\n"
        self.mentions: list[Mention] = []

    def sentence(self, *parts: str | Entity) -> Evidence:
        start = len(self.text)
        spans = []
        for part in parts:
            if isinstance(part, Entity):
                spans.append((part.key, len(self.text), len(self.text) + len(part.name)))
                self.text += part.name
            else:
                self.text += part
        evidence = Evidence(start, len(self.text), self.text[start:], "patterns/bench", 0.8)
        self.text += " "
        for key, a, b in spans:
            self.mentions.append(Mention(key, a, b, Evidence(evidence.start, evidence.end, evidence.text,
                                                             "entities/bench", 0.95)))
        return evidence


def extraction(i: int, day: date, hubs: Hubs, rng: random.Random) -> Extraction:
    companies = [Entity(f"org:bench company {i} {k}", f"Bench Company {i}-{k}", {"Company", "Organization"})
                 for k in range(9)]
    products = [Entity(f"product:bench product {i} {k}", f"Bench Product {i}-{k}", {"Product"}) for k in range(6)]
    people = [Entity(f"person:bench person {i} {k}", f"Person {i}-{k}", {"Person"}) for k in range(4)]
    project = Entity(f"project:bench project {i}", f"Project {i}", {"Project"})
    provider, authority = rng.choice(hubs.providers), rng.choice(hubs.authorities)
    country, watched = rng.choice(hubs.countries), rng.choice(hubs.watched)
    a, b = companies[0], companies[1]
    w = Writer(f"{a.name} and {b.name} weigh risks from {provider.name}")
    relations = [
        Relation(a.key, "dependsOn", provider.key, w.sentence(a, " relies on ", provider, " for its compute.")),
        Relation(provider.key, "provides", products[0].key,
                 w.sentence(provider, " sells ", products[0], " to customers worldwide.")),
        Relation(a.key, "develops", products[1].key, w.sentence(a, " builds ", products[1], ".")),
        Relation(b.key, "develops", project.key, w.sentence(b, " runs ", project, ", its research effort.")),
        Relation(a.key, "parentOf", b.key, w.sentence(a, " owns ", b, ".")),
        Relation(a.key, "headquarteredIn", country.key, w.sentence(a, " is based in ", country, ".")),
        Relation(b.key, "dependsOn", products[0].key, w.sentence(b, " uses ", products[0], " daily.")),
        Relation(people[0].key, "worksFor", a.key, w.sentence(people[0], " works for ", a, "."), role="spokesperson"),
    ]
    if i % 5 == 0:
        relations.append(Relation(watched.key, "dependsOn", a.key,
                                  w.sentence(watched, " buys services from ", a, ", according to filings.")))
    for c in companies[2:]:
        relations.append(Relation(c.key, "partnerOf", a.key, w.sentence(c, " partners with ", a, ".")))
    for p in products[2:]:
        w.sentence(companies[rng.randrange(2, 9)], " also mentioned ", p, ".")
    for person in people[1:]:
        w.sentence(person, " commented on the news.")
    events = []
    for n, target in enumerate((a, rng.choice([*companies[2:], provider]))):
        when = day - timedelta(days=rng.randrange(0, 10))
        cls = rng.choice(EVENT_TYPES)
        events.append(Event(cls, authority.key, target.key, (products[1].key,) if n == 0 else (), None,
                            when.isoformat(), rng.choice(STATUSES),
                            w.sentence(authority, f" announced a {cls.lower()} against ", target, ".")))
    entities = {e.key: e for e in [*companies, *products, *people, project, provider, authority, country, watched]}
    source = f"https://bench.example.org/news/{i}"
    text = w.text.rstrip()
    document = Document(text=text, title=text.split("\n", 1)[0], source=source, published=day,
                        date_origin="metadata", language="en", media_type="text/plain",
                        content_hash=f"bench-{i}")
    return Extraction(document=document, entities=entities, mentions=w.mentions, relations=relations, events=events)


def nquads(i: int, day: date, hubs: Hubs, rng: random.Random, now: datetime) -> str:
    x = extraction(i, day, hubs, rng)
    graph = f"<{document_iri(x.document.source)}>"
    lines = []
    for s, p, o in document_triples(x, "bench/1", "bench-kb", lambda _iri: None, now):
        triple = f"{to_ox(s)} {to_ox(p)} {to_ox(o)}"  # N-Triples syntax
        lines.append(f"{triple} {graph} .\n{triple} .\n")
    return "".join(lines)


def build_store(path: Path, entities: int) -> None:
    docs = max(1, entities // LOCAL_PER_DOC)
    hubs, rng, now = Hubs(), random.Random(7), datetime(2024, 6, 30, tzinfo=UTC)
    first = date(2022, 7, 1)
    store = Store(path)
    started = time.perf_counter()
    batch: list[str] = []
    for i in range(docs):
        batch.append(nquads(i, first + timedelta(days=730 * i // docs), hubs, rng, now))
        if len(batch) == 200 or i == docs - 1:
            store.load("".join(batch).encode("utf-8"), "nquads")
            batch.clear()
    store.flush()
    print(f"synthetic store: {docs:,} documents, {docs * LOCAL_PER_DOC:,} document entities + "
          f"{len(hubs.watched) + len(hubs.providers) + len(hubs.authorities) + len(hubs.countries)} shared; "
          f"generated and loaded in {time.perf_counter() - started:.1f} s")


def clear_projection_cache(path: Path) -> None:
    projection_module._memory.clear()
    folder = projection_module.cache_dir(Store(path, read_only=True))
    if folder and folder.is_dir():
        shutil.rmtree(folder)


def render(page: str, params: dict[str, str]) -> tuple[float, float, int]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(MAIN), default_timeout=900)
    at.switch_page(f"views/{page}.py")  # before the first run: the page's file name is its url_path
    for key, value in params.items():
        at.query_params[key] = value
    started = time.perf_counter()
    at.run()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    at.run()
    warm = time.perf_counter() - started
    problems = len(at.exception) + len(at.error)
    return cold, warm, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000, help="document entities to generate")
    parser.add_argument("--store", type=Path, help="reuse (or create) the synthetic store here")
    parser.add_argument("--keep", action="store_true", help="keep the projection cache of an earlier run")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rg-bench-dashboard-"))
    try:
        path = args.store or tmp / "store"
        if not (path / "CURRENT").exists():
            build_store(path, args.entities)
        store = Store(path, read_only=True)
        print(f"store: {store.quad_count():,} quads, {len(store.named_graphs()):,} document graphs")
        del store
        if not args.keep:
            clear_projection_cache(path)
        os.environ["RISKGRAPH_STORE"] = str(path)
        print(f"{'page':10} {'cold s':>8} {'warm s':>8}  (target {TARGET_SECONDS:g} s)")
        worst = 0.0
        for page, params in PAGES:
            cold, warm, problems = render(page, params)
            worst = max(worst, warm)
            note = f"  {problems} error(s) shown!" if problems else ""
            print(f"{page:10} {cold:8.2f} {warm:8.2f}  ratio {warm / TARGET_SECONDS:.2f}{note}")
        print(f"slowest warm page: {worst:.2f} s; ratio to target {worst / TARGET_SECONDS:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
