"""Extraction under limits: each document runs in a forked worker with a time and a memory limit.

spaCy and the extraction components run in native code and Python loops that nothing can interrupt
from inside, so the pipeline runs in a worker process (``riskgraph.ingest.sandbox``) forked after
the pipeline is built: the worker shares the loaded model with this process and costs no start-up.
Documents go to the worker in small batches (at most the pipeline's batch size, and at most one
chunk's worth of characters together), which keeps ``nlp.pipe``'s batching; a batch gets the time
and memory of one document. A batch that overruns its time or memory is run again one document at a
time, so a document that overruns ``timeout_s`` or needs more than ``memory_mb`` beyond what the
worker inherited costs that document only: the worker is killed, the document is reported as a
``SourceError`` and the next one gets a fresh worker. The worker is also replaced every
``recycle_after`` documents, so that the strings spaCy interns for every new word cannot pile up.
"""
from __future__ import annotations

import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from riskgraph.ingest.document import Document
from riskgraph.ingest.model import Extraction
from riskgraph.ingest.pipeline import Pipeline
from riskgraph.ingest.sandbox import (
    Sandbox,
    SandboxCrash,
    SandboxDied,
    SandboxError,
    SandboxOutOfMemory,
    SandboxTimeout,
)
from riskgraph.ontology.errors import RiskgraphError, SourceError

_pipeline: Pipeline | None = None  # set before the worker is forked; the worker inherits it


@dataclass(frozen=True)
class ExtractLimits:
    """How much extracting one document may cost: wall-clock seconds and memory beyond the model's."""

    timeout_s: float = 120.0
    memory_mb: int = 2048
    recycle_after: int = 500


def _extract_batch(documents: list[Document]) -> list[Extraction]:
    """Runs in the worker: the whole pipeline over a few documents (their texts are not sent back)."""
    assert _pipeline is not None
    return [replace(x, document=None) for x in _pipeline.extract(documents)]  # type: ignore[arg-type]


class GuardedExtractor:
    """``extract(documents)`` yields an Extraction or a SourceError per document, in order."""

    def __init__(self, pipeline: Pipeline, limits: ExtractLimits | None = None) -> None:
        self.pipeline = pipeline
        self.limits = limits or ExtractLimits()
        self._sandbox = Sandbox(self.limits.memory_mb, name="riskgraph-extract", passthrough=(RiskgraphError,))
        self._calls = 0

    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction | SourceError]:
        global _pipeline
        _pipeline = self.pipeline
        try:
            batch: list[Document] = []
            for document in documents:
                if batch and (len(batch) >= self.pipeline.batch_size
                              or sum(len(d.text) for d in batch) + len(document.text) > self.pipeline.chunk_chars):
                    yield from self._batch(batch)
                    batch = []
                batch.append(document)
            yield from self._batch(batch)
        finally:
            self.close()

    def _batch(self, batch: list[Document]) -> Iterator[Extraction | SourceError]:
        if len(batch) == 1:
            yield self._one(batch[0])
            return
        try:
            extractions = self._call(batch)
        except (SandboxError, RiskgraphError):  # one of them is the trouble: find it
            for document in batch:
                yield self._one(document)
            return
        for document, extraction in zip(batch, extractions, strict=True):
            yield replace(extraction, document=document)

    def _call(self, batch: list[Document]) -> list[Extraction]:
        if self._calls >= self.limits.recycle_after:
            self._sandbox.close()
            self._calls = 0
        self._calls += len(batch)
        return self._sandbox.call(_extract_batch, (batch,), timeout_s=self.limits.timeout_s)

    def _one(self, document: Document) -> Extraction | SourceError:
        where = document.where
        try:
            [extraction] = self._call([document])
        except SandboxTimeout:
            return SourceError(where, f"extraction took longer than {self.limits.timeout_s:g} s and was stopped; "
                                      "split the document or raise [ingest] extract_timeout_s")
        except SandboxOutOfMemory:
            return SourceError(where, f"extraction needed more than {self.limits.memory_mb} MB and was stopped; "
                                      "split the document or raise [ingest] extract_memory_mb")
        except SandboxDied as died:
            return SourceError(where, _death_reason(died, self.limits.memory_mb))
        except SandboxCrash as crash:
            return SourceError(where, f"extraction failed on this document ({crash.brief})")
        except RiskgraphError as exc:
            return SourceError(where, f"extraction failed on this document ({exc})")
        return replace(extraction, document=document)

    def close(self) -> None:
        self._sandbox.close()


def _death_reason(died: SandboxDied, memory_mb: int) -> str:
    if died.code is not None and -died.code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
        return (f"extraction was stopped by {died.signal_name}, most likely out of memory "
                f"({memory_mb} MB); raise [ingest] extract_memory_mb")
    return f"extraction ended unexpectedly ({died})"
