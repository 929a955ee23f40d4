"""Competitors of an entity: asserted (a source says they compete, or that their products do) and
inferred (both make things of the same kind of technology), each with its grounds. Inferred rivalry
is computed here, when asked for; it is never written to the store."""
from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from riskgraph.graph.competition_graph import Link, Made, Walker
from riskgraph.graph.competition_model import Step


@dataclass(frozen=True)
class Assertion:
    """A statement that two parties compete: between the organisations, or between products they make."""

    link: Link  # from the entity's side to the rival's side
    mine: str  # the entity, or its product
    theirs: str  # the rival, or its product


@dataclass
class Overlap:
    """One kind both make: what the entity makes of it, and what the rival makes of it (or of a kind
    broader or narrower)."""

    kind: str
    rival_kinds: list[str]
    mine: list[Made]
    theirs: list[Made]


@dataclass
class Competitor:
    iri: str
    label: str
    assertions: list[Assertion] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        return bool(self.assertions)

    @property
    def inferred(self) -> bool:
        return bool(self.overlaps)

    def rank(self, stored: Container[str], relied_on: Container[str] = frozenset()) -> tuple:
        """Asserted rivals first; then rivals the entity relies on; then those whose overlap documents show
        (both sides' things in the store, not only in the knowledge base); then the most overlap."""
        confidence = max((a.link.hop.confidence for a in self.assertions), default=0.0)
        shown = sum(any(m.node in stored for m in o.mine) and any(m.node in stored for m in o.theirs)
                    for o in self.overlaps)
        grounds = sum(len(o.mine) + len(o.theirs) for o in self.overlaps)
        return (not self.asserted, -confidence, self.iri not in relied_on, -shown, -len(self.overlaps), -grounds,
                self.label)


def own_kinds(walker: Walker, entity: str) -> dict[str, list[Made]]:
    """The kinds the entity is active in: its own, its subsidiaries' and apps', and what they make."""
    out: dict[str, dict[str, Made]] = {}
    for member in sorted(walker.descendants(entity)):
        for kind, made in walker.maker_kinds(member).items():
            for m in made:
                out.setdefault(kind, {}).setdefault(m.node, m)
    return {kind: list(made.values()) for kind, made in out.items()}


def competitors(walker: Walker, entity: str) -> list[Competitor]:
    """Every competitor of ``entity``, asserted ones first, then the inferred ones with the most overlap."""
    group = walker.group(entity)
    found: dict[str, Competitor] = {}

    def competitor(iri: str) -> Competitor:
        if iri not in found:
            found[iri] = Competitor(iri, walker.label(iri))
        return found[iri]

    for assertion in asserted(walker, entity):
        for org in _owners_of(walker, assertion):
            if org not in group and walker.is_rival_class(org):
                competitor(org).assertions.append(assertion)
    mine = own_kinds(walker, entity)
    candidates: set[str] = set()
    for kind in mine:
        for related in walker.taxonomy.related(kind):
            candidates |= walker.ix.makers.get(related, frozenset())
    for org in sorted(candidates - group):
        if not walker.is_rival_class(org):
            continue
        theirs = walker.maker_kinds(org)
        for kind, made in sorted(mine.items()):
            kinds = sorted(walker.taxonomy.related(kind) & theirs.keys())
            if kinds:
                things = {m.node: m for k in sorted(kinds, key=lambda k: k != kind) for m in theirs[k]}
                competitor(org).overlaps.append(Overlap(kind, kinds, _shown_first(walker, made),
                                                        _shown_first(walker, list(things.values()))))
    return sorted(found.values(), key=lambda c: c.rank(walker.p.labels))


def _shown_first(walker: Walker, made: list[Made]) -> list[Made]:
    """What documents name first (the store's things before the knowledge base's), otherwise as found."""
    return sorted(made, key=lambda m: m.node not in walker.p.labels)


def asserted(walker: Walker, entity: str) -> list[Assertion]:
    """Statements that the entity, or something it makes, competes with someone or something."""
    steps = [Step(p, forward) for p in walker.model.asserted for forward in (True, False)]
    out = [Assertion(link, entity, link.target) for link in walker.links(entity, steps)]
    for member in walker.descendants(entity):
        for made in walker.makes(member).values():
            out += [Assertion(link, made.node, link.target) for link in walker.links(made.node, steps)]
    return out


def _owners_of(walker: Walker, assertion: Assertion) -> list[str]:
    """The organisations on the other side of an assertion: the rival itself, or who makes its product."""
    other = assertion.theirs
    if walker.is_rival_class(other):
        return [other]
    return [link.target for link in walker.owners(other) if walker.is_rival_class(link.target)] or \
        walker.known_owners(other)
