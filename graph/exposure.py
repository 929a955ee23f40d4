"""Exposure of an entity: ranked paths to risk sources over the projection, a score with an
uncertainty band, a breakdown, and mitigating routes (another provider's licence for the same
product). Valued as of a date: facts published later, and events dated later, do not count.

A path's score is severity x recency x the product of its hops' weight x confidence. A risk
source's score combines the best few paths to it as independent routes, 1 - prod(1 - s): more
routes to the same risk, more exposure. An entity's score (the exposure index) adds up its risk
sources' scores: the severity-weighted number of risk sources expected to reach it; one happening
reported by several documents counts once. ``p_any`` combines the sources as independent chances:
the chance that at least one reaches it. The band is the 10th-90th percentile of the index when each statement on a
path holds with the probability of its confidence (Monte Carlo, fixed seed: reproducible).
"""
from __future__ import annotations

import zlib
from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from riskgraph.graph.exposure_model import ExposureModel, load_exposure_model
from riskgraph.graph.projection import EventInfo, Hop, Projection

SAMPLES = 400


@dataclass(frozen=True)
class Watchlist:
    entities: tuple[str, ...] = ()
    concern_iso: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PathHop:
    source: str
    target: str
    prop: str
    forward: bool  # True: source prop target; False: target prop source
    weight: float
    confidence: float
    since: date | None
    from_kb: bool


@dataclass
class Mitigation:
    licence: str
    licensor: str
    product: str
    confidence: float


@dataclass
class ExposurePath:
    nodes: list[str]
    hops: list[PathHop]
    source: str
    source_kind: str  # event | instrument | jurisdiction
    severity: float
    recency: float
    score: float
    mitigations: list[Mitigation] = field(default_factory=list)
    other_routes: list[ExposurePath] = field(default_factory=list)  # to the same source, best first
    source_score: float = 0.0  # what the source adds to the index (all its routes together)

    @property
    def strength(self) -> float:
        out = 1.0
        for hop in self.hops:
            out *= hop.weight * hop.confidence
        return out


@dataclass
class Exposure:
    entity: str
    label: str
    as_of: date
    max_hops: int
    score: float
    band: tuple[float, float]
    p_any: float
    paths: list[ExposurePath]
    by_source: dict[str, float]
    by_kind: dict[str, float]
    paths_all: list[ExposurePath] = field(default_factory=list)  # one per risk source, not cut at ``top``


# ---------------------------------------------------------------------- risk sources
class RiskSources:
    """Which nodes are risk sources as of a date, and how much each weighs."""

    def __init__(self, projection: Projection, model: ExposureModel, as_of: date, watchlist: Watchlist) -> None:
        self.p = projection
        self.model = model
        self.as_of = as_of
        self.concern = watchlist.concern_iso
        self._lifted = self._lifting()
        self.instruments = self._instruments()
        self._values: dict[str, tuple[str, float, float] | None] = {}

    def _valid(self, event: EventInfo) -> bool:
        if event.contested and event.cls in self.model.allegations:
            return False  # an allegation a source denies is not a risk source until settled
        return event.modality != "denied" and (event.date is None or event.date <= self.as_of)

    def _lifting(self) -> dict[tuple[str, str], list[EventInfo]]:
        """Lifting events by (event class, target)."""
        index: dict[tuple[str, str], list[EventInfo]] = {}
        for e in self.p.events.values():
            if e.status == "lifted" and self._valid(e):
                for target in set(e.targets):
                    index.setdefault((e.cls, target), []).append(e)
        return index

    def _is_lifted(self, event: EventInfo) -> bool:
        if event.status == "lifted":
            return True
        for target in set(event.targets):
            for lift in self._lifted.get((event.cls, target), ()):
                if (lift.cause == event.cause or lift.cause is None) and \
                        (event.date is None or lift.date is None or lift.date >= event.date):
                    return True
        return False

    def _instruments(self) -> set[str]:
        found = set()
        for event in self.p.events.values():
            if event.cls in self.model.restrictive and event.cause and self._valid(event) \
                    and not self._is_lifted(event):
                found.add(event.cause)
        for v, since in self.p.violated:
            if since is None or since <= self.as_of:
                found.add(v)
        return found

    def value(self, node: str) -> tuple[str, float, float] | None:
        """(kind, severity, recency) of a risk source, or None when the node is not one."""
        if node not in self._values:
            self._values[node] = self._value(node)
        return self._values[node]

    def _value(self, node: str) -> tuple[str, float, float] | None:
        event = self.p.events.get(node)
        if event is not None:
            if not self._valid(event):
                return None
            severity = self.model.severity.get(event.cls, 0.5)
            if self._is_lifted(event):
                severity *= self.model.lifted_severity
            recency = 1.0
            if event.date is not None:
                age = max(0, (self.as_of - event.date).days)
                recency = 0.5 ** (age / self.model.half_life_days)
            return "event", severity, recency
        if node in self.instruments:
            return "instrument", self.model.restrictive_severity, 1.0
        if self.p.iso.get(node) in self.concern:
            return "jurisdiction", self.model.concern_severity, 1.0
        return None


