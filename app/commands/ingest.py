"""``riskgraph ingest`` and ``riskgraph demo``."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riskgraph.app.cli import EXIT_PARTIAL, StoreOption, app, config_of, err, handles_errors
from riskgraph.app.context import build_pipeline, open_store, read_limits
from riskgraph.data import data_dir
from riskgraph.graph.ingestion import IngestSummary, ingest_sources
from riskgraph.ingest.readers import expand_paths


def run_ingest(ctx: typer.Context, paths: list[str], store: str | None, quiet: bool = False) -> IngestSummary:
    config = config_of(ctx, store)
    sources = expand_paths(paths)
    if not sources:
        err.print("nothing to ingest: no supported files under " + ", ".join(paths), markup=False)
    db = open_store(config)
    pipeline = build_pipeline(config)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=quiet, transient=True) as bar:
        task = bar.add_task("", total=len(sources))

        def progress(source: str, outcome: str) -> None:
            if outcome in ("read", "failed"):
                bar.update(task, advance=1, description=source.rsplit("/", 1)[-1][:40])

        try:
            summary = ingest_sources(db, sources, pipeline, read_limits(config), progress)
        finally:
            location = db.location
            db.close()
    for failure in summary.failures:
        err.print(f"failed: {failure}", markup=False)
    err.print(
        f"documents: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.failed} failed · extracted {summary.entities} entities, {summary.relations} relations, "
        f"{summary.events} events · store {location}",
        markup=False,
    )
    return summary


@app.command()
@handles_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive) or - for stdin")],
    store: StoreOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Read documents, extract entities, relations and events, and store one named graph per document."""
    summary = run_ingest(ctx, paths, store, quiet)
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
@handles_errors
def demo(ctx: typer.Context, store: StoreOption = None) -> None:
    """Ingest the shipped sample documents into the store and say what to try next."""
    config = config_of(ctx, store)
    samples = sorted(str(p) for p in (data_dir() / "samples").glob("*.md") if p.name != "README.md")
    summary = run_ingest(ctx, samples, store)
    where = config.store
    typer.echo(
        f"\nThe demo store at {where} holds {summary.written + summary.unchanged} sample documents. Try:\n"
        f"  riskgraph stats --store {where}\n"
        f"  riskgraph query --store {where} --format table "
        "'PREFIX rg: <https://w3id.org/riskgraph#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?company ?label WHERE { ?company a rg:Company ; rdfs:label ?label } ORDER BY ?label'\n"
        f"  riskgraph exposure ByteDance --store {where}\n"
        f"  riskgraph query --store {where} --named claims_about --param entity=ByteDance --format table\n"
    )
    if summary.failed:
        raise typer.Exit(EXIT_PARTIAL)
