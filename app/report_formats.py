"""The weekly report's output formats (a module of its own: the command's options read it at start-up)."""
from __future__ import annotations

from collections.abc import Iterable

from riskgraph.ontology.errors import ConfigError

FORMATS = ("html", "md", "pdf")


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ConfigError(f"--format {','.join(items)}: choose among {', '.join(FORMATS)} (comma-separated)")
    return tuple(f for f in FORMATS if f in wanted)
