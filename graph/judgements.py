"""An analyst's judgements, kept apart from what extraction says and applied on top of it.

A judgement confirms or rejects a statement ``s p o``, or merges one entity into another. It lives in
its own named graph (``JUDGEMENTS_GRAPH``) with who made it, when and why (PROV-O), so re-ingesting a
document or upgrading the extractor never undoes it:
- a rejected statement leaves the default graph (the union of all documents) at once, and every later
  write of a document that says it again leaves it out of the union too; exposure, the report and the
  dashboard skip it;
- a confirmed statement is asserted by the judgements graph itself with a claim of full confidence;
- a merge gives the second entity's statements to the first in every graph (the first keeps its IRI,
  ``owl:sameAs`` records the second), and every later document write maps the second to the first.
  ``split`` undoes a merge for what is written from then on: the documents that named the merged
  entity are marked to be read again by the next ``riskgraph ingest`` of their files.
The latest judgement of a statement wins.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from riskgraph.graph.identity import BASE, claim_iri, digest
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Derived, Store, Triple
from riskgraph.ontology.errors import QueryError
from riskgraph.ontology.namespace import RG

JUDGEMENTS_GRAPH = URIRef(BASE + "graph/judgements")
AGENT_BASE = BASE + "agent/"
VERDICTS = ("confirm", "reject", "merge")


@dataclass(frozen=True)
class Judgement:
    iri: str
    verdict: str  # confirm | reject | merge
    subject: str
    predicate: str | None  # None for a merge (subject merged into object)
    object: str
    who: str
    when: str
    why: str

    def as_dict(self) -> dict:
        return {"iri": self.iri, "verdict": self.verdict, "subject": self.subject, "predicate": self.predicate,
                "object": self.object, "who": self.who, "when": self.when, "why": self.why}


@dataclass(frozen=True)
class Verdicts:
    """What the judgements say, for the code that writes documents and builds views."""

    rejected: frozenset[tuple[str, str, str]]
    confirmed: frozenset[tuple[str, str, str]]
    merged: dict[str, str]  # merged entity -> the entity it was merged into

    def apply(self, triples: Iterable[Triple]) -> list[Triple]:
        """``triples`` with merged entities written as the entity they were merged into."""
        if not self.merged:
            return list(triples)
        merged = {URIRef(k): URIRef(v) for k, v in self.merged.items()}
        return [(merged.get(s, s), p, merged.get(o, o) if isinstance(o, URIRef) else o) for s, p, o in triples]

    def rejected_among(self, triples: Iterable[Triple]) -> list[Triple]:
        return [t for t in triples if (str(t[0]), str(t[1]), str(t[2])) in self.rejected]


def verdicts(store: Store) -> Verdicts:
    rejected, confirmed, merged = set(), set(), {}
    for j in judgements(store):
        if j.verdict == "merge":
            merged[j.subject] = j.object
        elif j.verdict == "reject":
            rejected.add((j.subject, str(j.predicate), j.object))
        elif j.verdict == "confirm":
            confirmed.add((j.subject, str(j.predicate), j.object))
    return Verdicts(frozenset(rejected), frozenset(confirmed), merged)


def judgements(store: Store) -> list[Judgement]:
    """Every judgement in force, oldest first."""
    out = []
    for r in store.select(load_query("judgements")):
        out.append(Judgement(iri=str(r["j"]), verdict=str(r["verdict"]), subject=str(r["s"]),
                             predicate=str(r["p"]) if "p" in r else None, object=str(r["o"]),
                             who=str(r.get("who", "")).removeprefix(AGENT_BASE), when=str(r["when"]),
                             why=str(r.get("why", ""))))
    return sorted(out, key=lambda j: (j.when, j.iri))


def _agent(who: str) -> URIRef:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in who.strip()) or "analyst"
    return URIRef(AGENT_BASE + safe)


def _record(j: URIRef, verdict: str, s: URIRef, p: URIRef | None, o: URIRef | Literal, who: str, why: str,
            now: datetime) -> list[Triple]:
    out: list[Triple] = [(j, RDF.type, RG.Judgement), (j, RDF.type, PROV.Activity), (j, RG.verdict, Literal(verdict)),
                         (j, RDF.subject, s), (j, RDF.object, o), (j, PROV.wasAssociatedWith, _agent(who)),
                         (_agent(who), RDF.type, PROV.Agent),
                         (j, DCTERMS.created, Literal(now.isoformat(timespec="seconds"), datatype=XSD.dateTime))]
    if p is not None:
        out.append((j, RDF.predicate, p))
    if why:
        out.append((j, RDFS.comment, Literal(why)))
    return out


def judge_statement(store: Store, verdict: str, statement: tuple[URIRef, URIRef, URIRef], who: str, why: str = "",
                    now: datetime | None = None) -> Judgement:
    """Confirm or reject ``s p o``: one transaction, replacing any earlier judgement of it."""
    if verdict not in ("confirm", "reject"):
        raise QueryError(f"a statement is confirmed or rejected, not {verdict!r}")
    s, p, o = statement
    now = now or datetime.now(UTC)
    j = URIRef(BASE + "judgement/" + digest(verdict, str(s), str(p), str(o), now.isoformat()))
    triples = _record(j, verdict, s, p, o, who, why, now)
    if verdict == "confirm":  # the judgements graph says it, with a claim of full confidence
        claim = claim_iri(str(j), str(s), str(p), str(o))
        triples += [(s, p, o), (claim, RDF.type, RG.Claim), (claim, RDF.subject, s), (claim, RDF.predicate, p),
                    (claim, RDF.object, o), (claim, PROV.wasDerivedFrom, j),
                    (claim, RG.confidence, Literal("1.000", datatype=XSD.decimal)),
                    (claim, RG.modality, Literal("asserted")), (claim, RG.extractor, Literal(f"judgement/{who}"))]
    store.judge(JUDGEMENTS_GRAPH, (s, p, o), triples, reject=(verdict == "reject"))
    return Judgement(str(j), verdict, str(s), str(p), str(o), who, now.isoformat(timespec="seconds"), why)


def merge(store: Store, keep: URIRef, merged: URIRef, who: str, why: str = "",
          now: datetime | None = None) -> Judgement:
    """Merge ``merged`` into ``keep``: its statements become ``keep``'s everywhere, in one transaction."""
    if keep == merged:
        raise QueryError("an entity cannot be merged into itself")
    now = now or datetime.now(UTC)
    j = URIRef(BASE + "judgement/" + digest("merge", str(merged), str(keep), now.isoformat()))
    triples = [*_record(j, "merge", merged, None, keep, who, why, now), (merged, OWL.sameAs, keep)]
    store.merge_entities(JUDGEMENTS_GRAPH, keep, merged, triples, _label_after_merge(store, keep, merged))
    return Judgement(str(j), "merge", str(merged), None, str(keep), who, now.isoformat(timespec="seconds"), why)


