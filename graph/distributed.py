"""Ingest on a Dask cluster: the same graph as ``ingest_sources``, documents read and extracted on workers.

The driver lists the sources and sends them to the workers in chunks. For each chunk:

1. a worker reads its sources (``read_chunk``: the readers and their limits) and keeps the documents;
   only their identities (source, content hash, identity claim) come back;
2. the driver admits documents in batch order as the sequential ingest does (``Admission``: skip the
   unchanged, refuse clashes and documents read twice), and sends only the admitted ones to extraction
   (``extract_chunk``: ``GuardedExtractor``, its time and memory limit per document), which runs where
   the documents are; what the driver needs to resolve labels and count them comes back;
3. the worker builds each document's graph (``finish_chunk``) and writes it to the SPARQL server store
   itself, or sends it back for the driver to write to the embedded store (``StoreWriter``): one
   transaction per document, with the happenings and labels it changes (``store_document``). These are
   computed from what the store holds, so writes take turns (the driver's one writer thread, or a
   cluster-wide lock for the workers): the store is then the one a sequential ingest builds.

A chunk whose worker dies is run again on another worker (Dask recomputes what was lost); documents
whose tasks killed ``distributed.scheduler.allowed-failures`` workers are reported as failed and never
written in part. A few chunks per worker are in flight at a time, so memory stays bounded.
"""
from __future__ import annotations

import math
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from distributed import Future, as_completed
from distributed.scheduler import KilledWorker

from riskgraph.graph.dask_cluster import cluster_versions, working_folder
from riskgraph.graph.dask_worker import (
    Built,
    Needs,
    Plan,
    RemoteTarget,
    extract_chunk,
    finish_chunk,
    identities,
    needs_of,
    read_chunk,
)
from riskgraph.graph.ingestion import Admission, Identity, IngestSummary, finish
from riskgraph.graph.judgements import verdicts
from riskgraph.graph.store import Store
from riskgraph.graph.store_writer import StoreWriter
from riskgraph.ingest.guarded import ExtractLimits
from riskgraph.ingest.readers import ReadLimits
from riskgraph.ingest.sandbox import brief
from riskgraph.ontology.errors import ConfigError, RiskgraphError, SourceError

CHUNK = 8  # most sources per task
STAGES = {"read": "reading", "extract": "extracting", "finish": "storing"}


class ClusterProgress:
    """What a distributed ingest reports as it goes (override what you show)."""

    def found(self, documents: int) -> None:
        """``documents`` more than one per source were read (a feed's entries)."""

    def done(self, source: str, outcome: str, words: int) -> None:
        """One document (or unreadable source) is done: "new", "updated", "unchanged", "rejected" or
        "failed"; ``words``: the words extracted from it."""


@dataclass
class _Pick:
    source: int  # positions in the chunk's read result
    document: int
    outcome: str  # "new" or "updated"
    identity: Identity
    needs: Needs | None = None


@dataclass
class _Chunk:
    index: int
    sources: list[str]
    read: Future
    ids: Future
    found: list[list[Identity] | SourceError] | None = None
    picks: list[_Pick] = field(default_factory=list)
    admitted: bool = False
    extracted: Future | None = None
    needs: Future | None = None
    needed: list[Needs | SourceError] | None = None
    stored: list[_Pick] = field(default_factory=list)  # the picks sent to be stored
    finish: Future | None = None


def ingest_on_cluster(client: Any, store: Store, sources: Sequence[str], *, limits: ReadLimits | None = None,
                      extract_limits: ExtractLimits | None = None, published: date | None = None,
                      target: RemoteTarget | None = None, chunk: int = CHUNK, progress: ClusterProgress | None = None,
                      now: datetime | None = None) -> IngestSummary:
    """Ingest ``sources`` on the cluster of ``client`` into ``store`` (or, with ``target``, the SPARQL
    server both name: the workers write to it). The summary is the one ``ingest_sources`` gives."""
    if "-" in sources:
        raise ConfigError("standard input (-) cannot be sent to Dask workers: ingest it without --workers/--scheduler")
    driver = _Driver(client, store, list(sources), limits, extract_limits or ExtractLimits(), published, target,
                     chunk, progress or ClusterProgress(), now or datetime.now(UTC).replace(microsecond=0))
    return driver.run()


