"""Values computed from the whole store, cached per store state: in memory and in a pickle beside the
store (``<store>-cache/<kind>-<state>.pickle``), recomputed when an ingest changes the state.

The state key is a hash of every stored document's content hash and extractor version; the disk file
of a kind is replaced, never appended to, and a cache that cannot be read or written is only slower.
"""
from __future__ import annotations

import gc
import hashlib
import json
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from riskgraph.graph.follow import Signature, disk_signature
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store

CACHE_VERSION = "4"
T = TypeVar("T")
_memory: dict[tuple[str, str, str], object] = {}
_keys: dict[str, tuple[Signature, str]] = {}
_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_lock = threading.Lock()


def store_state_key(store: Store) -> str:
    """A hash of every stored document's content hash and extractor version: changes on any ingest.

    Remembered for the store's files as they are on disk (a directory listing), so that the several
    cached values one command reads cost one query, not one each."""
    signature = disk_signature(store.path) if store.path is not None else None
    if not signature:
        return _state_key(store)
    remembered = _keys.get(store.location) or _read_key(store)
    if remembered and remembered[0] == signature:
        _keys[store.location] = remembered
        return remembered[1]
    key = _state_key(store)
    _keys[store.location] = (signature, key)
    _write_key(store, signature, key)
    return key


def _key_file(store: Store) -> Path | None:
    folder = cache_dir(store)
    return folder / "state-key.json" if folder else None


def _read_key(store: Store) -> tuple[Signature, str] | None:
    """The state key an earlier process computed, with the disk signature it was computed for."""
    path = _key_file(store)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else None
        return (tuple(tuple(entry) for entry in data["signature"]), str(data["key"])) if data else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_key(store: Store, signature: Signature, key: str) -> None:
    path = _key_file(store)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"signature": signature, "key": key}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _state_key(store: Store) -> str:
    rows = store.select(load_query("document_states"))
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for row in sorted((str(r["doc"]), str(r["hash"]), str(r["version"])) for r in rows):
        digest.update("\x1f".join(row).encode())
    for row in sorted(str(r["j"]) for r in store.select(load_query("judgements"))):  # an analyst's judgements too
        digest.update(row.encode())
    return digest.hexdigest()[:20]


def cache_dir(store: Store) -> Path | None:
    if store.path is None:
        return None
    return store.path.with_name(store.path.name + "-cache")


def cached(store: Store, kind: str, build: Callable[[Store, str], T], key: str | None = None) -> T:
    """``build(store, key)`` for the store's current state, from memory, the disk cache or built anew.
    Threads asking for the same value at once wait for one build (the dashboard's background jobs)."""
    key = key or store_state_key(store)
    memo = (store.location, kind, key)
    if memo in _memory:
        return _memory[memo]  # type: ignore[return-value]
    with _locks_lock:
        lock = _locks.setdefault(memo[:2], threading.Lock())
    with lock:
        if memo in _memory:
            return _memory[memo]  # type: ignore[return-value]
        return _load_or_build(store, kind, build, key, memo)


def _load_or_build(store: Store, kind: str, build: Callable[[Store, str], T], key: str,
                   memo: tuple[str, str, str]) -> T:
    folder = cache_dir(store)
    path = folder / f"{kind}-{key}.pickle" if folder else None
    value = _read(path)
    if value is None:
        value = build(store, key)
        _write(folder, path, kind, value)
    for old in [m for m in _memory if m[:2] == memo[:2]]:
        del _memory[old]
    _memory[memo] = value
    return value  # type: ignore[return-value]


def _read(path: Path | None) -> object | None:
    if path is None or not path.is_file():
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes millions of objects and no garbage: the collector would only slow it down
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # our own cache file, written below
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    finally:
        if collecting:
            gc.enable()


def _write(folder: Path | None, path: Path | None, kind: str, value: object) -> None:
    if folder is None or path is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{kind}-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a cache we cannot write is only slower
