"""Showing document text safely. Text read from documents is data, never markup:

* in Markdown it is escaped (every ASCII punctuation character gets a backslash, which CommonMark
  defines as the literal character), so ``[x](javascript:…)``, ``**``, ``$…$`` or ``:red[…]`` in a
  sentence are shown as typed;
* the highlighted document view is built as HTML from ``html.escape``d pieces, with only our own
  ``<mark>`` and ``<span>`` tags around mention and sentence spans.
"""
from __future__ import annotations

import html
import itertools
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


def highlighted_html(text: str, mentions: Iterable[Span], sentence: tuple[int, int] | None = None,
                     anchor: str = "sentence") -> str:
    """The text as HTML with each mention in ``<mark>`` (its entity label as the tooltip) and the
    selected sentence (character offsets) outlined, with ``id=anchor`` at its start."""
    spans = _clean(mentions, len(text))
    cuts = {0, len(text)}
    for span in spans:
        cuts |= {span.start, span.end}
    if sentence is not None:
        cuts |= {max(0, min(sentence[0], len(text))), max(0, min(sentence[1], len(text)))}
    points = sorted(cuts)
    parts: list[str] = []
    index = 0
    for a, b in itertools.pairwise(points):
        while index < len(spans) and spans[index].end <= a:
            index += 1
        piece = html.escape(text[a:b])
        span = spans[index] if index < len(spans) and spans[index].start <= a < spans[index].end else None
        if span is not None:
            piece = f'<mark style="{MENTION_STYLE}" title="{html.escape(span.label)}">{piece}</mark>'
        if sentence is not None and sentence[0] <= a < sentence[1]:
            start = f'<a id="{html.escape(anchor)}"></a>' if a == sentence[0] else ""
            piece = f'{start}<span style="{SENTENCE_STYLE}">{piece}</span>'
        parts.append(piece)
    body = "".join(parts)
    return f'<div style="white-space:pre-wrap;line-height:1.6;font-size:0.95rem">{body}</div>'
