"""Configuration in one place: each setting declared once with its default, type and help.

Sources, later ones winning: the defaults below; a TOML file (``--config FILE``, else
``$RISKGRAPH_CONFIG``, else ``./riskgraph.toml`` when present); ``RISKGRAPH_<SECTION>_<NAME>``
environment variables (``RISKGRAPH_STORE`` for ``[store] path``); command-line options.
Only ``riskgraph.app`` reads configuration; other packages take plain arguments.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskgraph.data import data_dir
from riskgraph.ontology.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    section: str
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        if (self.section, self.name) == ("store", "path"):
            return "RISKGRAPH_STORE"
        return f"RISKGRAPH_{self.section}_{self.name}".upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "path", "./riskgraph-data", "store folder (embedded Oxigraph) or http(s) URL of a SPARQL server"),
    Setting("store", "token", "", "bearer token sent to a SPARQL server store (when [store] path is a URL)"),
    Setting("ingest", "gazetteer", "", "folder of gazetteer YAML files (default: the shipped data/gazetteer)"),
    Setting("ingest", "pipeline", "", "pipeline declaration TOML (default: the shipped ingest/pipeline.toml)"),
    Setting("ingest", "timeout_s", 30.0, "wall-clock limit for parsing one source, seconds"),
    Setting("ingest", "memory_mb", 1024, "memory limit of the parsing worker, MB"),
    Setting("ingest", "max_mb_text", 5, "largest plain-text or Markdown file accepted, MB"),
    Setting("ingest", "max_mb_html", 20, "largest HTML file accepted, MB"),
    Setting("ingest", "max_mb_pdf", 50, "largest PDF file accepted, MB"),
    Setting("ingest", "max_mb_feed", 20, "largest RSS/Atom feed accepted, MB"),
    Setting("query", "timeout_s", 20.0, "time limit of one query (endpoint, dashboard), seconds"),
    Setting("query", "max_rows", 10000, "most result rows returned by the endpoint and dashboard"),
    Setting("query", "max_chars", 20000, "longest query text accepted"),
    Setting("exposure", "watchlist", "", "watchlist TOML (entities to watch, jurisdictions of concern)"),
    Setting("serve", "host", "127.0.0.1", "address the SPARQL endpoint binds"),
    Setting("serve", "port", 7878, "port of the SPARQL endpoint"),
    Setting("serve", "token", "", "bearer token required by the endpoint (required when not on localhost)"),
    Setting("dashboard", "port", 8501, "port of the dashboard"),
)


class Config:
    """Resolved settings; ``config.get("store", "path")``."""

    def __init__(self, values: dict[tuple[str, str], Any], source: str) -> None:
        self._values = values
        self.source = source

    def get(self, section: str, name: str) -> Any:
        return self._values[(section, name)]

    @property
    def store(self) -> str:
        return str(self.get("store", "path"))

    @property
    def gazetteer_dir(self) -> Path:
        value = self.get("ingest", "gazetteer")
        return Path(value) if value else data_dir() / "gazetteer"

    @property
    def pipeline_config(self) -> Path | None:
        value = self.get("ingest", "pipeline")
        return Path(value) if value else None

    def with_store(self, store: str | None) -> Config:
        if not store:
            return self
        values = dict(self._values)
        values[("store", "path")] = store
        return Config(values, self.source)


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    kind = type(setting.default)
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{where}: [{setting.section}] {setting.name} must be a {kind.__name__}, got {value!r}"
        ) from None


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    env = os.environ if environ is None else environ
    values = {(s.section, s.name): s.default for s in SETTINGS}
    source = "defaults"
    candidate = Path(path) if path else Path(env["RISKGRAPH_CONFIG"]) if env.get("RISKGRAPH_CONFIG") else None
    if candidate is None and Path("riskgraph.toml").is_file():
        candidate = Path("riskgraph.toml")
    if candidate is not None:
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{candidate}: configuration file not found") from None
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{candidate}: not a valid TOML file: {exc}") from exc
        known = {(s.section, s.name): s for s in SETTINGS}
        for section, table in data.items():
            if not isinstance(table, dict):
                raise ConfigError(f"{candidate}: [{section}] must be a table")
            for name, value in table.items():
                setting = known.get((section, name))
                if setting is None:
                    raise ConfigError(f"{candidate}: unknown setting [{section}] {name}")
                values[(section, name)] = _coerce(setting, value, str(candidate))
        source = str(candidate)
    for setting in SETTINGS:
        if setting.env in env:
            values[(setting.section, setting.name)] = _coerce(setting, env[setting.env], setting.env)
    return Config(values, source)
