"""Which reader a source needs: by file extension, else by sniffing its first bytes."""
from __future__ import annotations

import os

EXTENSION_KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".feed": "feed",
}

SNIFF_BYTES = 4096

_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<body", b"<p")


def kind_from_name(path: str) -> str | None:
    """The media kind a file extension promises, or None when the extension is not a supported one."""
    return EXTENSION_KINDS.get(os.path.splitext(path)[1].lower())


def sniff(head: bytes) -> str:
    """The media kind of content from its first bytes: pdf, feed, html, else text."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\f")[:SNIFF_BYTES].lower()
    if start.startswith(b"<"):
        if any(marker in start for marker in _FEED_MARKERS):
            return "feed"
        if any(marker in start for marker in _HTML_MARKERS):
            return "html"
    return "text"
