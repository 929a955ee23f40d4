"""What an analyst should look at first: for each watched entity, the new happenings that reach it, a
jump of its exposure score, and new contradictions about what it is exposed through; most severe first.

Severity is in points of the 0-100 exposure score: for a new happening, the score it would give the
entity on its own (what it adds depends on everything else: an entity already near 100 gains little
from a direct hit, which still deserves the first look); for a jump, the change; for a contradiction,
what the contested statement or event is worth to the entity on its own (at least
``CONTRADICTION_FLOOR``: a dispute is worth a look).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from rdflib import URIRef

from riskgraph.graph.contradictions import all_contradictions
from riskgraph.graph.evidence import event_citations, supporting
from riskgraph.graph.exposure import Watchlist, analyse
from riskgraph.graph.exposure_model import load_exposure_model
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.projection import Projection
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import NotFoundError

CONTRADICTION_FLOOR = 5.0


@dataclass(frozen=True)
class Alert:
    kind: str  # "new happening" | "score jump" | "contradiction"
    entity: str
    entity_label: str
    severity: float  # points of the 0-100 score
    title: str
    detail: str
    when: str | None = None
    source: dict = field(default_factory=dict)  # text, title, published, document of the best citation

    def as_dict(self) -> dict:
        return {"kind": self.kind, "entity": self.entity, "entity_label": self.entity_label,
                "severity": round(self.severity, 1), "title": self.title, "detail": self.detail, "when": self.when,
                "source": self.source}


def _first_reported(store: Store, event: str) -> str | None:
    rows = store.select(load_query("happening_summary"), {"event": URIRef(event)})
    return str(rows[0]["first"]) if rows and "first" in rows[0] else None


def _citation(store: Store, event: str) -> dict:
    found = supporting(event_citations(store, event))
    if not found:
        return {}
    c = found[0]
    return {"text": c.text, "title": c.title, "published": c.published, "document": c.document}


def alerts(store: Store, projection: Projection, watchlist: Watchlist, since: date, until: date | None = None,
           threshold: float = 10.0) -> list[Alert]:
    """The alerts for documents published from ``since`` (to ``until``, default the newest)."""
    model = load_exposure_model()
    until = until or projection.latest or date.today()
    before_day = since - timedelta(days=1)
    out: list[Alert] = []
    disputed = [c for c in all_contradictions(store, projection)  # new: its later side falls in the window
                if c.denied is not None and c.stated is not None
                and since.isoformat() <= max(c.denied.published, c.stated.published) <= until.isoformat()]
    for name in watchlist.entities:
        try:
            iri = str(find_entity(store, name))
        except NotFoundError:
            continue
        now = analyse(projection, iri, as_of=until, top=0, watchlist=watchlist, band=False)
        before = analyse(projection, iri, as_of=before_day, top=0, watchlist=watchlist, band=False)
        label, points_now = now.label, model.score(now.score)
        for path in now.paths_all:
            if path.source_kind != "event":
                continue
            first = _first_reported(store, path.source)
            if first is None or not since.isoformat() <= first <= until.isoformat():
                continue
            worth = model.score(now.by_source.get(path.source, 0.0))
            hops = " → ".join(projection.labels.get(n, n) for n in path.nodes[1:])
            out.append(Alert("new happening", iri, label, worth, projection.labels.get(path.source, path.source),
                             f"reaches {label} by {hops}", first, _citation(store, path.source)))
        jump = points_now - model.score(before.score)
        if abs(jump) >= threshold:
            out.append(Alert("score jump", iri, label, abs(jump), f"{label}'s exposure score "
                             f"{'rose' if jump > 0 else 'fell'} from {model.score(before.score)} to {points_now}",
                             f"between {before_day} and {until}", until.isoformat()))
        near = {iri, *(p.source for p in now.paths_all)}
        for c in disputed:
            if {c.subject.iri, c.object.iri} & near:
                worth = max([CONTRADICTION_FLOOR, *(model.score(v) for s, v in now.by_source.items()
                                                   if s in (c.subject.iri, c.object.iri))])
                side = c.denied or c.stated
                out.append(Alert("contradiction", iri, label, worth,
                                 f"{c.subject.label} {c.prop} {c.object.label}: sources disagree",
                                 f"{c.stated_count} asserting, {c.denied_count} denying",
                                 side.published if side else None,
                                 {"text": side.text, "title": side.title, "published": side.published,
                                  "document": side.document} if side else {}))
    return sorted(out, key=lambda a: (-a.severity, a.kind, a.entity_label, a.title))
