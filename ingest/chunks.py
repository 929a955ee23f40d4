"""Long documents in chunks: spaCy refuses a text over ``nlp.max_length`` characters (error E088), and
its parser's memory grows with the text. A long text is cut at the last paragraph break before the
limit, else at a line break, a sentence end, a space, and only as a last resort mid-word; each chunk
is extracted alone and the extractions are merged with their offsets moved into the whole text."""
from __future__ import annotations

import re
from dataclasses import replace

from riskgraph.ingest.model import Evidence, Extraction

# where a cut may fall, best first: after a blank line, a line break, a sentence end, a space
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` as (offset, chunk) pieces of at most ``limit`` characters that join back to ``text``."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start, start + limit)
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """The best boundary in the second half of ``text[start:end]`` (the end of the boundary's match)."""
    floor = start + (end - start) // 2
    for boundary in _BOUNDARIES:
        found = [m.end() for m in boundary.finditer(text, floor, end)]
        if found:
            return found[-1]
    return end


def _moved(evidence: Evidence, offset: int) -> Evidence:
    return replace(evidence, start=evidence.start + offset, end=evidence.end + offset)


def shifted(extraction: Extraction, offset: int) -> Extraction:
    """The extraction of a chunk that starts at ``offset``, with offsets into the whole text."""
    if not offset:
        return extraction
    return Extraction(
        document=extraction.document,
        entities=extraction.entities,
        mentions=[replace(m, start=m.start + offset, end=m.end + offset, evidence=_moved(m.evidence, offset))
                  for m in extraction.mentions],
        relations=[replace(r, evidence=_moved(r.evidence, offset)) for r in extraction.relations],
        events=[replace(e, evidence=_moved(e.evidence, offset)) for e in extraction.events],
        unmatched=extraction.unmatched,
    )


def merged(parts: list[Extraction]) -> Extraction:
    """One extraction from the extractions of a document's chunks (entities joined by key)."""
    if len(parts) == 1:
        return parts[0]
    whole = Extraction(document=parts[0].document)
    for part in parts:
        for key, entity in part.entities.items():
            known = whole.entities.get(key)
            if known is None:
                whole.entities[key] = entity
            else:
                known.classes |= entity.classes
                known.surfaces |= entity.surfaces
        whole.mentions += part.mentions
        whole.relations += part.relations
        whole.events += part.events
        whole.unmatched.update(part.unmatched)
    return whole
