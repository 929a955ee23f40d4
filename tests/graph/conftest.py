"""Fixtures of the graph tests: a real Oxigraph server for the stores that are SPARQL servers."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _oxigraph_server(location: Path | None = None) -> Iterator[str]:
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                reason = process.stderr.read() if process.stderr else ""
                pytest.fail(f"oxigraph serve did not start: {reason}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def oxigraph_server() -> Callable[..., AbstractContextManager[str]]:
    """``with oxigraph_server(folder) as url``: a real ``oxigraph serve`` on a free loopback port, its
    data in ``folder`` (in memory without one), stopped when the block ends."""
    return _oxigraph_server


@pytest.fixture(scope="session")
def named_rows(cli) -> Callable[..., list[dict[str, str]]]:
    """``named_rows(store, name, "k=v", ...)``: the rows of ``riskgraph query --named NAME`` as CSV dicts."""
    import csv
    import io

    def run(store: Path, name: str, *params: str) -> list[dict[str, str]]:
        args = ["query", "--store", store, "--format", "csv", "--named", name]
        for p in params:
            args += ["--param", p]
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.stdout)))

    return run
