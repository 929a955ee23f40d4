"""The ``riskgraph`` command: a thin typer layer over graph/ and ingest/.

Exit codes: 0 ok, 1 error, 2 usage, 3 partial failure (some documents could not be read).
Every RiskgraphError becomes one readable line on stderr.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from riskgraph.app.config import Config, load_config
from riskgraph.ontology.errors import RiskgraphError
from riskgraph.ontology.version import package_version

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

app = typer.Typer(
    name="riskgraph",
    help="Geopolitical and competitive risk knowledge graph: ingest documents, query exposure, cite sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

StoreOption = Annotated[
    str | None,
    typer.Option("--store", "-s", help="store folder or SPARQL server URL [default: config, ./riskgraph-data]"),
]


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (escape sequences in a file name, say) are shown
    as ``\\xNN`` escapes instead of being sent to the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def say(message: str) -> None:
    """One line on stderr, made printable."""
    err.print(printable(message), markup=False, highlight=False)


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    say(f"error: {message}")
    return typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn project errors into one line on stderr and exit code 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RiskgraphError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def config_of(ctx: typer.Context, store: str | None = None) -> Config:
    config: Config = ctx.obj
    return config.with_store(store)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riskgraph {package_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config", help="TOML configuration file")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """riskgraph: documents in, exposure paths out, every fact cited."""
    try:
        ctx.obj = load_config(config)
    except RiskgraphError as exc:
        raise fail(str(exc)) from None


def _register() -> None:
    from riskgraph.app.commands import (  # noqa: F401  (each adds its commands)
        admin,
        alerts,
        competition,
        dashboard,
        evaluate,
        exposure,
        ingest,
        judge,
        query,
        report,
        serve,
    )


def main() -> None:
    """The ``riskgraph`` command. Once the command is done and its output flushed, the process ends at
    once: every command closes its store itself, and the interpreter's teardown of a large in-memory
    projection (hundreds of milliseconds at a million triples) is work nobody waits for."""
    _register()
    try:
        app()
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:  # e.g. `riskgraph query … | head`
        code = EXIT_OK
    except Exception as exc:  # a defect of ours: one line for the user, never a traceback
        say(f"error: riskgraph failed unexpectedly ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); "
            "please report it with the command you ran")
        code = EXIT_ERROR
    _exit_now(code)


def _exit_now(code: object) -> None:
    if isinstance(code, str):
        say(code)
        code = EXIT_ERROR
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):  # a closed pipe: nobody is reading any more
            pass
    os._exit(code if isinstance(code, int) else EXIT_OK)
