"""Configuration in one place: each setting declared once with its default, type and help.

Sources, later ones winning: the defaults below; a TOML file (``--config FILE``, else
``$RISKGRAPH_CONFIG``, else ``./riskgraph.toml`` when present); ``RISKGRAPH_<SECTION>_<NAME>``
environment variables (``RISKGRAPH_STORE`` for ``[store] path``); command-line options.
Only ``riskgraph.app`` reads configuration; other packages take plain arguments.
"""
from __future__ import annotations

import difflib
import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskgraph.data import data_dir
from riskgraph.ontology.errors import ConfigError

MEMORY_MB_MAX = 1024 * 1024  # 1 TB: anything larger is a typo, and overflows the kernel's limits
PORTS = (1, 65535)


@dataclass(frozen=True)
class Setting:
    """One setting: its type is its default's; numbers must lie in [low, high] (``low_open``: > low)."""

    section: str
    name: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False

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
    Setting("ingest", "timeout_s", 30.0, "wall-clock limit for parsing one source, seconds", 0, 86400, True),
    Setting("ingest", "memory_mb", 1024, "memory limit of the parsing worker, MB", 64, MEMORY_MB_MAX),
    Setting("ingest", "extract_timeout_s", 120.0, "wall-clock limit for extracting one document, seconds",
            0, 86400, True),
    Setting("ingest", "extract_memory_mb", 2048, "memory the extraction worker may add to the model's, MB",
            128, MEMORY_MB_MAX),
    Setting("ingest", "max_mb_text", 5, "largest plain-text or Markdown file accepted, MB", 1, 10240),
    Setting("ingest", "max_mb_html", 20, "largest HTML file accepted, MB", 1, 10240),
    Setting("ingest", "max_mb_pdf", 50, "largest PDF file accepted, MB", 1, 10240),
    Setting("ingest", "max_mb_feed", 20, "largest RSS/Atom feed accepted, MB", 1, 10240),
    Setting("cluster", "workers", 0, "Dask worker processes a local cluster starts for ingest (0: ingest in "
            "this process, as without a cluster)", 0, 1024),
    Setting("cluster", "scheduler", "", "address of an existing Dask scheduler to ingest on (tcp://HOST:PORT)"),
    Setting("cluster", "chunk", 8, "most sources one Dask task reads and extracts", 1, 10_000),
    Setting("query", "timeout_s", 20.0, "time limit of one query (endpoint, dashboard), seconds", 0, 86400, True),
    Setting("query", "memory_mb", 2048, "memory one query worker may add to what it starts with, MB",
            64, MEMORY_MB_MAX),
    Setting("query", "max_rows", 10000, "most result rows returned by the endpoint and dashboard", 1, 100_000_000),
    Setting("query", "max_chars", 20000, "longest query text accepted", 100, 10_000_000),
    Setting("exposure", "watchlist", "", "watchlist TOML (entities to watch, jurisdictions of concern)"),
    Setting("serve", "host", "127.0.0.1", "address the SPARQL endpoint binds"),
    Setting("serve", "port", 7878, "port of the SPARQL endpoint", *PORTS),
    Setting("serve", "token", "", "bearer token required by the endpoint (required when not on localhost)"),
    Setting("dashboard", "host", "127.0.0.1", "address the dashboard binds"),
    Setting("dashboard", "port", 8501, "port of the dashboard", *PORTS),
    Setting("dashboard", "token", "", "token the dashboard asks for (required when not on localhost)"),
    Setting("dashboard", "allow_edits", False, "let the dashboard record judgements (confirm, reject, merge)"),
)
KNOWN_VARIABLES = frozenset({"RISKGRAPH_CONFIG", *(s.env for s in SETTINGS)})


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
    """``value`` as the setting's type, checked against its range; ConfigError naming both otherwise."""
    kind = type(setting.default)
    name = f"{where}: [{setting.section}] {setting.name}"
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{name} must be text, got {value!r}")
        return value
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            return text in ("1", "true", "yes", "on")
        raise ConfigError(f"{name} must be true or false, got {value!r}")
    if isinstance(value, bool):  # TOML true is not a port number
        raise ConfigError(f"{name} must be a number, got {value!r}")
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {what}, got {value!r}") from None
    if kind is float and not math.isfinite(number):
        raise ConfigError(f"{name} must be a finite number, got {value!r}")
    _check_range(setting, number, name)
    return number


def _check_range(setting: Setting, number: float, name: str) -> None:
    low, high = setting.low, setting.high
    too_low = low is not None and (number <= low if setting.low_open else number < low)
    too_high = high is not None and number > high
    if too_low or too_high:
        lower = "" if low is None else (f"over {_shown(low)}" if setting.low_open else f"at least {_shown(low)}")
        upper = "" if high is None else f"at most {_shown(high)}"
        raise ConfigError(f"{name} must be {' and '.join(p for p in (lower, upper) if p)}, got {_shown(number)}")


def _shown(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def _unknown_variables(env: dict[str, str] | os._Environ[str]) -> None:
    for variable in sorted(env):
        if variable.startswith("RISKGRAPH_") and variable not in KNOWN_VARIABLES:
            close = difflib.get_close_matches(variable, sorted(KNOWN_VARIABLES), n=1)
            hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(sorted(KNOWN_VARIABLES))}"
            raise ConfigError(f"{variable}: not a riskgraph setting{hint}")


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    env = os.environ if environ is None else environ
    _unknown_variables(env)
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
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{candidate}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
        except IsADirectoryError:
            raise ConfigError(f"{candidate}: is a folder, not a configuration file") from None
        except OSError as exc:
            raise ConfigError(f"{candidate}: cannot be read: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{candidate}: not a valid TOML file: {exc}") from None
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
