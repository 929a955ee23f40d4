"""The dashboard's front door: an ASGI middleware in front of Streamlit's own app.

Streamlit answers any Host header on its pages (its ``server.allowedHosts`` covers the WebSocket
only), so a web page on another site whose name resolves to this machine (DNS rebinding) could read
the dashboard. The gate refuses, for pages and the WebSocket alike:
- a Host that is not on the allow-list (the bound address and the loopback names), with 400;
- a cross-site Origin on the WebSocket or on a request that changes state, with 403;
- when a token is set (required off loopback), any request without it: the token comes once as
  ``?token=…`` and is then kept in a cookie for this host only (HttpOnly, SameSite=Strict).
"""
from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")
TOKEN_COOKIE = "riskgraph_dashboard_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def allowed_hosts(bound: str) -> frozenset[str] | None:
    """Host names the dashboard answers to; None (any) when bound to every interface (a token guards it)."""
    if bound in WILDCARD_ADDRESSES:
        return None
    return frozenset({*LOOPBACK_NAMES, bound.strip("[]").lower()})


def host_name(value: str | None) -> str | None:
    """The host part of a Host header or an Origin's netloc ("[::1]:8501" -> "::1"); None if malformed."""
    if not value:
        return None
    try:
        parsed = urlsplit(f"//{value}")
        _ = parsed.port  # validates the port
    except ValueError:
        return None
    if parsed.hostname is None or parsed.username or parsed.password or parsed.path:
        return None
    return parsed.hostname.rstrip(".").lower()


class Gate:
    """ASGI middleware: Host allow-list, same-origin WebSocket and writes, optional token."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None, token: str = "",
                 aliases: dict[str, str] | None = None) -> None:
        self.app = app
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        self.token = token
        self.aliases = aliases or {}  # a page's own path -> where the app serves it (the default page: "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = host_name(headers.get("host"))
        if host is None or (self.hosts is not None and host not in self.hosts):
            await self._refuse(scope, send, 400, "unknown Host: open the dashboard by the address it was started on")
            return
        if not self._same_origin(scope, headers, host):
            await self._refuse(scope, send, 403, "cross-site request refused")
            return
        if self.token:
            given = self._token_of(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await self._refuse(scope, send, 401, "this dashboard needs its token: open it with ?token=...")
                return
            if scope["type"] == "http" and self._token_in_query(scope) is not None:
                await self._remember_token(scope, send)
                return
        if scope["type"] == "http" and scope.get("path") in self.aliases:
            await self._redirect(scope, send, self.aliases[scope["path"]])
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _redirect(scope: Scope, send: Send, path: str) -> None:
        """``/overview`` opens the default page, which Streamlit serves at ``/`` only."""
        query = scope.get("query_string", b"").decode("latin-1")
        location = path + (f"?{query}" if query else "")
        await send({"type": "http.response.start", "status": 307,
                    "headers": [(b"location", location.encode("latin-1")), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": b""})

    def _same_origin(self, scope: Scope, headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        if origin is None or (scope["type"] == "http" and scope.get("method", "GET") in SAFE_METHODS):
            return True
        return host_name(urlsplit(origin).netloc) == host and urlsplit(origin).netloc == headers.get("host")

    @staticmethod
    def _token_in_query(scope: Scope) -> str | None:
        for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
            if key == "token":
                return value
        return None

    def _token_of(self, scope: Scope, headers: dict[str, str]) -> str | None:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no token
            return self._token_in_query(scope)
        found = cookie.get(TOKEN_COOKIE)
        return unquote(found.value) if found is not None else self._token_in_query(scope)

    async def _remember_token(self, scope: Scope, send: Send) -> None:
        """Keep the token in a cookie and send the browser back to the same page without it in the URL."""
        rest = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
        location = scope.get("path", "/") + (f"?{urlencode(rest)}" if rest else "")
        cookie = f"{TOKEN_COOKIE}={quote(self.token, safe='')}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, reason: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": reason})
            return
        body = (reason + "\n").encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
