"""``riskgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the embedded store."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, err, handles_errors
from riskgraph.app.context import is_remote
from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.endpoint import StaticFile

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
               ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
               ".ico": "image/x-icon"}


def static_files(folder: Path = STATIC_DIR) -> dict[str, StaticFile]:
    """The query page and its assets, by URL path: ``index.html`` at ``/``, the rest under ``/static/``."""
    from riskgraph.graph.endpoint import StaticFile

    files: dict[str, StaticFile] = {}
    for path in sorted(folder.glob("*")):
        media = MEDIA_TYPES.get(path.suffix.lower())
        if media is None or not path.is_file():
            continue
        body = path.read_bytes()
        files[f"/static/{path.name}"] = StaticFile(media, body)
        if path.name == "index.html":
            files["/"] = files["/index.html"] = StaticFile(media, body)
    if "/" not in files:
        raise ConfigError(f"the query page is missing from {folder}: reinstall riskgraph")
    return files


@app.command()
@handles_errors
def serve(
    ctx: typer.Context,
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="address to bind [default: config, 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="port (0: any free port) [default: config, 7878]")] = None,
    token: Annotated[str | None, typer.Option(
        help="bearer token every request must carry; required off loopback (prefer RISKGRAPH_SERVE_TOKEN: "
             "a command line is visible to other users)")] = None,
    timeout: Annotated[float | None, typer.Option(
        help="time limit of one query in seconds; the query is stopped [default: config, 20]")] = None,
    max_rows: Annotated[int | None, typer.Option(
        help="most SELECT rows or CONSTRUCT triples per answer [default: config, 10000]")] = None,
    workers: Annotated[int, typer.Option(help="query worker processes (queries running at once)")] = 2,
) -> None:
    """Serve the store as a read-only SPARQL endpoint (/sparql) with a query page (/)."""
    from riskgraph.graph.endpoint import EndpointSettings, run_endpoint

    config = config_of(ctx, store)
    if is_remote(config.store):
        raise ConfigError(f"{config.store} is a SPARQL server already; `riskgraph serve` serves a store "
                          "folder")
    settings = EndpointSettings(
        store=Path(config.store),
        host=host if host is not None else str(config.get("serve", "host")),
        port=port if port is not None else int(config.get("serve", "port")),
        token=token if token is not None else str(config.get("serve", "token")),
        timeout_s=timeout if timeout is not None else float(config.get("query", "timeout_s")),
        max_rows=max_rows if max_rows is not None else int(config.get("query", "max_rows")),
        max_chars=int(config.get("query", "max_chars")),
        workers=workers,
        memory_mb=int(config.get("query", "memory_mb")),
    )
    if settings.timeout_s <= 0 or settings.max_rows < 0 or not 0 <= settings.port <= 65535 or workers < 1:
        raise ConfigError("--timeout and --workers must be positive, --max-rows not negative, --port 0-65535")
    run_endpoint(settings, static_files(), log=lambda line: err.print(line, markup=False, highlight=False))
