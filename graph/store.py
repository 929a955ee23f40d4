"""The one module that speaks to the storage engine (embedded Oxigraph on disk).

Everything above this module uses rdflib terms. Each document lives in a named graph whose IRI is
the document's IRI. The default graph holds the union of all named graphs (as a set: a statement
made by three documents is there once), so queries see the union as their default graph and
``GRAPH ?g`` still finds each document's own statements. A document is replaced with ONE SPARQL
update (remove from the union what only it said, ``DROP SILENT GRAPH``, ``INSERT DATA`` into its
graph and the union), which Oxigraph applies as one transaction: after a crash the graph is the old
version or the new one, never half.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from riskgraph.ontology.errors import QueryError, StoreError

Quad = tuple[Node, Node, Node, URIRef]
Triple = tuple[Node, Node, Node]

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
LOSSLESS_FORMATS = {"trig", "nquads", "jsonld"}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
XSD = "http://www.w3.org/2001/XMLSchema#"


# ---------------------------------------------------------------- term conversion (rdflib <-> oxigraph)
def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the engine's term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store term {term!r} of type {type(term).__name__}")


def from_ox(term: object) -> Node | None:
    """Convert an engine term to rdflib (``xsd:string`` literals come back as plain literals)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise StoreError(f"unexpected term from the store: {term!r}")


def _ox_str(term: Node) -> str:
    if isinstance(term, URIRef):
        return _iri_str(str(term))
    return str(to_ox(term))


@lru_cache(maxsize=65536)
def _iri_str(iri: str) -> str:
    """An IRI as SPARQL writes it (checked by the engine), remembered: a document repeats its IRIs."""
    return str(ox.NamedNode(iri))


