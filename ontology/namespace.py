"""The riskgraph namespace as a closed rdflib namespace, plus the other namespaces the project uses.

``RG`` lists every term declared in ``riskgraph.ttl`` (a test keeps the two in step), and ``_fail = True``
makes a misspelt term an error: ``RG.Compnay`` raises ``AttributeError``.
"""
from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)
from rdflib.namespace import ODRL2 as ODRL

__all__ = [
    "DCTERMS",
    "ENTITY_NS",
    "KIND",
    "OA",
    "ODRL",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RG",
    "SCHEMA",
    "SDO",
    "SH",
    "SKOS",
    "WIKIDATA",
    "XSD",
    "bind_prefixes",
]


class RG(DefinedNamespace):
    """Terms of ``rg: <https://w3id.org/riskgraph#>``; see ``riskgraph.ttl`` for their meaning."""

    _NS = Namespace("https://w3id.org/riskgraph#")
    _fail = True

    # Entity classes
    Entity: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Provider: URIRef
    Project: URIRef
    Product: URIRef
    License: URIRef
    Jurisdiction: URIRef
    Regulation: URIRef
    Person: URIRef

    # Events
    RiskEvent: URIRef
    Ban: URIRef
    Suspension: URIRef
    Sanction: URIRef
    ExportControl: URIRef
    Investigation: URIRef
    Lawsuit: URIRef
    Violation: URIRef
    Acquisition: URIRef
    Partnership: URIRef
    Investment: URIRef
    Divestiture: URIRef

    # Documents and provenance
    Document: URIRef
    Claim: URIRef
    KnowledgeBase: URIRef

    # Marker super-properties
    entityRelation: URIRef
    eventRelation: URIRef

    # Relations between entities
    parentOf: URIRef
    develops: URIRef
    provides: URIRef
    dependsOn: URIRef
    licensee: URIRef
    licensor: URIRef
    covers: URIRef
    subjectTo: URIRef
    violates: URIRef
    headquarteredIn: URIRef
    jurisdiction: URIRef
    issuedBy: URIRef
    worksFor: URIRef
    competesWith: URIRef
    partnerOf: URIRef
    investsIn: URIRef

    # Event properties
    actor: URIRef
    target: URIRef
    concerns: URIRef
    cause: URIRef
    date: URIRef
    status: URIRef

    # Happenings (the happenings graph)
    firstReported: URIRef
    lastUpdated: URIRef
    sourceCount: URIRef
    contested: URIRef
    StatusChange: URIRef
    statusChange: URIRef
    reportedStatus: URIRef
    reportedDate: URIRef

    # Other contract properties
    isoCode: URIRef
    role: URIRef

    # Claim properties
    evidenceText: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    extractor: URIRef
    modality: URIRef
    mentionStart: URIRef
    mentionEnd: URIRef
    mentionSpans: URIRef

    # Document properties
    title: URIRef
    published: URIRef
    dateOrigin: URIRef
    identityFrom: URIRef
    retrievedAt: URIRef
    source: URIRef
    contentHash: URIRef
    language: URIRef
    mediaType: URIRef
    text: URIRef
    extractorVersion: URIRef
    ingestedAt: URIRef
    mentions: URIRef

    # Licence terms
    permits: URIRef
    prohibits: URIRef

    # Judgements
    Judgement: URIRef
    verdict: URIRef

    # Claim semantics (values in claims.ttl)
    ClaimPolicy: URIRef
    ModalityRule: URIRef
    modalityValue: URIRef
    supportWeight: URIRef
    counterWeight: URIRef
    defaultStatus: URIRef
    denialStatus: URIRef

    # Exposure semantics (values in exposure.ttl)
    ExposurePolicy: URIRef
    exposureForward: URIRef
    exposureReverse: URIRef
    severity: URIRef
    allegation: URIRef
    liftedSeverity: URIRef
    recencyHalfLifeDays: URIRef
    minPathWeight: URIRef
    mitigationFactor: URIRef
    scoreHalfIndex: URIRef
    concernSeverity: URIRef
    restrictiveSeverity: URIRef
    restrictive: URIRef

    # Competition semantics (values in competition.ttl, kinds in technology.ttl)
    CompetitionPolicy: URIRef
    MitigationRule: URIRef
    TechnologyKind: URIRef
    assertedRivalry: URIRef
    makingStep: URIRef
    groupStep: URIRef
    rivalClass: URIRef
    nonRivalClass: URIRef
    kindNounWindow: URIRef
    holdingStep: URIRef
    relianceStep: URIRef
    termsStep: URIRef
    maxDependenceHops: URIRef
    coverStep: URIRef
    grantingClass: URIRef
    mitigatedBy: URIRef
    movesWindowDays: URIRef
    comparedRivals: URIRef
    moveKind: URIRef


ENTITY_NS = Namespace("https://w3id.org/riskgraph/id/")
"""Entity, document and claim IRIs live under this namespace."""

SCHEMA = SDO
"""schema.org, as rdflib's ``SDO`` (``https://schema.org/``)."""

KIND = Namespace("https://w3id.org/riskgraph/kind/")
"""The technology kinds (SKOS concepts of ``technology.ttl``)."""

OA = Namespace("http://www.w3.org/ns/oa#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "rg": RG,
    "rgid": ENTITY_NS,
    "prov": PROV,
    "skos": SKOS,
    "odrl": ODRL,
    "org": ORG,
    "schema": SDO,
    "dcterms": DCTERMS,
    "oa": OA,
    "wd": WIKIDATA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}
"""The prefixes the project writes Turtle and SPARQL with."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` on ``graph`` (replacing other bindings of those prefixes) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True, replace=True)
    return graph
