"""Safe document readers: one path (or stdin) in, Documents out, or a SourceError saying why not.

Plain text is read in this process; Markdown, HTML, PDF and feeds are parsed in a forked worker with
an address-space limit and a timeout (sandbox.py). Every input is capped in size before it is
parsed, nothing is ever fetched, and no file named inside a document is ever opened.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ...ontology.errors import SourceError
from ..document import Document, content_hash
from .assemble import compose_text, to_document
from .feed import parse_feed
from .html import parse_html
from .limits import ReadLimits, default_limits
from .markdown import parse_markdown
from .parts import Extracted, Unreadable, brief
from .paths import Expanded, expand_paths, expand_sources
from .pdf import parse_pdf
from .plaintext import read_text
from .rawinput import RawInput, load_file, load_stream
from .sandbox import run_isolated
from .sidecar import read_sidecar

__all__ = ["Expanded", "ReadLimits", "default_limits", "expand_paths", "expand_sources", "read_source"]

# each parser, its name in messages, and the libraries it needs: imported in this process before a
# worker is forked (each takes 0.05-0.5 s), and only for the kinds of input actually read
_ISOLATED: dict[str, tuple[Callable[[bytes, ReadLimits], list[Extracted]], str, tuple[str, ...]]] = {
    "markdown": (parse_markdown, "Markdown", ("markdown_it", "yaml")),
    "html": (parse_html, "HTML", ("trafilatura",)),
    "pdf": (parse_pdf, "PDF", ("pypdf",)),
    "feed": (parse_feed, "feed", ("feedparser",)),
}


def read_source(path: str, limits: ReadLimits | None = None, stdin: BinaryIO | None = None) -> list[Document]:
    """Read one source: a file path, or ``"-"`` for ``stdin`` (default: the process's standard input).

    Returns one Document (text, Markdown, HTML, PDF) or one per entry (feeds). Raises
    ``SourceError(path, reason)`` for anything that cannot be read, and no other exception.
    """
    limits = limits or default_limits()
    try:
        if path == "-":
            raw = load_stream(stdin if stdin is not None else _standard_input(), limits)
        else:
            raw = load_file(path, limits)
        documents = [replace(to_document(part, raw, limits), origin=path) for part in _extract(raw, limits)]
        return _with_sidecar(documents, path)
    except Unreadable as exc:
        raise SourceError(path, exc.reason) from None
    except SourceError:
        raise
    except Exception as exc:  # the reader boundary: whatever else goes wrong is this document's error
        raise SourceError(path, f"could not be read ({brief(exc)})") from exc


def _with_sidecar(documents: list[Document], path: str) -> list[Document]:
    """The documents of ``path`` with what its sidecar ``NAME.meta.json`` says, when it has one."""
    sidecar = read_sidecar(Path(path)) if path != "-" else None
    if sidecar is None:
        return documents
    out = []
    for document in documents:
        document = replace(document, content_hash=content_hash(f"{document.content_hash}+{sidecar.digest}".encode()))
        if sidecar.published is not None:
            document = replace(document, published=sidecar.published, date_origin="metadata")
        if sidecar.title is not None and len(documents) == 1:
            title, text = compose_text(sidecar.title, document.text[document.body_start:])
            document = replace(document, title=title, text=text)
        out.append(document)
    return out


def _standard_input() -> BinaryIO:
    if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
        raise Unreadable("there is no standard input to read from")
    return sys.stdin.buffer


def _extract(raw: RawInput, limits: ReadLimits) -> list[Extracted]:
    if raw.kind == "text":
        return read_text(raw.data)
    parse, what, libraries = _ISOLATED[raw.kind]
    return run_isolated(
        parse,
        (raw.data, limits),
        timeout_s=limits.timeout_s,
        memory_mb=limits.memory_mb,
        what=what,
        preload=libraries,
    )
