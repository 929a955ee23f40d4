"""What runs on a Dask worker for a distributed ingest: the plugin that loads the pipeline once per
worker, and the tasks the driver (``graph.distributed``) sends: read a chunk of sources, extract the
documents it admits, then build (and, for a SPARQL server store, write) their graphs.

Reading and extraction are the sequential ingest's own: ``read_documents`` (the readers with their
size, time and memory limits, parsing in a forked sandbox) and ``GuardedExtractor`` (the pipeline in
a forked worker per batch under a time and memory limit). Both fork their sandboxes from one
long-lived thread the plugin owns, because the kernel's parent-death signal that ends a sandbox with
its parent follows the thread that forked it; a Dask worker process must therefore not be daemonic
(daemonic processes may not start children), which the plugin checks.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from distributed import Lock, WorkerPlugin, get_worker

from riskgraph.graph.build import Triple, document_triples
from riskgraph.graph.identity import document_iri
from riskgraph.graph.ingestion import Identity, Tally, read_documents, store_document
from riskgraph.graph.judgements import Verdicts
from riskgraph.ingest.document import Document
from riskgraph.ingest.guarded import ExtractLimits, GuardedExtractor
from riskgraph.ingest.model import Extraction
from riskgraph.ingest.pipeline import Pipeline
from riskgraph.ingest.readers import ReadLimits
from riskgraph.ontology.errors import ConfigError, RiskgraphError, SourceError

PLUGIN = "riskgraph-extraction"
T = TypeVar("T")

DAEMONIC = ("this Dask worker is a daemonic process, which may not start the sandboxed parsers and extractors "
            "riskgraph runs documents in: start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False in their "
            "environment (or `dask worker --no-nanny`)")


@dataclass(frozen=True)
class RemoteTarget:
    """A SPARQL server store the workers write to themselves (``token``: its bearer token, if any)."""

    url: str
    token: str | None = None
    timeout_s: float = 60.0


@dataclass(frozen=True)
class Needs:
    """What the driver needs of one extracted document: its counts, its words, the extractor's version."""

    tally: Tally
    words: int
    version: str


@dataclass(frozen=True)
class Versions:
    """The extractor and knowledge-base versions of a worker's pipeline, or why it has none."""

    version: str = ""
    kb_version: str = ""
    problem: str = ""


