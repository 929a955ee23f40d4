"""Showing document text safely. Text read from documents is data, never markup:

* in Markdown it is escaped (every ASCII punctuation character gets a backslash, which CommonMark
  defines as the literal character), so ``[x](javascript:…)``, ``**``, ``$…$`` or ``:red[…]`` in a
  sentence are shown as typed;
* the highlighted document view is built as HTML from ``html.escape``d pieces, with only our own
  ``<mark>`` and ``<span>`` tags around mention and sentence spans.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
MENTION_STYLE = "background:#ffe08a;padding:0 1px;border-radius:2px"
SENTENCE_STYLE = "background:#cfe8ff;outline:2px solid #5aa0e6;border-radius:2px"


def md_escape(text: str) -> str:
    """``text`` as literal Markdown on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


def _clean(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans inside the text, sorted, without overlaps (the earlier, then longer, span wins)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if 0 <= span.start < span.end <= length and (not out or span.start >= out[-1].end):
            out.append(span)
    return out


def _marked(text: str, spans: list[Span], lo: int, hi: int) -> str:
    """``text[lo:hi]`` escaped, each mention inside it (clipped to the range) in ``<mark>``."""
    parts: list[str] = []
    pos = lo
    for span in spans:
        a, b = max(span.start, lo), min(span.end, hi)
        if a >= b:
            continue
        parts.append(html.escape(text[pos:a]))
        parts.append(f'<mark style="{MENTION_STYLE}" title="{html.escape(span.label)}">{html.escape(text[a:b])}</mark>')
        pos = b
    parts.append(html.escape(text[pos:hi]))
    return "".join(parts)


def highlighted_html(text: str, mentions: Iterable[Span], sentence: tuple[int, int] | None = None,
                     anchor: str = "sentence") -> str:
    """The text as HTML with each mention in ``<mark>`` (its entity label as the tooltip) and the
    selected sentence (character offsets) outlined, with ``id=anchor`` at its start."""
    spans = _clean(mentions, len(text))
    end = len(text)
    if sentence is None:
        body = _marked(text, spans, 0, end)
    else:
        a, b = sorted(max(0, min(x, end)) for x in sentence)
        body = (_marked(text, spans, 0, a) + f'<a id="{html.escape(anchor)}"></a><span style="{SENTENCE_STYLE}">'
                + _marked(text, spans, a, b) + "</span>" + _marked(text, spans, b, end))
    return f'<div style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem">{body}</div>'