# ---------------------------------------------------------------------- path search
def _best_hop(hops: Iterable[Hop], as_of: date) -> Hop | None:
    valid = [h for h in hops if h.since is None or h.since <= as_of]
    return max(valid, key=lambda h: h.weight * h.confidence, default=None)


def _rank(path: ExposurePath) -> tuple[float, int]:
    return (-path.score, len(path.nodes))


def find_paths(projection: Projection, sources: RiskSources, entity: str, max_hops: int,
               min_weight: float, per_source: int = 5) -> dict[str, list[ExposurePath]]:
    """The best paths (up to ``per_source``, best first) from ``entity`` to each reachable risk
    source (depth-first over simple paths)."""
    graph = projection.graph
    best: dict[str, list[ExposurePath]] = {}
    if entity not in graph:
        return best
    chosen: dict[tuple[str, str], Hop | None] = {}  # best valid hop per edge, computed once
    stack: list[tuple[str, list[str], list[PathHop], float]] = [(entity, [entity], [], 1.0)]
    while stack:
        node, nodes, hops, strength = stack.pop()
        for nxt in graph.successors(node):
            if nxt in nodes:
                continue
            edge = (node, nxt)
            if edge not in chosen:
                chosen[edge] = _best_hop(graph.edges[edge]["hops"], sources.as_of)
            hop = chosen[edge]
            if hop is None:
                continue
            weight = strength * hop.weight * hop.confidence
            if weight < min_weight:
                continue
            path_hops = [*hops, PathHop(node, nxt, hop.prop, hop.forward, hop.weight, hop.confidence, hop.since,
                                        hop.from_kb)]
            path_nodes = [*nodes, nxt]
            value = sources.value(nxt)
            if value is not None:
                kind, severity, recency = value
                score = severity * recency * weight
                kept = best.setdefault(nxt, [])
                # keep the best ``per_source``, best first; a tie goes to the path found first
                if len(kept) < per_source or (-score, len(path_nodes)) < _rank(kept[-1]):
                    insort(kept, ExposurePath(path_nodes, path_hops, nxt, kind, severity, recency, score), key=_rank)
                    del kept[per_source:]
            if len(path_hops) < max_hops and nxt not in projection.events:
                stack.append((nxt, path_nodes, path_hops, weight))
    return best


# ---------------------------------------------------------------------- mitigation
def mitigations(projection: Projection, entity: str, path: ExposurePath, as_of: date,
                memo: dict | None = None) -> list[Mitigation]:
    """Licences the entity holds for a product on the path, granted by someone other than the
    provider the risk comes from: an alternative route to the same product."""
    event = projection.events.get(path.source)
    risky_provider = event.actor if event else None
    products = [n for n in path.nodes[1:-1] if "Product" in projection.classes.get(n, set())]
    found: list[Mitigation] = []
    for product in products:
        key = (product, risky_provider)
        if memo is None or key not in memo:
            alternatives = _alternatives(projection, entity, product, risky_provider, as_of)
            if memo is None:
                found += alternatives
                continue
            memo[key] = alternatives
        found += memo[key]
    return found


def _alternatives(projection: Projection, entity: str, product: str, risky_provider: str | None,
                  as_of: date) -> list[Mitigation]:
    graph = projection.graph
    found = []
    if product in graph:
        for licence in graph.successors(product):  # product -> licence: "licence covers product"
            hops = graph.edges[product, licence]["hops"]
            covers = _best_hop([h for h in hops if h.prop == "covers"], as_of)
            if covers is None or not graph.has_edge(entity, licence):
                continue
            holds = _best_hop([h for h in graph.edges[entity, licence]["hops"] if h.prop == "licensee"], as_of)
            if holds is None:
                continue
            for licensor in graph.successors(licence):
                grant = _best_hop([h for h in graph.edges[licence, licensor]["hops"] if h.prop == "licensor"], as_of)
                if grant is None or licensor == risky_provider:
                    continue
                found.append(Mitigation(licence, licensor, product,
                                        round(covers.confidence * holds.confidence * grant.confidence, 3)))
    return found


# ---------------------------------------------------------------------- scoring
def _index(scores: Iterable[float]) -> float:
    return sum(scores)


def _combine(scores: Iterable[float]) -> float:
    out = 1.0
    for s in scores:
        out *= 1.0 - min(max(s, 0.0), 1.0)
    return 1.0 - out