# ---------------------------------------------------------------- the store
class Store:
    """An embedded Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._db = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"no riskgraph store at {self.path}: run `riskgraph ingest PATH --store {self.path}` first"
                    )
                self._db = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: a read-only open of a store that needs recovery
            raise StoreError(f"cannot open the store at {self.path}: {_first_line(exc)}") from exc
        self.read_only = read_only

    def close(self) -> None:
        """Release the engine (and its lock on the folder) now rather than at garbage collection."""
        import gc

        self._db = None  # type: ignore[assignment]
        gc.collect()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        return str(self.path) if self.path else ":memory:"

    # -------------------------------------------------------------- writing
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple], *, new: bool = False,
                      derived: Derived | None = None) -> None:
        """Replace the named graph ``graph`` by ``triples`` (and the union with it) in one transaction.
        ``new=True`` says the graph does not exist yet, which saves retracting it. ``derived`` replaces,
        in the same transaction, what a derived graph says about some subjects (the happenings)."""
        self._update(replace_graph_update(graph, triples, new=new, derived=derived))

    def judge(self, graph: URIRef, statement: Triple, triples: Iterable[Triple], *, reject: bool) -> None:
        """Record a judgement of ``statement`` (see ``graph.judgements``) in one transaction."""
        self._update(judge_update(graph, statement, triples, reject=reject))

    def merge_entities(self, graph: URIRef, keep: URIRef, merged: URIRef, triples: Iterable[Triple],
                       derived: Derived | None = None) -> None:
        """Merge ``merged`` into ``keep`` everywhere and record it, in one transaction."""
        self._update(merge_update(graph, keep, merged, triples, derived))

    def unmerge(self, graph: URIRef, judgements: Sequence[URIRef], merged: Sequence[URIRef], keep: URIRef,
                documents: Sequence[URIRef]) -> None:
        """Forget merges into ``keep``; mark ``documents`` to be extracted again, in one transaction."""
        self._update(unmerge_update(graph, judgements, merged, keep, documents))

    def drop_graph(self, graph: URIRef, derived: Derived | None = None) -> None:
        """Remove a document's graph and what only it said from the union, in one transaction."""
        g = _ox_str(graph)
        self._update(retract_from_union(g) + f" ;\nDROP SILENT GRAPH {g}" + derived_update(derived))

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            self._db.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write to the store at {self.location}: {_first_line(exc)}") from exc

    def load(self, data: bytes | IO[bytes], fmt: str) -> None:
        """Load an export (one transaction). Triples without a graph go to the default graph."""
        rdf_format = _rdf_format(fmt)
        try:
            self._db.load(data, format=rdf_format)
        except SyntaxError as exc:
            raise StoreError(f"the file is not valid {fmt}: {_first_line(exc)}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot load into the store at {self.location}: {_first_line(exc)}") from exc

    def bulk_load(self, data: bytes, fmt: str) -> None:
        """Fast load for building a NEW store (benchmarks, restores into an empty folder). Not atomic:
        never use it on a store that holds data you care about."""
        try:
            self._db.bulk_load(data, format=_rdf_format(fmt))
        except SyntaxError as exc:
            raise StoreError(f"the data is not valid {fmt}: {_first_line(exc)}") from exc

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._db.flush()

    def compact(self) -> None:
        """Flush and compact, then reopen: the engine deletes a write-ahead log it no longer needs (as large
        as everything written since the store was opened) only when the store is opened for writing."""
        if self.path is not None and not self.read_only:
            import gc

            self._db.flush()
            self._db.optimize()
            self._db = None  # type: ignore[assignment]
            gc.collect()
            self._db = ox.Store(str(self.path))

    # -------------------------------------------------------------- reading
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node]]:
        """Run a SELECT; each row maps variable name -> rdflib term (unbound variables are absent)."""
        return self.select_with_variables(query, bindings)[0]

    def select_with_variables(self, query: str, bindings: Mapping[str, Node] | None = None
                              ) -> tuple[list[dict[str, Node]], list[str]]:
        """Like ``select``, also returning the projected variable names in order."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows, names

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Triple]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]

    def query_serialized(self, query: str, fmt: str, bindings: Mapping[str, Node] | None = None
                         ) -> tuple[str, bytes]:
        """Run any query; return (kind, bytes) serialised as SPARQL results (SELECT/ASK) or RDF."""
        result = self._query(query, bindings)
        if isinstance(result, ox.QueryTriples):
            rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
            return "graph", result.serialize(format=rdf_format)
        results_format = RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "bindings"
        return kind, result.serialize(format=results_format)

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> object:
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self._db.query(query, substitutions=substitutions)
        except SyntaxError as exc:
            raise QueryError(f"the query is not valid SPARQL: {_first_line(exc)}") from exc
        except RuntimeError as exc:
            raise QueryError(f"the query failed: {_first_line(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store at {self.location}: {_first_line(exc)}") from exc

    def query_limited(self, query: str, fmt: str, *, max_rows: int,
                      default_graphs: Sequence[URIRef] | None = None,
                      named_graphs: Sequence[URIRef] | None = None) -> tuple[str, bytes, bool]:
        """Run any query for the SPARQL endpoint; return (kind, bytes, truncated).

        Without ``default_graphs`` and ``named_graphs`` the dataset is the store's own (the default
        graph holds the union of the documents). With either (the SPARQL Protocol's
        ``default-graph-uri``/``named-graph-uri``), the dataset is exactly those graphs. SELECT
        solutions and CONSTRUCT triples stop after ``max_rows``; ``truncated`` tells whether there
        were more. The bytes are always a complete document.
        """
        try:
            options: dict[str, object] = {}
            if default_graphs is not None or named_graphs is not None:
                options = {"default_graph": [to_ox(g) for g in default_graphs or []],
                           "named_graphs": [to_ox(g) for g in named_graphs or []]}
            result = self._db.query(query, **options)
            if isinstance(result, ox.QueryBoolean):
                results_format = RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)
                return "boolean", result.serialize(format=results_format), False
            if isinstance(result, ox.QueryTriples):
                triples = list(islice(result, max_rows + 1))
                body = ox.serialize(triples[:max_rows], format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
                return "graph", body or b"", len(triples) > max_rows
            return _capped_solutions(result, fmt, max_rows)
        except SyntaxError as exc:
            raise QueryError(f"the query is not valid SPARQL: {_first_line(exc)}") from exc
        except (RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed: {_first_line(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store at {self.location}: {_first_line(exc)}") from exc

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_triples(self, graph: URIRef) -> Iterator[Triple]:
        for q in self._db.quads_for_pattern(None, None, None, to_ox(graph)):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def quad_count(self) -> int:
        return len(self._db)

    # -------------------------------------------------------------- export
    def export(self, fmt: str, out: IO[bytes] | None = None) -> bytes | None:
        """Serialise the store. trig/nquads/jsonld keep the named graphs; turtle/ntriples give the union."""
        rdf_format = _rdf_format(fmt)
        if fmt in LOSSLESS_FORMATS:
            return self._db.dump(out, rdf_format)
        return self._db.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=_PREFIXES)



@dataclass(frozen=True)
class Derived:
    """Statements of a derived graph (one computed from the documents' graphs, such as the happenings)
    about ``subjects``: they replace what the graph said about them and about the nodes they link to
    with ``owns``."""

    graph: URIRef
    subjects: tuple[URIRef, ...]
    triples: tuple[Triple, ...]
    owns: URIRef | None = None
    renames: tuple[tuple[URIRef, URIRef], ...] = ()  # (old, new): every graph's old IRI becomes new first
    retract: tuple[Triple, ...] = ()  # statements to leave out of the union (an analyst rejected them)


def replace_graph_update(graph: URIRef, triples: Iterable[Triple], *, new: bool = False,
                         derived: Derived | None = None, term: Callable[[Node], str] | None = None) -> str:
    """The one SPARQL update that replaces a document's graph (and its share of the union); ``term``
    writes an RDF term as SPARQL (the engine's own serialiser by default)."""
    term = term or _ox_str
    g = term(graph)
    body = "\n".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples)
    retract = "" if new else retract_from_union(g) + f" ;\nDROP SILENT GRAPH {g} ;\n"
    return (f"{retract}INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }} ;\nINSERT DATA {{\n{body}\n}}"
            + derived_update(derived, term))


def derived_update(derived: Derived | None, term: Callable[[Node], str] | None = None) -> str:
    """Replace what ``derived.graph`` says about its subjects (and what they own), graph and union alike."""
    if derived is None or not derived.subjects:
        return ""
    term = term or _ox_str
    out = "".join(_rename(term(old), term(new)) for old, new in derived.renames)
    d = term(derived.graph)
    values = " ".join(term(s) for s in derived.subjects)
    pick = f"{{ VALUES ?x {{ {values} }} ?x ?p ?o }}"
    if derived.owns is not None:
        pick += f" UNION {{ VALUES ?h {{ {values} }} ?h {term(derived.owns)} ?x . ?x ?p ?o }}"
    out += (f" ;\nDELETE {{ ?x ?p ?o }} WHERE {{ GRAPH {d} {{ {pick} }} "
           f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?x ?p ?o }} FILTER(?other != {d}) }} }}"
           f" ;\nDELETE {{ GRAPH {d} {{ ?x ?p ?o }} }} WHERE {{ GRAPH {d} {{ {pick} }} }}")
    if derived.triples:
        body = "\n".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in derived.triples)
        out += f" ;\nINSERT DATA {{ GRAPH {d} {{\n{body}\n}} }} ;\nINSERT DATA {{\n{body}\n}}"
    if derived.retract:
        body = "\n".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in derived.retract)
        out += f" ;\nDELETE DATA {{\n{body}\n}}"
    return out


