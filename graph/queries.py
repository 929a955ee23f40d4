"""Named SPARQL queries: ``.rq`` files in ``queries/``, loaded by name, run with bound parameters.

A query's parameters are the variables listed in its ``# params:`` header line; values are bound
through the engine (never formatted into the text). Bound variables must be projected (an
Oxigraph rule), so every named query selects its parameters too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from riskgraph.ontology.errors import NotFoundError

QUERY_DIR = Path(__file__).parent / "queries"
_HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str
    params: tuple[str, ...]
    param_kinds: dict[str, str]  # param -> "iri" | "class" | "string" | "date" | "int"
    optional: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if p not in self.optional)

    @property
    def internal(self) -> bool:
        return self.title.startswith("internal:")


@cache
def named_query(name: str) -> NamedQuery:
    """The query called ``name``: only names of files in the query folder resolve (no paths)."""
    if not _NAME.fullmatch(name) or name not in list_queries():
        raise NotFoundError(f"no named query {name!r}; available: {', '.join(list_queries(public_only=True))}")
    path = QUERY_DIR / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            headers[m.group(1)] = m.group(2).strip()
        elif line.strip() and not line.startswith("#"):
            break
    kinds: dict[str, str] = {}
    optional = set()
    for item in headers.get("params", "").split():
        pname, _, kind = item.partition("=")
        if kind.endswith("?"):
            optional.add(pname)
            kind = kind[:-1]
        kinds[pname] = kind or "string"
    return NamedQuery(name=name, text=text, title=headers.get("title", name), params=tuple(kinds),
                      param_kinds=kinds, optional=frozenset(optional))


@cache
def _query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq") if p.is_file() and _NAME.fullmatch(p.stem))


def load_query(name: str) -> str:
    return named_query(name).text


def list_queries(public_only: bool = False) -> list[str]:
    names = list(_query_names())
    if public_only:
        names = [n for n in names if not named_query(n).internal]
    return names