def _band(groups: list[list[ExposurePath]], seed: str) -> tuple[float, float]:
    """10th-90th percentile of the index when each statement holds with its confidence."""
    paths = [p for group in groups for p in group]
    if not paths:
        return (0.0, 0.0)
    keys = sorted({(h.source, h.target, h.prop) for p in paths for h in p.hops})
    column = {k: i for i, k in enumerate(keys)}
    confidence = np.zeros(len(keys))
    for p in paths:
        for h in p.hops:
            confidence[column[(h.source, h.target, h.prop)]] = h.confidence
    rng = np.random.default_rng(zlib.crc32(seed.encode()))
    holds = rng.random((SAMPLES, len(keys))) < confidence  # one row per sampled world
    total = np.zeros(SAMPLES)
    for group in groups:
        miss = np.ones(SAMPLES)
        for p in group:
            base = p.severity * p.recency * _mitigated(p)
            for h in p.hops:
                base *= h.weight
            alive = holds[:, [column[(h.source, h.target, h.prop)] for h in p.hops]].all(axis=1)
            miss *= 1.0 - base * alive
        total += 1.0 - miss
    low, high = np.percentile(total, [10, 90])
    return (round(float(low), 4), round(float(high), 4))


def _mitigated(path: ExposurePath, factor: float | None = None) -> float:
    if not path.mitigations:
        return 1.0
    f = load_exposure_model().mitigation_factor if factor is None else factor
    best = max(m.confidence for m in path.mitigations)
    return 1.0 - (1.0 - f) * best


def analyse(projection: Projection, entity: str, *, as_of: date | None = None, max_hops: int = 4, top: int = 10,
            watchlist: Watchlist | None = None, model: ExposureModel | None = None,
            min_weight: float | None = None, band: bool = True) -> Exposure:
    """Exposure of ``entity`` (an IRI in the projection)."""
    model = model or load_exposure_model()
    when = as_of or projection.latest or date.today()
    sources = RiskSources(projection, model, when, watchlist or Watchlist())
    floor = model.min_path_weight if min_weight is None else min_weight
    found = find_paths(projection, sources, entity, max_hops, floor)
    every = [p for kept in found.values() for p in kept]
    memo: dict = {}
    for path in every:
        path.mitigations = mitigations(projection, entity, path, when, memo)
        path.score = round(path.score * _mitigated(path, model.mitigation_factor), 6)
    every.sort(key=lambda p: (-p.score, len(p.nodes), p.source))
    paths_of: dict[str, list[ExposurePath]] = {}
    for path in every:  # best first within each source, as ``every`` is sorted
        paths_of.setdefault(path.source, []).append(path)
    groups = _one_per_happening(projection, paths_of)
    by_source = {g[0].source: round(_combine(p.score for p in g), 6) for g in groups}
    ranked = [_with_routes(g, by_source[g[0].source]) for g in groups]
    ranked.sort(key=lambda p: (-p.source_score, -p.score, len(p.nodes), p.source))
    by_kind: dict[str, float] = {}
    for g in groups:
        source = g[0].source
        key = projection.events[source].cls if source in projection.events else g[0].source_kind
        by_kind[key] = round(by_kind.get(key, 0.0) + by_source[source], 6)
    return Exposure(entity=entity, label=projection.labels.get(entity, entity), as_of=when, max_hops=max_hops,
                    score=round(_index(by_source.values()), 4),
                    band=_band(groups, f"{entity}|{when}") if band else (0.0, 0.0),
                    p_any=round(_combine(by_source.values()), 4),
                    paths=ranked[:top] if top else ranked, by_source=by_source, by_kind=by_kind, paths_all=ranked)


ROUTES_SHOWN = 4  # other routes listed under a source (five routes in all)


def _with_routes(group: list[ExposurePath], source_score: float) -> ExposurePath:
    """A risk source's best route, carrying its next best routes: a source is listed once."""
    best = group[0]
    best.other_routes = group[1:1 + ROUTES_SHOWN]
    best.source_score = source_score
    return best


def _one_per_happening(projection: Projection, by_source: dict[str, list[ExposurePath]]) -> list[list[ExposurePath]]:
    """The paths of each risk source, one source per happening (the same type, actor and targets
    reported by several documents: the source with the highest combined score stands for it)."""
    chosen: dict[object, list[ExposurePath]] = {}
    ranked = sorted(by_source.values(), key=lambda g: (-_combine(p.score for p in g), g[0].source))
    for group in ranked:
        event = projection.events.get(group[0].source)
        key = (event.cls, event.actor, tuple(sorted(event.targets)), event.status == "lifted") if event \
            and event.targets else group[0].source
        chosen.setdefault(key, group)
    return list(chosen.values())


def reachable_sources(projection: Projection, entity: str, max_hops: int, as_of: date | None = None,
                      watchlist: Watchlist | None = None) -> set[str]:
    """Every risk source reachable within ``max_hops`` (no pruning by weight), for cross-checks."""
    model = load_exposure_model()
    sources = RiskSources(projection, model, as_of or date.max, watchlist or Watchlist())
    return set(find_paths(projection, sources, entity, max_hops, 0.0, per_source=1))
