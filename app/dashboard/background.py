"""Work that may take long on a large store (the exposure graph after an ingest, a year of events),
run on a background thread so that a page can show what it has at once and fill the rest in.

``job(ctx, name, fn, *args)`` starts ``fn(*args)`` once per store state and name and returns its
Future; ``deferred(...)`` shows the result when it is ready within a short wait, else a note, and
polls (a fragment rerun every second or so) until it is, then redraws the page with it.
Functions given here call ``riskgraph.graph`` directly (no Streamlit calls: they run off the
script's thread).
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError
from typing import TypeVar

import streamlit as st

from riskgraph.app.dashboard.state import Ctx

T = TypeVar("T")
POLL_SECONDS = 1.0


@st.cache_resource(show_spinner=False)
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="riskgraph-dashboard")


@st.cache_resource(show_spinner=False, max_entries=64)
def _futures(path: str, key: str) -> dict[tuple, Future]:
    return {}


def job(ctx: Ctx, name: str, fn: Callable[..., T], *args: object) -> Future[T]:
    """The Future of ``fn(*args)`` for this store state, started on first request."""
    futures = _futures(ctx.path, ctx.key)
    key = (name, *args)
    if key not in futures:
        futures[key] = _executor().submit(fn, *args)
    return futures[key]


def deferred(future: Future[T], show: Callable[[T], None], waiting: str, wait_s: float = 0.5) -> None:
    """``show(result)`` now if ``future`` is done within ``wait_s``; else a note, and the page is redrawn
    when it is done (an exception in the job is raised here, for ``reported_errors``)."""
    try:
        result = future.result(timeout=wait_s)
    except TimeoutError:
        _poll(future, waiting)
        return
    show(result)


def _poll(future: Future, waiting: str) -> None:
    @st.fragment(run_every=POLL_SECONDS)
    def wait() -> None:
        if future.done():
            st.rerun()  # the whole page, which now finds the result ready
        st.info(waiting, icon=":material/hourglass_top:")

    wait()
