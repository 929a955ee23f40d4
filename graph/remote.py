"""A SPARQL 1.1 server as the store: the interface of ``graph.store.Store`` over HTTP (httpx).

Endpoints come from one base URL, without a query string:

* no path (``http://127.0.0.1:7879``): the Oxigraph server layout, ``/query``, ``/update``, ``/store``;
* a path (``http://127.0.0.1:3030/riskgraph``): the Fuseki dataset layout, ``<base>/query``,
  ``<base>/update``, ``<base>/data``.

The data model is the embedded store's: one named graph per document, and the default graph
holding their union, kept by the same update. So queries run on the server's plain default graph
(no ``union-default-graph`` parameter, which would count a statement once per graph, and no
server-specific configuration). Bound values travel in a ``VALUES`` clause appended to the query,
each term serialised and checked (``graph.sparql_text``), never formatted from user text. A document is replaced
with ONE update request (retract what only it said from the union, ``DROP SILENT GRAPH``,
``INSERT DATA`` into its graph and the union), which the server applies as one transaction.

Responses are parsed completely before use: a body that is cut short (httpx checks Content-Length
and chunked framing) or does not parse raises StoreError, as does a server that cannot be reached.
Only a CSV/TSV body cut exactly at a line end cannot be told from a complete one.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

import httpx
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from riskgraph.graph.sparql_text import XSD_STRING, sparql_term, with_values
from riskgraph.graph.store import (
    EXPORT_FORMATS,
    Derived,
    Store,
    Triple,
    derived_update,
    judge_update,
    merge_update,
    replace_graph_update,
    retract_from_union,
    unmerge_update,
)
from riskgraph.ontology.errors import QueryError, StoreError

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml", "nquads": "application/n-quads", "trig": "application/trig"}
SPOOL_BYTES = 32 * 1024 * 1024  # exports larger than this spill to a temporary file


# ---------------------------------------------------------------- results to rdflib
def _term(cell: object) -> Node:
    if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
        raise ValueError(f"not an RDF term: {cell!r}")
    kind, value = cell.get("type"), cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return Literal(value, lang=cell["xml:lang"])
        datatype = cell.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unsupported term type {kind!r}")


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:limit]


class RemoteStore:
    """A store on a SPARQL 1.1 server (Query, Update and Graph Store protocols)."""

    def __init__(self, url: str, timeout_s: float = 60, token: str | None = None, *,
                 read_only: bool = False) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL server")
        if parts.query or parts.fragment:
            raise StoreError(f"{url}: give the server's base URL without '?' or '#' (e.g. http://127.0.0.1:7879)")
        path = parts.path.rstrip("/")
        host = parts.netloc.rpartition("@")[2]  # the location never shows a user:password@
        self.url = urlunsplit((parts.scheme, host, path, "", ""))
        self.query_url = f"{self.url}/query"
        self.update_url = f"{self.url}/update"
        self.store_url = f"{self.url}/data" if path else f"{self.url}/store"
        self.timeout_s = timeout_s
        self.read_only = read_only
        self.path = None
        headers = {"User-Agent": "riskgraph"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        auth = (parts.username or "", parts.password or "") if parts.username else None
        self._client = httpx.Client(timeout=timeout_s, headers=headers, auth=auth, follow_redirects=False)

    def close(self) -> None:
        """Close the HTTP connections (the server keeps the data)."""
        self._client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        return self.url

    # -------------------------------------------------------------- HTTP with errors mapped
    @contextmanager
    def _mapped(self) -> Iterator[None]:
        try:
            yield
        except httpx.ConnectError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.url}: {exc}; is it running?") from None
        except httpx.TimeoutException:
            raise StoreError(f"{self._server} did not answer within {self.timeout_s:g} s") from None
        except httpx.RemoteProtocolError as exc:
            raise StoreError(f"the answer of {self._server} was cut short or malformed: {exc}") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot talk to {self._server}: {exc}") from None

    @property
    def _server(self) -> str:
        return f"the SPARQL server at {self.url}"

    def _request(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        with self._mapped():
            response = self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        self._check(response, what)
        return response

    def _check(self, response: httpx.Response, what: str) -> None:
        if response.is_success:
            return
        code = response.status_code
        reason = _first_line(response.text)
        if code == 400 and what == "query":
            raise QueryError(f"the SPARQL server refused the query: {reason}")
        if code in (401, 403):
            raise StoreError(f"{self._server} refused access (HTTP {code}): set [store] token "
                             "(or RISKGRAPH_STORE_TOKEN) if it needs one")
        if code == 404:
            raise StoreError(f"no SPARQL {what} endpoint at {response.request.url} (HTTP 404): check the "
                             "store URL (Oxigraph: http://HOST:PORT, Fuseki: http://HOST:PORT/DATASET)")
        article = "an" if what[0] in "aeiou" else "a"
        raise StoreError(f"{self._server} answered HTTP {code} to {article} {what}: {reason}")

    def _query(self, query: str, bindings: Mapping[str, Node] | None, accept: str) -> httpx.Response:
        return self._request("POST", self.query_url, "query",
                             content=with_values(query, bindings).encode("utf-8"),
                             headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                      "Accept": accept})

    def _json(self, response: httpx.Response) -> dict:
        return self._json_body(response.content, f"{self._server} sent JSON results that "
                               "do not parse (cut short?)")

    # -------------------------------------------------------------- writing
    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")
        self._request("POST", self.update_url, "update", content=update.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple], *, new: bool = False,
                      derived: Derived | None = None) -> None:
        """Replace the named graph ``graph`` by ``triples`` (and the union with it): one update request,
        one transaction, the same update as the embedded store's. ``new=True`` says the graph does not
        exist yet, which saves retracting it; ``derived`` is replaced in the same request."""
        try:
            update = replace_graph_update(graph, triples, new=new, derived=derived, term=sparql_term)
        except QueryError as exc:
            raise StoreError(f"cannot store the graph {graph}: {exc}") from None
        self._update(update)

    def judge(self, graph: URIRef, statement: Triple, triples: Iterable[Triple], *, reject: bool) -> None:
        """Record a judgement of ``statement`` in one request (one transaction on the server)."""
        self._update(judge_update(graph, statement, triples, reject=reject, term=sparql_term))

    def merge_entities(self, graph: URIRef, keep: URIRef, merged: URIRef, triples: Iterable[Triple],
                       derived: Derived | None = None) -> None:
        """Merge ``merged`` into ``keep`` everywhere and record it, in one request."""
        self._update(merge_update(graph, keep, merged, triples, derived, term=sparql_term))

    def unmerge(self, graph: URIRef, judgements: Sequence[URIRef], merged: Sequence[URIRef], keep: URIRef,
                documents: Sequence[URIRef]) -> None:
        """Forget merges into ``keep``; mark ``documents`` to be extracted again, in one request."""
        self._update(unmerge_update(graph, judgements, merged, keep, documents, term=sparql_term))

    def drop_graph(self, graph: URIRef, derived: Derived | None = None) -> None:
        """Remove a document's graph and what only it said from the union, in one transaction."""
        try:
            g = sparql_term(graph)
            update = retract_from_union(g) + f" ;\nDROP SILENT GRAPH {g}" + derived_update(derived, sparql_term)
        except QueryError as exc:
            raise StoreError(str(exc)) from None
        self._update(update)

    def load(self, data: bytes | IO[bytes], fmt: str) -> None:
        """Load an export: parsed here first (a bad file sends nothing), then sent as N-Quads to the
        Graph Store endpoint. Triples without a graph go to the default graph."""
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")
        local = Store()
        local.load(data, fmt)
        body = local.export("nquads") or b""
        self._request("POST", self.store_url, "graph store", content=body,
                      headers={"Content-Type": "application/n-quads"})

    def bulk_load(self, data: bytes, fmt: str) -> None:
        """The embedded store's fast load for new stores; over HTTP it is ``load``."""
        self.load(data, fmt)

    def flush(self) -> None:
        """Nothing to do: the server made each update durable when it answered."""

    def compact(self) -> None:
        """Nothing to do: the server manages its own files."""

    # -------------------------------------------------------------- reading
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node]]:
        """Run a SELECT; each row maps variable name -> rdflib term (unbound variables are absent)."""
        return self.select_with_variables(query, bindings)[0]

    def select_with_variables(self, query: str, bindings: Mapping[str, Node] | None = None
                              ) -> tuple[list[dict[str, Node]], list[str]]:
        return self._select(query, bindings)

    def _select(self, query: str, bindings: Mapping[str, Node] | None
                ) -> tuple[list[dict[str, Node]], list[str]]:
        data = self._json(self._query(query, bindings, RESULT_MEDIA["json"]))
        if "boolean" in data:
            raise QueryError("expected a SELECT query")
        names = data["head"].get("vars")
        results = data.get("results")
        bindings_out = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(names, list) or not isinstance(bindings_out, list):
            raise StoreError(f"{self._server} sent incomplete SELECT results")
        try:
            rows = [{name: _term(cell) for name, cell in b.items() if name in names} for b in bindings_out]
        except (AttributeError, ValueError) as exc:
            raise StoreError(f"{self._server} sent a malformed result: {exc}") from None
        return rows, [str(n) for n in names]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        data = self._json(self._query(query, bindings, RESULT_MEDIA["json"]))
        if not isinstance(data.get("boolean"), bool):
            raise QueryError("expected an ASK query")
        return data["boolean"]

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Triple]:
        response = self._query(query, bindings, GRAPH_MEDIA["ntriples"])
        return self._parsed_graph(response).construct("CONSTRUCT WHERE { ?s ?p ?o }")

    def _parsed_graph(self, response: httpx.Response) -> Store:
        if not response.headers.get("content-type", "").startswith(GRAPH_MEDIA["ntriples"]):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        local = Store()
        try:
            local.load(response.content, "ntriples")
        except StoreError as exc:
            raise StoreError(f"{self._server} sent N-Triples that do not parse (cut short?): {exc}") from None
        return local

    def query_serialized(self, query: str, fmt: str, bindings: Mapping[str, Node] | None = None
                         ) -> tuple[str, bytes]:
        """Run any query; return (kind, bytes) serialised as SPARQL results (SELECT/ASK) or RDF."""
        results_fmt = fmt if fmt in RESULT_MEDIA else "json"
        graph_fmt = fmt if fmt in GRAPH_MEDIA and fmt not in ("nquads", "trig") else "turtle"
        accept = f"{RESULT_MEDIA[results_fmt]}, {GRAPH_MEDIA['ntriples']};q=0.9"
        response = self._query(query, bindings, accept)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == GRAPH_MEDIA["ntriples"]:
            local = self._parsed_graph(response)
            return "graph", local.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", graph_fmt)[1]
        if media != RESULT_MEDIA[results_fmt]:
            raise StoreError(f"{self._server} answered {media or 'no content type'} "
                             f"instead of {RESULT_MEDIA[results_fmt]}")
        return self._results_kind(results_fmt, response.content), response.content

    def _results_kind(self, fmt: str, body: bytes) -> str:
        """Check that a results document is complete; return "boolean" or "bindings"."""
        problem = f"{self._server} sent {fmt.upper()} results that do not parse (cut short?)"
        if fmt == "json":
            return "boolean" if "boolean" in self._json_body(body, problem) else "bindings"
        if fmt == "xml":
            if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
                raise StoreError(f"{problem}: DOCTYPE declarations are refused")
            try:
                root = ElementTree.fromstring(body)
            except ElementTree.ParseError as exc:
                raise StoreError(f"{problem}: {exc}") from None
            if root.find(f"{RESULTS_NS}boolean") is not None:
                return "boolean"
            if root.find(f"{RESULTS_NS}results") is None:
                raise StoreError(f"{problem}: no <results> element")
            return "bindings"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreError(f"{problem}: {exc}") from None
        if text.strip() in ("true", "false"):
            return "boolean"
        if not text.endswith("\n"):
            raise StoreError(f"{problem}: the last line is incomplete")
        if fmt == "csv":
            widths = {len(row) for row in csv.reader(io.StringIO(text)) if row}
        else:
            widths = {len(line.split("\t")) for line in text.splitlines()}
        if len(widths) > 1:
            raise StoreError(f"{problem}: rows of different lengths")
        return "bindings"

    def _json_body(self, body: bytes, problem: str) -> dict:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"{problem}: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
            raise StoreError(f"{problem}: not SPARQL results")
        return data

    def named_graphs(self) -> list[URIRef]:
        rows, _ = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", None)
        return sorted(g for r in rows if isinstance(g := r.get("g"), URIRef))

    def graph_triples(self, graph: URIRef) -> Iterator[Triple]:
        try:
            g = sparql_term(graph)
        except QueryError as exc:
            raise StoreError(str(exc)) from None
        rows, _ = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", None)
        for row in rows:
            yield row["s"], row["p"], row["o"]

    def quad_count(self) -> int:
        every_quad = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        rows, _ = self._select(every_quad, None)
        value = rows[0].get("n") if rows else None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise StoreError(f"{self._server} did not count the quads")
        return int(value.toPython())

    # -------------------------------------------------------------- export
    def export(self, fmt: str, out: IO[bytes] | None = None) -> bytes | None:
        """Serialise the store: the whole dataset is fetched as N-Quads (Graph Store protocol GET),
        parsed completely, then written as ``fmt`` exactly as the embedded store writes it."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown RDF format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            with self._mapped(), self._client.stream("GET", self.store_url,
                                                     headers={"Accept": GRAPH_MEDIA["nquads"]}) as response:
                if not response.is_success:
                    response.read()
                    self._check(response, "graph store request")
                for chunk in response.iter_bytes():
                    spool.write(chunk)
            spool.seek(0)
            local = Store()
            try:
                local.load(spool, "nquads")  # type: ignore[arg-type]
            except StoreError as exc:
                raise StoreError(f"{self._server} sent an export that does not parse "
                                 f"(cut short?): {exc}") from None
        return local.export(fmt, out)