def _label_after_merge(store: Store, keep: URIRef, merged: URIRef) -> Derived:
    """``keep``'s one label once ``merged``'s names are its own: the knowledge base's, else the fullest name."""
    from riskgraph.graph.canonical_labels import canonical, named_by_documents
    from riskgraph.graph.happenings import HAPPENINGS_GRAPH

    if not named_by_documents(keep):
        return Derived(HAPPENINGS_GRAPH, (keep,), ())  # its label is the knowledge base's, in the documents
    names = {str(r["name"]) for entity in (keep, merged)
             for r in store.select(load_query("entity_names_elsewhere"), {"entity": entity})}
    label = canonical(names) if names else str(keep)
    return Derived(HAPPENINGS_GRAPH, (keep,), ((keep, RDFS.label, Literal(label)),))


def split(store: Store, keep: URIRef) -> list[str]:
    """Undo the merges into ``keep`` from now on; return the documents to read again (they are marked so
    that the next ``riskgraph ingest`` of their files extracts them anew)."""
    merges = [j for j in judgements(store) if j.verdict == "merge" and j.object == str(keep)]
    if not merges:
        raise QueryError(f"nothing was merged into {keep}")
    docs = sorted({str(r["doc"]) for r in store.select(load_query("documents_mentioning"), {"entity": keep})})
    store.unmerge(JUDGEMENTS_GRAPH, [URIRef(j.iri) for j in merges], [URIRef(j.subject) for j in merges], keep,
                  [URIRef(d) for d in docs])
    return docs
