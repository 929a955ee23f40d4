"""A Dask cluster to ingest on: a local one of N worker processes, or an existing one by its scheduler's
address; either way with riskgraph's worker plugin installed and every worker's pipeline checked.

A local cluster listens on 127.0.0.1 only, on ports the system picks, and serves nothing over HTTP: no
dashboard, no metrics (Dask's HTTP servers start with no routes), so nothing is fetched either. Its
workers are not daemonic processes, so that they can fork the sandboxes documents are parsed and
extracted in, and they ignore SIGINT: a Ctrl-C in the terminal reaches every process of the group,
and the driver, which gets it too, stops the cluster.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from tempfile import TemporaryDirectory

from riskgraph.graph.dask_worker import ExtractionPlugin, Versions, worker_versions
from riskgraph.ontology.errors import ConfigError

CONNECT_TIMEOUT_S = 30
WORKER_WAIT_S = 120


@contextmanager
def local_cluster(workers: int, gazetteer: str | None = None, pipeline_config: str | None = None,
                  memory_limit: str | int = "auto") -> Iterator[object]:
    """A Client of a new local cluster of ``workers`` single-threaded worker processes; closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    with TemporaryDirectory(prefix="riskgraph-dask-") as scratch, dask.config.set({
        "distributed.worker.daemon": False,  # the workers fork sandboxes
        "distributed.worker.multiprocessing-method": "spawn",  # a fork of the threaded driver is unsafe
        "distributed.scheduler.http.routes": [],  # no dashboard, no metrics, nothing served over HTTP
        # not Dask's MALLOC_TRIM_THRESHOLD_ for workers: it fixes glibc's mmap threshold, and extraction
        # ran 10-25% slower with it (measured, see docs/scale.md)
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
        "distributed.worker.http.routes": [],
    }):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                               local_directory=scratch, memory_limit=memory_limit, silence_logs=logging.CRITICAL)
        try:
            with Client(cluster) as client:
                _install(client, ExtractionPlugin(gazetteer, pipeline_config, ignore_interrupt=True))
                yield client
        finally:
            cluster.close(timeout=30)


@contextmanager
def existing_cluster(address: str, gazetteer: str | None = None,
                     pipeline_config: str | None = None) -> Iterator[object]:
    """A Client of the cluster whose scheduler is at ``address`` (tcp://HOST:PORT); the cluster keeps running."""
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            raise ConfigError(f"--scheduler {address}: no Dask worker joined within {WORKER_WAIT_S} s") from None
        _install(client, ExtractionPlugin(gazetteer, pipeline_config))
        yield client


def _install(client: object, plugin: ExtractionPlugin) -> None:
    client.register_plugin(plugin, name=plugin.name)  # type: ignore[attr-defined]


def cluster_versions(client: object) -> Versions:
    """The one extractor version every worker runs; ConfigError naming a worker that cannot extract or
    runs another version (another riskgraph, pipeline, lexicons or gazetteer than the others)."""
    answers: dict[str, Versions] = client.run(worker_versions)  # type: ignore[attr-defined]
    if not answers:
        raise ConfigError("the Dask cluster has no workers")
    for address, versions in sorted(answers.items()):
        if versions.problem:
            raise ConfigError(f"Dask worker {address}: {versions.problem}")
    found = {(v.version, v.kb_version) for v in answers.values()}
    if len(found) > 1:
        listed = ", ".join(f"{a}: {v.version}" for a, v in sorted(answers.items()))
        raise ConfigError(f"the Dask workers run different extractor versions ({listed}); install the same "
                          "riskgraph, pipeline, lexicons and gazetteer on every worker")
    return next(iter(answers.values()))


def working_folder() -> str:
    """The driver's working folder, against which workers read relative paths."""
    return os.getcwd()
