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


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
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
def corpus_store(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A store holding the whole shared corpus, ingested once per test session."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    result = run_cli_process("ingest", "-q", *sorted(corpus_dir.glob("*.txt")), "--store", store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store: data/samples ingested once per test session."""
    store = tmp_path_factory.mktemp("demo") / "store"
    result = run_cli_process("demo", "--store", store)
    assert result.returncode == 0, result.stderr
    return store
