"""Ingest: read sources, extract, and write each document's named graph in one transaction.

A document whose content hash and extractor version match the store is skipped (nothing written);
a changed document has its graph replaced; a document that cannot be read, or whose extraction
overruns its time or memory limit, is reported and the store is not touched for it. A document
whose identity (its IRI) another kind of source established (a feed entry whose link is a stored
page's canonical URL, say) is reported as a clash, never written over that document.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from rdflib import URIRef

from riskgraph.graph.build import document_triples
from riskgraph.graph.happenings import happenings_update
from riskgraph.graph.identity import document_iri
from riskgraph.graph.judgements import verdicts
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ingest.document import Document, content_hash
from riskgraph.ingest.guarded import ExtractLimits, GuardedExtractor
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
    undated: list[str] = field(default_factory=list)  # documents stored without a publication date

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def written(self) -> int:
        return self.new + self.updated


def ingest_sources(store: Store, sources: Sequence[str], pipeline: Pipeline, limits: ReadLimits | None = None,
                   progress: Progress | None = None, now: datetime | None = None,
                   extract_limits: ExtractLimits | None = None, published: date | None = None) -> IngestSummary:
    """Ingest ``sources`` (files, or "-" for stdin; see ``expand_paths``) into ``store``.

    ``progress(source, outcome)`` is called once per source with "read" or "failed", then once
    per document with "new", "updated", "unchanged" or "rejected" (a clash or a failed extraction).
    ``published`` (``riskgraph ingest --published``) is the publication date of every document read.
    """
    summary = IngestSummary()
    notify = progress or (lambda source, outcome: None)
    ingested_at = now or datetime.now(UTC).replace(microsecond=0)
    status: dict[URIRef, str] = {}

    def changed_documents() -> Iterator[Document]:
        seen: dict[URIRef, Document] = {}  # document IRI -> the document first read with it in this batch
        for source in sources:
            try:
                documents = read_source(source, limits)
            except SourceError as exc:
                summary.failures.append(exc)
                notify(source, "failed")
                continue
            notify(source, "read")
            for document in documents:
                if published is not None:  # part of the content: a new date makes the document changed
                    document = replace(document, published=published, date_origin="given",
                                       content_hash=content_hash(f"{document.content_hash}+{published}".encode()))
                iri = document_iri(document.source)
                earlier = seen.get(iri)
                if earlier is not None:  # the same document twice in a batch is read once
                    if earlier.identity_from != document.identity_from:
                        reject(SourceError(document.where, f"has the same identity ({document.source}) as "
                                                           f"{earlier.where}, read earlier in this batch; not stored"))
                    continue
                seen[iri] = document
                state = _stored_state(store, iri)
                if state is not None and state.identity_from not in (None, document.identity_from):
                    reject(SourceError(document.where, _clash(document, state.identity_from)))
                    continue
                if state is not None and (state.content_hash, state.version) == (document.content_hash,
                                                                               pipeline.version):
                    summary.unchanged += 1
                    notify(document.source, "unchanged")
                    continue
                status[iri] = "updated" if state else "new"
                yield document

    def reject(failure: SourceError) -> None:
        summary.failures.append(failure)
        notify(failure.source, "rejected")

    judged = verdicts(store)  # an analyst's judgements hold over every document written
    extractor = GuardedExtractor(pipeline, extract_limits)
    for extraction in extractor.extract(changed_documents()):
        if isinstance(extraction, SourceError):
            reject(extraction)
            continue
        iri = document_iri(extraction.document.source)
        triples = judged.apply(document_triples(extraction, pipeline.version, pipeline.kb_version, ingested_at))
        outcome = status[iri]
        triples, happenings = happenings_update(store, iri, triples, extraction.document.published,
                                                new=outcome == "new")
        happenings = replace(happenings, retract=tuple(judged.rejected_among(triples)))
        store.replace_graph(iri, triples, new=outcome == "new", derived=happenings)
        if outcome == "new":
            summary.new += 1
        else:
            summary.updated += 1
        summary.entities += len(extraction.entities)
        summary.relations += sum(1 for r in extraction.relations if not r.from_kb)
        summary.events += len(extraction.events)
        summary.unmatched.update(extraction.unmatched)
        if extraction.document.published is None:
            summary.undated.append(extraction.document.where)
        notify(extraction.document.source, outcome)
    if summary.written:
        store.compact()
    else:
        store.flush()
    return summary


@dataclass(frozen=True)
class StoredState:
    content_hash: str
    version: str
    identity_from: str | None  # None for documents stored before identities were recorded


def _stored_state(store: Store, doc: URIRef) -> StoredState | None:
    rows = store.select(load_query("document_state"), {"doc": doc})
    if not rows:
        return None
    claim = rows[0].get("identityFrom")
    return StoredState(str(rows[0]["hash"]), str(rows[0]["version"]), str(claim) if claim is not None else None)


def _clash(document: Document, stored_from: str) -> str:
    def described(claim: str) -> str:
        if claim == "page":
            return "a page that declares it as its canonical URL"
        if claim.startswith("feed:"):
            return f"an entry of the feed {claim.removeprefix('feed:')}"
        return "a file"

    return (f"its identity {document.source} already belongs to a stored document read from "
            f"{described(stored_from)}; this one comes from {described(document.identity_from)}, so it was not "
            "stored (nothing was overwritten)")
