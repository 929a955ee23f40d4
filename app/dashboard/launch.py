"""Starts Streamlit with the dashboard behind its gate (``gate.py``), tied to the process that started it.

``riskgraph dashboard`` runs ``python -m riskgraph.app.dashboard.launch PARENT_PID BOUND_HOST -- ARGS``:
this process dies with its parent (so a killed ``riskgraph dashboard`` leaves no server behind),
puts the gate first in Streamlit's middleware, sets Streamlit's own WebSocket Host allow-list,
and runs ``streamlit ARGS``. The token, when there is one, comes in ``RISKGRAPH_DASHBOARD_TOKEN``.
"""
from __future__ import annotations

import os
import sys

from riskgraph.app.dashboard.gate import Gate, allowed_hosts
from riskgraph.app.dashboard.nav import DEFAULT_URL_PATH
from riskgraph.ingest.sandbox import die_with_parent


def install_gate(bound_host: str, token: str) -> None:
    """Put the gate in front of every route of the Streamlit app this process will create."""
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    original = getattr(starlette_app, "create_streamlit_middleware", None)
    if original is None:
        raise SystemExit("error: this Streamlit version has no middleware hook; install the version riskgraph "
                         "declares (pip install -e .)")
    hosts = allowed_hosts(bound_host)

    aliases = {"/" + DEFAULT_URL_PATH: "/"}

    def with_gate() -> list[Middleware]:
        return [Middleware(Gate, hosts=hosts, token=token, aliases=aliases), *original()]

    starlette_app.create_streamlit_middleware = with_gate


def main(argv: list[str]) -> None:
    parent, bound_host, separator, *streamlit_args = argv
    if separator != "--":
        raise SystemExit("usage: python -m riskgraph.app.dashboard.launch PARENT_PID HOST -- STREAMLIT_ARGS")
    die_with_parent(int(parent))
    install_gate(bound_host, os.environ.get("RISKGRAPH_DASHBOARD_TOKEN", ""))
    from streamlit.web import cli

    sys.argv = ["streamlit", *streamlit_args]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