def _rename(old: str, new: str) -> str:
    """SPARQL update giving ``old``'s statements to ``new``, in every graph and the union."""
    return (f" ;\nDELETE {{ GRAPH ?g {{ {old} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {new} ?p ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ {old} ?p ?o }} }}"
            f" ;\nDELETE {{ GRAPH ?g {{ ?s ?p {old} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {new} }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s ?p {old} }} }}"
            f" ;\nDELETE {{ {old} ?p ?o }} INSERT {{ {new} ?p ?o }} WHERE {{ {old} ?p ?o }}"
            f" ;\nDELETE {{ ?s ?p {old} }} INSERT {{ ?s ?p {new} }} WHERE {{ ?s ?p {old} }}")


_JUDGEMENT = "<https://w3id.org/riskgraph#Judgement>"
_CLAIM = "<https://w3id.org/riskgraph#Claim>"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_S, _RDF_P, _RDF_O = (f"<{_RDF}{n}>" for n in ("subject", "predicate", "object"))


def judge_update(graph: URIRef, statement: Triple, triples: Iterable[Triple], *, reject: bool,
                 term: Callable[[Node], str] | None = None) -> str:
    """Replace the judgements of ``statement`` by ``triples`` in the judgements ``graph`` (and the union);
    ``reject`` also takes the statement out of the union."""
    term = term or _ox_str
    j, (s, p, o) = term(graph), (term(statement[0]), term(statement[1]), term(statement[2]))
    earlier = (f"{{ ?x a {_JUDGEMENT} }} UNION {{ ?x a {_CLAIM} }} "
               f"?x {_RDF_S} {s} ; {_RDF_P} {p} ; {_RDF_O} {o} ; ?xp ?xo .")
    body = "\n".join(f"{term(a)} {term(b)} {term(c)} ." for a, b, c in triples)
    out = [f"DELETE {{ ?x ?xp ?xo }} WHERE {{ GRAPH {j} {{ {earlier} }} "
           f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?x ?xp ?xo }} FILTER(?other != {j}) }} }}",
           f"DELETE {{ GRAPH {j} {{ ?x ?xp ?xo }} }} WHERE {{ GRAPH {j} {{ {earlier} }} }}",
           f"DELETE {{ {s} {p} {o} }} WHERE {{ GRAPH {j} {{ {s} {p} {o} }} "
           f"FILTER NOT EXISTS {{ GRAPH ?other {{ {s} {p} {o} }} FILTER(?other != {j}) }} }}",
           f"DELETE DATA {{ GRAPH {j} {{ {s} {p} {o} }} }}",
           f"INSERT DATA {{ GRAPH {j} {{\n{body}\n}} }}", f"INSERT DATA {{\n{body}\n}}"]
    if reject:
        out.append(f"DELETE DATA {{ {s} {p} {o} }}")
    return " ;\n".join(out)


