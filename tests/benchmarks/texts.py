"""The texts the ingest benchmarks read: the client's corpus when it is beside the checkout, and the
project's samples, copied N times under distinct names so that every copy is a new document."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def benchmark_sources() -> list[Path]:
    sources = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    return sources + sorted(p for p in (ROOT / "data" / "samples").glob("*.md") if p.name != "README.md")


def copy_texts(folder: Path, copies: int) -> list[str]:
    """Copy the sources ``copies`` times into ``folder`` (created); the files to ingest, in order."""
    from riskgraph.ingest.readers import expand_paths

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for src in benchmark_sources():
            shutil.copy(src, folder / f"{i:02d}-{src.name}")
    return expand_paths([str(folder)])
