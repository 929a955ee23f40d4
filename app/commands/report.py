"""``riskgraph report``: the weekly report (HTML, Markdown, PDF) of what is new in a window."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, err, handles_errors, say
from riskgraph.app.config import Config
from riskgraph.app.context import open_store
from riskgraph.app.report_formats import FORMATS, parse_formats
from riskgraph.app.windows import resolve_window
from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.exposure import Watchlist


def _watchlist(config: Config, path: Path | None) -> Watchlist:
    from riskgraph.graph.watchlist import load_watchlist

    configured = config.get("exposure", "watchlist")
    return load_watchlist(path or (Path(configured) if configured else None))


@app.command()
@handles_errors
def report(
    ctx: typer.Context,
    store: StoreOption = None,
    week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2023-W51")] = None,
    since: Annotated[str | None, typer.Option("--since", help="first publication date (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option("--until", help="last publication date [default: today]")]
    = None,
    watchlist: Annotated[Path | None, typer.Option("--watchlist", help="watchlist TOML [default: config, "
                                                   "shipped]")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="folder to write the report to")] = Path("reports"),
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"comma-separated: {','.join(FORMATS)}")]
    = ",".join(FORMATS),
    charts: Annotated[str, typer.Option("--charts", help="PDF charts: auto (Kaleido, else SVG) | kaleido "
                                        "| svg")] = "auto",
) -> None:
    """Write the report of documents published in a window [default: the last complete ISO week]:
    new risk events, exposure changes of the watchlist, new entities and relations, contradictions."""
    from riskgraph.app.report_render import write_report
    from riskgraph.graph.report import build_report

    formats = parse_formats(fmt)
    if charts not in ("auto", "kaleido", "svg"):
        raise ConfigError(f"--charts {charts!r}: use auto, kaleido or svg")
    window = resolve_window(week, since, until, date.today())
    config = config_of(ctx, store)
    watched = _watchlist(config, watchlist)
    db = open_store(config, read_only=True, must_exist=True)
    result = build_report(db, window.since, window.until, watched)
    for path in write_report(result, out, formats, chart_engine=charts, warn=say):
        typer.echo(str(path))
    c = result.counts
    err.print(f"report {window.label}: {c.documents} documents, {c.entities} new entities, {c.relations} new "
              f"relations, {c.events} risk events", markup=False)
