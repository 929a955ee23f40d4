"""``riskgraph stats``, ``export``, ``load`` and ``validate``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, err, handles_errors, say
from riskgraph.app.context import open_store
from riskgraph.ontology.errors import StoreError

FORMAT_BY_SUFFIX = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".turtle": "turtle",
                    ".nt": "ntriples", ".ntriples": "ntriples", ".jsonld": "jsonld", ".json": "jsonld"}


@app.command()
@handles_errors
def stats(ctx: typer.Context, store: StoreOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False) -> None:
    """Count documents, entities, events, claims and relations in the store."""
    from rich.console import Console
    from rich.table import Table

    from riskgraph.graph.stats import store_stats

    s = store_stats(open_store(config_of(ctx, store), read_only=True, must_exist=True))
    if as_json:
        import json
        from dataclasses import asdict

        typer.echo(json.dumps(asdict(s), indent=2))
        return
    table = Table(title="riskgraph store", show_header=False)
    for label, value in (("documents", s.documents), ("entities", s.entities), ("relations", s.relations),
                         ("events", s.events), ("claims", s.claims), ("quads", s.quads)):
        table.add_row(label, str(value))
    for cls, n in s.by_class.items():
        table.add_row(f"  rg:{cls}", str(n))
    for prop, n in s.by_property.items():
        table.add_row(f"  rg:{prop}", str(n))
    Console().print(table)


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    store: StoreOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="trig | nquads | jsonld (lossless) | turtle | "
                                            "ntriples [default: from the --out suffix, else trig]")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write [default: stdout]")] = None,
) -> None:
    """Serialise the store. trig, nquads and jsonld keep the named graphs; turtle gives their union."""
    from riskgraph.graph.store import EXPORT_FORMATS, LOSSLESS_FORMATS

    fmt = fmt or (FORMAT_BY_SUFFIX.get(out.suffix.lower()) if out else None) or "trig"

    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    db = open_store(config_of(ctx, store), read_only=True, must_exist=True)
    if fmt not in LOSSLESS_FORMATS:
        err.print(f"note: {fmt} has no named graphs; the export is the union of all documents", markup=False)
    if out is None:
        sys.stdout.buffer.write(db.export(fmt) or b"")
    else:
        with out.open("wb") as fh:
            db.export(fmt, fh)


@app.command()
@handles_errors
def load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="an export (TriG, N-Quads, JSON-LD, Turtle, N-Triples)")],
    store: StoreOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="format [default: from the file suffix]")] = None,
) -> None:
    """Load an export into the store in one transaction (a bad file changes nothing)."""
    fmt = fmt or FORMAT_BY_SUFFIX.get(file.suffix.lower())
    if fmt is None:
        raise StoreError(f"{file}: cannot tell the format from the suffix; pass --format")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise StoreError(f"{file}: cannot read: {exc.strerror}") from None
    with open_store(config_of(ctx, store)) as db:
        try:
            db.load(data, fmt)
        except StoreError as exc:
            raise StoreError(f"{file}: {exc}") from None
        db.flush()
        location = db.location
    say(f"loaded {file} into {location}")


@app.command()
@handles_errors
def validate(ctx: typer.Context, store: StoreOption = None,
             limit: Annotated[int, typer.Option(help="most violations to print")] = 50) -> None:
    """Check the store against the SHACL shapes of the ontology; exit 1 on any violation."""
    from riskgraph.graph.validate import validate_store

    violations = validate_store(open_store(config_of(ctx, store), read_only=True, must_exist=True))
    serious = [v for v in violations if v.severity == "Violation"]
    for v in violations[:limit]:
        value = f" value {v.value}" if v.value else ""
        typer.echo(f"{v.severity}: {v.focus} {v.path}{value}: {v.message}")
    if len(violations) > limit:
        typer.echo(f"… and {len(violations) - limit} more")
    if serious:
        err.print(f"{len(serious)} violations", markup=False)
        raise typer.Exit(1)
    typer.echo(f"the store conforms to the shapes ({len(violations)} warnings)")
