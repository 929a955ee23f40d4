"""``riskgraph competition``: competitors, dependence on rivals, single sources, rivals' moves, exposure
beside rivals."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors
from riskgraph.app.context import open_store
from riskgraph.app.windows import day_option


def _arrow(hop: dict) -> str:
    return f"—{hop['property']}→" if hop["direction"] == "forward" else f"←{hop['property']}—"


def _cite(hop: dict) -> str:
    cites = [c for c in hop.get("evidence", []) if c["text"]]
    if not cites:
        return "(from the knowledge base)" if hop["from_knowledge_base"] else "(no sentence stored)"
    c = cites[0]
    when = f", {c['published']}" if c["published"] else ""
    modality = f" [{c['modality']}]" if c["modality"] != "asserted" else ""
    return f"“{c['text']}” — {c['title']}{when}{modality}"


def _print(data: dict) -> None:
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False, soft_wrap=True)
    say = out.print
    say(f"[bold]{escape(data['label'])}[/bold]: competition as of {data['as_of']} "
        f"(rivals' moves since {data['since']})")
    say(f"\n[bold]Competitors[/bold] ({data['competitors_total']}, {data['competitors_asserted']} asserted)")
    for c in data["competitors"]:
        say(f"  {escape(c['label'])} — {c['rivalry']}")
        for a in c["assertions"][:2]:
            say(f"    stated: {escape(_cite(a['statement']))}")
        for g in c["grounds"]:
            mine = ", ".join(m["label"] for m in g["mine"][:3])
            theirs = ", ".join(m["label"] for m in g["theirs"][:3])
            say(f"    both make {escape(g['kind_label'])}: {escape(mine)} / {escape(theirs)}")
    say(f"\n[bold]Dependence on rivals' technology[/bold] ({data['dependencies_total']} paths)")
    for d in data["dependencies_on_rivals"]:
        chain = escape(d["hops"][0]["from_label"]) + "".join(
            f" {_arrow(h)} {escape(h['to_label'])}" for h in d["hops"])
        say(f"  on {escape(d['rival_label'])}: {chain}")
        for h in d["hops"]:
            say(f"      {escape(h['from_label'])} {_arrow(h)} {escape(h['to_label'])}: [dim]{escape(_cite(h))}[/dim]")
        for route in d["other_routes"]:
            also = escape(route[0]["from_label"]) + "".join(f" {_arrow(h)} {escape(h['to_label'])}" for h in route)
            say(f"    also: {also}")
            for h in route:
                say(f"      {escape(h['from_label'])} {_arrow(h)} {escape(h['to_label'])}: "
                    f"[dim]{escape(_cite(h))}[/dim]")
        for m in d["mitigations"]:
            through = f" ({escape(m['through_label'])})" if m["through_label"] else ""
            say(f"    [green]mitigation[/green] {escape(m['label'])}: {escape(m['node_label'])}{through}")
    say("\n[bold]Single-source dependencies[/bold]")
    if not data["single_source"]:
        say("  none: every kind the entity relies on has another provider or a mitigation")
    for s in data["single_source"]:
        items = ", ".join(x["label"] for x in s["supplies"] if x["label"] != s["provider_label"])
        what = f" ({escape(items)})" if items else ""  # relying on the provider itself names nothing more
        say(f"  {escape(s['kind_label'])}: only {escape(s['provider_label'])}{what}")
    say(f"\n[bold]Rivals' moves[/bold] ({data['moves_total']}, {data['since']} to {data['as_of']})")
    for m in data["moves"]:
        rivals = ", ".join(f"{r['label']} ({r['role']})" for r in m["rivals"])
        say(f"  {m['date'] or '—'}  {escape(m['kind'])}: {escape(m['label'])} — {escape(rivals)}; "
            f"{m['sources']} source{'s' if m['sources'] != 1 else ''}")
        for c in m["citations"][:1]:
            say(f"      [dim]“{escape(c['text'])}” — {escape(c['title'])}, {c['published']}[/dim]")
    say("\n[bold]Exposure beside rivals[/bold] (same date, watchlist and depth)")
    for x in data["relative_exposure"]:
        kinds = ", ".join(f"{k} {v:.3f}" for k, v in sorted(x["by_kind"].items(), key=lambda kv: -kv[1])[:4])
        say(f"  {escape(x['label'])} ({x['role']}): index {x['index']:.3f}, score {x['score']}/100"
            f"{'; ' + escape(kinds) if kinds else ''}")


@app.command()
@handles_errors
def competition(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="entity name, alias or IRI")],
    store: StoreOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="as of this date (YYYY-MM-DD) [default: the "
                                              "newest document's date]")] = None,
    since: Annotated[str | None, typer.Option("--since", help="rivals' moves from this date (YYYY-MM-DD) "
                                              "[default: 90 days before the as-of date]")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="competitors shown")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    watchlist: Annotated[Path | None, typer.Option("--watchlist", help="watchlist TOML, for the exposure "
                                                   "comparison [default: config, shipped]")] = None,
) -> None:
    """ENTITY's competitors (asserted and inferred), its dependence on rivals' technology with evidence
    and mitigations, single-source dependencies, rivals' moves and exposure beside its rivals."""
    from riskgraph.graph.competition import analyse_competition, competition_dict
    from riskgraph.graph.lookup import find_entity
    from riskgraph.graph.watchlist import load_watchlist

    first = day_option("--since", since) if since else None
    last = day_option("--as-of", as_of) if as_of else None
    config = config_of(ctx, store)
    db = open_store(config, read_only=True, must_exist=True)
    iri = str(find_entity(db, entity))
    configured = config.get("exposure", "watchlist")
    watched = load_watchlist(watchlist or (Path(configured) if configured else None))
    result, walker = analyse_competition(db, iri, as_of=last, since=first, watchlist=watched)
    data = competition_dict(db, result, walker, top=top)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print(data)
