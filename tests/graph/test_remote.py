"""RemoteStore against a real Oxigraph server (the `oxigraph` PyPI package's binary): the same
answers as the embedded store after the same ingest, one clear line when the server is away, and
StoreError for answers that are cut short or do not parse (from a misbehaving loopback server)."""
from __future__ import annotations

import inspect
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from riskgraph.graph.queries import load_query
from riskgraph.graph.remote import RemoteStore
from riskgraph.graph.sparql_text import sparql_term, with_values
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import QueryError, StoreError

SAMPLES = Path(__file__).parents[2] / "data" / "samples"
DOCS = ["2023-12-05-microsoft-suspends-nimbus-compute.md", "2023-12-12-bis-entity-list-server-makers.md",
        "2023-12-22-seed-bytedance-openai.md", "2023-12-27-microsoft-clarifies-bytedance-licence.md"]
INGESTED_AT = "https://w3id.org/riskgraph#ingestedAt"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
EVERYTHING = f"""SELECT ?g ?s ?p ?o WHERE {{
  {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }}
  FILTER(?p != <{INGESTED_AT}>)
}}"""
LABELS = "SELECT ?e ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def rg(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "riskgraph.app", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binding_set(stdout: str) -> set[str]:
    data = json.loads(stdout)
    return {json.dumps(b, sort_keys=True) for b in data["results"]["bindings"]}


def without_ingest_time(nquads: bytes) -> list[str]:
    return sorted(line for line in nquads.decode("utf-8").splitlines() if line and INGESTED_AT not in line)


@pytest.fixture(scope="module")
def docs() -> list[Path]:
    paths = [SAMPLES / name for name in DOCS]
    assert all(p.is_file() for p in paths), DOCS
    return paths


@pytest.fixture(scope="module")
def stores(docs: list[Path], tmp_path_factory: pytest.TempPathFactory, oxigraph_server) -> Iterator[tuple[str, Path]]:
    """(server URL, embedded store folder), each after the same ingest of four sample documents."""
    base = tmp_path_factory.mktemp("remote")
    with oxigraph_server(base / "oxigraph") as url:
        command = [sys.executable, "-m", "riskgraph.app", "ingest", "-q", *map(str, docs), "--store"]
        runs = [subprocess.Popen([*command, target], stderr=subprocess.PIPE, text=True)
                for target in (url, str(base / "embedded"))]  # both at once: two cores
        for run in runs:
            _, stderr = run.communicate(timeout=300)
            assert run.returncode == 0, stderr
            assert f"{len(docs)} new" in stderr
        yield url, base / "embedded"


# ---------------------------------------------------------------- through the CLI
def test_query_over_http_gives_the_embedded_bindings(stores: tuple[str, Path]) -> None:
    url, embedded = stores
    remote = rg("query", "--store", url, "--format", "json", EVERYTHING)
    local = rg("query", "--store", embedded, "--format", "json", EVERYTHING)
    assert remote.returncode == 0, remote.stderr
    assert local.returncode == 0, local.stderr
    assert binding_set(remote.stdout) == binding_set(local.stdout)
    assert len(binding_set(local.stdout)) > 1000


def test_smuggled_service_never_reaches_the_server(stores: tuple[str, Path], listener, smuggled) -> None:
    url, _ = stores
    for text in smuggled:
        result = rg("query", "--store", url, "--format", "json", text)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert listener.connections == 0


def test_exposure_over_http_is_the_embedded_exposure(stores: tuple[str, Path]) -> None:
    url, embedded = stores
    answers = []
    for store in (url, embedded):
        result = rg("exposure", "ByteDance", "--store", store, "--json", "--top", "20")
        assert result.returncode == 0, result.stderr
        answers.append(json.loads(result.stdout))
    remote, local = answers
    assert remote == local
    assert remote["paths"] and remote["score"] > 0


def test_reingest_of_unchanged_documents_writes_nothing(stores: tuple[str, Path], docs: list[Path]) -> None:
    url, _ = stores
    with RemoteStore(url) as remote:
        before = remote.quad_count()
    again = rg("ingest", "-q", docs[0], "--store", url)
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 updated, 1 unchanged" in again.stderr
    with RemoteStore(url) as remote:
        assert remote.quad_count() == before


