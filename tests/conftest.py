"""Shared fixtures: the real corpus, the real pipeline, real stores on disk, the CLI in-process."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "data" / "samples"
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--shared-corpus", action="store_true",
                     help="also run the tests marked shared_corpus, which read ../shared (the client's corpus and "
                          "contract, beside a development checkout)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked shared_corpus run only with --shared-corpus: a user's clone has no ../shared, and a
    test that cannot run there is left out, not skipped."""
    if config.getoption("--shared-corpus"):
        if not CORPUS.is_dir():
            raise pytest.UsageError(f"--shared-corpus: {CORPUS} is not there")
        return
    left_out = [item for item in items if item.get_closest_marker("shared_corpus")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("shared_corpus")]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The client's corpus (only for tests marked shared_corpus)."""
    return CORPUS


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="session")
def pipeline():
    from riskgraph.ingest.pipeline import Pipeline

    return Pipeline(ROOT / "data" / "gazetteer")


@pytest.fixture(scope="session")
def cli() -> Callable[..., object]:
    """Run the riskgraph CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    from riskgraph.app.cli import _register, app

    _register()
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


def run_cli_process(*args: str, timeout: float = 300, env: dict[str, str] | None = None,
                    check: bool = False) -> subprocess.CompletedProcess:
    """Run ``riskgraph`` as a separate process (for kill tests and the exact contract)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "riskgraph.app", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=full_env, check=check)


@pytest.fixture(scope="session")
def rg_process() -> Callable[..., subprocess.CompletedProcess]:
    return run_cli_process


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store: data/samples ingested once per test session."""
    store = tmp_path_factory.mktemp("demo") / "store"
    result = run_cli_process("demo", "--store", store)
    assert result.returncode == 0, result.stderr
    return store


class Listener:
    """A TCP listener on a free loopback port that counts who connects (for "no outbound request" tests)."""

    def __init__(self) -> None:
        import socket
        import threading

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen()
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._socket.close()


@pytest.fixture
def listener():
    """A loopback TCP listener; ``listener.connections`` counts the connections it saw."""
    found = Listener()
    yield found
    found.close()


@pytest.fixture
def smuggled(listener: Listener) -> list[str]:
    """Texts whose escapes make SERVICE (to ``listener``) look like a comment or a string to a parser that
    does not expand them (per the SPARQL spec's codepoint escapes; found in an attack pass on the guard)."""
    url = listener.url
    return [
        f'SELECT * WHERE {{ BIND("\\u0022 AS ?x) }} #" AS ?y) SERVICE <{url}x> {{ ?a ?b ?c }} }}',
        f'SELECT * WHERE {{ BIND("\\u0022 AS ?x) SERVICE <{url}y> {{ ?a ?b ?c }} #" AS ?y) }}',
        f'SELECT * WHERE {{ \\u0053ERVICE <{url}z> {{ ?a ?b ?c }} }}',
        f'SELECT * WHERE {{ BIND("\\u005Cu0022" AS ?x) SERVICE <{url}w> {{ ?a ?b ?c }} }}',
    ]


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one sample document (the founding article), ingested once per test session."""
    store = tmp_path_factory.mktemp("small") / "store"
    result = run_cli_process("ingest", "-q", SAMPLES / "2023-12-22-seed-bytedance-openai.md", "--store", store)
    assert result.returncode == 0, result.stderr
    return store