class ExtractionPlugin(WorkerPlugin):
    """Loads the extraction pipeline once per worker and runs the riskgraph tasks in one thread.

    ``gazetteer`` and ``pipeline_config`` are paths on the workers (None: the ones installed with
    riskgraph there). ``ignore_interrupt``: the worker ignores SIGINT, for workers the driver started
    itself (a Ctrl-C in the terminal reaches every process of the group; the driver stops them).
    """

    name = PLUGIN

    def __init__(self, gazetteer: str | None = None, pipeline_config: str | None = None,
                 ignore_interrupt: bool = False) -> None:
        self.gazetteer = gazetteer
        self.pipeline_config = pipeline_config
        self.ignore_interrupt = ignore_interrupt
        self.pipeline: Pipeline | None = None
        self.problem = ""
        self._thread: ThreadPoolExecutor | None = None
        self._stores: dict[RemoteTarget, Any] = {}
        self._extractors: dict[ExtractLimits, _LastingExtractor] = {}

    async def setup(self, worker: Any) -> None:
        import asyncio

        if self.ignore_interrupt and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if multiprocessing.current_process().daemon:
            self.problem = DAEMONIC
            return
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="riskgraph-worker")
        try:
            self.pipeline = await asyncio.get_running_loop().run_in_executor(self._thread, self._load)
        except RiskgraphError as exc:
            self.problem = str(exc)

    def _load(self) -> Pipeline:
        from riskgraph.data import data_dir
        from riskgraph.ingest.pipeline import DEFAULT_CONFIG

        gazetteer = Path(self.gazetteer) if self.gazetteer else data_dir() / "gazetteer"
        if not gazetteer.is_dir():
            raise ConfigError(f"gazetteer folder {gazetteer} does not exist on the Dask worker; set [ingest] "
                              "gazetteer to a folder the workers can read")
        pipeline = Pipeline(gazetteer, Path(self.pipeline_config) if self.pipeline_config else DEFAULT_CONFIG)
        _warm_up(pipeline)
        return pipeline

    def teardown(self, worker: Any) -> None:
        for store in self._stores.values():
            store.close()
        for extractor in self._extractors.values():
            extractor.shutdown()
        if self._thread is not None:
            self._thread.shutdown(wait=False)

    def versions(self) -> Versions:
        if self.pipeline is None:
            return Versions(problem=self.problem or "the riskgraph pipeline is still loading")
        return Versions(self.pipeline.version, self.pipeline.kb_version)

    def run(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` in the plugin's thread (the one every sandbox is forked from)."""
        if self._thread is None or self.problem:  # this worker cannot ingest: the run stops, saying why
            raise ConfigError(f"Dask worker {get_worker().address}: {self.problem}")
        return self._thread.submit(func, *args).result()

    def extractor(self, limits: ExtractLimits) -> GuardedExtractor:
        """The worker's extractor for ``limits``: its sandbox serves task after task."""
        if limits not in self._extractors:
            assert self.pipeline is not None
            self._extractors[limits] = _LastingExtractor(self.pipeline, limits)
        return self._extractors[limits]

    def remote_store(self, target: RemoteTarget) -> Any:
        if target not in self._stores:
            from riskgraph.graph.remote import RemoteStore

            self._stores[target] = RemoteStore(target.url, target.timeout_s, target.token)
        return self._stores[target]


class _LastingExtractor(GuardedExtractor):
    """A GuardedExtractor whose sandbox outlives each ``extract`` call, as it lasts through a sequential
    ingest: forked once (from the plugin's thread), replaced every ``recycle_after`` documents or after a
    document overran its limits, and ended with the worker. A fresh sandbox per task cost about 10%."""

    def close(self) -> None:  # ``extract`` calls it when its documents are done: the sandbox is kept
        pass

    def shutdown(self) -> None:
        super().close()


def _warm_up(pipeline: Pipeline) -> None:
    """Load what the first document would (the language model, the pipeline's lazy parts) before the
    sandboxes are forked from this process, so that each starts warm."""
    from riskgraph.ingest.readers.assemble import detect_language

    text = "Warm-up\n\nA short text that loads the models before the first document."
    document = Document(text=text, title="Warm-up", source="warm-up:", published=None, date_origin="unknown",
                        language=detect_language(text), media_type="text/plain", content_hash="")
    list(pipeline.extract([document]))


def _plugin() -> ExtractionPlugin:
    plugin = get_worker().plugins.get(PLUGIN)
    if not isinstance(plugin, ExtractionPlugin):
        raise ConfigError("the riskgraph plugin is not installed on this Dask worker")
    return plugin


def worker_versions(dask_worker: Any) -> Versions:
    """Run on every worker (``Client.run``, which passes the worker) before the batch is sent."""
    plugin = dask_worker.plugins.get(PLUGIN)
    return plugin.versions() if isinstance(plugin, ExtractionPlugin) else Versions(problem="no riskgraph plugin")


# ---------------------------------------------------------------------- tasks
Read = list[list[Document] | SourceError]  # per source: its documents, or why it could not be read
Extracted = list[tuple[Extraction, Needs] | SourceError]  # per admitted document


def read_chunk(sources: list[str], base: str, limits: ReadLimits, published: date | None) -> Read:
    """Read each source (relative paths are the driver's, from its working folder ``base``)."""
    return _plugin().run(_read_all, sources, base, limits, published)


def _read_all(sources: list[str], base: str, limits: ReadLimits, published: date | None) -> Read:
    out: Read = []
    for source in sources:
        path = os.path.join(base, source)
        try:
            documents = read_documents(path, limits, published)
        except SourceError as exc:
            out.append(SourceError(source, exc.reason))
            continue
        # messages and feed identities name the source as it was given
        out.append(documents if path == source else [replace(d, origin=source) for d in documents])
    return out


def identities(read: Read) -> list[list[Identity] | SourceError]:
    """The small part of a read chunk the driver decides on."""
    return [r if isinstance(r, SourceError) else [Identity.of(d) for d in r] for r in read]


def extract_chunk(read: Read, picks: list[tuple[int, int]], limits: ExtractLimits) -> Extracted:
    """Extract the documents at ``picks`` ((source, document) positions in ``read``), in that order."""
    documents = [read[s][d] for s, d in picks]  # type: ignore[index]
    plugin = _plugin()
    return plugin.run(_extract_all, plugin, documents, limits)


def _extract_all(plugin: ExtractionPlugin, documents: list[Document], limits: ExtractLimits) -> Extracted:
    assert plugin.pipeline is not None
    pipeline = plugin.pipeline
    out: Extracted = []
    for extraction in plugin.extractor(limits).extract(documents):
        if isinstance(extraction, SourceError):
            out.append(extraction)
        else:
            out.append((extraction, _needs(extraction, pipeline)))
    return out


def _needs(extraction: Extraction, pipeline: Pipeline) -> Needs:
    return Needs(Tally.of(extraction), len(extraction.document.text.split()), pipeline.version)


def needs_of(extracted: Extracted) -> list[Needs | SourceError]:
    return [x if isinstance(x, SourceError) else x[1] for x in extracted]


@dataclass(frozen=True)
class Plan:
    """How to finish a chunk: per document to store, its position in the chunk's extractions and whether it
    is new; the versions and time its graph records, and the analysts' judgements it is built with."""

    documents: list[tuple[int, bool]]
    version: str
    kb_version: str
    ingested_at: datetime
    judged: Verdicts
    target: RemoteTarget | None = None


Built = list[tuple[list[Triple], date | None]]  # per planned document: its graph's triples, its publication date


def finish_chunk(extracted: Extracted, plan: Plan) -> Built | None:
    """Build each planned document's graph; write each to ``plan.target`` and return None, or return the
    graphs for the driver to write. A write computes what the document changes in the happenings graph
    from what the store holds, so writes to one store take turns under one cluster-wide lock: the store
    is then the one documents written one at a time give, whatever their order."""
    built: Built = []
    for position, _new in plan.documents:
        extraction, _needs = extracted[position]  # type: ignore[misc]
        triples = plan.judged.apply(document_triples(extraction, plan.version, plan.kb_version, plan.ingested_at))
        built.append((triples, extraction.document.published))
    if plan.target is None:
        return built
    store = _plugin().remote_store(plan.target)
    for (position, new), (triples, published) in zip(plan.documents, built, strict=True):
        extraction, _needs = extracted[position]  # type: ignore[misc]
        with Lock(f"riskgraph-store-{plan.target.url}"):
            store_document(store, document_iri(extraction.document.source), triples, published, new, plan.judged)
    return None
