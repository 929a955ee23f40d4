"""Queries for the SPARQL endpoint run in worker processes that can be killed.

pyoxigraph has no query time limit and evaluates in native code that a thread cannot interrupt,
so the only way to really stop a query is to stop the process running it. Each worker opens the
store read-only and answers one job at a time over a socket pair; a job that overruns its
deadline gets its worker killed (SIGKILL) and a fresh worker started in its place. Where the
operating system allows it, a worker first moves into an empty network namespace, so that even a
query that slipped past the SERVICE check could not reach any host.

Oxigraph's read-only mode sees the store as it was when it was opened; a worker holds a
``StoreFollower`` instead, which reopens the store before a job when an ingest has committed since,
so the endpoint answers from the newest graph without a restart.

A worker may grow by ``memory_mb`` beyond the address space it has once the store is open; a query
that needs more ends its worker (the allocator aborts), which the client sees as a 503 naming the
limit. Workers die with the server: each asks the kernel for SIGKILL when its parent ends, and
all are started from one long-lived thread of the pool (the kernel ties that signal to the thread
that forked the worker, and a request's thread ends with the request).
"""
from __future__ import annotations

import ctypes
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from riskgraph.ingest.sandbox import die_with_parent, limit_address_space
from riskgraph.ontology.errors import QueryError, RiskgraphError, StoreError

CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000


class QueryTimeout(QueryError):
    """The query ran past the time limit (its worker was stopped), or no worker was free in time."""


class QueryOutOfMemory(QueryError):
    """The query needed more memory than a worker may use (its worker was stopped)."""


@dataclass(frozen=True)
class Job:
    query: str
    fmt: str
    max_rows: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    kind: str  # "bindings" | "boolean" | "graph"
    body: bytes
    truncated: bool


# ---------------------------------------------------------------- the worker process
def isolate_network() -> bool:
    """Move this (single-threaded) process into a new, empty network namespace; False if refused."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(CLONE_NEWNET) == 0 or libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def worker_main(conn: Connection, store_path: str, parent_pid: int, memory_mb: int) -> None:
    """Entry point of a worker: open the store read-only, then answer jobs until the pipe closes."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    isolated = isolate_network()
    from rdflib import URIRef

    from riskgraph.graph.follow import StoreFollower

    try:
        follower = StoreFollower(store_path)  # picks up what an ingest committed since the last job
        follower.current()
    except RiskgraphError as exc:
        conn.send(("error", "store", str(exc)))
        return
    if memory_mb:
        limit_address_space(memory_mb)
    conn.send(("ready", isolated))
    while True:
        try:
            job = Job(**conn.recv())
        except (EOFError, OSError):
            return
        defaults = None if job.default_graphs is None else [URIRef(g) for g in job.default_graphs]
        named = None if job.named_graphs is None else [URIRef(g) for g in job.named_graphs]
        try:
            store = follower.current()
            kind, body, truncated = store.query_limited(job.query, job.fmt, max_rows=job.max_rows,
                                                        default_graphs=defaults, named_graphs=named)
            reply: tuple = ("ok", kind, body, truncated)
        except QueryError as exc:
            reply = ("error", "query", str(exc))
        except StoreError as exc:
            reply = ("error", "store", str(exc))
        except MemoryError:
            reply = ("error", "memory", "")
        except Exception as exc:  # never a traceback to the client: one line
            reply = ("error", "store", f"the query failed: {type(exc).__name__}: {str(exc)[:200]}")
        conn.send(reply)


