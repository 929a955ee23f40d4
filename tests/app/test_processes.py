"""No process outlives riskgraph: workers of a killed ingest, server or dashboard die with it."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parents[2] / "data" / "samples"


def _parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        children = {int(p.name) for p in Path("/proc").iterdir()
                    if p.name.isdigit() and _parent_of(int(p.name)) in frontier}
        frontier = children - found
        found |= children
    return found


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting")
        time.sleep(0.05)


def _assert_all_gone(pids: set[int], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {p: Path(f"/proc/{p}/cmdline").read_bytes()[:120] for p in pids if _alive(p)}
    assert not left, f"left behind: {left}"


def _rg(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "riskgraph.app", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _many_documents(folder: Path, copies: int = 4) -> Path:
    folder.mkdir()
    for copy in range(copies):
        for path in sorted(SAMPLES.glob("20*.md")):
            shutil.copy(path, folder / f"{copy}-{path.name}")
    return folder


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_ingest_leaves_no_worker(tmp_path: Path, how: signal.Signals) -> None:
    docs = _many_documents(tmp_path / "docs")
    process = _rg("ingest", "-q", str(docs), "--store", str(tmp_path / "store"))
    try:
        _wait_for(lambda: len(_descendants(process.pid)) >= 2)  # the reader and the extraction workers
        children = _descendants(process.pid)
        os.kill(process.pid, how)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    _assert_all_gone(children)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_killed_server_leaves_no_query_worker(small_store: Path, tmp_path: Path) -> None:
    process = _rg("serve", "--store", str(small_store), "--port", str(_free_port()))
    try:
        _wait_for(lambda: len(_descendants(process.pid)) >= 2)  # two query workers
        children = _descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    _assert_all_gone(children)


def test_a_killed_dashboard_command_leaves_no_streamlit(small_store: Path, tmp_path: Path) -> None:
    port = _free_port()
    process = _rg("dashboard", "--store", str(small_store), "--port", str(port))
    try:
        _wait_for(lambda: _listening(port))
        children = _descendants(process.pid)
        assert children
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    _assert_all_gone(children)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
