"""``riskgraph ingest`` and ``riskgraph demo``."""
from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from riskgraph.app.cli import EXIT_ERROR, EXIT_PARTIAL, StoreOption, app, config_of, err, handles_errors, printable, say
from riskgraph.app.context import build_pipeline, extract_limits, open_store, read_limits
from riskgraph.data import data_dir
from riskgraph.graph.ingestion import IngestSummary, ingest_sources
from riskgraph.ingest.readers import expand_sources


def run_ingest(ctx: typer.Context, paths: list[str], store: str | None, quiet: bool = False,
               follow_symlinks: bool = False) -> IngestSummary:
    config = config_of(ctx, store)
    expanded = expand_sources(paths, follow_symlinks)
    sources = expanded.sources
    if not sources and not expanded.refused:
        say("nothing to ingest: no supported files under " + ", ".join(paths))
    db = open_store(config)
    pipeline = build_pipeline(config)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=quiet, transient=True) as bar:
        task = bar.add_task("", total=len(sources))

        def progress(source: str, outcome: str) -> None:
            if outcome in ("read", "failed"):
                bar.update(task, advance=1, description=printable(source.rsplit("/", 1)[-1][:40]))

        try:
            summary = ingest_sources(db, sources, pipeline, read_limits(config), progress,
                                     extract_limits=extract_limits(config))
        finally:
            location = db.location
            db.close()
    summary.failures[:0] = expanded.refused
    for failure in summary.failures:
        say(f"failed: {failure}")
    say(f"documents: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.failed} failed · extracted {summary.entities} entities, {summary.relations} relations, "
        f"{summary.events} events · store {location}")
    return summary


def exit_code(summary: IngestSummary) -> int:
    """0 when every document was stored or unchanged; 1 when nothing was; 3 (partial) otherwise."""
    if not summary.failed:
        return 0
    return EXIT_PARTIAL if summary.written or summary.unchanged else EXIT_ERROR


@app.command()
@handles_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive) or - for stdin")],
    store: StoreOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="inside folders, read what symbolic links point to even outside the folder")] = False,
) -> None:
    """Read documents, extract entities, relations and events, and store one named graph per document.

    Exit code 0 when every document was stored (or was unchanged), 3 when some failed, 1 when none
    could be stored.
    """
    summary = run_ingest(ctx, paths, store, quiet, follow_symlinks)
    code = exit_code(summary)
    if code:
        raise typer.Exit(code)


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
    code = exit_code(summary)
    if code:
        raise typer.Exit(code)
