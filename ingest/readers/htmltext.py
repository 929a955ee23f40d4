"""Plain text from an lxml HTML tree or fragment: block elements become paragraphs, markup is dropped."""
from __future__ import annotations

from typing import cast

from lxml import etree

BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tr ul".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template head title iframe object embed svg math canvas button select "
    "textarea video audio map".split()
)
BOILERPLATE_TAGS = frozenset("nav header footer aside form menu".split())

_BREAK = object()
_CELL_TAGS = ("td", "th")


def html_parser() -> etree.HTMLParser:
    """An HTML parser that fetches nothing and drops comments and processing instructions."""
    return etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's summary, a Markdown HTML block)."""
    if not markup.strip():
        return ""
    root = etree.fromstring(markup, html_parser())
    return element_text(root) if root is not None else ""


def element_text(root: etree._Element, skip_boilerplate: bool = False) -> str:
    """Paragraphs of text under ``root``, separated by blank lines, whitespace collapsed."""
    skip = SKIP_TAGS | BOILERPLATE_TAGS if skip_boilerplate else SKIP_TAGS
    blocks: list[list[str]] = [[]]
    stack: list[object] = list(reversed(root)) + ([root.text] if root.text else [])
    while stack:
        item = stack.pop()
        if item is _BREAK:
            blocks.append([])
            continue
        if isinstance(item, str):
            blocks[-1].append(item)
            continue
        node = cast(etree._Element, item)
        if node.tail:
            stack.append(node.tail)
        tag = tag_name(node)
        if tag is None or tag in skip:
            continue
        block = tag in BLOCK_TAGS
        if block:
            stack.append(_BREAK)
        stack.extend(reversed(node))
        if node.text:
            stack.append(node.text)
        if tag in _CELL_TAGS and node.getprevious() is not None:
            stack.append(" | ")
        if block:
            stack.append(_BREAK)
    paragraphs = (" ".join("".join(pieces).split()) for pieces in blocks)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def tag_name(node: etree._Element) -> str | None:
    """Lower-case local tag name; None for comments, processing instructions and entities."""
    tag = node.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()
