"""A long-running reader follows the writer: after `riskgraph ingest` commits (in another process),
the follower hands out a store that sees the new document; with no write it keeps the one it has."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from riskgraph.graph.follow import StoreFollower, disk_signature

DOCUMENTS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://w3id.org/riskgraph#Document> } }"


def ingest(path: Path, store: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "riskgraph.app", "ingest", "-q", str(path), "--store", str(store)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def documents(follower: StoreFollower) -> int:
    return int(follower.current().select(DOCUMENTS)[0]["n"])


def test_a_follower_sees_what_an_ingest_committed(sample_files: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(sample_files[0], store)
    follower = StoreFollower(store)
    first = follower.current()
    assert documents(follower) == 1
    assert follower.current() is first and follower.reopened == 0  # reading changes nothing on disk

    ingest(sample_files[1], store)
    assert documents(follower) == 2
    assert follower.reopened == 1
    assert int(first.select(DOCUMENTS)[0]["n"]) == 1  # a caller still holding the old view keeps it

    again = follower.current()
    assert follower.current() is again and follower.reopened == 1
    ingest(sample_files[1], store)  # unchanged document: skipped, nothing written
    assert documents(follower) == 2


def test_per_state_values_are_recomputed_after_a_write(sample_files: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(sample_files[0], store)
    follower = StoreFollower(store)
    calls: list[int] = []

    def count(s) -> int:
        calls.append(1)
        return int(s.select(DOCUMENTS)[0]["n"])

    assert follower.per_state("docs", count)[1] == 1
    assert follower.per_state("docs", count)[1] == 1 and len(calls) == 1
    ingest(sample_files[2], store)
    assert follower.per_state("docs", count)[1] == 2 and len(calls) == 2


def test_signature_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert disk_signature(tmp_path / "nowhere") == ()
