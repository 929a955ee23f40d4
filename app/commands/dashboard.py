"""``riskgraph dashboard``: the Streamlit dashboard over a store, run as a subprocess.

Streamlit binds every interface and shows full tracebacks by default; the command sets loopback,
hides error details, turns off usage statistics and the file watcher, and serves the vendored map
data (``app/dashboard/static``) itself, so the browser never needs another host. The subprocess
(``riskgraph.app.dashboard.launch``) puts a gate in front of Streamlit: foreign Host and Origin
headers are refused (DNS rebinding), and a bind off loopback needs a token. It dies with this
process. The dashboard process finds the store in ``RISKGRAPH_STORE`` and opens it read-only.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors, say
from riskgraph.app.config import Config
from riskgraph.app.context import is_remote
from riskgraph.ontology.errors import ConfigError, StoreError

MAIN_SCRIPT = Path(__file__).resolve().parent.parent / "dashboard" / "main.py"
STREAMLIT_OPTIONS: dict[str, str] = {
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "server.enableStaticServing": "true",  # the vendored topojson at /app/static/topojson/
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "browser.gatherUsageStats": "false",
    "runner.magicEnabled": "false",
    "global.developmentMode": "false",
}


def streamlit_command(host: str, port: int, script: Path = MAIN_SCRIPT, parent: int | None = None) -> list[str]:
    """The command line for the dashboard: the launcher (gate, dies with ``parent``), then Streamlit's."""
    options = {**STREAMLIT_OPTIONS, "server.address": host, "server.port": str(port)}
    return [sys.executable, "-m", "riskgraph.app.dashboard.launch", str(parent or os.getpid()), host, "--",
            "run", str(script), *(f"--{name}={value}" for name, value in options.items())]


def dashboard_env(config: Config, environ: dict[str, str] | None = None, token: str = "") -> dict[str, str]:
    """The dashboard process's environment: the store (absolute), the configuration file in use, the token."""
    env = dict(os.environ if environ is None else environ)
    env["RISKGRAPH_STORE"] = str(Path(config.store).resolve())
    if config.source != "defaults":
        env["RISKGRAPH_CONFIG"] = str(Path(config.source).resolve())
    if token:
        env["RISKGRAPH_DASHBOARD_TOKEN"] = token
    else:
        env.pop("RISKGRAPH_DASHBOARD_TOKEN", None)
    return env


def run_streamlit(command: list[str], env: dict[str, str]) -> int:
    """Run Streamlit until it exits; SIGINT, SIGTERM and SIGHUP are passed on to it."""
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    stopped: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopped.append(signum)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, forward) for signum in handled}
    try:
        code = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return 0 if stopped else code


@app.command()
@handles_errors
def dashboard(
    ctx: typer.Context,
    store: StoreOption = None,
    port: Annotated[int | None, typer.Option(help="port [default: config, 8501]")] = None,
    host: Annotated[str | None, typer.Option(help="address to bind [default: config, 127.0.0.1]; off loopback a "
                                             "token is required")] = None,
    token: Annotated[str | None, typer.Option(
        help="token the browser must present once (?token=...); required off loopback (prefer "
             "RISKGRAPH_DASHBOARD_TOKEN: a command line is visible to other users)")] = None,
    allow_edits: Annotated[bool, typer.Option("--allow-edits", help="show controls that record judgements "
                                              "(confirm, reject, merge); read-only otherwise")] = False,
) -> None:
    """Browse the store in a web dashboard: overview, entities, exposure, events, map, documents, SPARQL."""
    config = config_of(ctx, store)
    if is_remote(config.store):
        raise ConfigError(f"{config.store} is a SPARQL server; the dashboard reads a store folder")
    path = Path(config.store)
    if not (path / "CURRENT").exists():
        raise StoreError(f"no riskgraph store at {path}: run `riskgraph ingest PATH --store {path}` first")
    chosen = port if port is not None else int(config.get("dashboard", "port"))
    if not 1 <= chosen <= 65535:
        raise ConfigError(f"--port {chosen}: use a port between 1 and 65535")
    from riskgraph.graph.endpoint import is_loopback

    host = host if host is not None else str(config.get("dashboard", "host"))
    token = token if token is not None else str(config.get("dashboard", "token"))
    if not is_loopback(host) and not token:
        raise ConfigError(f"the dashboard would listen on {host} with no login: set a token ([dashboard] token or "
                          "RISKGRAPH_DASHBOARD_TOKEN), or keep it on 127.0.0.1")
    shown = f"http://{'[' + host + ']' if ':' in host else host}:{chosen}"
    say(f"riskgraph dashboard on {shown}{'/?token=…' if token else ''} "
        f"(store {path.resolve()}, read-only); Ctrl-C stops it")
    env = dashboard_env(config, token=token)
    if allow_edits:
        env["RISKGRAPH_DASHBOARD_ALLOW_EDITS"] = "true"
    code = run_streamlit(streamlit_command(host, chosen), env)
    if code:
        raise typer.Exit(code)
