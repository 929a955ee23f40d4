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
    ``date_origin`` says where ``published`` came from: "metadata", "text" or "file-time" (flagged:
    the file's modification time, not a real publication date), or "unknown".
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

    @property
    def body_start(self) -> int:
        """Offset of the body inside ``text`` (after the title line and blank line)."""
        cut = self.text.find("\n\n")
        return cut + 2 if cut >= 0 else 0


def content_hash(data: bytes) -> str:
    """SHA-256 hex digest of the raw document bytes."""
    return hashlib.sha256(data).hexdigest()
