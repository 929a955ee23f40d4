"""From what a parser extracted to a Document: the text layout, dates with their origin, language."""
from __future__ import annotations

from datetime import date

from ..document import Document, content_hash
from .dates import find_text_date
from .limits import ReadLimits
from .parts import Extracted, check_text_size
from .rawinput import RawInput

LANGUAGE_SAMPLE_CHARS = 5_000


def to_document(part: Extracted, raw: RawInput, limits: ReadLimits) -> Document:
    """The Document for one extracted part of ``raw``."""
    title, text = compose_text(part.title, part.body)
    check_text_size(len(text), limits.max_text_chars)
    published, origin = _publication_date(part, text)
    if part.source:
        source = part.source
    elif part.fragment:
        source = f"{raw.base_uri}#{part.fragment}"
    else:
        source = raw.base_uri
    return Document(
        text=text,
        title=title,
        source=source,
        published=published,
        date_origin=origin,
        language=detect_language(text),
        media_type=part.media_type,
        content_hash=content_hash(text.encode("utf-8")) if part.hash_of_text else raw.content_hash,
        metadata=dict(part.metadata),
        retrieved=raw.file_time,
    )


def compose_text(title: str | None, body: str) -> tuple[str, str]:
    """(title, text) in the corpus layout: title line, blank line, body.

    Without a title, the body is the text as is and its first non-empty line the title. When the body
    already opens with the title, it is not repeated.
    """
    if title is None:
        return next((line.strip() for line in body.split("\n") if line.strip()), ""), body
    title = " ".join(title.split())
    body = body.strip("\n")
    if not body:
        return title, title
    first_line = body.split("\n", 1)[0]
    if " ".join(first_line.split()) == title:
        return title, body
    return title, f"{title}\n\n{body}"


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, offline)."""
    import py3langid

    language, _score = py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(language)


def _publication_date(part: Extracted, text: str) -> tuple[date | None, str]:
    """From the document's metadata, else a date written in its opening (the dateline); never the file's
    time, which says when a copy was saved, not when the text was published."""
    if part.published is not None:
        return part.published, "metadata"
    found = find_text_date(text)
    if found is not None:
        return found, "text"
    return None, "unknown"
