"""The weekly report's "Competitive moves": for each watched entity, what its competitors did in the
window (deals, regulatory actions, launches), each move once with its sources."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from riskgraph.graph.competition import analyse_competition, move_dict
from riskgraph.graph.competition_index import competition_index
from riskgraph.graph.exposure import Watchlist
from riskgraph.graph.projection import Projection
from riskgraph.graph.store import Store

#: Named queries behind the section (the competition index's, and the evidence of each move).
QUERIES = ("competition_happenings", "competition_making_sentences", "competition_names", "event_evidence",
           "statement_evidence")
MOVES_SHOWN = 10  # per watched entity


@dataclass
class CompetitiveMoves:
    entity: str
    label: str
    rivals: list[tuple[str, str]]  # (label, "asserted" | "inferred"), the strongest rivalries first
    rivals_total: int
    moves: list[dict] = field(default_factory=list)  # riskgraph.graph.competition.move_dict
    moves_total: int = 0


def competitive_moves(store: Store, entities: list[str], since: date, until: date, watchlist: Watchlist,
                      projection: Projection | None = None) -> list[CompetitiveMoves]:
    """The moves of each watched entity's competitors from ``since`` to ``until`` (the newest few)."""
    index = competition_index(store)
    out = []
    for iri in entities:
        result, walker = analyse_competition(store, iri, as_of=until, since=since, watchlist=watchlist, index=index,
                                             projection=projection, moves_shown=MOVES_SHOWN, compared=0)
        rivals = [(c.label, "asserted" if c.asserted else "inferred") for c in result.competitors[:5]]
        out.append(CompetitiveMoves(iri, result.label, rivals, len(result.competitors),
                                    [move_dict(m, walker) for m in result.moves], result.moves_total))
    return sorted(out, key=lambda c: (c.label, c.entity))
