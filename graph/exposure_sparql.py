"""Reachable risk sources in SPARQL alone, for a store that lives in a remote SPARQL server.

The property path is built from the same annotations as the networkx projection
(``ontology/exposure.ttl``): each step is a property in the direction exposure flows, and paths of
1..N steps are an alternation of sequences (SPARQL 1.1 has no bounded repetition). The query text
is generated from the ontology data only; the entity is a bound parameter.
"""
from __future__ import annotations

from rdflib import URIRef

from riskgraph.graph.claims import ClaimRules, load_claim_rules
from riskgraph.graph.exposure import Watchlist
from riskgraph.graph.exposure_model import RG_NS, ExposureModel, load_exposure_model
from riskgraph.graph.store import Store

_PREFIXES = """PREFIX rg: <https://w3id.org/riskgraph#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def exposure_path(model: ExposureModel, max_hops: int) -> str:
    step = "(" + "|".join(s.sparql for s in model.steps) + ")"
    return "(" + "|".join("/".join([step] * n) for n in range(1, max_hops + 1)) + ")"


def _supported(event: str, rules: ClaimRules, allegations: str = "") -> str:
    """SPARQL: ``event`` has a report that supports it (not a denial nor a negation: ``claims.ttl``), and
    is no allegation a source denies."""
    counter = ", ".join(f'"{m}"' for m in sorted(rules.counter_weight) if m.isalpha()) or '"-"'
    denial = rules.denial_status if rules.denial_status.replace(" ", "").isalpha() else "-"
    text = (f"FILTER EXISTS {{ ?report_{event} rdf:subject ?{event} ; rdf:predicate rdf:type ; "
            f"rg:modality ?m_{event} . FILTER(?m_{event} NOT IN ({counter})) "
            f'FILTER NOT EXISTS {{ ?report_{event} rg:reportedStatus "{denial}" }} }}')
    if allegations:
        text += (f" FILTER NOT EXISTS {{ ?{event} rg:contested true ; a ?alleged_{event} . "
                 f"VALUES ?alleged_{event} {{ {allegations} }} }}")
    return text


def reachable_query(model: ExposureModel, max_hops: int, concern_iso: frozenset[str]) -> str:
    path = exposure_path(model, max_hops)
    rules = load_claim_rules()
    allegations = " ".join(f"<{RG_NS}{c}>" for c in sorted(model.allegations))
    restrictive = " ".join(f"<{RG_NS}{c}>" for c in sorted(model.restrictive))
    concern = " ".join(f'"{iso}"' for iso in sorted(concern_iso) if iso.isalnum()) or '"-"'
    return _PREFIXES + f"""SELECT DISTINCT ?entity ?source ?kind WHERE {{
  ?entity {path} ?source .
  FILTER(?source != ?entity)
  {{
    ?source a rg:RiskEvent .
    {_supported("source", rules, allegations)}
    BIND("event" AS ?kind)
  }} UNION {{
    ?event rg:cause ?source ; a ?cls .
    VALUES ?cls {{ {restrictive} }}
    FILTER NOT EXISTS {{ ?event rg:status "lifted" }}
    {_supported("event", rules, allegations)}
    FILTER NOT EXISTS {{
      ?lift a ?cls ; rg:status "lifted" ; rg:target ?t .
      ?event rg:target ?t .
      {_supported("lift", rules, allegations)}
      OPTIONAL {{ ?lift rg:cause ?liftCause }}
      FILTER(!BOUND(?liftCause) || ?liftCause = ?source)
      OPTIONAL {{ ?lift rg:date ?liftDate }} OPTIONAL {{ ?event rg:date ?eventDate }}
      FILTER(!BOUND(?liftDate) || !BOUND(?eventDate)
             || STR(?liftDate) >= SUBSTR(STR(?eventDate), 1, STRLEN(STR(?liftDate))))
    }}
    BIND("instrument" AS ?kind)
  }} UNION {{
    ?anyone rg:violates ?source .
    BIND("instrument" AS ?kind)
  }} UNION {{
    ?source rg:isoCode ?iso .
    VALUES ?iso {{ {concern} }}
    BIND("jurisdiction" AS ?kind)
  }}
}}"""


def reachable_sources_sparql(store: Store, entity: str, max_hops: int = 4,
                             watchlist: Watchlist | None = None, model: ExposureModel | None = None) -> set[str]:
    """Every risk source reachable from ``entity`` within ``max_hops`` steps, by SPARQL only."""
    model = model or load_exposure_model()
    query = reachable_query(model, max_hops, (watchlist or Watchlist()).concern_iso)
    rows = store.select(query, {"entity": URIRef(entity)})
    return {str(r["source"]) for r in rows}
