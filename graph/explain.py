"""An exposure as a plain dictionary (for JSON, the dashboard and the report), with the evidence
sentence and document of every hop."""
from __future__ import annotations

from riskgraph.graph.evidence import hop_citations
from riskgraph.graph.exposure import Exposure, ExposurePath
from riskgraph.graph.projection import Projection
from riskgraph.graph.store import Store


def path_dict(store: Store | None, projection: Projection, path: ExposurePath, evidence: bool = True) -> dict:
    label = projection.labels.get
    hops = []
    for hop in path.hops:
        item = {
            "from": hop.source, "from_label": label(hop.source, hop.source),
            "to": hop.target, "to_label": label(hop.target, hop.target),
            "property": hop.prop, "direction": "forward" if hop.forward else "reverse",
            "weight": hop.weight, "confidence": hop.confidence,
            "since": hop.since.isoformat() if hop.since else None, "from_knowledge_base": hop.from_kb,
        }
        if evidence and store is not None:
            item["evidence"] = [c.as_dict() for c in hop_citations(store, hop.source, hop.target, hop.prop,
                                                                    hop.forward)][:3]
        hops.append(item)
    event = projection.events.get(path.source)
    return {
        "score": path.score, "source_score": path.source_score,
        "source": path.source, "source_label": label(path.source, path.source),
        "source_kind": path.source_kind, "source_class": event.cls if event else None,
        "source_date": event.date.isoformat() if event and event.date else None,
        "source_status": event.status if event else None,
        "severity": path.severity, "recency": round(path.recency, 4), "hops": hops,
        "mitigations": [{"licence": m.licence, "licence_label": label(m.licence, m.licence),
                         "licensor": m.licensor, "licensor_label": label(m.licensor, m.licensor),
                         "product": m.product, "product_label": label(m.product, m.product),
                         "confidence": m.confidence} for m in path.mitigations],
        "other_routes": [path_dict(store, projection, route, evidence) for route in path.other_routes],
    }


def exposure_dict(store: Store | None, projection: Projection, exposure: Exposure, evidence: bool = True) -> dict:
    label = projection.labels.get
    return {
        "entity": exposure.entity, "label": exposure.label, "as_of": exposure.as_of.isoformat(),
        "max_hops": exposure.max_hops, "score": exposure.score, "band": list(exposure.band),
        "p_any": exposure.p_any,
        "breakdown": {
            "by_kind": exposure.by_kind,
            "by_source": [{"source": s, "label": label(s, s), "score": v}
                          for s, v in sorted(exposure.by_source.items(), key=lambda kv: -kv[1])],
        },
        "paths": [path_dict(store, projection, p, evidence) for p in exposure.paths],
    }
