"""A document that is too long, too slow or too large to extract costs that document only: one
`failed:` line, the rest of the batch stored, in a bounded time, and no worker left behind."""
from __future__ import annotations

import random
import string
import time
from pathlib import Path

import pyoxigraph

SAMPLES = Path(__file__).parents[2] / "data" / "samples"
SMALL = SAMPLES / "2023-12-22-seed-bytedance-openai.md"


def _documents(store: Path) -> int:
    db = pyoxigraph.Store.read_only(str(store))
    query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a <https://w3id.org/riskgraph#Document> } }"
    count = int(next(iter(db.query(query)))["n"].value)
    del db
    return count


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---", 2)[2]


def _long_document(path: Path, chars: int) -> None:
    prose = "".join(_body(p) for p in sorted(SAMPLES.glob("2023-*.md")))
    path.write_text("A very long filing\n\n" + (prose * (chars // len(prose) + 1))[:chars], encoding="utf-8")


def _one_long_line(path: Path, chars: int) -> None:
    rng = random.Random(7)
    names: list[str] = []
    while sum(len(n) + 2 for n in names) < chars:
        names.append(rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=6)) + " Corp")
    path.write_text(", ".join(names)[:chars], encoding="utf-8")


def _failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed: ")]


def test_a_huge_document_and_an_endless_line_never_sink_the_batch(rg_process, tmp_path: Path) -> None:
    huge, line = tmp_path / "huge.txt", tmp_path / "line.txt"
    _long_document(huge, 1_900_000)  # over spaCy's max_length of 1,000,000 characters
    _one_long_line(line, 100_000)  # one "sentence" of thousands of names
    store = tmp_path / "store"
    started = time.monotonic()
    result = rg_process("ingest", "-q", huge, line, SMALL, "--store", store, timeout=240,
                        env={"RISKGRAPH_INGEST_EXTRACT_TIMEOUT_S": "30"})
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 3), result.stderr
    for failure in _failed_lines(result.stderr):  # what could not be done in time is named, with why
        assert ("huge.txt" in failure or "line.txt" in failure) and "extract_timeout_s" in failure, failure
    stored = 3 - len(_failed_lines(result.stderr))
    assert _documents(store) == stored >= 2  # the small one, and the long line, at least
    assert elapsed < 30 + 30 + 60  # each long document is bounded by its time limit


def test_extraction_over_its_memory_limit_fails_that_document_only(rg_process, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    _long_document(big, 90_000)  # goes to the worker in one batch with the small one, which is then retried alone
    store = tmp_path / "store"
    result = rg_process("ingest", "-q", big, SMALL, "--store", store, timeout=120,
                        env={"RISKGRAPH_INGEST_EXTRACT_MEMORY_MB": "128"})
    assert result.returncode == 3, result.stderr
    [failure] = _failed_lines(result.stderr)
    assert failure == (f"failed: {big}: extraction needed more than 128 MB and was stopped; split the document "
                       "or raise [ingest] extract_memory_mb")
    assert _documents(store) == 1
