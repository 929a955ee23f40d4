"""`riskgraph serve`: the SPARQL 1.1 Protocol endpoint, as a real process queried over HTTP.

The store is the founding article (a sample document) ingested by the real CLI. Clients are SPARQLWrapper (as outside
tools use it) and httpx (to look at status codes and headers).
"""
from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from riskgraph.graph.store import Store

SEED = Path(__file__).parents[2] / "data" / "samples" / "2023-12-22-seed-bytedance-openai.md"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS = f"SELECT ?e ?label WHERE {{ ?e <{RDFS_LABEL}> ?label }}"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_ROWS = 100
TIMEOUT_S = 2


@dataclass
class Served:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"


@contextmanager
def serve(store: Path, log: Path, *options: str) -> Iterator[Served]:
    """Start `riskgraph serve` on a free port; stop it with SIGINT (Ctrl-C) afterwards."""
    with log.open("w") as sink:
        process = subprocess.Popen([sys.executable, "-m", "riskgraph.app", "serve", "--store", str(store),
                                    "--port", "0", *options], stdout=subprocess.DEVNULL, stderr=sink)
    try:
        deadline = time.monotonic() + 30
        while True:
            found = re.search(r"endpoint at (http://[\d.]+:\d+)/sparql", log.read_text())
            if found:
                break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"riskgraph serve did not start: {log.read_text()}")
            time.sleep(0.05)
        yield Served(found.group(1), process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def worker_pids(store: Path) -> list[int]:
    """Query worker processes serving ``store`` (read from /proc)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"riskgraph.graph.query_worker" in args and str(store).encode() in args:
            pids.append(int(cmdline.parent.name))
    return pids


def rg(*args: str) -> subprocess.CompletedProcess:
    """The riskgraph CLI as a separate process."""
    return subprocess.run([sys.executable, "-m", "riskgraph.app", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("endpoint") / "store"
    result = rg("ingest", "-q", str(SEED), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def endpoint(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serve(seed_store, log, "--timeout", str(TIMEOUT_S), "--max-rows", str(MAX_ROWS)) as served:
        yield served


@pytest.fixture(scope="module")
def expected_labels(seed_store: Path) -> set[tuple[str, str]]:
    with Store(seed_store, read_only=True) as store:
        rows = store.select(LABELS)
    assert rows
    return {(str(r["e"]), str(r["label"])) for r in rows}


def wrapper(served: Served, query: str, fmt: str, token: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(served.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if token:
        client.addCustomHttpHeader("Authorization", f"Bearer {token}")
    return client


# ---------------------------------------------------------------- results and formats
def test_select_as_json_xml_and_csv(endpoint: Served, expected_labels: set[tuple[str, str]]) -> None:
    data = wrapper(endpoint, LABELS, JSON).queryAndConvert()
    assert data["head"]["vars"] == ["e", "label"]
    assert {(b["e"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]} == expected_labels

    document = wrapper(endpoint, LABELS, XML).queryAndConvert()
    got = set()
    for result in document.getElementsByTagName("result"):
        bindings = result.getElementsByTagName("binding")
        cells = {b.getAttribute("name"): b.firstChild.firstChild.data for b in bindings}
        got.add((cells["e"], cells["label"]))
    assert got == expected_labels

    post = wrapper(endpoint, LABELS, CSV)
    post.setMethod("POST")  # the form-encoded POST binding
    rows = list(csv.DictReader(io.StringIO(post.queryAndConvert().decode("utf-8"))))
    assert {(r["e"], r["label"]) for r in rows} == expected_labels


def test_construct_as_turtle_and_ask(endpoint: Served, expected_labels: set[tuple[str, str]]) -> None:
    construct = f"CONSTRUCT {{ ?e <{RDFS_LABEL}> ?label }} WHERE {{ ?e <{RDFS_LABEL}> ?label }}"
    result = wrapper(endpoint, construct, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=result.convert(), format="turtle")
    assert {(str(s), str(o)) for s, _, o in graph} == expected_labels

    for name, expected in (("ByteDance", True), ("No Such Name", False)):
        ask = wrapper(endpoint, f'ASK {{ ?e <{RDFS_LABEL}> "{name}" }}', JSON).queryAndConvert()
        assert ask["boolean"] is expected


def test_sparql_query_body_and_negotiation(endpoint: Served) -> None:
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{RDFS_LABEL}> ?o }}"
    response = httpx.post(endpoint.sparql, content=count,
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "text/tab-separated-values"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.text.splitlines()[0] == "?n"
    refused = httpx.get(endpoint.sparql, params={"query": LABELS}, headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_dataset_from_the_protocol_parameters(endpoint: Served, seed_store: Path) -> None:
    with Store(seed_store, read_only=True) as store:
        (document,) = [g for g in store.named_graphs() if "/doc/" in str(g)]
        in_document = len(list(store.graph_triples(document)))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(params: dict[str, str]) -> int:
        response = httpx.get(endpoint.sparql, params={"query": count, **params})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert n({"default-graph-uri": str(document)}) == in_document
    assert n({"default-graph-uri": "https://example.org/no-such-graph"}) == 0
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    only = httpx.get(endpoint.sparql, params={"query": graphs, "named-graph-uri": "https://example.org/none"})
    assert only.json()["results"]["bindings"] == []
    bad = httpx.get(endpoint.sparql, params={"query": count, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400


# ---------------------------------------------------------------- refusals
def test_malformed_query_is_400_with_the_parser_message(endpoint: Served) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(endpoint, "SELECT ?s WHERE { ?s ?p }", JSON).query()
    response = httpx.get(endpoint.sparql, params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "not valid SPARQL" in response.text
    assert re.search(r"line 1|at 1:\d+", response.text), response.text  # where: the engine's parser says it


def test_updates_are_403_and_change_nothing(endpoint: Served, seed_store: Path) -> None:
    before = httpx.get(endpoint.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    attempts = [
        httpx.post(endpoint.sparql, data={"update": "DROP ALL"}),
        httpx.post(endpoint.sparql, content="DROP ALL",
                   headers={"Content-Type": "application/sparql-update"}),
        httpx.post(endpoint.sparql, data={"query": "DELETE WHERE { ?s ?p ?o }"}),
        httpx.get(endpoint.sparql, params={"query": "CLEAR DEFAULT"}),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403]
    after = httpx.get(endpoint.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    assert after == before


def test_service_and_load_are_refused_without_any_outbound_connection(endpoint: Served) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        target = f"<http://127.0.0.1:{port}/>"
        queries = [f"SELECT * {{ SERVICE {target} {{ ?s ?p ?o }} }}",
                   f"SELECT * {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT {target} {{ ?s ?p ?o }} }} }}",
                   f"LOAD <http://127.0.0.1:{port}/data.ttl>"]
        statuses = [httpx.post(endpoint.sparql, data={"query": q}).status_code for q in queries]
        statuses.append(httpx.post(endpoint.sparql, data={"update": queries[-1]}).status_code)
        assert statuses == [403, 403, 403, 403]
        listener.settimeout(1.0)
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody ever connected


def test_smuggled_service_makes_no_connection(endpoint: Served, listener, smuggled) -> None:
    for text in smuggled:
        response = httpx.post(endpoint.sparql, data={"query": text}, timeout=30)
        assert response.status_code in (200, 400, 403), response.text
    assert listener.connections == 0


def test_a_runaway_query_is_stopped_with_503(endpoint: Served) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    response = httpx.post(endpoint.sparql, data={"query": runaway}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit" in response.text
    assert elapsed < TIMEOUT_S + 1
    # the killed worker was replaced: the endpoint answers again
    again = httpx.get(endpoint.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_a_query_over_its_memory_limit_is_503_and_the_endpoint_goes_on(
        seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKGRAPH_QUERY_MEMORY_MB", "256")
    greedy = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?h ?i } ORDER BY ?a ?b ?c ?d"
    with serve(seed_store, tmp_path / "serve.log", "--timeout", "120") as served:
        response = httpx.post(served.sparql, data={"query": greedy}, timeout=150)
        assert response.status_code == 503
        assert response.text.startswith("the query needed more than the 256 MB a query may use and was stopped")
        again = httpx.get(served.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert again.status_code == 200 and again.json()["boolean"] is True


def test_a_killed_worker_is_replaced(endpoint: Served, seed_store: Path) -> None:
    ours = [pid for pid in worker_pids(seed_store) if _parent(pid) == endpoint.process.pid]
    assert ours
    os.kill(ours[0], signal.SIGKILL)  # as the kernel's OOM killer would
    time.sleep(0.2)
    for _ in range(4):
        response = httpx.get(endpoint.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert response.status_code == 200, response.text


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def test_rows_are_capped_and_truncation_flagged(endpoint: Served) -> None:
    response = httpx.post(endpoint.sparql, data={"query": CROSS}, timeout=30)
    assert response.status_code == 200
    assert response.headers["X-Riskgraph-Truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS  # still valid JSON
    as_csv = httpx.post(endpoint.sparql, data={"query": CROSS}, headers={"Accept": "text/csv"}, timeout=30)
    assert as_csv.headers["X-Riskgraph-Truncated"] == "true"
    # values may hold line breaks (evidence sentences), so count CSV records, not lines
    records = list(csv.reader(io.StringIO(as_csv.text)))
    assert records[0] == list("abcdefghijkl")
    assert len(records) == MAX_ROWS + 1
    small = httpx.get(endpoint.sparql, params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
    assert small.headers["X-Riskgraph-Truncated"] == "false"
    assert len(small.json()["results"]["bindings"]) == 3


def test_query_length_is_capped(endpoint: Served) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 20000
    assert httpx.post(endpoint.sparql, data={"query": long_query}).status_code == 413


def test_foreign_host_header_is_refused(endpoint: Served) -> None:
    response = httpx.get(f"{endpoint.url}/queries", headers={"Host": "rebound.example"})
    assert response.status_code == 403


# ---------------------------------------------------------------- the page
def test_query_page_is_self_contained(endpoint: Served) -> None:
    page = httpx.get(f"{endpoint.url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<textarea" in page.text and "Content-Security-Policy" in page.headers
    assets = re.findall(r'(?:src|href)="(/[^"]*)"', page.text)
    assert sorted(assets) == ["/static/query.css", "/static/query.js"]
    texts = [page.text] + [httpx.get(f"{endpoint.url}{asset}").text for asset in assets]
    for text in texts:
        assert re.findall(r"https?://[^\s\"'<>)]+", text) == []
    script = texts[assets.index("/static/query.js") + 1]
    assert "innerHTML" not in script and "textContent" in script
    named = httpx.get(f"{endpoint.url}/queries").json()
    assert isinstance(named, list)
    for query in named:
        assert set(query) == {"name", "title", "params", "text"}
        assert not query["title"].lower().startswith("internal:")


def test_requests_are_logged_one_line_each(endpoint: Served) -> None:
    httpx.get(f"{endpoint.url}/no-such-page")
    time.sleep(0.2)
    lines = endpoint.log.read_text().splitlines()
    assert "GET /no-such-page 404" in " ".join(lines)
    requests = [line for line in lines if not line.startswith(("riskgraph SPARQL endpoint", "note:"))]
    assert requests and all(re.fullmatch(r"(GET|POST) /\S* \d{3} \d+ms", line) for line in requests)


# ---------------------------------------------------------------- access control and stopping
def test_token_is_required_when_set_and_ctrl_c_stops_cleanly(seed_store: Path, tmp_path: Path) -> None:
    token = "a-long-test-token-0123456789"
    with serve(seed_store, tmp_path / "serve.log", "--token", token) as served:
        assert httpx.get(f"{served.url}/").status_code == 401
        assert httpx.get(served.sparql, params={"query": "ASK {}"}).status_code == 401
        wrong = httpx.get(served.sparql, params={"query": "ASK {}"}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        with pytest.raises(Unauthorized):
            wrapper(served, "ASK {}", JSON).query()
        assert wrapper(served, "ASK { ?s ?p ?o }", JSON, token=token).queryAndConvert()["boolean"] is True
        ours = {pid for pid in worker_pids(seed_store) if _parent(pid) == served.process.pid}
        assert len(ours) == 2  # the default number of query workers
        served.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert served.process.wait(10) == 0
    log = (tmp_path / "serve.log").read_text()
    assert "stopping" in log and "Traceback" not in log
    assert ours.isdisjoint(worker_pids(seed_store))


def test_a_public_address_needs_a_token(seed_store: Path) -> None:
    result = rg("serve", "--store", str(seed_store), "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: binding 0.0.0.0")
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_needs_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "none"
    result = rg("serve", "--store", str(missing))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: no riskgraph store at {missing}: run `riskgraph ingest PATH --store {missing}` first"]


# ---------------------------------------------------------------- following the writer
def test_an_ingest_while_serving_is_seen_without_a_restart(tmp_path: Path) -> None:
    samples = sorted(p for p in (Path(__file__).resolve().parents[2] / "data" / "samples").glob("2023-*.md"))
    store = tmp_path / "store"
    assert rg("ingest", "-q", str(samples[0]), "--store", str(store)).returncode == 0
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://w3id.org/riskgraph#Document> } }"

    def documents(served: Served) -> int:
        response = httpx.get(served.sparql, params={"query": count}, timeout=30)
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    with serve(store, tmp_path / "serve.log", "--workers", "1") as served:
        assert documents(served) == 1
        result = rg("ingest", "-q", str(samples[1]), str(samples[2]), "--store", str(store))
        assert result.returncode == 0, result.stderr
        assert documents(served) == 3
