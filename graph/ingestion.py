"""Ingest: read sources, extract, and write each document's named graph in one transaction.

A document whose content hash and extractor version match the store is skipped (nothing written);
a changed document has its graph replaced; a document that cannot be read is reported and the
store is not touched for it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Literal, URIRef

from riskgraph.graph.build import document_triples
from riskgraph.graph.identity import document_iri
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ingest.document import Document
from riskgraph.ingest.pipeline import Pipeline
from riskgraph.ingest.readers import ReadLimits, read_source
from riskgraph.ontology.errors import SourceError

Progress = Callable[[str, str], None]  # (source, outcome)


@dataclass
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[SourceError] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    events: int = 0
    unmatched: Counter[str] = field(default_factory=Counter)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def written(self) -> int:
        return self.new + self.updated


def ingest_sources(store: Store, sources: Sequence[str], pipeline: Pipeline, limits: ReadLimits | None = None,
                   progress: Progress | None = None, now: datetime | None = None) -> IngestSummary:
    """Ingest ``sources`` (files, or "-" for stdin; see ``expand_paths``) into ``store``.

    ``progress(source, outcome)`` is called once per source with "read" or "failed", then once
    per document with "new", "updated" or "unchanged".
    """
    summary = IngestSummary()
    notify = progress or (lambda source, outcome: None)
    ingested_at = now or datetime.now(UTC).replace(microsecond=0)
    status: dict[URIRef, str] = {}

    def changed_documents() -> Iterator[Document]:
        seen: set[URIRef] = set()
        for source in sources:
            try:
                documents = read_source(source, limits)
            except SourceError as exc:
                summary.failures.append(exc)
                notify(source, "failed")
                continue
            notify(source, "read")
            for document in documents:
                iri = document_iri(document.source)
                if iri in seen:
                    continue
                seen.add(iri)
                state = _stored_state(store, iri)
                if state == (document.content_hash, pipeline.version):
                    summary.unchanged += 1
                    notify(document.source, "unchanged")
                    continue
                status[iri] = "updated" if state else "new"
                yield document

    for extraction in pipeline.extract(changed_documents()):
        iri = document_iri(extraction.document.source)
        triples = document_triples(extraction, pipeline.version, pipeline.kb_version,
                                   lambda e: _existing_label(store, e), ingested_at)
        outcome = status[iri]
        store.replace_graph(iri, triples, new=outcome == "new")
        if outcome == "new":
            summary.new += 1
        else:
            summary.updated += 1
        summary.entities += len(extraction.entities)
        summary.relations += sum(1 for r in extraction.relations if not r.from_kb)
        summary.events += len(extraction.events)
        summary.unmatched.update(extraction.unmatched)
        notify(extraction.document.source, outcome)
    store.flush()
    return summary


def _stored_state(store: Store, doc: URIRef) -> tuple[str, str] | None:
    rows = store.select(load_query("document_state"), {"doc": doc})
    if not rows:
        return None
    return str(rows[0]["hash"]), str(rows[0]["version"])


def _existing_label(store: Store, entity: URIRef) -> str | None:
    rows = store.select(load_query("entity_label"), {"entity": entity})
    labels = sorted(str(r["label"]) for r in rows if isinstance(r.get("label"), Literal))
    return labels[0] if labels else None