# ---------------------------------------------------------------- the parent's side
class _Worker:
    """One worker: ``python -m riskgraph.graph.query_worker FD STORE`` with a socket pair between us
    (a fresh interpreter that imports only the store, not the CLI, and holds none of our threads)."""

    def __init__(self, store_path: Path, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        self.memory_mb = memory_mb
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "riskgraph.graph.query_worker", str(theirs.fileno()), str(store_path),
                 str(os.getpid()), str(memory_mb)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                start_new_session=True)  # out of the terminal's process group: Ctrl-C is for the server
        self._conn = Connection(ours.detach())
        self.ready = False
        self.isolated = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def _receive(self, deadline: float) -> tuple:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not self._conn.poll(remaining):
            raise QueryTimeout("time limit")
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            self.process.wait(2)
            if self.process.returncode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                raise QueryOutOfMemory(self._memory_message()) from None
            raise StoreError("a query worker stopped unexpectedly; it has been restarted") from None

    def _memory_message(self) -> str:
        return (f"the query needed more than the {self.memory_mb} MB a query may use and was stopped; narrow it "
                "(LIMIT, more specific patterns) or raise [query] memory_mb")

    def wait_ready(self, deadline: float) -> None:
        if self.ready:
            return
        message = self._receive(deadline)
        if message[0] != "ready":
            raise StoreError(message[2])
        self.ready, self.isolated = True, bool(message[1])

    def run(self, job: Job, deadline: float) -> Answer:
        self.wait_ready(deadline)
        try:
            self._conn.send(asdict(job))
        except OSError:
            raise StoreError("a query worker stopped unexpectedly; it has been restarted") from None
        message = self._receive(deadline)
        if message[0] == "ok":
            return Answer(message[1], message[2], message[3])
        if message[1] == "memory":
            raise QueryOutOfMemory(self._memory_message())
        raise (QueryError if message[1] == "query" else StoreError)(message[2])

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            pass
        self._conn.close()


class QueryPool:
    """A fixed number of query workers over one store; ``run`` gives each job a deadline."""

    def __init__(self, store_path: Path, size: int = 2, memory_mb: int = 2048) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        # every worker is started by this one thread, which lives as long as the pool
        self._to_spawn: queue.Queue[queue.Queue[_Worker] | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="riskgraph-query-spawner", daemon=True)
        self._spawner.start()

    def _spawn_loop(self) -> None:
        while True:
            reply = self._to_spawn.get()
            if reply is None:
                return
            worker = _Worker(self.store_path, self.memory_mb)
            with self._lock:
                self._workers.add(worker)
            reply.put(worker)

    def start(self, timeout_s: float = 60) -> bool:
        """Start the workers and wait until each has opened the store; True if all are network-isolated."""
        started = [self._spawn() for _ in range(self.size)]
        deadline = time.monotonic() + timeout_s
        try:
            for worker in started:
                worker.wait_ready(deadline)
        except QueryTimeout:
            self.close()
            raise StoreError(f"the query workers did not open the store at {self.store_path} "
                             f"within {timeout_s:g} s") from None
        except StoreError:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)
        return all(w.isolated for w in started)

    def _spawn(self) -> _Worker:
        reply: queue.Queue[_Worker] = queue.Queue(maxsize=1)
        self._to_spawn.put(reply)
        return reply.get()

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return
        self._idle.put(self._spawn())

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Run ``job`` within ``timeout_s`` seconds (waiting for a free worker included)."""
        deadline = time.monotonic() + timeout_s
        worker = self._take(deadline, timeout_s)
        try:
            answer = worker.run(job, deadline)
        except (QueryTimeout, QueryOutOfMemory) as exc:
            self._retire(worker)
            if isinstance(exc, QueryOutOfMemory):
                raise
            raise QueryTimeout(f"the query was stopped after the time limit of {timeout_s:g} s; narrow it "
                               "(LIMIT, more specific patterns) or ask for a longer --timeout") from None
        except StoreError:
            if worker.alive() and worker.ready:
                self._idle.put(worker)
            else:
                self._retire(worker)
            raise
        except BaseException:
            self._retire(worker)
            raise
        self._idle.put(worker)
        return answer

    def _take(self, deadline: float, timeout_s: float) -> _Worker:
        """A free worker that is still alive (one that died while idle is replaced on the way)."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryTimeout(f"the endpoint is busy: no query worker was free within {timeout_s:g} s; "
                                   "try again later") from None
            if worker.alive():
                return worker
            self._retire(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._to_spawn.put(None)
        for worker in workers:
            worker.stop()


if __name__ == "__main__":
    worker_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
