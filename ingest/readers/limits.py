"""Size, time and memory limits for reading one source."""
from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024

DEFAULT_MAX_BYTES: dict[str, int] = {
    "text": 5 * MB,
    "markdown": 5 * MB,
    "html": 20 * MB,
    "pdf": 50 * MB,
    "feed": 20 * MB,
}

# the configuration setting ([ingest] section) that sets each kind's byte cap, in megabytes
SIZE_SETTING: dict[str, str] = {
    "text": "max_mb_text",
    "markdown": "max_mb_text",
    "html": "max_mb_html",
    "pdf": "max_mb_pdf",
    "feed": "max_mb_feed",
}


@dataclass(frozen=True)
class ReadLimits:
    """How much one source may cost to read.

    ``max_bytes`` caps the raw input per media kind ("text", "markdown", "html", "pdf", "feed"); a kind
    left out of the mapping keeps its default. ``timeout_s`` is the wall-clock limit for parsing one
    HTML, PDF or feed source in the worker process. ``memory_mb`` is the address space the worker may
    add to what it inherits from the parent when it is forked (a limit on the parser, not on the
    libraries the parent had already loaded). ``max_text_chars`` refuses larger extracted text and
    ``max_feed_entries`` refuses larger feeds.
    """

    max_bytes: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MAX_BYTES))
    timeout_s: float = 30.0
    memory_mb: int = 1024
    max_text_chars: int = 2_000_000
    max_feed_entries: int = 5000

    def cap(self, kind: str) -> int:
        """The byte cap for one media kind."""
        return self.max_bytes.get(kind, DEFAULT_MAX_BYTES[kind])


def default_limits() -> ReadLimits:
    """The limits used when the caller gives none."""
    return ReadLimits(max_bytes=dict(DEFAULT_MAX_BYTES))


def format_size(size: int) -> str:
    """A byte count for a message: "70 MB", "5.01 MB", "512 kB", "812 bytes"."""
    if size < 10_000:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} kB"
    digits = 2 if size < 10 * MB else 1
    return f"{size / MB:.{digits}f}".rstrip("0").rstrip(".") + " MB"