class _Driver:
    def __init__(self, client: Any, store: Store, sources: list[str], limits: ReadLimits | None,
                 extract_limits: ExtractLimits, published: date | None, target: RemoteTarget | None,
                 chunk: int, progress: ClusterProgress, now: datetime) -> None:
        self.client, self.store, self.sources = client, store, sources
        self.limits, self.extract_limits, self.published, self.target = limits, extract_limits, published, target
        self.progress, self.ingested_at = progress, now
        versions = cluster_versions(client)
        self.version, self.kb_version = versions.version, versions.kb_version
        self.summary = IngestSummary()
        self.admission = Admission(store, self.version, self.summary, lambda s, outcome: progress.done(s, outcome, 0))
        self.judged = verdicts(store)  # an analyst's judgements hold over every document written
        self.base = working_folder()
        self.run_id = uuid.uuid4().hex[:8]
        threads = max(1, sum(client.nthreads().values()))
        size = max(1, min(chunk, math.ceil(len(sources) / (4 * threads))))
        self.pending = [sources[i:i + size] for i in range(0, len(sources), size)]
        self.next_chunk = 0
        self.chunks: dict[int, _Chunk] = {}
        self.stage: dict[str, tuple[_Chunk, str]] = {}  # future key -> its chunk and stage
        self.admit_next = self.resolve_next = 0
        self.failure_places: list[tuple[int, int, int]] = []  # each failure's place in the batch
        self.undated_places: list[tuple[int, int, int]] = []
        self.running = as_completed()
        self.window, self.window_at = 4, -math.inf
        self.writer = StoreWriter(store, self.judged, self._counted)

    # ------------------------------------------------------------------ the loop
    def run(self) -> IngestSummary:
        try:
            self._top_up()
            while self.chunks:
                events = self.running.next_batch(block=False)
                for future in events:
                    self._handle(future)
                if self.writer.take(wait=not events):  # written documents are counted here, in this thread
                    self._top_up()
            self.writer.close()
        finally:
            self.writer.stop()
            outstanding = [f for c in self.chunks.values() for f in (c.read, c.ids, c.extracted, c.needs, c.finish)
                           if f is not None]
            if outstanding:  # interrupted: nothing more is sent; what workers are writing lands whole or not at all
                self.client.cancel(outstanding, force=True)
        self._ordered()
        finish(self.store, self.summary)
        return self.summary

    def _handle(self, future: Future) -> None:
        chunk, stage = self.stage.pop(future.key)
        if future.status == "finished":
            self._finished(chunk, stage, future.result())
        elif future.status in ("lost", "pending"):  # its worker died after it finished: Dask runs it again
            self._watch(chunk, future, stage)
        else:
            self._lost(chunk, stage, future)
        self._top_up()

    def _window(self) -> int:
        """Chunks in flight: per worker thread, one being extracted, one whose results wait to be asked for
        (the worker has started the next extraction by then), one admitted and queued; and some slack.
        Asked of the scheduler at most once a second (workers may come and go)."""
        now = time.monotonic()
        if now - self.window_at > 1:
            self.window, self.window_at = max(4, 3 * sum(self.client.nthreads().values()) + 2), now
        return self.window

    def _top_up(self) -> None:
        while self.next_chunk < len(self.pending) and len(self.chunks) < self._window():
            index = self.next_chunk
            self.next_chunk += 1
            sources = self.pending[index]
            read = self._submit(read_chunk, "read", index, sources, self.base, self.limits, self.published)
            chunk = _Chunk(index, sources, read, self._submit(identities, "ids", index, read, priority=1))
            self.chunks[index] = chunk
            self._watch(chunk, chunk.ids, "read")

    def _submit(self, func: Any, name: str, index: int, *args: Any, priority: int = 0) -> Future:
        return self.client.submit(func, *args, key=f"riskgraph-{name}-{self.run_id}-{index}", pure=False,
                                  priority=priority)

    def _watch(self, chunk: _Chunk, future: Future, stage: str) -> None:
        self.stage[future.key] = (chunk, stage)
        self.running.add(future)

    def _finished(self, chunk: _Chunk, stage: str, result: Any) -> None:
        if stage == "read":
            chunk.found = result
            self._admit_ready()
        elif stage == "extract":
            chunk.needed = result
            self._resolve_ready()
        else:
            self._stored(chunk, result)

    # ------------------------------------------------------------------ in batch order
    def _admit_ready(self) -> None:
        while (chunk := self.chunks.get(self.admit_next)) is not None and chunk.found is not None:
            self.admit_next += 1
            self._admit(chunk)
        self._resolve_ready()

    def _admit(self, chunk: _Chunk) -> None:
        assert chunk.found is not None
        for s, result in enumerate(chunk.found):
            if isinstance(result, SourceError):
                self.summary.failures.append(result)
                self.progress.done(chunk.sources[s], "failed", 0)
                self._place(chunk.index, s, 0)
                continue
            if len(result) > 1:
                self.progress.found(len(result) - 1)
            for d, identity in enumerate(result):
                outcome = self.admission.admit(identity)
                self._place(chunk.index, s, d)
                if outcome is not None:
                    chunk.picks.append(_Pick(s, d, outcome, identity))
        chunk.admitted = True
        if chunk.picks:
            picks = [(p.source, p.document) for p in chunk.picks]
            chunk.extracted = self._submit(extract_chunk, "extract", chunk.index, chunk.read, picks,
                                           self.extract_limits, priority=2)
            chunk.needs = self._submit(needs_of, "needs", chunk.index, chunk.extracted, priority=3)
            self._watch(chunk, chunk.needs, "extract")

    def _resolve_ready(self) -> None:
        while (chunk := self.chunks.get(self.resolve_next)) is not None and chunk.admitted and (
                not chunk.picks or chunk.needed is not None):
            self.resolve_next += 1
            self._resolve(chunk)

    def _resolve(self, chunk: _Chunk) -> None:
        planned = []
        for position, (pick, needs) in enumerate(zip(chunk.picks, chunk.needed or [], strict=True)):
            if isinstance(needs, SourceError):
                self.admission.reject(needs)
                self._place(chunk.index, pick.source, pick.document)
                continue
            if needs.version != self.version:
                raise ConfigError(f"a Dask worker joined with extractor version {needs.version}, not {self.version}; "
                                  "install the same riskgraph, pipeline, lexicons and gazetteer on every worker")
            pick.needs = needs
            planned.append((position, pick.outcome == "new"))
            chunk.stored.append(pick)
        if not planned:
            self._done(chunk)
            return
        plan = Plan(planned, self.version, self.kb_version, self.ingested_at, self.judged, self.target)
        chunk.finish = self._submit(finish_chunk, "finish", chunk.index, chunk.extracted, plan, priority=4)
        self._watch(chunk, chunk.finish, "finish")

    # ------------------------------------------------------------------ outcomes
    def _stored(self, chunk: _Chunk, built: Built | None) -> None:
        if built is not None:  # the embedded store: written by the driver's writer thread, then counted
            self.writer.put(chunk, [(p.identity.iri, triples, published, p.outcome == "new")
                                    for p, (triples, published) in zip(chunk.stored, built, strict=True)])
        else:
            self._counted(chunk)

    def _counted(self, chunk: _Chunk) -> None:
        for pick in chunk.stored:
            assert pick.needs is not None
            self.summary.add(pick.needs.tally, pick.outcome)
            self._place(chunk.index, pick.source, pick.document)
            self.progress.done(pick.identity.source, pick.outcome, pick.needs.words)
        self._done(chunk)

    def _lost(self, chunk: _Chunk, stage: str, future: Future) -> None:
        """A task that failed as a whole: its documents are reported (a worker kept dying), or the run stops."""
        error = future.exception() if future.status == "error" else None
        if isinstance(error, RiskgraphError):
            raise error
        if error is None:
            raise ConfigError(f"lost the Dask cluster while {STAGES[stage]} documents ({future.status})")
        if isinstance(error, KilledWorker):
            reason = (f"the Dask workers {STAGES[stage]} it ended unexpectedly "
                      f"{error.allowed_failures + 1} times (last {error.last_worker.address}); ")
        else:
            reason = f"{STAGES[stage]} it failed on the Dask worker ({brief(error)}); "
        reason += ("it may or may not be stored, whole: run the ingest again" if stage == "finish" and self.target
                   else "not stored: run the ingest again")
        if stage == "read":
            for s, source in enumerate(chunk.sources):
                self.summary.failures.append(SourceError(source, reason))
                self.progress.done(source, "failed", 0)
                self._place(chunk.index, s, 0)
            chunk.found = []
            self._admit_ready()
            return
        lost = chunk.picks if stage == "extract" else chunk.stored
        for pick in lost:
            self.summary.failures.append(SourceError(pick.identity.where, reason))
            self.progress.done(pick.identity.source, "failed", 0)
            self._place(chunk.index, pick.source, pick.document)
        if stage == "extract":
            chunk.picks = []
            self._resolve_ready()
        else:
            self._done(chunk)

    def _done(self, chunk: _Chunk) -> None:
        del self.chunks[chunk.index]  # its futures go: the workers free what they held for it

    # ------------------------------------------------------------------ messages in batch order
    def _place(self, chunk: int, source: int, document: int) -> None:
        """Give the failures and undated documents added since the last call their place in the batch."""
        place = (chunk, source, document)
        self.failure_places += [place] * (len(self.summary.failures) - len(self.failure_places))
        self.undated_places += [place] * (len(self.summary.undated) - len(self.undated_places))

    def _ordered(self) -> None:
        """Failures and undated documents in batch order, as the sequential ingest lists them."""
        self._place(len(self.pending), 0, 0)
        for entries, places in ((self.summary.failures, self.failure_places),
                                (self.summary.undated, self.undated_places)):
            ranked = sorted(range(len(entries)), key=places.__getitem__)
            entries[:] = [entries[i] for i in ranked]

