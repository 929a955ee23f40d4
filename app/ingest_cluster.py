"""The ingest command on a Dask cluster: which cluster (options, then [cluster] settings), its progress
bar (documents, with words per second) and the run. Dask is imported only when a cluster is asked for."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from riskgraph.app.cli import err, printable
from riskgraph.app.config import Config
from riskgraph.app.context import extract_limits, is_remote, open_store, read_limits
from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.ingestion import IngestSummary

MAX_WORKERS = 1024


@dataclass(frozen=True)
class Cluster:
    """Where to read and extract: ``workers`` local Dask worker processes, or the cluster of ``scheduler``."""

    workers: int = 0
    scheduler: str = ""
    chunk: int = 8

    @property
    def used(self) -> bool:
        return bool(self.workers or self.scheduler)


def cluster_of(config: Config, workers: int | None = None, scheduler: str | None = None) -> Cluster:
    """The cluster the options ask for, else the one [cluster] configures; ConfigError for both at once."""
    if workers is not None and not 0 <= workers <= MAX_WORKERS:
        raise ConfigError(f"--workers must be at least 0 and at most {MAX_WORKERS:,}, got {workers:,}")
    if workers and scheduler:
        raise ConfigError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    chunk = int(config.get("cluster", "chunk"))
    if workers is not None or scheduler is not None:
        return Cluster(workers or 0, (scheduler or "").strip(), chunk)
    return Cluster(int(config.get("cluster", "workers")), str(config.get("cluster", "scheduler")).strip(), chunk)


def ingest_distributed(config: Config, cluster: Cluster, sources: list[str], quiet: bool,
                       published: date | None) -> tuple[IngestSummary, str]:
    """Ingest ``sources`` on the cluster; (summary, store location)."""
    from riskgraph.graph.dask_cluster import existing_cluster, local_cluster
    from riskgraph.graph.dask_worker import RemoteTarget
    from riskgraph.graph.distributed import ingest_on_cluster

    gazetteer = str(Path(config.get("ingest", "gazetteer")).resolve()) if config.get("ingest", "gazetteer") else None
    pipeline = str(config.pipeline_config.resolve()) if config.pipeline_config else None
    target = None
    if is_remote(config.store):
        target = RemoteTarget(config.store, str(config.get("store", "token")) or None)
    db = open_store(config)
    try:
        if cluster.scheduler:
            connected = existing_cluster(cluster.scheduler, gazetteer, pipeline)
        else:
            connected = local_cluster(cluster.workers, gazetteer, pipeline)
        with connected as client, _Bar(len(sources), quiet) as bar:
            summary = ingest_on_cluster(client, db, sources, limits=read_limits(config),
                                        extract_limits=extract_limits(config), published=published,
                                        target=target, chunk=cluster.chunk, progress=bar)
    finally:
        location = db.location
        db.close()
    return summary, location


class _Bar:
    """One rich progress bar over documents, with the words per second extracted so far."""

    def __init__(self, total: int, quiet: bool) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  TextColumn("{task.fields[rate]}"), TextColumn("{task.description}"),
                                  console=err, disable=quiet, transient=True)
        self._task = self._progress.add_task("", total=total, rate="")
        self._words = 0
        self._start = time.monotonic()

    def __enter__(self) -> _Bar:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def found(self, documents: int) -> None:
        total = self._progress.tasks[0].total or 0
        self._progress.update(self._task, total=total + documents)

    def done(self, source: str, outcome: str, words: int) -> None:
        self._words += words
        elapsed = max(time.monotonic() - self._start, 1e-6)
        self._progress.update(self._task, advance=1, rate=f"{self._words / elapsed:,.0f} words/s",
                              description=printable(source.rsplit("/", 1)[-1][:40]))
