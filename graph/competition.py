"""Competitive risk of an entity: its competitors (asserted, and inferred from what both make, with the
grounds), the paths by which it depends on a rival's technology with each hop's evidence and what
mitigates them, the kinds of technology it gets from one provider only, its rivals' moves in a window,
and its exposure index beside theirs, per kind of risk. Read-only: nothing is written to the store.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from riskgraph.graph.competition_graph import Link, Made, Walker
from riskgraph.graph.competition_index import CompetitionIndex, competition_index
from riskgraph.graph.competition_model import CompetitionModel, load_competition_model
from riskgraph.graph.evidence import hop_citations
from riskgraph.graph.exposure import Watchlist, analyse
from riskgraph.graph.exposure_model import load_exposure_model
from riskgraph.graph.projection import Projection, projection_for
from riskgraph.graph.rival_dependence import Dependence, Dependences, Mitigation, SingleSource, dependences
from riskgraph.graph.rival_moves import Move, rival_moves
from riskgraph.graph.rivals import Competitor, competitors
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import ConfigError

MOVES_SHOWN = 50


@dataclass(frozen=True)
class RelativeExposure:
    entity: str
    label: str
    role: str  # "entity" | "asserted competitor" | "inferred competitor"
    index: float
    score: int  # 0-100
    p_any: float
    by_kind: dict[str, float]
    sources: int


@dataclass
class Competition:
    entity: str
    label: str
    as_of: date
    since: date
    competitors: list[Competitor]
    dependences: Dependences
    moves: list[Move]
    moves_total: int
    exposure: list[RelativeExposure]


def analyse_competition(store: Store, entity: str, *, as_of: date | None = None, since: date | None = None,
                        watchlist: Watchlist | None = None, index: CompetitionIndex | None = None,
                        projection: Projection | None = None, model: CompetitionModel | None = None,
                        moves_shown: int = MOVES_SHOWN, compared: int | None = None) -> tuple[Competition, Walker]:
    """The competitive picture of ``entity`` (an IRI) as of ``as_of`` (default: the newest document's date),
    rivals' moves from ``since`` (default: competition.ttl's window before ``as_of``)."""
    model = model or load_competition_model()
    index = index or competition_index(store)
    when = as_of or index.projection.latest or date.today()
    start = since or when - timedelta(days=model.moves_window_days)
    if start > when:
        raise ConfigError(f"the window of rivals' moves starts ({start}) after the as-of date ({when})")
    walker = Walker(index, model, when)
    rivals = competitors(walker, entity)
    rival_set = {c.iri for c in rivals}
    found = dependences(walker, entity, rival_set)
    relied_on = {d.rival for d in found.paths}
    rivals.sort(key=lambda c: c.rank(walker.p.labels, relied_on))
    moves, total = rival_moves(store, walker, [c.iri for c in rivals], start, when, moves_shown)
    exposure = relative_exposure(projection or projection_for(store), walker, entity, rivals, when,
                                 watchlist or Watchlist(), model.compared_rivals if compared is None else compared)
    return Competition(entity, walker.label(entity), when, start, rivals, found, moves, total, exposure), walker


def relative_exposure(projection: Projection, walker: Walker, entity: str, rivals: list[Competitor], as_of: date,
                      watchlist: Watchlist, compared: int) -> list[RelativeExposure]:
    """The exposure index of the entity and of its strongest rivals, on the same date, watchlist and depth."""
    scale = load_exposure_model()
    chosen = [(entity, "entity")] + [(c.iri, "asserted competitor" if c.asserted else "inferred competitor")
                                     for c in rivals[:compared]]
    out = []
    for iri, role in chosen:
        result = analyse(projection, iri, as_of=as_of, top=0, watchlist=watchlist, band=False)
        out.append(RelativeExposure(iri, walker.label(iri), role, result.score, scale.score(result.score),
                                    result.p_any, dict(sorted(result.by_kind.items())), len(result.by_source)))
    return out


# ---------------------------------------------------------------------- as a dictionary, with evidence
def move_dict(m: Move, walker: Walker) -> dict:
    label = walker.label
    return {"kind": m.kind, "what": m.what, "node": m.node, "label": m.label,
            "date": m.day.isoformat() if m.day else None, "dated": m.dated.isoformat() if m.dated else None,
            "status": m.status, "sources": m.sources,
            "first_reported": m.first_reported.isoformat() if m.first_reported else None,
            "rivals": [{"iri": r, "label": label(r), "role": role} for r, role in m.rivals.items()],
            "citations": [c.as_dict() for c in m.citations]}


class _Evidence:
    """Each statement's citations, fetched once."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.memo: dict[tuple, list[dict]] = {}

    def __call__(self, link: Link) -> list[dict]:
        key = (link.source, link.target, link.prop, link.hop.forward)
        if self.store is None:
            return []
        if key not in self.memo:
            found = hop_citations(self.store, link.source, link.target, link.prop, link.hop.forward)
            self.memo[key] = [c.as_dict() for c in found[:2]]
        return self.memo[key]


