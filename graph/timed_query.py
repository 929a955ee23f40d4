"""Run one SELECT query with a time limit, for interactive use (the dashboard's SPARQL page).

pyoxigraph has no query timeout and evaluates in native code a thread cannot interrupt, so the query
runs in a fresh worker process (``spawn``: no inherited threads or locks) that opens the store
read-only; when the time is up the process is killed. Where the operating system allows it, the
worker first moves into an empty network namespace, so that no query could reach any host.
Check the text with :func:`riskgraph.graph.sparql_guard.check_query` first.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Mapping
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib.term import Node

from riskgraph.ontology.errors import QueryError, RiskgraphError, StoreError

Rows = list[list[str]]


def _cell(value: Node | None) -> str:
    return "" if value is None else str(value)


def _worker(conn: Connection, store_path: str, query: str, max_rows: int, bindings: dict[str, Node],
            parent_pid: int, memory_mb: int) -> None:
    """Runs in the child: open the store read-only, run the query, send (status, ...) back."""
    try:
        from riskgraph.graph.query_worker import isolate_network
        from riskgraph.ingest.sandbox import die_with_parent, limit_address_space

        die_with_parent(parent_pid)
        isolate_network()
        from riskgraph.graph.store import Store

        store = Store(store_path, read_only=True)
        limit_address_space(memory_mb)
        rows, names = store.select_with_variables(query, bindings)
        capped = [[_cell(row.get(name)) for name in names] for row in islice(rows, max_rows)]
        conn.send(("ok", names, capped, len(rows) > max_rows))
    except MemoryError:
        conn.send(("error", "query", _memory_message(memory_mb)))
    except QueryError as exc:
        conn.send(("error", "query", str(exc)))
    except RiskgraphError as exc:
        conn.send(("error", "store", str(exc)))
    except Exception as exc:  # one line for the user, never a traceback
        conn.send(("error", "store", f"the query failed: {type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        conn.close()


def _memory_message(memory_mb: int) -> str:
    return (f"the query needed more than the {memory_mb} MB a query may use and was stopped; narrow it "
            "(LIMIT, more specific patterns) or raise [query] memory_mb")


def run_select(store_path: str | Path, query: str, timeout_s: float, max_rows: int,
               bindings: Mapping[str, Node] | None = None, memory_mb: int = 2048) -> tuple[list[str], Rows, bool]:
    """Run a SELECT over the store at ``store_path``; return (columns, rows, truncated).

    Cells are the values as text ("" when unbound). At most ``max_rows`` rows are returned;
    ``truncated`` tells whether there were more. A query still running after ``timeout_s`` seconds
    (the worker's start-up included) is stopped and raises QueryError.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, name="riskgraph-query", daemon=True,
                              args=(sender, str(store_path), query, max_rows, dict(bindings or {}), os.getpid(),
                                    memory_mb))
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise QueryError(f"the query took longer than {timeout_s:g} s and was stopped")
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            process.join(2)
            if process.exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                raise QueryError(_memory_message(memory_mb)) from None
            raise StoreError("the query worker stopped unexpectedly; try a narrower query") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if message[0] == "ok":
        return message[1], message[2], message[3]
    raise (QueryError if message[1] == "query" else StoreError)(message[2])