def test_an_unreachable_server_is_one_line_and_exit_1(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    for args in (("query", "--store", url, "--format", "json", LABELS), ("stats", "--store", url)):
        result = rg(*args)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: cannot reach the SPARQL server at {url}")


# ---------------------------------------------------------------- the store interface
def test_every_read_matches_the_embedded_store(stores: tuple[str, Path]) -> None:
    url, embedded = stores
    with RemoteStore(url) as remote, Store(embedded, read_only=True) as local:
        graphs = local.named_graphs()
        assert remote.named_graphs() == graphs and len(graphs) == len(DOCS) + 1  # and the happenings graph
        assert remote.quad_count() == local.quad_count()
        for graph in graphs:
            assert {t for t in remote.graph_triples(graph) if str(t[1]) != INGESTED_AT} == \
                   {t for t in local.graph_triples(graph) if str(t[1]) != INGESTED_AT}
        state = load_query("document_state")
        assert remote.select(state, {"doc": graphs[0]}) == local.select(state, {"doc": graphs[0]})
        assert len(remote.select(state, {"doc": graphs[0]})) == 1
        rows, variables = remote.select_with_variables(LABELS)
        local_rows, local_variables = local.select_with_variables(LABELS)
        assert variables == local_variables == ["e", "label"]
        assert sorted(sorted(r.items()) for r in rows) == sorted(sorted(r.items()) for r in local_rows)
        ask = 'ASK { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
        assert remote.ask(ask) is local.ask(ask) is True
        construct = "CONSTRUCT { ?e <http://example.org/named> ?label } WHERE { ?e " \
                    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        assert set(remote.construct(construct)) == set(local.construct(construct))
        for fmt in ("json", "xml", "csv", "tsv"):
            kind, body = remote.query_serialized(LABELS, fmt)
            local_kind, local_body = local.query_serialized(LABELS, fmt)
            assert kind == local_kind == "bindings"
            if fmt in ("csv", "tsv"):
                assert sorted(body.splitlines()) == sorted(local_body.splitlines())
        assert remote.query_serialized(ask, "xml")[0] == "boolean"
        kind, turtle = remote.query_serialized(construct, "turtle")
        assert kind == "graph"
        assert set(Graph().parse(data=turtle, format="turtle")) == set(local.construct(construct))
        assert without_ingest_time(remote.export("nquads") or b"") == \
               without_ingest_time(local.export("nquads") or b"")


def test_writes_keep_awkward_literals_and_the_union(stores: tuple[str, Path], oxigraph_server) -> None:
    _, embedded = stores
    graph = URIRef("https://example.org/test/graph")
    subject = URIRef("https://example.org/test/s")
    texts = ['say "hi"', "two\nlines\r\n", "back\\slash \\u0041", "} ; DROP ALL ; #", "'''", '"""',
             "é ∑ 😀", '"']
    triples = {(subject, URIRef(f"https://example.org/test/p{i}"), Literal(t)) for i, t in enumerate(texts)}
    triples |= {(subject, URIRef("https://example.org/test/lang"), Literal("chat", lang="fr")),
                (subject, URIRef("https://example.org/test/int"), Literal("7", datatype=URIRef(XSD_INTEGER)))}
    with oxigraph_server() as scratch_url, RemoteStore(scratch_url) as scratch:
        with Store(embedded, read_only=True) as local:
            trig = local.export("trig") or b""
            expected = without_ingest_time(local.export("nquads") or b"")
        scratch.load(trig, "trig")
        assert without_ingest_time(scratch.export("nquads") or b"") == expected
        before = scratch.quad_count()
        scratch.replace_graph(graph, triples)
        assert set(scratch.graph_triples(graph)) == triples
        assert scratch.quad_count() == before + 2 * len(triples)  # the graph and the union
        assert len(scratch.select("SELECT ?o WHERE { <https://example.org/test/s> ?p ?o }")) == len(triples)
        assert scratch.select(LABELS, {"label": Literal('x" } ?s ?p ?o . #')}) == []
        scratch.replace_graph(graph, list(triples)[:1])
        assert scratch.quad_count() == before + 2
        scratch.drop_graph(graph)
        assert scratch.quad_count() == before
        assert graph not in scratch.named_graphs()


def test_the_interface_is_the_embedded_store_s() -> None:
    """Every public method of Store, with the same parameters (query_limited serves the endpoint's
    workers, which always hold an embedded store)."""
    def public(cls: type) -> dict[str, list[str]]:
        names = [n for n in vars(cls) if not n.startswith("_") or n in ("__init__", "__enter__", "__exit__")]
        members = {n: vars(cls)[n] for n in names}
        return {n: list(inspect.signature(m).parameters) if callable(m) else [] for n, m in members.items()}

    embedded = public(Store)
    embedded.pop("query_limited")
    remote = public(RemoteStore)
    assert remote.pop("__init__")[:2] == ["self", "url"]
    embedded.pop("__init__")
    assert {name: remote.get(name) for name in embedded} == embedded


def test_terms_cannot_break_out_of_their_tokens() -> None:
    with pytest.raises(QueryError):
        sparql_term(URIRef("https://example.org/x> } ; DROP ALL ; #"))
    with pytest.raises(QueryError):
        with_values("SELECT ?x {}", {"x } DROP ALL #": Literal("v")})
    assert sparql_term(Literal('a"\n\\')) == '"a\\"\\n\\\\"'
    assert sparql_term(BNode("not a label!")).startswith("_:b")
    assert with_values("SELECT ?x {} # comment", {"x": URIRef("https://example.org/x")}).endswith(
        "# comment\nVALUES (?x) { (<https://example.org/x>) }\n")


def test_read_only_refuses_writes() -> None:
    store = RemoteStore("http://127.0.0.1:9", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graph(URIRef("https://example.org/g"), [])
    with pytest.raises(StoreError, match="read-only"):
        store.load(b"", "nquads")
    with pytest.raises(StoreError, match="without"):
        RemoteStore("http://127.0.0.1:9/?x=1")


# ---------------------------------------------------------------- answers that must not be trusted
@contextmanager
def misbehaving_server(answers: list[bytes]) -> Iterator[str]:
    """A loopback HTTP server that reads each request and answers it with the next raw bytes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(10)

    def serve() -> None:
        for answer in answers:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(body) < length:
                    body += conn.recv(65536)
                conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        thread.join(5)


def http(status: str, media: str, body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    head = f"HTTP/1.1 {status}\r\nContent-Type: {media}\r\nContent-Length: {size}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


JSON_MEDIA = "application/sparql-results+json"
GOOD = b'{"head":{"vars":["e","label"]},"results":{"bindings":[]}}'


@pytest.mark.parametrize(("answer", "message"), [
    (http("200 OK", JSON_MEDIA, GOOD[:30], length=len(GOOD)), "cut short"),
    (b"HTTP/1.1 200 OK\r\nContent-Type: " + JSON_MEDIA.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"10\r\n" + GOOD[:16] + b"\r\n", "cut short"),
    (http("200 OK", JSON_MEDIA, GOOD[:30]), "do not parse"),
    (http("200 OK", "text/html", b"<html><body>hello</body></html>"), "do not parse"),
    (http("401 Unauthorized", "text/plain", b"no"), "token"),
    (http("404 Not Found", "text/plain", b"no"), "no SPARQL query endpoint"),
    (http("500 Internal Server Error", "text/plain", b"disk full\nmore"), "HTTP 500 to a query: disk full$"),
])
def test_bad_answers_raise_store_error(answer: bytes, message: str) -> None:
    with misbehaving_server([answer]) as url, RemoteStore(url, timeout_s=5) as store:
        with pytest.raises(StoreError, match=message):
            store.select(LABELS)


def test_cut_short_construct_and_export_raise_store_error() -> None:
    triple = b"<https://example.org/s> <https://example.org/p> \"o\" .\n"
    answers = [http("200 OK", "application/n-triples", triple + triple[:-3]),
               http("200 OK", "application/n-quads", triple[:-3])]
    with misbehaving_server(answers) as url, RemoteStore(url, timeout_s=5) as store:
        with pytest.raises(StoreError, match="do not parse"):
            store.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        with pytest.raises(StoreError, match="does not parse"):
            store.export("trig")