def competition_dict(store: Store | None, result: Competition, walker: Walker, *, top: int = 10,
                     paths: int = 20, evidence: bool = True) -> dict:
    """The analysis as plain data (JSON, the dashboard, the report): every hop with its sentences."""
    cite = _Evidence(store if evidence else None)
    label = walker.label

    def hop(link: Link) -> dict:
        return {"from": link.source, "from_label": label(link.source), "to": link.target,
                "to_label": label(link.target), "property": link.prop,
                "direction": "forward" if link.hop.forward else "reverse", "confidence": link.hop.confidence,
                "since": link.hop.since.isoformat() if link.hop.since else None,
                "from_knowledge_base": link.hop.from_kb, "evidence": cite(link)}

    def made(m: Made) -> dict:
        return {"node": m.node, "label": label(m.node), "maker": m.maker, "maker_label": label(m.maker),
                "how": m.link.prop if m.link else ("itself" if m.node == m.maker else "knowledge base"),
                "statement": hop(m.link) if m.link else None,
                "kinds": [g.as_dict(walker.taxonomy) for g in m.grounds]}

    def mitigation(m: Mitigation) -> dict:
        return {"rule": m.rule, "label": m.label, "node": m.node, "node_label": label(m.node),
                "through": m.through, "through_label": walker.taxonomy.label(m.through) if m.through
                and m.through in walker.taxonomy.kinds else label(m.through) if m.through else None,
                "hops": [hop(link) for link in m.links]}

    def dependence(d: Dependence) -> dict:
        return {"rival": d.rival, "rival_label": label(d.rival), "technology": d.technology,
                "technology_label": label(d.technology), "strength": round(d.strength, 4),
                "products": [{"node": p, "label": label(p)} for p in d.products],
                "kinds": [{"kind": k, "label": walker.taxonomy.label(k)} for k in d.kinds],
                "hops": [hop(link) for link in d.links],
                "other_routes": [[hop(link) for link in route] for route in d.routes[:4]],
                "mitigations": [mitigation(m) for m in d.mitigations]}

    def single(s: SingleSource) -> dict:
        return {"kind": s.kind, "kind_label": walker.taxonomy.label(s.kind) if s.kind else "kind not known",
                "provider": s.provider, "provider_label": label(s.provider),
                "supplies": [{"node": n, "label": label(n), "hops": [hop(link) for link in s.paths[n]]}
                             for n in s.supplies]}

    def competitor(c: Competitor) -> dict:
        return {"iri": c.iri, "label": c.label, "asserted": c.asserted, "inferred": c.inferred,
                "rivalry": "asserted" if c.asserted else "inferred",
                "assertions": [{"mine": a.mine, "mine_label": label(a.mine), "theirs": a.theirs,
                                "theirs_label": label(a.theirs), "statement": hop(a.link)} for a in c.assertions],
                "grounds": [{"kind": o.kind, "kind_label": walker.taxonomy.label(o.kind),
                             "rival_kinds": [walker.taxonomy.label(k) for k in o.rival_kinds],
                             "mine": [made(m) for m in o.mine[:5]], "theirs": [made(m) for m in o.theirs[:5]]}
                            for o in c.overlaps]}

    deps = result.dependences
    return {
        "entity": result.entity, "label": result.label, "as_of": result.as_of.isoformat(),
        "since": result.since.isoformat(),
        "competitors": [competitor(c) for c in result.competitors[:top]],
        "competitors_total": len(result.competitors),
        "competitors_asserted": sum(c.asserted for c in result.competitors),
        "dependencies_on_rivals": [dependence(d) for d in deps.paths[:paths]],
        "dependencies_total": len(deps.paths),
        "single_source": [single(s) for s in deps.single_source],
        "moves": [move_dict(m, walker) for m in result.moves], "moves_total": result.moves_total,
        "relative_exposure": [{"entity": x.entity, "label": x.label, "role": x.role, "index": x.index,
                               "score": x.score, "p_any": x.p_any, "by_kind": x.by_kind, "risk_sources": x.sources}
                              for x in result.exposure],
    }
