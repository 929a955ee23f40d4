"""``riskgraph alerts``: what to look at first, for the entities of a watchlist."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors
from riskgraph.app.context import open_store
from riskgraph.app.windows import day_option, resolve_window
from riskgraph.ontology.errors import ConfigError


def _window(week: str | None, since: str | None, until: str | None) -> tuple[date, date | None]:
    """The first and last publication dates to look at (no last: up to the newest document)."""
    if week and (since or until):
        raise ConfigError("give either --week or --since/--until, not both")
    if week:
        window = resolve_window(week, None, None, date.today())
        return window.since, window.until
    if not since:
        raise ConfigError("say which documents are new: --week YYYY-Www, or --since YYYY-MM-DD")
    return day_option("--since", since), day_option("--until", until) if until else None


@app.command()
@handles_errors
def alerts(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="first publication date to look at (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option("--until", help="last one [default: the newest document]")] = None,
    week: Annotated[str | None, typer.Option("--week", help="an ISO week instead, e.g. 2023-W51")] = None,
    watchlist: Annotated[Path | None, typer.Option("--watchlist", help="watchlist TOML [default: config, "
                                                   "shipped]")] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100,
                                             help="a score change of this many points (0-100) is an alert")] = 10.0,
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per alert per line (for a mailer or a "
                                          "chat hook)")] = False,
) -> None:
    """New happenings that reach watched entities, score jumps and new contradictions, most severe first
    (documents published in --week, or from --since to --until)."""
    from rich.console import Console
    from rich.markup import escape

    from riskgraph.graph.alerts import alerts as find_alerts
    from riskgraph.graph.projection import projection_for
    from riskgraph.graph.watchlist import load_watchlist

    config = config_of(ctx, store)
    configured = config.get("exposure", "watchlist")
    watched = load_watchlist(watchlist or (Path(configured) if configured else None))
    db = open_store(config, read_only=True, must_exist=True)
    first, last = _window(week, since, until)
    found = find_alerts(db, projection_for(db), watched, first, last, threshold)
    if as_json:
        for alert in found:
            typer.echo(json.dumps(alert.as_dict(), ensure_ascii=False))
        return
    out = Console(highlight=False, soft_wrap=True)
    if not found:
        out.print(f"no alerts for the watchlist since {first}" + (f" until {last}" if last else ""))
    for alert in found:
        out.print(f"[bold]{alert.severity:5.1f}[/bold]  {alert.kind:13}  {escape(alert.entity_label)}: "
                  f"{escape(alert.title)} — {escape(alert.detail)}" + (f" ({alert.when})" if alert.when else ""))
        if alert.source.get("text"):
            out.print(f"        “{escape(alert.source['text'])}” — {escape(alert.source['title'])}"
                      f"{', ' + alert.source['published'] if alert.source.get('published') else ''}")
