"""Running a parser in a forked worker process with an address-space limit and a wall-clock timeout.

One worker is kept and reused (a fork costs ~10 ms with spaCy loaded; a call to a live worker well
under 1 ms). It is replaced after it dies, runs out of memory or overruns the timeout. The parent
never parses untrusted Markdown, HTML, PDF or feed bytes itself, so a parser that hangs or balloons costs one
document, not the batch.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .limits import MB
from .parts import Unreadable, brief

_lock = threading.Lock()
_worker: _Worker | None = None


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        context = multiprocessing.get_context("fork")  # the parent's modules come along; spawn would reload
        self.conn, child_end = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child_end, memory_mb), name="riskgraph-reader", daemon=True
        )
        self.process.start()
        child_end.close()

    def stop(self) -> int | None:
        """Kill the worker and return its exit code (negative: the signal that ended it)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        return self.process.exitcode


def run_isolated(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    timeout_s: float,
    memory_mb: int,
    what: str,
    preload: Sequence[str] = (),
) -> Any:
    """``func(*args)`` in the worker; its Unreadable, a timeout or the worker's death become Unreadable.

    ``func`` must be a module-level function. ``what`` names the input in messages ("PDF", "HTML").
    ``preload`` modules are imported in this process before a worker is forked, so that a replacement
    worker does not spend the next document's time budget importing them again.
    """
    global _worker
    with _lock:
        for module in preload:
            importlib.import_module(module)
        worker = _ready_worker(memory_mb)
        try:
            worker.conn.send((func, args))
        except OSError:  # the worker died between calls: start a fresh one once
            worker.stop()
            worker = _worker = _Worker(memory_mb)
            worker.conn.send((func, args))
        if not worker.conn.poll(timeout_s):
            worker.stop()
            _worker = None
            raise Unreadable(
                f"{what} took longer than {timeout_s:g} s to parse and was stopped; "
                "the file may be malformed, or raise the timeout limit"
            )
        try:
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.stop()
            _worker = None
            raise Unreadable(_death_reason(what, code, memory_mb)) from None
        if status == "memory":
            worker.stop()
            _worker = None
            raise Unreadable(_memory_reason(what, memory_mb))
    if status == "error":
        raise Unreadable(payload)
    if status == "crash":
        raise Unreadable(f"the {what} parser failed on this file ({payload})")
    return payload


def _ready_worker(memory_mb: int) -> _Worker:
    global _worker
    if _worker is not None and (_worker.memory_mb != memory_mb or not _worker.process.is_alive()):
        _worker.stop()
        _worker = None
    if _worker is None:
        _worker = _Worker(memory_mb)
    return _worker


def _memory_reason(what: str, memory_mb: int) -> str:
    return (
        f"{what} exceeds the memory limit while parsing ({memory_mb} MB); "
        "raise the memory limit to try again"
    )


def _death_reason(what: str, code: int | None, memory_mb: int) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        if -code == signal.SIGKILL:
            return f"the {what} parser was killed (SIGKILL), most likely out of memory; raise memory_mb"
        if -code == signal.SIGSEGV:
            return f"the {what} parser crashed (SIGSEGV, possibly out of memory at {memory_mb} MB)"
        return f"the {what} parser was stopped by signal {name}"
    return f"the {what} parser exited unexpectedly (exit code {code})"


def _serve(conn: Connection, memory_mb: int) -> None:
    """The worker's loop: one call at a time until the parent closes the pipe or memory runs out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then ends the worker
    _limit_address_space(memory_mb)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:
            _send(conn, ("memory", None))
            return
        reply = _call(func, args)
        if not _send(conn, reply) or reply[0] == "memory":
            return


def _call(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return ("ok", func(*args))
    except Unreadable as exc:
        return ("error", exc.reason)
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("error", "too deeply nested to parse")
    except Exception as exc:  # the boundary of a third-party parser on untrusted input: report, never crash
        return ("crash", brief(exc))


def _send(conn: Connection, reply: tuple[str, Any]) -> bool:
    try:
        conn.send(reply)
    except MemoryError:
        try:
            conn.send(("memory", None))
        except (MemoryError, OSError):
            return False
    except OSError:
        return False
    return True


def _limit_address_space(memory_mb: int) -> None:
    """Let the worker grow by ``memory_mb`` beyond the address space it inherited from the parent."""
    inherited = _address_space_bytes()
    limit = inherited + memory_mb * MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0

