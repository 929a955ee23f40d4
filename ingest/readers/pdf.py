"""PDF: text of every page with pypdf; title and creation date from the document information.

``parse_pdf`` runs in the worker process (see sandbox.py), where the memory limit and the timeout stop
decompression bombs and pathological files.
"""
from __future__ import annotations

import io
import logging
from typing import Any

from .dates import parse_date_value
from .limits import ReadLimits
from .parts import Extracted, Unreadable, brief, check_text_size

_INFO_FIELDS = {"author": "/Author", "subject": "/Subject", "keywords": "/Keywords", "creator": "/Creator"}
_MAX_META_CHARS = 2000
_ENCRYPTED = "PDF is encrypted with a password; decrypt it first (for example: qpdf --decrypt in.pdf out.pdf)"


def parse_pdf(data: bytes, limits: ReadLimits) -> list[Extracted]:
    """One PDF as one document: pages separated by blank lines."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # worker process only: errors are reported instead
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _decrypt(reader)
        pages = _page_texts(reader, limits.max_text_chars)
        info = _info(reader)
    except (Unreadable, MemoryError):
        raise
    except LimitReachedError:
        raise Unreadable(
            "PDF content expands past pypdf's decompression limit (a decompression bomb?); refused"
        ) from None
    except FileNotDecryptedError:
        raise Unreadable(_ENCRYPTED) from None
    except Exception as exc:  # pypdf raises many types on damaged input; each means "cannot read this PDF"
        raise Unreadable(f"not a readable PDF ({brief(exc)})") from None
    body = "\n\n".join(page for page in pages if page)
    if not body:
        raise Unreadable("PDF has no extractable text (scanned pages?); run OCR on it first")
    metadata = {key: info[name][:_MAX_META_CHARS] for key, name in _INFO_FIELDS.items() if info.get(name)}
    metadata["pages"] = str(len(pages))
    return [
        Extracted(
            body=body,
            media_type="application/pdf",
            title=" ".join(info.get("/Title", "").split()) or None,
            published=parse_date_value(info.get("/CreationDate")),
            metadata=metadata,
        )
    ]


def _decrypt(reader: Any) -> None:
    """Open a PDF encrypted with an empty user password (as any viewer does); refuse the others."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # missing crypto back-end or a broken encryption dictionary
        raise Unreadable(f"{_ENCRYPTED} ({brief(exc)})") from None
    if not opened:
        raise Unreadable(_ENCRYPTED)


def _page_texts(reader: Any, max_chars: int) -> list[str]:
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        lines = (line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        text = "\n".join(lines).strip("\n")
        total += len(text) + 2
        check_text_size(total, max_chars)
        pages.append(text)
    return pages


def _info(reader: Any) -> dict[str, str]:
    """Document-information strings; a damaged information dictionary counts as empty."""
    try:
        raw = reader.metadata or {}
        return {str(key): str(raw[key]) for key in raw if raw[key] is not None}
    except Exception:  # the text was readable; metadata is optional
        logging.getLogger(__name__).debug("unreadable PDF document information", exc_info=True)
        return {}
