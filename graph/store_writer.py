"""Writing document graphs to the embedded store in a thread of its own, one transaction per document
(``store_document``: the graph with the happenings and labels it changes).

The distributed ingest's driver hands the graphs of each finished chunk to a ``StoreWriter`` and goes on
admitting, resolving and sending work while they are written; ``take`` hands the written chunks back to
the driver's thread, which counts them, and raises there what a write raised.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from rdflib import URIRef

from riskgraph.graph.ingestion import store_document
from riskgraph.graph.judgements import Verdicts
from riskgraph.graph.store import Store

POLL_S = 0.01  # how long ``take(wait=True)`` waits for a written chunk


class StoreWriter:
    """``put(chunk, writes)`` queues a chunk's writes; ``take`` calls ``done(chunk)`` for each written chunk."""

    def __init__(self, store: Store, judged: Verdicts, done: Callable[[Any], None]) -> None:
        self.store, self.judged, self.done = store, judged, done
        self._todo: queue.Queue = queue.Queue()
        self._written: queue.Queue = queue.Queue()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def put(self, chunk: Any, writes: list[tuple[URIRef, list | Callable[[], list], date | None, bool]]) -> None:
        """Write each (graph, triples, publication date, new) in order, after the chunks put before;
        ``triples`` may be a function that makes them, called in the writer's thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="riskgraph-writer", daemon=True)
            self._thread.start()
        self._todo.put((chunk, writes))

    def _run(self) -> None:
        while not self._stopping.is_set():
            item = self._todo.get()
            if item is None:
                return
            chunk, writes = item
            try:
                for graph, triples, published, new in writes:
                    if self._stopping.is_set():
                        return
                    made = triples() if callable(triples) else triples
                    store_document(self.store, graph, made, published, new, self.judged)
            except BaseException as exc:  # handed to the driver's thread, which raises it
                self._written.put(exc)
                return
            self._written.put(chunk)

    def take(self, wait: bool) -> bool:
        """Hand over the chunks written since the last call (waiting a moment for one when ``wait``); whether any."""
        taken = False
        try:
            while True:
                item = self._written.get(timeout=POLL_S) if wait and not taken else self._written.get_nowait()
                if isinstance(item, BaseException):
                    raise item
                self.done(item)
                taken = True
        except queue.Empty:
            return taken

    def close(self) -> None:
        """Wait for every write, handing each chunk over."""
        if self._thread is not None:
            self._todo.put(None)
            while self._thread.is_alive() or not self._written.empty():
                self.take(wait=True)

    def stop(self) -> None:
        """Write nothing more after the document being written (interrupted, or done)."""
        self._stopping.set()
        self._todo.put(None)
        if self._thread is not None:
            self._thread.join()
