"""The real dashboard process refuses foreign Host and Origin headers on pages and on its WebSocket
(DNS rebinding), and off loopback it needs a token."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(store: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[int]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "riskgraph.app", "dashboard", "--store", str(store),
                                "--port", str(port), *options], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start: {process.stderr.read() if process.stderr else ''}")
            time.sleep(0.1)
        yield port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def upgrade(port: int, host: str, origin: str | None, cookie: str | None = None) -> str:
    """The status line of a WebSocket upgrade to Streamlit's stream."""
    headers = ["GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
               "Sec-WebSocket-Protocol: streamlit"]
    if origin:
        headers.append(f"Origin: {origin}")
    if cookie:
        headers.append(f"Cookie: {cookie}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        return s.recv(200).split(b"\r\n")[0].decode()


def test_foreign_host_and_origin_are_refused_on_pages_and_websocket(small_store: Path) -> None:
    with dashboard(small_store) as port:
        here = f"127.0.0.1:{port}"
        evil = f"evil.example:{port}"
        assert upgrade(port, evil, f"http://{evil}").split()[1] in ("400", "403")  # DNS rebinding
        assert upgrade(port, here, "http://evil.example").split()[1] == "403"  # cross-site
        assert upgrade(port, here, f"http://{here}").split()[1] == "101"
        assert upgrade(port, f"localhost:{port}", f"http://localhost:{port}").split()[1] == "101"
        assert httpx.get(f"http://{here}/", headers={"Host": evil}).status_code == 400
        assert httpx.get(f"http://{here}/_stcore/health", headers={"Host": evil}).status_code == 400
        assert httpx.get(f"http://{here}/").status_code == 200


def test_off_loopback_needs_a_token(small_store: Path, rg_process) -> None:
    refused = rg_process("dashboard", "--store", small_store, "--host", "0.0.0.0", "--port", str(_free_port()),
                         env={"RISKGRAPH_DASHBOARD_TOKEN": ""}, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("error: the dashboard would listen on 0.0.0.0 with no login: set a token "
                                      "([dashboard] token or RISKGRAPH_DASHBOARD_TOKEN), or keep it on 127.0.0.1")
    with dashboard(small_store, "--host", "0.0.0.0", env={"RISKGRAPH_DASHBOARD_TOKEN": "s3cret/+tok"}) as port:
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/").status_code == 401
        assert httpx.get(f"{base}/?token=wrong").status_code == 401
        assert upgrade(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}").split()[1] == "403"
        with httpx.Client() as browser:
            first = browser.get(f"{base}/?token=s3cret%2F%2Btok&page=overview")
            assert first.status_code == 303 and first.headers["location"] == "/?page=overview"
            assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
            assert browser.get(f"{base}/").status_code == 200  # the cookie now carries the token
            cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        assert upgrade(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}", cookie).split()[1] == "101"
