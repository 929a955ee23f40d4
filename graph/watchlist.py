"""The analyst's watchlist: entities followed week to week and jurisdictions of concern (TOML)."""
from __future__ import annotations

import tomllib
from pathlib import Path

from riskgraph.data import data_dir
from riskgraph.graph.exposure import Watchlist
from riskgraph.ontology.errors import ConfigError


def default_watchlist_path() -> Path:
    return data_dir() / "watchlist.toml"


def load_watchlist(path: Path | None = None) -> Watchlist:
    path = path or default_watchlist_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: watchlist file not found") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid watchlist TOML file: {exc}") from exc
    entities = data.get("watch", {}).get("entities", [])
    iso = data.get("concern", {}).get("jurisdictions", [])
    if not all(isinstance(e, str) for e in entities) or not all(isinstance(c, str) for c in iso):
        raise ConfigError(f"{path}: [watch] entities and [concern] jurisdictions must be lists of strings")
    return Watchlist(entities=tuple(entities), concern_iso=frozenset(c.upper() for c in iso))
