"""The unit that flows from readers into the extraction pipeline."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """A document as read, before extraction.

    ``text`` is what extraction sees and what every character offset refers to: the title on the
    first line, a blank line, then the body (the layout of ../shared/corpus).
    ``source`` identifies where it came from: a canonical URL when the document has one, else
    ``file://`` + absolute path (for feeds: the entry link or feed path + ``#`` + entry id), or
    ``stdin:`` + content hash.
    ``date_origin`` says where ``published`` came from: "metadata" (the format's own, or a sidecar
    ``NAME.meta.json``), "given" (``riskgraph ingest --published``), "text" (a date in the opening
    lines: a dateline), or "unknown" (then ``published`` is None: the facts carry no date).
    ``retrieved`` is the file's modification date, kept apart: it says when the copy was saved.
    """

    text: str
    title: str
    source: str
    published: date | None
    date_origin: str
    language: str
    media_type: str
    content_hash: str
    metadata: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # what the user named: the file or feed path, or "-" for standard input
    retrieved: date | None = None  # the file's modification date (never taken as the publication date)

    @property
    def identity_from(self) -> str:
        """What established ``source``: "file" (a path or content hash), "page" (a canonical URL the
        document declares) or "feed:<feed address>" (an entry's link)."""
        if self.source.startswith(("file://", "stdin:")):
            return "file"
        if "entry_index" in self.metadata:  # set by the feed reader on every entry
            return "feed:" + (self.metadata.get("feed_url") or self.origin)
        return "page"

    @property
    def where(self) -> str:
        """The document for a message: its origin, and the entry's address when a feed holds it."""
        if not self.origin:
            return self.source
        return self.origin if self.source.startswith("file://") else f"{self.origin} ({self.source})"

    @property
    def body_start(self) -> int:
        """Offset of the body inside ``text`` (after the title line and blank line)."""
        cut = self.text.find("\n\n")
        return cut + 2 if cut >= 0 else 0


def content_hash(data: bytes) -> str:
    """SHA-256 hex digest of the raw document bytes."""
    return hashlib.sha256(data).hexdigest()