def merge_update(graph: URIRef, keep: URIRef, merged: URIRef, triples: Iterable[Triple],
                 derived: Derived | None = None, term: Callable[[Node], str] | None = None) -> str:
    """Give ``merged``'s statements to ``keep`` in every graph and the union, record the merge, then
    replace what ``derived`` says (``keep``'s one label)."""
    term = term or _ox_str
    body = "\n".join(f"{term(a)} {term(b)} {term(c)} ." for a, b, c in triples)
    return (_rename(term(merged), term(keep)).removeprefix(" ;\n")
            + f" ;\nINSERT DATA {{ GRAPH {term(graph)} {{\n{body}\n}} }} ;\nINSERT DATA {{\n{body}\n}}"
            + derived_update(derived, term))


def unmerge_update(graph: URIRef, judgements: Sequence[URIRef], merged: Sequence[URIRef], keep: URIRef,
                   documents: Sequence[URIRef], term: Callable[[Node], str] | None = None) -> str:
    """Forget merges into ``keep`` and mark ``documents`` to be extracted again by the next ingest."""
    term = term or _ox_str
    j = term(graph)
    owl_same = "<http://www.w3.org/2002/07/owl#sameAs>"
    version = "<https://w3id.org/riskgraph#extractorVersion>"
    out = []
    for node in judgements:
        n = term(node)
        out += [f"DELETE {{ {n} ?p ?o }} WHERE {{ GRAPH {j} {{ {n} ?p ?o }} }}",
                f"DELETE {{ GRAPH {j} {{ {n} ?p ?o }} }} WHERE {{ GRAPH {j} {{ {n} ?p ?o }} }}"]
    for node in merged:
        out += [f"DELETE DATA {{ GRAPH {j} {{ {term(node)} {owl_same} {term(keep)} }} }}",
                f"DELETE DATA {{ {term(node)} {owl_same} {term(keep)} }}"]
    for doc in documents:
        d = term(doc)
        out += [f"DELETE {{ GRAPH {d} {{ {d} {version} ?v }} {d} {version} ?v }} "
                f"INSERT {{ GRAPH {d} {{ {d} {version} \"split-pending\" }} {d} {version} \"split-pending\" }} "
                f"WHERE {{ GRAPH {d} {{ {d} {version} ?v }} }}"]
    return " ;\n".join(out)


def retract_from_union(graph: str) -> str:
    """SPARQL update removing from the default graph the statements only ``graph`` makes."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}")


_PREFIXES = {
    "rg": "https://w3id.org/riskgraph#",
    "rgid": "https://w3id.org/riskgraph/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
}


def _capped_solutions(result: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[str, bytes, bool]:
    """Serialise the first ``max_rows`` solutions (pyoxigraph cannot build results from a subset, so
    they go through TSV, whose cells are the terms in N-Triples syntax, and back)."""
    results_format = RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)
    names = [v.value for v in result.variables]
    if not names:  # no variables: nothing to cap, and TSV cannot tell one empty row from none
        return "bindings", result.serialize(format=results_format), False
    rows = list(islice(result, max_rows + 1))
    lines = ["\t".join(f"?{name}" for name in names)]
    for row in rows[:max_rows]:
        lines.append("\t".join("" if (value := row[name]) is None else str(value) for name in names))
    capped = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return "bindings", capped.serialize(format=results_format), len(rows) > max_rows


def _rdf_format(fmt: str) -> ox.RdfFormat:
    try:
        return EXPORT_FORMATS[fmt]
    except KeyError:
        raise StoreError(f"unknown RDF format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
