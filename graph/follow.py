"""A read-only view of a store folder that follows its writer.

Oxigraph's read-only mode sees the store as it was when it was opened: a long-running reader (the
SPARQL endpoint's workers, the dashboard) would go on answering from last week's graph after a new
ingest. ``StoreFollower`` checks, before handing out the store, whether the engine's files changed
since it opened them (every committed write appends to the write-ahead log or adds a table file);
if so it opens the store again. The check is one directory listing, no query.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from riskgraph.graph.store import Store

# the engine's own diagnostic logs change when a reader opens the store; they hold no data
_NOT_DATA = ("LOG",)

Signature = tuple[tuple[str, int, int], ...]
T = TypeVar("T")


def disk_signature(path: str | Path) -> Signature:
    """Names, sizes and modification times of the store's data files: changes when a write commits."""
    entries = []
    try:
        with os.scandir(path) as listing:
            for entry in listing:
                if entry.name.startswith(_NOT_DATA) or not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:  # removed by a compaction while we listed
                    continue
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
    except FileNotFoundError:
        return ()
    return tuple(sorted(entries))


class StoreFollower:
    """Hands out a read-only ``Store`` of ``path`` that is never older than the last committed write.

    Safe to share between threads: a reopened store replaces the old one for later callers, while
    callers still holding the old one finish with it (it is released when the last of them drops it).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.reopened = 0  # how many times a newer state was picked up
        self.signature = disk_signature(self.path)  # read BEFORE opening: a write in between reopens later
        self._store = Store(self.path, read_only=True)
        self._memo: dict[str, tuple[Store, object]] = {}

    def current(self) -> Store:
        """The store as of now: the open one, or a fresh one if a writer committed since it was opened."""
        signature = disk_signature(self.path)
        if signature == self.signature:
            return self._store
        with self._lock:
            if signature != self.signature:
                fresh = Store(self.path, read_only=True)
                self._store, self.signature = fresh, signature
                self.reopened += 1
            return self._store

    def per_state(self, name: str, compute: Callable[[Store], T]) -> tuple[Store, T]:
        """The current store and ``compute(store)``, computed once per state of the store."""
        store = self.current()
        with self._lock:
            held = self._memo.get(name)
            if held is not None and held[0] is store:
                return store, held[1]  # type: ignore[return-value]
        value = compute(store)
        with self._lock:
            self._memo[name] = (store, value)
        return store, value
