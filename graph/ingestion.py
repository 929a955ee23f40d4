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
from functools import partial

from rdflib import URIRef

from riskgraph.graph.build import document_triples
from riskgraph.graph.happenings import happenings_update
from riskgraph.graph.identity import document_iri
from riskgraph.graph.judgements import Verdicts, verdicts
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store, Triple
from riskgraph.ingest.document import Document, content_hash
from riskgraph.ingest.guarded import ExtractLimits, GuardedExtractor
from riskgraph.ingest.model import Extraction
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

    def add(self, tally: Tally, outcome: str) -> None:
        """Count one document stored as ``outcome`` ("new" or "updated")."""
        if outcome == "new":
            self.new += 1
        else:
            self.updated += 1
        self.entities += tally.entities
        self.relations += tally.relations
        self.events += tally.events
        self.unmatched.update(tally.unmatched)
        if tally.undated is not None:
            self.undated.append(tally.undated)


def read_documents(source: str, limits: ReadLimits | None = None, published: date | None = None) -> list[Document]:
    """The documents of one source, as ingest stores them; SourceError when it cannot be read.

    ``published`` (``riskgraph ingest --published``) dates every document read, and is part of its
    content: a new date makes the document changed.
    """
    documents = read_source(source, limits)
    if published is None:
        return documents
    return [replace(d, published=published, date_origin="given",
                    content_hash=content_hash(f"{d.content_hash}+{published}".encode())) for d in documents]


@dataclass(frozen=True)
class Identity:
    """What deciding whether to extract a document needs: where it is from, what it holds."""

    source: str
    identity_from: str
    content_hash: str
    where: str

    @classmethod
    def of(cls, document: Document) -> Identity:
        return cls(document.source, document.identity_from, document.content_hash, document.where)

    @property
    def iri(self) -> URIRef:
        return document_iri(self.source)


class Admission:
    """Decides, document by document in the order read, which documents of a batch to extract.

    ``admit`` answers "new" or "updated" for a document to extract and store, or None for one that
    is unchanged (same content hash and extractor version as stored), read twice in the batch, or
    whose identity another kind of source established (a clash); the summary and the progress
    callback hear of those at once.
    """

    def __init__(self, store: Store, version: str, summary: IngestSummary, progress: Progress | None = None) -> None:
        self.store = store
        self.version = version
        self.summary = summary
        self.notify = progress or (lambda source, outcome: None)
        self._seen: dict[URIRef, Identity] = {}  # document IRI -> the document first read with it in this batch

    def admit(self, document: Identity) -> str | None:
        iri = document.iri
        earlier = self._seen.get(iri)
        if earlier is not None:  # the same document twice in a batch is read once
            if earlier.identity_from != document.identity_from:
                self.reject(SourceError(document.where, f"has the same identity ({document.source}) as "
                                                        f"{earlier.where}, read earlier in this batch; not stored"))
            return None
        self._seen[iri] = document
        state = _stored_state(self.store, iri)
        if state is not None and state.identity_from not in (None, document.identity_from):
            self.reject(SourceError(document.where, _clash(document, state.identity_from)))
            return None
        if state is not None and (state.content_hash, state.version) == (document.content_hash, self.version):
            self.summary.unchanged += 1
            self.notify(document.source, "unchanged")
            return None
        return "updated" if state else "new"

    def reject(self, failure: SourceError) -> None:
        """A document not stored: an identity clash, or an extraction that failed."""
        self.summary.failures.append(failure)
        self.notify(failure.source, "rejected")


@dataclass(frozen=True)
class Tally:
    """What one stored document adds to the summary's counts (``undated``: its place, when it has no date)."""

    entities: int
    relations: int
    events: int
    unmatched: Counter[str]
    undated: str | None

    @classmethod
    def of(cls, extraction: Extraction) -> Tally:
        return cls(len(extraction.entities), sum(1 for r in extraction.relations if not r.from_kb),
                   len(extraction.events), Counter(extraction.unmatched),
                   extraction.document.where if extraction.document.published is None else None)


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
    admission = Admission(store, pipeline.version, summary, notify)
    status: dict[URIRef, str] = {}

    def changed_documents() -> Iterator[Document]:
        for source in sources:
            try:
                documents = read_documents(source, limits, published)
            except SourceError as exc:
                summary.failures.append(exc)
                notify(source, "failed")
                continue
            notify(source, "read")
            for document in documents:
                outcome = admission.admit(Identity.of(document))
                if outcome is not None:
                    status[document_iri(document.source)] = outcome
                    yield document

    from riskgraph.graph.store_writer import StoreWriter

    def written(chunk: tuple[Tally, str, str]) -> None:
        tally, outcome, source = chunk
        summary.add(tally, outcome)
        notify(source, outcome)

    judged = verdicts(store)  # an analyst's judgements hold over every document written
    extractor = GuardedExtractor(pipeline, extract_limits)
    # documents are written in a thread of their own, in order, while the worker extracts the next ones
    writer = StoreWriter(store, judged, written)
    try:
        for extraction in extractor.extract(changed_documents()):
            writer.take(wait=False)
            if isinstance(extraction, SourceError):
                admission.reject(extraction)
                continue
            document = extraction.document
            iri = document_iri(document.source)
            outcome = status[iri]
            writer.put((Tally.of(extraction), outcome, document.source),
                       [(iri, partial(_graph_of, extraction, pipeline, ingested_at, judged), document.published,
                         outcome == "new")])
        writer.close()
    finally:
        writer.stop()  # interrupted: nothing more after the document being written
    finish(store, summary)
    return summary


def _graph_of(extraction: Extraction, pipeline: Pipeline, ingested_at: datetime, judged: Verdicts) -> list[Triple]:
    """A document's graph as stored: its extraction's triples, less what analysts rejected."""
    return judged.apply(document_triples(extraction, pipeline.version, pipeline.kb_version, ingested_at))


def store_document(store: Store, iri: URIRef, triples: list[Triple], published: date | None, new: bool,
                   judged: Verdicts) -> None:
    """Write one document's graph, with the happenings and labels it changes, in one transaction.

    What it changes is computed from what the store holds at the time: documents written one at a time
    (by one writer, or under one lock) give the same store whatever their order.
    """
    triples, happenings = happenings_update(store, iri, triples, published, new=new)
    happenings = replace(happenings, retract=tuple(judged.rejected_among(triples)))
    store.replace_graph(iri, triples, new=new, derived=happenings)


def finish(store: Store, summary: IngestSummary) -> None:
    """At the end of a batch: compact the store when something was written (else make it durable)."""
    if summary.written:
        store.compact()
    else:
        store.flush()


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


def _clash(document: Identity, stored_from: str) -> str:
    def described(claim: str) -> str:
        if claim == "page":
            return "a page that declares it as its canonical URL"
        if claim.startswith("feed:"):
            return f"an entry of the feed {claim.removeprefix('feed:')}"
        return "a file"

    return (f"its identity {document.source} already belongs to a stored document read from "
            f"{described(stored_from)}; this one comes from {described(document.identity_from)}, so it was not "
            "stored (nothing was overwritten)")
