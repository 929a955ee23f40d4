"""Metadata beside a document: ``NAME.meta.json`` (or ``NAME.EXT.meta.json``) next to ``NAME.EXT``.

For documents whose format carries no metadata (plain text, a PDF without a date, a saved page), a
small JSON object gives what riskgraph cannot read from the text:

    {"published": "2024-03-14", "title": "Regulator fines chipmaker"}

Only these keys are read; another key, a wrong type or an unreadable date is an error naming the file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..document import content_hash
from .dates import parse_date_value
from .parts import Unreadable

MAX_SIDECAR_BYTES = 64 * 1024
KEYS = frozenset({"published", "title"})


@dataclass(frozen=True)
class Sidecar:
    path: Path
    digest: str  # of its bytes: an edited sidecar makes the document changed
    published: date | None = None
    title: str | None = None


def sidecar_path(document: Path) -> Path | None:
    """The sidecar of ``document``, if there is one."""
    for candidate in (document.with_name(document.name + ".meta.json"), document.with_suffix(".meta.json")):
        if candidate != document and candidate.is_file():
            return candidate
    return None


def read_sidecar(document: Path) -> Sidecar | None:
    path = sidecar_path(document)
    if path is None:
        return None
    try:
        raw = path.read_bytes()[: MAX_SIDECAR_BYTES + 1]
    except OSError as exc:
        raise Unreadable(f"its metadata file {path} cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_SIDECAR_BYTES:
        raise Unreadable(f"its metadata file {path} is over {MAX_SIDECAR_BYTES // 1024} kB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Unreadable(f"its metadata file {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise Unreadable(f"its metadata file {path} must hold a JSON object")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise Unreadable(f"its metadata file {path} has unknown keys {unknown}; it may hold {sorted(KEYS)}")
    published = None
    if data.get("published") is not None:
        published = parse_date_value(data["published"]) if isinstance(data["published"], str) else None
        if published is None:
            raise Unreadable(f"its metadata file {path}: published {data['published']!r} is not a date "
                             "(write YYYY-MM-DD)")
    title = data.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise Unreadable(f"its metadata file {path}: title must be non-empty text")
    return Sidecar(path=path, digest=content_hash(raw), published=published, title=title.strip() if title else None)
