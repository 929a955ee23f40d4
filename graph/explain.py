"""An exposure as a plain dictionary (for JSON, the dashboard and the report), with the evidence
sentence and document of every hop."""
from __future__ import annotations

from riskgraph.graph.evidence import hop_citations
from riskgraph.graph.exposure import Exposure, ExposurePath
from riskgraph.graph.exposure_model import ExposureModel, load_exposure_model
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


GROUPS = {
    "events": "risk events (sanctions, export controls, bans, suspensions, lawsuits …) that reach the entity "
              "through its paths",
    "instruments": "laws, lists and terms the entity is bound by or in breach of, or that restrictive events "
                   "were taken under",
    "jurisdictions": "countries of concern on the watchlist that the entity is tied to",
}


def scoring_rules(model: ExposureModel | None = None) -> list[dict]:
    """The named rules that turn paths into the score, with the values ``ontology/exposure.ttl`` sets."""
    model = model or load_exposure_model()
    severities = ", ".join(f"{cls} {v:g}" for cls, v in sorted(model.severity.items(), key=lambda kv: -kv[1]))
    weights = ", ".join(f"{s.prop}{'' if s.forward else ' (reversed)'} {s.weight:g}"
                        for s in sorted(model.steps, key=lambda s: -s.weight)[:6])
    return [
        {"rule": "severity", "says": f"each risk source weighs by its kind: {severities}"},
        {"rule": "recency", "says": f"an event loses half its weight for every {model.half_life_days:g} days "
                                    "before the as-of date; a lifted one keeps "
                                    f"{model.lifted_severity:g} of its severity"},
        {"rule": "path weight", "says": f"each hop weighs by its property ({weights}, …), paths multiply "
                                        f"their hops, and paths under {model.min_path_weight:g} are dropped"},
        {"rule": "confidence", "says": "each hop counts with the support of its claims: supporting claims add "
                                       "up, denials and negations take away (ontology/claims.ttl)"},
        {"rule": "mitigation", "says": f"a path through a product also available under another provider's "
                                       f"licence keeps {model.mitigation_factor:g} of its weight"},
        {"rule": "scale", "says": f"score = 100 × (1 − 2^(−index / {model.score_half_index:g})): an index of "
                                  f"{model.score_half_index:g} scores 50, the index adds the risk sources up"},
    ]


def _groups(exposure: Exposure, projection: Projection) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {group: {} for group in GROUPS}
    for path in exposure.paths_all or exposure.paths:
        value = exposure.by_source.get(path.source, 0.0)
        if path.source_kind == "event":
            key, group = projection.events[path.source].cls if path.source in projection.events else "event", "events"
        else:
            key = projection.labels.get(path.source, path.source)
            group = "instruments" if path.source_kind == "instrument" else "jurisdictions"
        out[group][key] = round(out[group].get(key, 0.0) + value, 6)
    return out


def exposure_dict(store: Store | None, projection: Projection, exposure: Exposure, evidence: bool = True,
                  model: ExposureModel | None = None) -> dict:
    label = projection.labels.get
    model = model or load_exposure_model()
    groups = _groups(exposure, projection)
    return {
        "entity": exposure.entity, "label": exposure.label, "as_of": exposure.as_of.isoformat(),
        "max_hops": exposure.max_hops, "score": exposure.score, "index": exposure.score,
        "score_100": model.score(exposure.score), "rules": scoring_rules(model),
        "band": list(exposure.band), "band_100": [model.score(v) for v in exposure.band],
        "p_any": exposure.p_any,
        "breakdown": {
            "by_kind": exposure.by_kind,
            "groups": {group: {"total": round(sum(values.values()), 6), "says": GROUPS[group], "parts": values}
                       for group, values in groups.items()},
            "by_source": [{"source": s, "label": label(s, s), "score": v}
                          for s, v in sorted(exposure.by_source.items(), key=lambda kv: -kv[1])],
        },
        "paths": [path_dict(store, projection, p, evidence) for p in exposure.paths],
    }
