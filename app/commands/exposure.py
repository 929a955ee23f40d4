"""``riskgraph exposure`` and ``riskgraph whatif``."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors
from riskgraph.app.config import Config
from riskgraph.app.context import open_store
from riskgraph.ontology.errors import ConfigError

WatchlistOption = Annotated[Path | None, typer.Option("--watchlist", help="watchlist TOML [default: config, shipped]")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="value exposure as of this date (YYYY-MM-DD) "
                                                "[default: the newest document's date]")]


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--as-of {text!r}: write the date as YYYY-MM-DD") from None


def _watchlist(config: Config, path: Path | None):
    from riskgraph.graph.watchlist import load_watchlist

    configured = config.get("exposure", "watchlist")
    return load_watchlist(path or (Path(configured) if configured else None))


def _print(result: dict) -> None:
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False, soft_wrap=True)
    lo, hi = result["band_100"]
    out.print(f"[bold]{escape(result['label'])}[/bold]  exposure score [bold]{result['score_100']}/100[/bold] "
              f"(band {lo}–{hi}; index {result['index']:.3f}; chance any risk reaches it {result['p_any']:.2f}) "
              f"as of {result['as_of']}, up to {result['max_hops']} hops")
    for group, part in result["breakdown"]["groups"].items():
        if part["total"]:
            parts = ", ".join(f"{k} {v:.3f}" for k, v in sorted(part["parts"].items(), key=lambda kv: -kv[1])[:5])
            out.print(f"  {group} {part['total']:.3f}: {escape(parts)}  [dim]({escape(part['says'])})[/dim]")
    out.print("  [dim]how the score is made:[/dim]")
    for rule in result["rules"]:
        out.print(f"  [dim]· {rule['rule']}: {escape(rule['says'])}[/dim]")
    if not result["paths"]:
        out.print("  no path to a risk source")
    for rank, path in enumerate(result["paths"], 1):
        when = f", {path['source_date']}" if path["source_date"] else ""
        status = f", {path['source_status']}" if path["source_status"] else ""
        out.print(f"\n[bold]{rank}. {path['source_score']:.3f}[/bold]  → {escape(path['source_label'])} "
                  f"({path['source_kind']}{when}{status}; severity {path['severity']}, recency {path['recency']})")
        _print_route(out, path, escape)
        for route in path["other_routes"]:
            chain = escape(route["hops"][0]["from_label"]) if route["hops"] else ""
            for hop in route["hops"]:
                arrow = f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"
                chain += f" {arrow} {escape(hop['to_label'])}"
            out.print(f"   [dim]also, {route['score']:.3f}:[/dim] {chain}")
            _print_mitigations(out, route, escape)


def _arrow(hop: dict, escape) -> str:
    arrow = f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"
    return f"{escape(hop['from_label'])} {arrow} {escape(hop['to_label'])}"


def _print_route(out, path: dict, escape) -> None:
    out.print(f"   best route, {path['score']:.3f}:")
    for hop in path["hops"]:
        out.print(f"   {_arrow(hop, escape)}  [dim](weight {hop['weight']}, confidence {hop['confidence']:.2f}"
                  f"{', since ' + hop['since'] if hop['since'] else ''})[/dim]")
        for cite in hop.get("evidence", [])[:1]:
            if cite["text"]:
                out.print(f"      “{escape(cite['text'])}” — {escape(cite['title'])}"
                          f"{' (' + cite['published'] + ')' if cite['published'] else ''}"
                          f"{' [' + cite['modality'] + ']' if cite['modality'] != 'asserted' else ''}")
            else:
                out.print("      [dim](from the knowledge base)[/dim]")
    _print_mitigations(out, path, escape)


def _print_mitigations(out, path: dict, escape) -> None:
    for m in path["mitigations"]:
        out.print(f"   [green]mitigation:[/green] {escape(m['licence_label'])} from {escape(m['licensor_label'])} "
                  f"also covers {escape(m['product_label'])} (confidence {m['confidence']:.2f})")


@app.command()
@handles_errors
def exposure(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="entity name, alias or IRI")],
    store: StoreOption = None,
    as_of: AsOfOption = None,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="longest path followed")] = 4,
    top: Annotated[int, typer.Option("--top", min=1, help="paths shown")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    watchlist: WatchlistOption = None,
) -> None:
    """How ENTITY is exposed: ranked paths to risk sources, each hop with its evidence."""
    from riskgraph.graph.explain import exposure_dict
    from riskgraph.graph.exposure import analyse
    from riskgraph.graph.lookup import find_entity
    from riskgraph.graph.projection import projection_for

    config = config_of(ctx, store)
    db = open_store(config, read_only=True, must_exist=True)
    iri = find_entity(db, entity)
    projection = projection_for(db)
    result = analyse(projection, str(iri), as_of=_date(as_of), max_hops=max_hops, top=top,
                     watchlist=_watchlist(config, watchlist))
    data = exposure_dict(db, projection, result)
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        _print(data)


@app.command()
@handles_errors
def whatif(
    ctx: typer.Context,
    assume: Annotated[list[str], typer.Option("--assume", help="an assumption: 'remove:SUBJECT|PROPERTY|OBJECT' or "
                                              "'event:TYPE|ACTOR|TARGET' (names or IRIs); repeatable")],
    store: StoreOption = None,
    as_of: AsOfOption = None,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8)] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    watchlist: WatchlistOption = None,
) -> None:
    """Which entities' exposure changes, and by how much, if the assumptions held (nothing is written)."""
    from rich.console import Console
    from rich.markup import escape

    from riskgraph.graph.lookup import find_entity
    from riskgraph.graph.projection import projection_for
    from riskgraph.graph.whatif import parse_assumption, what_if

    config = config_of(ctx, store)
    db = open_store(config, read_only=True, must_exist=True)
    projection = projection_for(db)
    assumptions = [parse_assumption(a, lambda name: str(find_entity(db, name))) for a in assume]
    changes = what_if(projection, assumptions, as_of=_date(as_of), max_hops=max_hops,
                      watchlist=_watchlist(config, watchlist))
    if as_json:
        typer.echo(json.dumps([c.as_dict() for c in changes], indent=2))
        return
    out = Console(highlight=False, soft_wrap=True)
    if not changes:
        out.print("no entity's exposure changes under these assumptions")
    for c in changes:
        sign = "+" if c.delta > 0 else ""
        out.print(f"{escape(c.label)}: {c.before:.3f} → {c.after:.3f} ({sign}{c.delta:.3f})")
