"""A forked worker process that runs one call at a time under an address-space limit and a timeout.

The worker is forked from this process (the parent's loaded modules and objects come along, so a
call costs well under a millisecond) and reused until it dies, runs out of memory or overruns a
call's time limit; then it is killed and the next call forks a fresh one. It dies with its parent:
the kernel sends it SIGKILL when the parent ends (``PR_SET_PDEATHSIG``), and a worker whose parent
is already gone when it starts exits at once, so a killed ingest leaves no process behind.

Callers map the outcomes to their own messages: ``SandboxTimeout``, ``SandboxOutOfMemory``,
``SandboxDied`` (with the exit code) and ``SandboxCrash`` (an unexpected exception, briefly);
exceptions of the types the caller passes through are raised again as they were.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

MB = 1024 * 1024
PR_SET_PDEATHSIG = 1


class SandboxError(Exception):
    """A call in the worker did not return normally."""


class SandboxTimeout(SandboxError):
    """The call ran past its time limit; the worker was killed."""


class SandboxOutOfMemory(SandboxError):
    """The call needed more memory than the worker's limit."""


class SandboxDied(SandboxError):
    """The worker ended during the call (``code``: its exit code, negative for a signal)."""

    def __init__(self, code: int | None) -> None:
        super().__init__(f"exit code {code}")
        self.code = code

    @property
    def signal_name(self) -> str | None:
        if self.code is None or self.code >= 0:
            return None
        return signal.Signals(-self.code).name if -self.code in signal.valid_signals() else str(-self.code)


class SandboxCrash(SandboxError):
    """The call raised an exception the caller did not expect (``brief``: its type and message)."""

    def __init__(self, brief: str) -> None:
        super().__init__(brief)
        self.brief = brief


def brief(exc: BaseException, limit: int = 160) -> str:
    """An exception as a short one-line detail for a message: "ValueError: bad xref"."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent ends; exit now if the parent is gone already."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends an idle worker
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


class Sandbox:
    """One reusable worker process; ``call(func, args, timeout_s=...)`` runs ``func(*args)`` in it.

    ``func`` must be picklable (a module-level function); so must its arguments and result. Calls are
    serialised (one at a time). Fork it from a thread that lives as long as the worker should (the
    kernel's parent-death signal follows the forking thread).
    """

    def __init__(self, memory_mb: int, name: str = "riskgraph-worker",
                 passthrough: tuple[type[BaseException], ...] = ()) -> None:
        self.memory_mb = memory_mb
        self.name = name
        self.passthrough = passthrough
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    # ------------------------------------------------------------------ lifecycle
    def _start(self) -> None:
        context = multiprocessing.get_context("fork")  # the parent's modules come along; spawn would reload
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, self.memory_mb, os.getpid(),
                                                              self.passthrough), name=self.name, daemon=True)
        self._process.start()
        child_end.close()

    def _stop(self) -> int | None:
        """Kill the worker and return its exit code (negative: the signal that ended it)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None:
            return None
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        if conn is not None:
            conn.close()
        return process.exitcode

    def close(self) -> None:
        with self._lock:
            self._stop()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    # ------------------------------------------------------------------ calls
    def call(self, func: Callable[..., Any], args: tuple[Any, ...], *, timeout_s: float) -> Any:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._stop()
                self._start()
            assert self._conn is not None
            try:
                self._conn.send((func, args))
            except OSError:  # the worker died between calls: start a fresh one once
                self._stop()
                self._start()
                assert self._conn is not None
                self._conn.send((func, args))
            if not self._conn.poll(timeout_s):
                self._stop()
                raise SandboxTimeout(f"took longer than {timeout_s:g} s")
            try:
                status, payload = self._conn.recv()
            except (EOFError, OSError):
                raise SandboxDied(self._stop()) from None
            if status == "memory":
                self._stop()
                raise SandboxOutOfMemory(f"over {self.memory_mb} MB")
        if status == "raised":
            raise payload
        if status == "crash":
            raise SandboxCrash(payload)
        return payload


# ---------------------------------------------------------------------- the worker's side
def _serve(conn: Connection, memory_mb: int, parent_pid: int, passthrough: tuple[type[BaseException], ...]) -> None:
    """The worker's loop: one call at a time until the parent closes the pipe or memory runs out."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then ends the worker
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    limit_address_space(memory_mb)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:
            _send(conn, ("memory", None))
            return
        reply = _call(func, args, passthrough)
        if not _send(conn, reply) or reply[0] == "memory":
            return


def _call(func: Callable[..., Any], args: tuple[Any, ...],
          passthrough: tuple[type[BaseException], ...]) -> tuple[str, Any]:
    try:
        return ("ok", func(*args))
    except MemoryError:
        return ("memory", None)
    except passthrough as exc:
        return ("raised", exc)
    except RecursionError:
        return ("crash", "too deeply nested to process")
    except Exception as exc:  # the boundary of third-party code on untrusted input: report, never crash
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
    except Exception as exc:  # an unpicklable result or exception
        try:
            conn.send(("crash", f"the result could not be sent back ({brief(exc)})"))
        except (MemoryError, OSError):
            return False
    return True


def limit_address_space(memory_mb: int) -> None:
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
