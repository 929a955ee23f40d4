"""What a format parser hands back before it becomes a Document, and how it says no."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from riskgraph.ingest.sandbox import brief

__all__ = ["Extracted", "Unreadable", "brief", "check_text_size"]


class Unreadable(Exception):
    """One source cannot be read; ``reason`` is the short, actionable text for the user.

    Parsers raise this; ``read_source`` turns it into ``SourceError(path, reason)``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Extracted:
    """The readable content of one document, as a parser found it.

    ``title`` None means "the first non-empty line of ``body``", and then ``body`` is the whole text
    (the plain-text layout). ``published`` is a date from the document's metadata only. ``source`` is a
    canonical URL when the document declares one; otherwise the reader's default (the file URI, with
    ``#fragment`` when set). ``content_hash`` is the hash of the raw input bytes, or with ``hash_of_text``
    (feed entries) of the document's text encoded as UTF-8.
    """

    body: str
    media_type: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    fragment: str | None = None
    hash_of_text: bool = False
    metadata: dict[str, str] = field(default_factory=dict)


def check_text_size(length: int, max_chars: int) -> None:
    """Refuse extracted text of ``length`` characters when it is over the limit."""
    if length > max_chars:
        raise Unreadable(
            f"extracted text is over {max_chars:,} characters (the max_text_chars limit); "
            "split the document"
        )
