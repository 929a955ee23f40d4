"""`riskgraph ingest --workers N`: Ctrl-C in the terminal stops the ingest and its local Dask cluster at
once (exit 130, one line, no process left, every document graph whole or absent, a re-run completes the
rest); contradictory options are one line, before any cluster starts."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyoxigraph

from riskgraph.graph.identity import document_iri
from riskgraph.graph.ingestion import ingest_sources
from riskgraph.graph.store import Store
from riskgraph.ingest.readers import expand_paths, read_source

SAMPLES = Path(__file__).parents[2] / "data" / "samples"
INGESTED_AT = "https://w3id.org/riskgraph#ingestedAt"


def _quads(store: Store) -> list[str]:
    """The store as sorted N-Quads, without the ingest timestamps."""
    return sorted(line for line in (store.export("nquads") or b"").decode().splitlines() if INGESTED_AT not in line)


def _documents(store: Path) -> int:
    """Documents committed so far (read while the ingest writes)."""
    try:
        db = pyoxigraph.Store.read_only(str(store))
    except (OSError, RuntimeError):  # not there yet, or being created
        return 0
    query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a <https://w3id.org/riskgraph#Document> } }"
    count = int(next(iter(db.query(query)))["n"].value)  # type: ignore[index]
    del db
    return count


def test_ctrl_c_stops_the_ingest_and_its_cluster_cleanly(pipeline, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for copy in range(3):
        for sample in sorted(SAMPLES.glob("20*.md")):
            shutil.copy(sample, folder / f"{copy}-{sample.name}")
    command = [sys.executable, "-m", "riskgraph.app", "ingest", str(folder), "--workers", "2",
               "--store", str(tmp_path / "store")]
    ingest = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)  # its own process group, as a terminal's foreground job
    processes: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while _documents(tmp_path / "store") < 3 and ingest.poll() is None and time.monotonic() < deadline:
        processes = psutil.Process(ingest.pid).children(recursive=True)  # workers and their sandboxes
        time.sleep(0.1)
    os.killpg(ingest.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group gets it
    _, stderr = ingest.communicate(timeout=60)
    assert ingest.returncode == 130, stderr
    assert stderr.strip() == "error: interrupted"
    time.sleep(1)
    assert not [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]

    with Store(tmp_path / "store") as store:
        stored = {g for g in store.named_graphs() if str(g).startswith("https://w3id.org/riskgraph/doc/")}
        interrupted = _quads(store)
    assert 3 <= len(stored) < 45  # stopped mid-run
    sources = expand_paths([str(folder)])
    written = [s for s in sources if document_iri(read_source(s)[0].source) in stored]
    reference = Store(tmp_path / "reference")  # whole documents: a sequential ingest of the same ones
    ingest_sources(reference, written, pipeline)
    assert interrupted == _quads(reference)

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.strip().endswith(f"store {tmp_path / 'store'}")
    assert f"documents: {45 - len(stored)} new, 0 updated, {len(stored)} unchanged, 0 failed" in rerun.stderr
    ingest_sources(reference, sources, pipeline)
    with Store(tmp_path / "store") as store:
        assert _quads(store) == _quads(reference)


def test_contradictory_cluster_options_are_one_line(cli, tmp_path: Path) -> None:
    both = cli("ingest", SAMPLES, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1", "--store", tmp_path / "s")
    assert (both.exit_code, both.stderr) == (1, "error: give --workers (a local cluster) or --scheduler (an existing "
                                                "one), not both\n")
    stdin = cli("ingest", "-", "--workers", "2", "--store", tmp_path / "s", input="Title\n\nBody.\n")
    assert (stdin.exit_code, stdin.stderr) == (1, "error: standard input (-) cannot be sent to Dask workers: ingest "
                                                  "it without --workers or --scheduler\n")
    negative = cli("ingest", SAMPLES, "--workers", "-1", "--store", tmp_path / "s")
    assert (negative.exit_code, negative.stderr) == (1, "error: --workers must be at least 0 and at most 1,024, "
                                                        "got -1\n")
    assert not (tmp_path / "s").exists()
