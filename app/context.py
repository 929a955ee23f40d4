"""What every command needs, built from configuration: the store, the pipeline, the read limits.

Each function imports what it builds only when called: a command that never extracts never
loads spaCy (start-up time is part of every command's answer).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from riskgraph.app.config import Config
from riskgraph.ontology.errors import ConfigError, StoreError

if TYPE_CHECKING:
    from riskgraph.graph.store import Store
    from riskgraph.ingest.guarded import ExtractLimits
    from riskgraph.ingest.pipeline import Pipeline
    from riskgraph.ingest.readers import ReadLimits

MB = 1024 * 1024


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def open_store(config: Config, *, read_only: bool = False, must_exist: bool = False) -> Store:
    """The embedded store, or a SPARQL server's when [store] path is an http(s) URL.

    A server is asked one trivial query at once, so that an unreachable URL or a refused token
    is reported before any work is done.
    """
    location = config.store
    if is_remote(location):
        from riskgraph.graph.remote import RemoteStore  # only when asked for: keeps start-up fast

        remote = RemoteStore(location, token=str(config.get("store", "token")) or None, read_only=read_only)
        remote.ask("ASK { }")
        return remote  # type: ignore[return-value]
    from riskgraph.graph.store import Store

    path = Path(location)
    if must_exist and not (path / "CURRENT").exists():
        raise StoreError(f"no riskgraph store at {path}: run `riskgraph ingest PATH --store {path}` first")
    if read_only:
        try:
            return Store(path, read_only=True)
        except StoreError:  # e.g. a store left by a crash needs the recovery a writer does
            return Store(path)
    return Store(path)


def build_pipeline(config: Config) -> Pipeline:
    from riskgraph.ingest.pipeline import DEFAULT_CONFIG, Pipeline

    gazetteer = config.gazetteer_dir
    if not gazetteer.is_dir():
        raise ConfigError(f"gazetteer folder {gazetteer} does not exist; set [ingest] gazetteer")
    return Pipeline(gazetteer, config.pipeline_config or DEFAULT_CONFIG)


def read_limits(config: Config) -> ReadLimits:
    from riskgraph.ingest.readers import ReadLimits, default_limits
    from riskgraph.ingest.readers.limits import SIZE_SETTING

    base = default_limits()
    sizes = dict(base.max_bytes)
    for kind, name in SIZE_SETTING.items():
        sizes[kind] = int(config.get("ingest", name)) * MB
    return ReadLimits(max_bytes=sizes, timeout_s=float(config.get("ingest", "timeout_s")),
                      memory_mb=int(config.get("ingest", "memory_mb")),
                      max_text_chars=base.max_text_chars, max_feed_entries=base.max_feed_entries)


def extract_limits(config: Config) -> ExtractLimits:
    from riskgraph.ingest.guarded import ExtractLimits

    return ExtractLimits(timeout_s=float(config.get("ingest", "extract_timeout_s")),
                         memory_mb=int(config.get("ingest", "extract_memory_mb")))
