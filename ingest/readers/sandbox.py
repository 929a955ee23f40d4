"""Parsing untrusted bytes in a forked worker (``riskgraph.ingest.sandbox``) with the read limits.

One worker is kept and reused (a fork costs ~10 ms with spaCy loaded; a call to a live worker well
under 1 ms). It is replaced after it dies, runs out of memory or overruns the timeout. The parent
never parses untrusted Markdown, HTML, PDF or feed bytes itself, so a parser that hangs or balloons
costs one document, not the batch.
"""
from __future__ import annotations

import importlib
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

from riskgraph.ingest.sandbox import Sandbox, SandboxCrash, SandboxDied, SandboxOutOfMemory, SandboxTimeout

from .parts import Unreadable

_lock = threading.Lock()
_sandbox: Sandbox | None = None


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
    with _lock:
        for module in preload:
            importlib.import_module(module)
        sandbox = _ready_sandbox(memory_mb)
        try:
            return sandbox.call(func, args, timeout_s=timeout_s)
        except SandboxTimeout:
            raise Unreadable(
                f"{what} took longer than {timeout_s:g} s to parse and was stopped; "
                "the file may be malformed, or raise [ingest] timeout_s"
            ) from None
        except SandboxOutOfMemory:
            raise Unreadable(_memory_reason(what, memory_mb)) from None
        except SandboxDied as died:
            raise Unreadable(_death_reason(what, died, memory_mb)) from None
        except SandboxCrash as crash:
            raise Unreadable(f"the {what} parser failed on this file ({crash.brief})") from None


def _ready_sandbox(memory_mb: int) -> Sandbox:
    global _sandbox
    if _sandbox is not None and _sandbox.memory_mb != memory_mb:
        _sandbox.close()
        _sandbox = None
    if _sandbox is None:
        _sandbox = Sandbox(memory_mb, name="riskgraph-reader", passthrough=(Unreadable,))
    return _sandbox


def _memory_reason(what: str, memory_mb: int) -> str:
    return f"{what} exceeds the memory limit while parsing ({memory_mb} MB); raise [ingest] memory_mb to try again"


def _death_reason(what: str, died: SandboxDied, memory_mb: int) -> str:
    if died.code is not None and died.code < 0:
        if -died.code == signal.SIGKILL:
            return f"the {what} parser was killed (SIGKILL), most likely out of memory; raise [ingest] memory_mb"
        if -died.code == signal.SIGSEGV:
            return f"the {what} parser crashed (SIGSEGV, possibly out of memory at {memory_mb} MB)"
        return f"the {what} parser was stopped by signal {died.signal_name}"
    return f"the {what} parser exited unexpectedly (exit code {died.code})"
