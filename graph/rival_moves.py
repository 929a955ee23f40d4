"""Rivals' moves in a window: the happenings a rival acts in or is hit by (directly or through what it
makes) — acquisitions, partnerships, investments, divestitures, regulatory and legal actions — and the
ties first reported in the window (a new stake, a new partner, a product launched). Which event classes
and properties count, and as what kind of move, is ``ontology/competition.ttl``'s ``rg:moveKind``.

A happening is in the window when it is dated in it or a document published in it reports it; it is
listed once, with how many documents report it and the reports of the window as its sources.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from riskgraph.graph.competition_graph import Link, Walker
from riskgraph.graph.competition_model import Step
from riskgraph.graph.evidence import Citation, event_citations, statement_citations, supporting
from riskgraph.graph.store import Store
from riskgraph.ontology.vocabulary import label as term_label


@dataclass
class Move:
    kind: str  # the kind of move (competition.ttl's rg:moveKind)
    what: str  # the event class, or the property of a tie
    node: str  # the event, or the tie's subject
    label: str
    day: date | None  # when in the window: the event's date, its first report in the window, or the tie's first report
    status: str | None
    rivals: dict[str, str] = field(default_factory=dict)  # rival -> how it is involved (actor, target, ...)
    sources: int = 1  # documents reporting it
    first_reported: date | None = None
    dated: date | None = None  # the event's own date (may fall before the window when it is reported in it)
    link: Link | None = None  # a tie: the statement
    citations: list[Citation] = field(default_factory=list)  # its reports in the window (else its best one)

    def key(self) -> tuple:
        return (self.day or date.min, self.label, self.node)


@cache
def _term_label(prop: str) -> str:
    return term_label(prop)


def _in(day: date | None, since: date, until: date) -> bool:
    return day is not None and since <= day <= until


def rival_moves(store: Store, walker: Walker, rivals: list[str], since: date, until: date,
                limit: int | None = None) -> tuple[list[Move], int]:
    """The moves of ``rivals`` from ``since`` to ``until`` as a timeline, oldest first (the newest
    ``limit`` when there are more), each with its sources; and how many there are in all."""
    found: dict[str, Move] = {}
    for rival in rivals:
        for event, role in _events_of(walker, rival):
            move = found.get(event) or _event_move(store, walker, event, since, until)
            if move is not None:
                found[event] = move
                move.rivals.setdefault(rival, role)
        for link in _ties_of(walker, rival, since, until):
            s, o = (link.source, link.target) if link.hop.forward else (link.target, link.source)
            key = f"{s} {link.prop} {o}"
            if key not in found:
                label = f"{walker.label(s)} {_term_label(link.prop)} {walker.label(o)}"
                found[key] = Move(walker.model.move_kinds[link.prop], link.prop, s, label, link.hop.since, None,
                                  link=link, first_reported=link.hop.since)
            found[key].rivals.setdefault(rival, "subject" if s == rival else "object")
    moves = sorted(_without_echoes(walker, found.values()), key=Move.key, reverse=True)
    kept = sorted(moves[:limit] if limit else moves, key=Move.key)
    for move in kept:
        _cite(store, move, since, until)
    return kept, len(moves)


def _cite(store: Store, move: Move, since: date, until: date) -> None:
    """The move's reports published in the window (else its best report), and how many documents report it."""
    link = move.link
    if link is None:
        cites = supporting(event_citations(store, move.node))
    else:
        s, o = (link.source, link.target) if link.hop.forward else (link.target, link.source)
        cites = supporting(statement_citations(store, s, link.prop, o))
        move.sources = len({c.document for c in cites}) or 1
    window = [c for c in cites if c.published and _in(date.fromisoformat(c.published[:10]), since, until)]
    move.citations = (window or cites)[:3]


def _without_echoes(walker: Walker, moves: Iterable[Move]) -> list[Move]:
    """The moves, but for a tie that an event of the same kind between the same parties already stands for
    ("Microsoft invests in OpenAI" beside "Investment by Microsoft of OpenAI")."""
    moves = list(moves)
    parties = set()
    for m in moves:
        if m.link is None:
            info = walker.p.events[m.node]
            parties |= {(m.kind, info.actor, t) for t in info.targets}
    out = []
    for m in moves:
        if m.link is not None:
            s, o = (m.link.source, m.link.target) if m.link.hop.forward else (m.link.target, m.link.source)
            if (m.kind, s, o) in parties or (m.kind, o, s) in parties:
                continue
        out.append(m)
    return out


def _events_of(walker: Walker, rival: str) -> list[tuple[str, str]]:
    """(event, how the rival is involved) for the events it acts in, is hit by, or whose object is
    something it makes."""
    out = [(e, "actor") for e in walker.ix.acts_in.get(rival, [])]
    out += walker.ix.hit_by.get(rival, [])
    for made in walker.makes(rival).values():
        out += [(e, f"{prop} ({walker.label(made.node)})") for e, prop in walker.ix.hit_by.get(made.node, [])]
    return out


def _event_move(store: Store, walker: Walker, event: str, since: date, until: date) -> Move | None:
    info = walker.p.events[event]
    kind = walker.model.move_kinds.get(info.cls)
    if kind is None or info.modality == "denied":
        return None
    happening = walker.ix.happenings.get(event)
    dated = _in(info.date, since, until)
    reported = happening is not None and happening.first is not None and happening.last is not None \
        and happening.first <= until and happening.last >= since
    if not dated and not reported:
        return None
    window: list[Citation] = []
    if not dated:  # reported in the window? (its reports may all fall before and after it)
        window = [c for c in supporting(event_citations(store, event))
                  if c.published and _in(date.fromisoformat(c.published[:10]), since, until)]
        if not window:
            return None
    day = info.date if dated else date.fromisoformat(window[0].published[:10]) if window[0].published else None
    return Move(kind, info.cls, event, info.label, day, info.status,
                sources=happening.sources if happening else 1,
                first_reported=happening.first if happening else None, dated=info.date)


def _ties_of(walker: Walker, rival: str, since: date, until: date) -> list[Link]:
    props = [p for p in walker.model.move_kinds if p[:1].islower()]
    steps = [Step(p, forward) for p in props for forward in (True, False)]
    return [link for link in walker.links(rival, steps)
            if _in(link.hop.since, since, until) and link.target not in walker.p.events and not _known(walker, link)]


def _known(walker: Walker, link: Link) -> bool:
    """A tie the knowledge base already holds is no news (OpenAI provides ChatGPT, first named in a document)."""
    s, o = (link.source, link.target) if link.hop.forward else (link.target, link.source)
    return link.hop.from_kb or o in walker.known.makes.get(s, ())
