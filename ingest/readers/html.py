"""HTML: main text with trafilatura (no fetching), title, canonical URL and publication date from markup.

``parse_html`` runs in the worker process (see sandbox.py).
"""
from __future__ import annotations

import codecs
import logging
import re
from datetime import date

from lxml import etree

from .dates import parse_date_value
from .htmltext import element_text, html_parser
from .limits import ReadLimits
from .parts import Extracted, Unreadable, check_text_size
from .xmlguard import refuse_entity_declarations

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
# meta names/properties that carry a publication date, most specific first
_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
    "citation_publication_date", "citation_date", "dc.date", "dcterms.date", "dcterms.created",
    "pubdate", "publishdate", "publish_date", "publication_date", "parsely-pub-date", "sailthru.date",
    "article.published", "date",
)
_META_FIELDS = {
    "author": ("author", "article:author", "dc.creator", "dcterms.creator", "citation_author"),
    "site_name": ("og:site_name", "application-name"),
    "description": ("description", "og:description", "dc.description"),
}
_MAX_META_CHARS = 2000
_ITEMPROP = "datePublished"


def parse_html(data: bytes, limits: ReadLimits) -> list[Extracted]:
    """One HTML page as one document. Never fetches anything and never reads a file named inside."""
    refuse_entity_declarations(data)
    markup = _XML_DECLARATION.sub("", decode_html(data), count=1)
    tree = _parse(markup)
    metas = _meta_values(tree)
    title, body = _main_text(tree, markup)
    if not any(char.isalnum() for char in body):
        raise Unreadable("no readable text in HTML")
    check_text_size(len(body), limits.max_text_chars)
    source = _canonical_url(tree, metas)
    metadata: dict[str, str] = {}
    for key, names in _META_FIELDS.items():
        value = next((metas[name] for name in names if metas.get(name)), None)
        if value:
            metadata[key] = value[:_MAX_META_CHARS]
    if source:
        metadata["url"] = source
    return [
        Extracted(
            body=body,
            media_type="text/html",
            title=title or _page_title(tree, metas),
            published=_published(tree, metas),
            source=source,
            metadata=metadata,
        )
    ]


def decode_html(data: bytes) -> str:
    """The page as text: byte-order mark, else declared charset, else UTF-8, else Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*candidates, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _parse(markup: str) -> etree._Element:
    try:
        root = etree.fromstring(markup, html_parser())
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise Unreadable("no readable text in HTML")
    return root


def _main_text(tree: etree._Element, markup: str) -> tuple[str | None, str]:
    """(title, body) from trafilatura; the whole page minus boilerplate when it finds no main text."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # worker process only
    found = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    title = _clean(getattr(found, "title", None) or "") or None
    text = getattr(found, "text", None) or ""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    body = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    if not body:
        body_element = next(tree.iter("body"), tree)
        body = element_text(body_element, skip_boilerplate=True)
    return title, body


def _meta_values(tree: etree._Element) -> dict[str, str]:
    """First ``content`` for each lower-cased meta name/property/itemprop."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _clean(meta.get("content") or "")
        if key and content and key not in values:
            values[key] = content
    return values


def _canonical_url(tree: etree._Element, metas: dict[str, str]) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and _is_web_url(link.get("href")):
            return (link.get("href") or "").strip()
    url = metas.get("og:url")
    return url if _is_web_url(url) else None


def _published(tree: etree._Element, metas: dict[str, str]) -> date | None:
    for key in _DATE_KEYS:
        found = parse_date_value(metas.get(key))
        if found:
            return found
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            match = _JSON_LD_DATE.search(script.text)
            if match and (found := parse_date_value(match.group(1))):
                return found
    times = [node for node in tree.iter("time") if node.get("datetime")]
    marked = [node for node in times if node.get("pubdate") is not None or node.get("itemprop") == _ITEMPROP]
    for node in marked or times[:1]:
        found = parse_date_value(node.get("datetime"))
        if found:
            return found
    return None


def _page_title(tree: etree._Element, metas: dict[str, str]) -> str | None:
    title = tree.find(".//title")
    text = _clean("".join(title.itertext())) if title is not None else ""
    return text or metas.get("og:title") or None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _is_web_url(value: str | None) -> bool:
    value = (value or "").strip()
    return value.startswith(("http://", "https://")) and not any(char.isspace() for char in value)
