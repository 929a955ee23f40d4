"""What every page needs: settings from configuration, the store (opened read-only, once), its state
key for caching, the watchlist, and one way of reporting errors.

Settings come from ``riskgraph.app.config`` (the ``riskgraph dashboard`` command passes the store in
``RISKGRAPH_STORE`` and the configuration file in ``RISKGRAPH_CONFIG``).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from riskgraph.app.config import load_config
from riskgraph.app.context import is_remote
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph.exposure import Watchlist
from riskgraph.graph.follow import StoreFollower
from riskgraph.graph.projection import store_state_key
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist
from riskgraph.ontology.errors import ConfigError, RiskgraphError

log = logging.getLogger("riskgraph.dashboard")


@dataclass(frozen=True)
class Settings:
    store: Path
    timeout_s: float
    max_rows: int
    max_chars: int
    watchlist: Path | None
    memory_mb: int = 2048
    allow_edits: bool = False


@dataclass(frozen=True)
class Ctx:
    """The store of this session and the key of its state; caches are keyed by (path, key)."""

    store: Store
    path: str
    key: str
    settings: Settings
    watchlist: Watchlist

    def cache_key(self) -> tuple[str, str, Watchlist]:
        return (self.path, self.key, self.watchlist)


def settings() -> Settings:
    config = load_config()
    location = config.store
    if is_remote(location):
        raise ConfigError(f"{location} is a SPARQL server; the dashboard reads a store folder "
                          "(start it with `riskgraph dashboard --store FOLDER`)")
    watchlist = str(config.get("exposure", "watchlist"))
    return Settings(store=Path(location).resolve(), timeout_s=float(config.get("query", "timeout_s")),
                    max_rows=int(config.get("query", "max_rows")),
                    max_chars=int(config.get("query", "max_chars")),
                    watchlist=Path(watchlist) if watchlist else None,
                    memory_mb=int(config.get("query", "memory_mb")),
                    allow_edits=bool(config.get("dashboard", "allow_edits")))


@st.cache_resource(show_spinner="Opening the store…", max_entries=4)
def _open(path: str) -> StoreFollower:
    return StoreFollower(path)


def context() -> Ctx:
    """This run's context (raises RiskgraphError when the store cannot be opened). The store is the
    latest committed state: after an ingest the next page view shows the new documents."""
    conf = settings()
    follower = _open(str(conf.store))
    store, key = follower.per_state("state-key", store_state_key)
    return Ctx(store=store, path=str(conf.store), key=key, settings=conf,
               watchlist=load_watchlist(conf.watchlist))


@contextmanager
def reported_errors() -> Iterator[None]:
    """Show a RiskgraphError as one ``st.error`` line; anything else as a short message (the details
    go to the server log, never to the page)."""
    try:
        yield
    except RiskgraphError as exc:
        st.error(md_escape(str(exc)))
    except Exception:
        log.exception("dashboard error")
        st.error("Something went wrong while drawing this page; the details are in the dashboard's log.")
