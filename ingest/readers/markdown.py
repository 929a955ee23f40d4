"""Markdown: optional YAML front matter, body rendered to plain text (paragraphs split by blank lines)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .dates import parse_date_value
from .htmltext import fragment_text
from .limits import ReadLimits
from .parts import Extracted, Unreadable, check_text_size
from .plaintext import decode_text

MAX_FRONT_MATTER = 64 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_SCALARS = (str, int, float, bool, date)
_MAX_VALUE_CHARS = 2000
_MAX_LIST_ITEMS = 50


def parse_markdown(data: bytes, limits: ReadLimits) -> list[Extracted]:
    """A Markdown document: front matter gives title, date, source and metadata; the body becomes text.

    Runs in the worker process: markdown-it needs tens of microseconds per character on hostile input.
    """
    text = decode_text(data)
    front, body_markup = split_front_matter(text)
    heading, body = render_markdown(body_markup)
    if not body.strip():
        raise Unreadable("empty document (no text after the front matter)")
    check_text_size(len(body), limits.max_text_chars)
    title = _as_str(front.get("title")) or heading
    published = parse_date_value(front.get("published") or front.get("date"))
    urls = [_as_str(front.get(key)) for key in ("source", "url")]
    source = next((url for url in urls if _is_web_url(url)), None)
    return [
        Extracted(
            body=body,
            media_type="text/markdown",
            title=title,
            published=published,
            source=source,
            metadata=_metadata(front),
        )
    ]


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a mapping (empty without one) and the Markdown after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    if match.end() > MAX_FRONT_MATTER:
        raise Unreadable(f"YAML front matter is over {MAX_FRONT_MATTER // 1024} kB; shorten it")
    try:
        front = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise Unreadable(
            f"invalid YAML front matter{where} ({problem}); fix it or remove the --- block"
        ) from None
    if front is None:
        return {}, text[match.end() :]
    if not isinstance(front, dict):
        return {}, text  # a thematic break, not front matter
    return {str(key): value for key, value in front.items()}, text[match.end() :]


def render_markdown(markup: str) -> tuple[str | None, str]:
    """The first heading (None without one) and the plain text: one paragraph per block."""
    blocks: list[str] = []
    heading: str | None = None
    row: list[str] | None = None
    tokens = _parser().parse(markup)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text.strip())
                continue
            if heading is None and index and tokens[index - 1].type == "heading_open":
                heading = " ".join(text.split()) or None
            blocks.append(text)
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(" | ".join(row))
            row = None
        elif kind in ("fence", "code_block"):
            blocks.append(token.content)
        elif kind == "html_block":
            blocks.append(fragment_text(token.content))
    body = "\n\n".join(block.strip() for block in blocks if block.strip())
    return heading, body


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _metadata(front: dict[str, Any]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key, value in front.items():
        if isinstance(value, list) and len(value) <= _MAX_LIST_ITEMS:
            items = [_as_str(item) for item in value]
            text = ", ".join(item for item in items if item)
        else:
            text = _as_str(value)
        if text:
            metadata[key] = text[:_MAX_VALUE_CHARS]
    return metadata


def _as_str(value: object) -> str:
    """A scalar front-matter value as text; "" for anything nested (lists, mappings) or missing."""
    if value is None or not isinstance(value, _SCALARS):
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(char.isspace() for char in value)
