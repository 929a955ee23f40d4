"""RSS and Atom feeds: one document per entry, parsed with feedparser from bytes (never from a URL).

``parse_feed`` runs in the worker process (see sandbox.py).
"""
from __future__ import annotations

import io
import time
from datetime import date
from typing import Any
from urllib.parse import quote

from .htmltext import fragment_text
from .limits import ReadLimits
from .parts import Extracted, Unreadable, brief, check_text_size
from .xmlguard import refuse_entity_declarations

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FRAGMENT_SAFE = "/:@!$&'()*+,;=-._~?"


def parse_feed(data: bytes, limits: ReadLimits) -> list[Extracted]:
    """Every entry with any text, in feed order. A valid feed with no entries gives no documents."""
    import feedparser

    refuse_entity_declarations(data)
    parsed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser never treats it as a URL or path
    entries = parsed.get("entries") or []
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        detail = brief(problem) if problem else "no <rss> or <feed> element"
        raise Unreadable(f"not a valid RSS/Atom feed ({detail})")
    if len(entries) > limits.max_feed_entries:
        raise Unreadable(
            f"feed has {len(entries):,} entries, over the limit of {limits.max_feed_entries:,}; "
            "split the feed or raise max_feed_entries"
        )
    feed = parsed.get("feed") or {}
    version = str(parsed.get("version") or "")
    media_type = "application/atom+xml" if version.startswith("atom") else "application/rss+xml"
    common = {"feed_title": _clean(_text_of(feed, "title")), "feed_url": _web_url(feed.get("link")) or ""}
    documents: list[Extracted] = []
    for index, entry in enumerate(entries):
        document = _entry_document(entry, index, media_type, common)
        if document is not None:
            check_text_size(len(document.body), limits.max_text_chars)
            documents.append(document)
    if entries and not documents:
        raise Unreadable("no feed entry has a title or any text")
    return documents


def _entry_document(entry: Any, index: int, media_type: str, common: dict[str, str]) -> Extracted | None:
    title = _clean(_text_of(entry, "title"))
    body = _entry_body(entry)
    if not title and not body:
        return None
    entry_id = str(entry.get("id") or "").strip()
    metadata = {key: value for key, value in common.items() if value}
    metadata["entry_index"] = str(index)
    if entry_id:
        metadata["entry_id"] = entry_id
    author = _clean(str(entry.get("author") or ""))
    if author:
        metadata["author"] = author
    tags = [_clean(str(tag.get("term") or "")) for tag in entry.get("tags") or []]
    if any(tags):
        metadata["tags"] = ", ".join(tag for tag in tags if tag)
    link = _web_url(entry.get("link"))
    return Extracted(
        body=body,
        media_type=media_type,
        title=title or None,
        published=_entry_date(entry),
        source=link,
        fragment=None if link else quote(entry_id or str(index), safe=_FRAGMENT_SAFE),
        hash_of_text=True,
        metadata=metadata,
    )


def _entry_body(entry: Any) -> str:
    """The entry's full content when it has some, else its summary, as plain text."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"})
    for candidate in candidates:
        text = _as_text(str(candidate.get("value") or ""), str(candidate.get("type") or "text/html"))
        if text:
            return text
    return ""


def _text_of(item: Any, key: str) -> str:
    detail = item.get(f"{key}_detail") or {}
    return _as_text(str(item.get(key) or ""), str(detail.get("type") or "text/plain"))


def _as_text(value: str, content_type: str) -> str:
    if content_type in _HTML_TYPES:
        return fragment_text(value)
    paragraphs = (" ".join(block.split()) for block in value.replace("\r\n", "\n").split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
    return None


def _web_url(value: object) -> str | None:
    text = str(value or "").strip()
    if text.startswith(("http://", "https://")) and not any(char.isspace() for char in text):
        return text
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())
