"""riskgraph's read-only SPARQL 1.1 Protocol endpoint over the embedded store (standard library HTTP).

``/sparql`` takes GET ``?query=``, POST form ``query=`` and POST ``application/sparql-query``, with
``default-graph-uri``/``named-graph-uri`` restricting the dataset; results are negotiated by
Accept. Every query is checked first (``check_query``: updates, LOAD and SERVICE are refused
before any engine sees them) and then run in a killable worker process (``query_worker``) with a
time limit and a row cap. ``/`` serves a local query page, ``/queries`` the named queries as JSON.
On a loopback address only loopback Host names are answered (no DNS rebinding); elsewhere a
bearer token is required.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import signal
import socket
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from urllib.parse import parse_qs, urlsplit

from riskgraph.graph.queries import list_queries, named_query
from riskgraph.graph.query_worker import Job, QueryOutOfMemory, QueryPool, QueryTimeout
from riskgraph.graph.sparql_guard import ServiceRefused, UpdateRefused, check_query
from riskgraph.graph.sparql_text import is_absolute_iri
from riskgraph.ontology.errors import ConfigError, QueryError, StoreError

RESULT_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
               "application/n-triples": "ntriples", "text/plain": "ntriples", "application/ld+json": "jsonld",
               "application/rdf+xml": "rdfxml"}
CONTENT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                 "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
                 "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}
MAX_FIELDS = 200
checked = lru_cache(maxsize=512)(check_query)  # rdflib's parser takes ~5 ms; refusals are not cached


@dataclass(frozen=True)
class EndpointSettings:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    token: str = ""
    timeout_s: float = 20.0
    max_rows: int = 10000
    max_chars: int = 20000
    workers: int = 2
    memory_mb: int = 2048


@dataclass(frozen=True)
class StaticFile:
    media: str
    body: bytes


@dataclass
class HttpError(Exception):
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def negotiate(accept: str | None, kind: str) -> str:
    """The result format for a query of ``kind`` that best fits the Accept header."""
    graph = kind in ("construct", "describe")
    table, default = (GRAPH_TYPES, "turtle") if graph else (RESULT_TYPES, "json")
    if not accept or not accept.strip():
        return default
    ranges: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, _, params = part.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((-quality, index, media.strip().lower()))
    for negative_q, _, media in sorted(ranges):
        if negative_q >= 0:
            continue
        if media in table:
            return table[media]
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            for candidate, fmt in table.items():
                if candidate.startswith(media[:-1]):
                    return fmt
    choices = ", ".join(dict.fromkeys(CONTENT_TYPES[f].split(";")[0] for f in table.values()))
    raise HttpError(406, f"no accepted type fits a {kind.upper()} result; accept one of: {choices}")


def named_queries_json() -> bytes:
    """The named queries meant for people (title not starting with "internal:") as JSON."""
    out = []
    for name in list_queries():
        q = named_query(name)
        if not q.title.lower().startswith("internal:"):
            out.append({"name": q.name, "title": q.title, "params": list(q.params), "text": q.text})
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, settings: EndpointSettings, pool: QueryPool, static: Mapping[str, StaticFile],
                 log: Callable[[str], None]) -> None:
        self.address_family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        self.settings, self.pool, self.static, self.log = settings, pool, static, log
        self.queries_json = named_queries_json()
        self.loopback = is_loopback(settings.host)
        super().__init__((settings.host.strip("[]"), settings.port), Handler)

    def handle_error(self, request: object, client_address: tuple) -> None:
        error = sys.exc_info()[1]
        self.log(f"error with a request from {client_address[0]}: {type(error).__name__}: {str(error)[:200]}")


class Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "riskgraph"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a connection may sit idle

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle stall on keep-alive

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # one line per request is written by _serve

    def log_message(self, format: str, *args: object) -> None:
        self.server.log(f"{self.address_string()} {format % args}")

    # -------------------------------------------------------------- plumbing
    def _serve(self) -> None:
        started = time.monotonic()
        path = urlsplit(self.path).path
        status = 500
        try:
            status = self._route()
        except HttpError as exc:
            self.close_connection = True  # a request body may be left unread
            status = self._send(exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode("utf-8"),
                                exc.headers)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
            status = 499  # the client went away
        except Exception as exc:  # a bug: one line in the log and for the client, never a traceback
            self.close_connection = True
            status = self._send(500, "text/plain; charset=utf-8", b"internal error\n")
            self.server.log(f"internal error: {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            shown = "".join(c if c.isprintable() else "?" for c in path)[:200]
            self.server.log(f"{self.command} {shown} {status} {(time.monotonic() - started) * 1000:.0f}ms")

    def _send(self, status: int, media: str, body: bytes, headers: Mapping[str, str] | None = None) -> int:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return status

    def _check_access(self) -> None:
        if self.server.loopback:
            host = (self.headers.get("Host") or "").strip().lower()
            name = host[1:].partition("]")[0] if host.startswith("[") else host.rpartition(":")[0] or host
            if host and name not in ("localhost", "127.0.0.1", "::1", self.server.settings.host.lower()):
                raise HttpError(403, f"unexpected Host header {host!r}: use http://127.0.0.1:PORT/")
        token = self.server.settings.token
        if token:
            given = self.headers.get("Authorization") or ""
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
                raise HttpError(401, "this endpoint needs the header Authorization: Bearer <token>",
                                {"WWW-Authenticate": 'Bearer realm="riskgraph"'})

    def _route(self) -> int:
        self._check_access()
        path = urlsplit(self.path).path
        if path == "/sparql":
            return self._sparql()
        if self.command not in ("GET", "HEAD"):
            raise HttpError(405, f"{self.command} is not allowed on {path}", {"Allow": "GET, HEAD"})
        if path == "/queries":
            return self._send(200, "application/json", self.server.queries_json)
        if path == "/favicon.ico":  # browsers ask; there is none
            return self._send(204, "image/x-icon", b"")
        static = self.server.static.get(path)
        if static is None:
            raise HttpError(404, "not found: SPARQL queries go to /sparql; the query page is /")
        return self._send(200, static.media, static.body)

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise HttpError(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            raise HttpError(400, "invalid Content-Length") from None
        limit = self.server.settings.max_chars * 12 + 65536  # room for percent-encoded UTF-8
        if length > limit:
            raise HttpError(413, f"the request body is {length} bytes, over the limit of {limit}")
        body = self.rfile.read(length) if length > 0 else b""
        if len(body) != length:
            raise HttpError(400, "the request body is shorter than its Content-Length")
        return body

    # -------------------------------------------------------------- SPARQL
    def _parameters(self) -> dict[str, list[str]]:
        url = urlsplit(self.path)
        try:
            params = parse_qs(url.query, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
            if self.command != "POST":
                return params
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if media == "application/sparql-update":
                raise HttpError(403, "updates are not allowed: this endpoint is read-only")
            if media == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict",
                                max_num_fields=MAX_FIELDS)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8"))
            else:
                raise HttpError(415, "POST a query as application/sparql-query or as the form field query= "
                                     "(application/x-www-form-urlencoded)")
        except UnicodeDecodeError:
            raise HttpError(400, "the request is not valid UTF-8") from None
        except ValueError as exc:
            raise HttpError(400, f"malformed request parameters: {exc}") from None
        return params

    def _sparql(self) -> int:
        settings = self.server.settings
        if self.command not in ("GET", "POST"):
            raise HttpError(405, f"{self.command} is not allowed on /sparql", {"Allow": "GET, POST"})
        params = self._parameters()
        if "update" in params:
            raise HttpError(403, "updates are not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise HttpError(400, "give exactly one query: /sparql?query=… or POST query=…")
        text = queries[0]
        if len(text) > settings.max_chars:
            raise HttpError(413, f"the query is {len(text)} characters long, over the limit of "
                                 f"{settings.max_chars}")
        try:
            accepted = checked(text, settings.max_chars)
        except (UpdateRefused, ServiceRefused) as exc:
            raise HttpError(403, str(exc)) from None
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        fmt = negotiate(self.headers.get("Accept"), accepted.kind)
        defaults, named = _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
        if defaults is not None or named is not None:  # the protocol's dataset replaces the union graph
            defaults, named = defaults or (), named or ()
        try:
            job = Job(accepted.text, fmt, settings.max_rows, defaults, named)  # the text the guard judged
            answer = self.server.pool.run(job, settings.timeout_s)
        except (QueryTimeout, QueryOutOfMemory) as exc:
            raise HttpError(503, str(exc), {"Retry-After": "5"}) from None
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        except StoreError as exc:
            raise HttpError(500, str(exc)) from None
        headers = {"X-Riskgraph-Truncated": "true" if answer.truncated else "false", "Vary": "Accept"}
        if answer.truncated:
            headers["X-Riskgraph-Max-Rows"] = str(settings.max_rows)
        return self._send(200, CONTENT_TYPES[fmt], answer.body, headers)


def _graphs(params: Mapping[str, list[str]], name: str) -> tuple[str, ...] | None:
    values = params.get(name)
    if values is None:
        return None
    for value in values:
        if not is_absolute_iri(value):
            raise HttpError(400, f"{name} {value!r} is not an absolute IRI")
    return tuple(values)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_endpoint(settings: EndpointSettings, static: Mapping[str, StaticFile],
                 log: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM. Raises ConfigError/StoreError when it cannot start."""
    say = log or (lambda line: print(line, file=sys.stderr, flush=True))
    if not is_loopback(settings.host) and not settings.token:
        raise ConfigError(f"binding {settings.host or 'every interface'} makes the endpoint reachable from "
                          "other machines: give a token (--token or RISKGRAPH_SERVE_TOKEN) or bind 127.0.0.1")
    if not (settings.store / "CURRENT").exists():
        raise StoreError(f"no riskgraph store at {settings.store}: run `riskgraph ingest PATH --store "
                         f"{settings.store}` first")
    pool = QueryPool(settings.store, settings.workers, settings.memory_mb)
    try:
        server = EndpointServer(settings, pool, static, say)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot listen on {settings.host}:{settings.port}: {reason}") from None
    try:
        isolated = pool.start()
        host, port = server.server_address[:2]
        base = f"http://{f'[{host}]' if ':' in str(host) else host}:{port}"
        say(f"riskgraph SPARQL endpoint at {base}/sparql, query page {base}/ · store {settings.store} · "
            f"time limit {settings.timeout_s:g} s, at most {settings.max_rows} rows"
            + (" · bearer token required" if settings.token else "") + " · Ctrl-C stops")
        if not isolated:
            say("note: the query workers could not be cut off from the network; SERVICE is still refused")
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            server.serve_forever(poll_interval=0.25)
        except KeyboardInterrupt:
            say("stopping")
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        server.server_close()
        pool.close()
