"""Walking the competition index as of a date: the steps ``ontology/competition.ttl`` names, an
organisation's group, what it makes and of which kinds, whose technology something is.

Only statements published by the as-of date count (the knowledge base's count always); where a pair
of nodes is tied by several statements, the best supported one matching the step is taken.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from riskgraph.graph.competition_index import CompetitionIndex, KindGround
from riskgraph.graph.competition_model import CompetitionModel, Step
from riskgraph.graph.projection import Hop
from riskgraph.graph.taxonomy import KnownKinds, Taxonomy, known_kinds, load_taxonomy
from riskgraph.ontology.vocabulary import domain_of

GROUP_DEPTH = 4  # parent and subsidiary levels followed when drawing an organisation's group


@dataclass(frozen=True)
class Link:
    """One step taken: from ``source`` to ``target`` along ``hop`` (``hop.forward``: source prop target)."""

    source: str
    target: str
    hop: Hop

    @property
    def prop(self) -> str:
        return self.hop.prop


@dataclass(frozen=True)
class Made:
    """Something an organisation makes or owns, how we know, and of which kinds it is."""

    maker: str
    node: str
    link: Link | None  # the statement (None: the knowledge base says so, or the node is the maker itself)
    grounds: tuple[KindGround, ...]


class Walker:
    def __init__(self, index: CompetitionIndex, model: CompetitionModel, as_of: date,
                 taxonomy: Taxonomy | None = None, known: KnownKinds | None = None) -> None:
        self.ix = index
        self.p = index.projection
        self.model = model
        self.as_of = as_of
        self.taxonomy = taxonomy or load_taxonomy()
        self.known = known or index.known or known_kinds()
        self._groups: dict[str, frozenset[str]] = {}
        self._made: dict[str, dict[str, Made]] = {}

    # ------------------------------------------------------------------ basics
    def label(self, node: str) -> str:
        return self.p.labels.get(node) or self.known.labels.get(node) or node

    def classes(self, node: str) -> set[str]:
        return self.p.classes.get(node, set())

    def is_rival_class(self, node: str) -> bool:
        return self.model.is_rival_class(self.classes(node))

    @cached_property
    def instrument_classes(self) -> frozenset[str]:
        """Classes of what grants access (the domain of the cover steps: licences, rules)."""
        return frozenset(c for s in self.model.cover for c in domain_of(s.prop))

    def is_instrument(self, node: str) -> bool:
        return bool(self.classes(node) & self.instrument_classes)

    def grants(self, node: str) -> bool:
        """Whether ``node`` can give access to what it covers (a licence; a rule only restricts)."""
        return bool(self.classes(node) & self.model.granting_classes)

    def _valid(self, hop: Hop) -> bool:
        return hop.since is None or hop.since <= self.as_of

    def links(self, node: str, steps: Iterable[Step]) -> Iterator[Link]:
        """The best valid statement to each neighbour along one of ``steps``."""
        best: dict[str, Hop] = {}
        for step in steps:
            for nxt, hop in self.ix.steps.get((step.prop, step.forward), {}).get(node, ()):
                if self._valid(hop) and (nxt not in best or hop.confidence > best[nxt].confidence):
                    best[nxt] = hop
        for nxt, hop in best.items():
            yield Link(node, nxt, hop)

    # ------------------------------------------------------------------ groups
    def group(self, node: str) -> frozenset[str]:
        """``node`` with its parents and subsidiaries (either way, transitively): one side, never rivals."""
        if node not in self._groups:
            steps = [*self.model.group, *(Step(s.prop, not s.forward) for s in self.model.group)]
            self._groups[node] = frozenset(self._closure(node, steps))
        return self._groups[node]

    def descendants(self, node: str) -> frozenset[str]:
        """``node`` and what it owns through the group steps (subsidiaries, apps), transitively."""
        return frozenset(self._closure(node, self.model.group))

    def _closure(self, node: str, steps: list[Step] | tuple[Step, ...]) -> set[str]:
        seen, todo = {node}, [(node, 0)]
        while todo:
            here, depth = todo.pop()
            if depth >= GROUP_DEPTH:
                continue
            for link in self.links(here, steps):
                if link.target not in seen and link.target not in self.p.events:
                    seen.add(link.target)
                    todo.append((link.target, depth + 1))
        return seen

    # ------------------------------------------------------------------ what is made, of which kind
    def kinds_of(self, node: str) -> dict[str, KindGround]:
        found = self.ix.kinds.get(node)
        if found is not None:
            return found
        return {k: KindGround(k, "knowledge base") for k in self.known.kinds.get(node, ())}

    def makes(self, org: str) -> dict[str, Made]:
        """What ``org`` develops, provides or owns (statements, and the knowledge base's list), by node."""
        if org not in self._made:
            made: dict[str, Made] = {}
            for link in self.links(org, self.model.making):
                if link.target not in self.p.events:
                    made[link.target] = Made(org, link.target, link, tuple(self.kinds_of(link.target).values()))
            for node in self.known.makes.get(org, ()):
                made.setdefault(node, Made(org, node, None, tuple(self.kinds_of(node).values())))
            self._made[org] = made
        return self._made[org]

    def maker_kinds(self, org: str) -> dict[str, list[Made]]:
        """Kinds ``org`` is active in, each with the things that show it (itself, when its own kind is known)."""
        out: dict[str, list[Made]] = {}
        own = tuple(self.kinds_of(org).values())
        for ground in own:
            out.setdefault(ground.kind, []).append(Made(org, org, None, own))
        for made in self.makes(org).values():
            for ground in made.grounds:
                out.setdefault(ground.kind, []).append(made)
        return out

    def owners(self, node: str) -> list[Link]:
        """Whose technology ``node`` is: who makes it (the making steps backwards), or whose terms a
        licence or rule is (the terms steps)."""
        backwards = [Step(s.prop, not s.forward) for s in self.model.making]
        found = [link for link in self.links(node, backwards) if link.target not in self.p.events]
        found += list(self.links(node, self.model.terms))
        return found

    def known_owners(self, node: str) -> list[str]:
        """Organisations the knowledge base says make ``node`` (when no statement in the store does)."""
        return [org for org, made in self.known.makes.items() if node in made and org in self.p.labels]
