"""Turns one document's Extraction into the triples of its named graph.

Provenance: every asserted statement ``s p o`` gets a claim node (``rg:Claim``, an
``rdf:Statement``) with ``rdf:subject/predicate/object``, ``prov:wasDerivedFrom`` (the document, or
the knowledge base for facts it supplies), ``rg:evidenceText`` (the sentence), ``rg:charStart`` /
``rg:charEnd`` (the sentence's offsets in the document text), ``rg:extractor`` ("name/version"),
``rg:confidence`` and ``rg:modality``. Mentions are one claim ``<doc> rg:mentions <entity>`` per
entity and document: the first mention's sentence and offsets (``rg:mentionStart``/``rg:mentionEnd``)
and every mention's offsets in ``rg:mentionSpans`` ("start:end start:end ...").
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from riskgraph.graph.dates import date_literal
from riskgraph.graph.identity import KB_SOURCE, claim_iri, document_iri, entity_iri, happening_iri
from riskgraph.ingest.model import Entity, Event, Evidence, Extraction, Mention, Relation
from riskgraph.ontology.namespace import RG

Triple = tuple[URIRef, URIRef, URIRef | Literal]
WIKIDATA = "http://www.wikidata.org/entity/"


class GraphBuilder:
    """Collects the triples of one document graph."""

    def __init__(self, extraction: Extraction, extractor_version: str, kb_version: str,
                 ingested_at: datetime) -> None:
        self.x = extraction
        self.doc = document_iri(extraction.document.source)
        self.version = extractor_version
        self.kb_version = kb_version
        self.ingested_at = ingested_at
        self.triples: list[Triple] = []

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.append((s, p, o))

    def build(self) -> list[Triple]:
        self._document()
        used = self._used_keys()
        for key in sorted(used):
            self._entity(self.x.entities[key])
        by_entity: dict[str, list[Mention]] = {}
        for mention in self.x.mentions:
            if mention.key in used:
                by_entity.setdefault(mention.key, []).append(mention)
        for mentions in by_entity.values():
            self._mentions(sorted(mentions, key=lambda m: (m.start, m.end)))
        for relation in self.x.relations:
            self._relation(relation)
        for event in self.x.events:
            self._event(event)
        return list(dict.fromkeys(self.triples))

    # ------------------------------------------------------------------ parts
    def _used_keys(self) -> set[str]:
        used = {m.key for m in self.x.mentions}
        for r in self.x.relations:
            used |= {r.subject, r.object}
        for e in self.x.events:
            used |= {k for k in (e.actor, e.target, e.cause, *e.concerns) if k}
        return {k for k in used if k in self.x.entities}

    def _document(self) -> None:
        d, doc = self.x.document, self.doc
        self.add(doc, RDF.type, RG.Document)
        self.add(doc, RG.title, Literal(d.title))
        self.add(doc, RG.source, Literal(d.source, datatype=XSD.anyURI))
        self.add(doc, RG.identityFrom, Literal(d.identity_from))
        if d.published:
            self.add(doc, RG.published, Literal(d.published.isoformat(), datatype=XSD.date))
        self.add(doc, RG.dateOrigin, Literal(d.date_origin))
        if d.retrieved:
            self.add(doc, RG.retrievedAt, Literal(d.retrieved.isoformat(), datatype=XSD.date))
        self.add(doc, RG.language, Literal(d.language))
        self.add(doc, RG.mediaType, Literal(d.media_type))
        self.add(doc, RG.contentHash, Literal(d.content_hash))
        self.add(doc, RG.extractorVersion, Literal(self.version))
        self.add(doc, RG.ingestedAt, Literal(self.ingested_at.isoformat(timespec="seconds"), datatype=XSD.dateTime))
        self.add(doc, RG.text, Literal(d.text))

    def _entity(self, entity: Entity) -> None:
        """A knowledge-base entity keeps the knowledge base's name as its label; any other is named by the
        documents: here its names are aliases, and its one label is the derived graph's
        (``graph.canonical_labels``), the same whatever the order of ingest."""
        iri = entity_iri(entity.key)
        label = entity.name if entity.kb_id else None
        if label is not None:
            self.add(iri, RDFS.label, Literal(label))
        for alias in sorted((entity.surfaces | ({entity.name} if label is None else set())) - {label}):
            if alias:
                self.add(iri, SKOS.altLabel, Literal(alias))
        for cls in sorted(entity.classes):
            self.add(iri, RDF.type, RG[cls])
        if entity.wikidata:
            self.add(iri, OWL.sameAs, URIRef(WIKIDATA + entity.wikidata))
        if entity.iso:
            self.add(iri, RG.isoCode, Literal(entity.iso))
        self.add(self.doc, RG.mentions, iri)

    def _claim(self, s: URIRef, p: URIRef, o: URIRef | Literal, ev: Evidence, *, from_kb: bool = False,
               extra: tuple[str, ...] = (), iri: URIRef | None = None) -> URIRef:
        claim = iri or claim_iri(str(self.doc), str(s), str(p), str(o), str(ev.start), *extra)
        self.add(claim, RDF.type, RG.Claim)
        self.add(claim, RDF.subject, s)
        self.add(claim, RDF.predicate, p)
        self.add(claim, RDF.object, o)
        if from_kb:
            self.add(claim, PROV.wasDerivedFrom, KB_SOURCE)
            self.add(claim, RG.extractor, Literal(f"knowledge-base/{self.kb_version}"))
        else:
            self.add(claim, PROV.wasDerivedFrom, self.doc)
            self.add(claim, RG.evidenceText, Literal(ev.text))
            self.add(claim, RG.charStart, Literal(ev.start))
            self.add(claim, RG.charEnd, Literal(ev.end))
            self.add(claim, RG.extractor, Literal(ev.extractor))
        self.add(claim, RG.confidence, Literal(f"{ev.confidence:.3f}", datatype=XSD.decimal))
        self.add(claim, RG.modality, Literal(ev.modality))
        return claim

    def _mentions(self, mentions: list[Mention]) -> None:
        """One claim per entity and document: the first mention's sentence, and every span."""
        first = mentions[0]
        iri = entity_iri(first.key)
        claim = self._claim(self.doc, RG.mentions, iri, first.evidence)
        self.add(claim, RG.mentionStart, Literal(first.start))
        self.add(claim, RG.mentionEnd, Literal(first.end))
        spans = " ".join(dict.fromkeys(f"{m.start}:{m.end}" for m in mentions))
        self.add(claim, RG.mentionSpans, Literal(spans))

    def _relation(self, r: Relation) -> None:
        s, o = entity_iri(r.subject), entity_iri(r.object)
        p = RG[r.predicate]
        if r.evidence.modality not in ("denied", "negated"):
            self.add(s, p, o)
        claim = self._claim(s, p, o, r.evidence, from_kb=r.from_kb)
        if r.role:
            self.add(claim, RG.role, Literal(r.role))

    def _event(self, e: Event) -> None:
        """The event (a happening every report of it names alike) and this document's report of it: a claim
        with its sentence, date and status. Label, date and status of the event itself are the
        happenings graph's (``graph.happenings``), from all its reports."""
        ev = happening_iri(e.cls, e.actor, e.target, e.concerns, str(self.doc))
        self.add(ev, RDF.type, RG[e.cls])
        self.add(ev, RDF.type, RG.RiskEvent)
        for prop, key in (("actor", e.actor), ("target", e.target), ("cause", e.cause)):
            if key:
                self.add(ev, RG[prop], entity_iri(key))
        for key in e.concerns:
            self.add(ev, RG.concerns, entity_iri(key))
        # the report's IRI is what the document says (not which happening it joins: that may change)
        report = claim_iri(str(self.doc), "report", e.cls, e.actor or "", e.target or "", *e.concerns,
                           str(e.evidence.start))
        claim = self._claim(ev, RDF.type, RG[e.cls], e.evidence, iri=report)
        if e.date:
            self.add(claim, RG.reportedDate, date_literal(e.date))
        if e.status:
            self.add(claim, RG.reportedStatus, Literal(e.status))


def document_triples(extraction: Extraction, extractor_version: str, kb_version: str,
                     ingested_at: datetime) -> list[Triple]:
    """All triples of the document's named graph (each once, in the order built)."""
    return GraphBuilder(extraction, extractor_version, kb_version, ingested_at).build()


def iter_entity_keys(extraction: Extraction) -> Iterator[str]:
    yield from extraction.entities
