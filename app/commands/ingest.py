"""``riskgraph ingest`` and ``riskgraph demo``."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskgraph.app.cli import EXIT_ERROR, EXIT_PARTIAL, StoreOption, app, config_of, err, handles_errors, printable, say
from riskgraph.app.config import Config
from riskgraph.app.context import build_pipeline, extract_limits, open_store, read_limits
from riskgraph.app.ingest_cluster import Cluster, cluster_of
from riskgraph.data import data_dir
from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.ingestion import IngestSummary


def run_ingest(ctx: typer.Context, paths: list[str], store: str | None, quiet: bool = False,
               follow_symlinks: bool = False, published: date | None = None,
               cluster: Cluster | None = None) -> IngestSummary:
    from riskgraph.ingest.readers import expand_sources

    config = config_of(ctx, store)
    cluster = cluster or cluster_of(config)
    if cluster.used and "-" in paths:
        raise ConfigError("standard input (-) cannot be sent to Dask workers: ingest it without --workers or "
                          "--scheduler")
    expanded = expand_sources(paths, follow_symlinks)
    sources = expanded.sources
    if not sources and not expanded.refused:
        say("nothing to ingest: no supported files under " + ", ".join(paths))
    if cluster.used:
        summary, location = _on_cluster(config, cluster, sources, quiet, published)
    else:
        summary, location = _in_process(config, sources, quiet, published)
    summary.failures[:0] = expanded.refused
    for failure in summary.failures:
        say(f"failed: {failure}")
    for where in summary.undated:
        say(f"note: {where}: no publication date in its metadata or opening lines; stored undated (its facts "
            "carry no date): give one with --published YYYY-MM-DD or a NAME.meta.json sidecar")
    say(f"documents: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.failed} failed · extracted, counted per document: {summary.entities} entities, "
        f"{summary.relations} relations, {summary.events} events · store {location}")
    return summary


def _in_process(config: Config, sources: list[str], quiet: bool, published: date | None
                ) -> tuple[IngestSummary, str]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from riskgraph.graph.ingestion import ingest_sources

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
                                     extract_limits=extract_limits(config), published=published)
        finally:
            location = db.location
            db.close()
    return summary, location


def _on_cluster(config: Config, cluster: Cluster, sources: list[str], quiet: bool, published: date | None
                ) -> tuple[IngestSummary, str]:
    from riskgraph.app.ingest_cluster import ingest_distributed

    return ingest_distributed(config, cluster, sources, quiet, published)


def _published(text: str | None, paths: list[str]) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--published {text!r}: write the date as YYYY-MM-DD") from None
    if len(paths) != 1 or (paths[0] != "-" and Path(paths[0]).is_dir()):
        raise ConfigError("--published dates one document: give one file (for many, use front matter or a "
                          "NAME.meta.json sidecar beside each)")
    return day


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
    published: Annotated[str | None, typer.Option(
        "--published", help="the publication date (YYYY-MM-DD) of the one document given; for many documents "
                            "use front matter or a NAME.meta.json sidecar beside each")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="read and extract on a local Dask cluster of N worker processes "
                          "[default: config [cluster] workers, 0: in this process]")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="read and extract on the existing Dask cluster of this scheduler "
                            "(tcp://HOST:PORT)")] = None,
) -> None:
    """Read documents, extract entities, relations and events, and store one named graph per document.

    With --workers N (a local Dask cluster) or --scheduler (an existing one), documents are read and
    extracted on Dask workers; the graph is the same. Exit code 0 when every document was stored (or
    was unchanged), 3 when some failed, 1 when none could be stored.
    """
    cluster = cluster_of(config_of(ctx), workers, scheduler)
    summary = run_ingest(ctx, paths, store, quiet, follow_symlinks, _published(published, paths), cluster)
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
    from riskgraph.graph.stats import store_stats

    where = config.store
    with open_store(config, read_only=True, must_exist=True) as db:
        held = store_stats(db)
    typer.echo(
        f"\nThe demo store at {where} holds {held.documents} sample documents: {held.entities} distinct entities, "
        f"{held.relations} relations and {held.events} risk events (`riskgraph stats` counts them). Try:\n"
        f"  riskgraph exposure ByteDance --store {where}       # ranked exposure paths, each hop cited\n"
        f"  riskgraph dashboard --store {where}                # the analyst dashboard on http://127.0.0.1:8501\n"
        f"  riskgraph report --week 2023-W51 --store {where}   # the weekly report (HTML, Markdown, PDF) in ./reports\n"
        f"  riskgraph query --store {where} --named claims_about --param entity=ByteDance --format table\n"
        f"  riskgraph query --store {where} --format table "
        "'PREFIX rg: <https://w3id.org/riskgraph#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?company ?label WHERE { ?company a rg:Company ; rdfs:label ?label } ORDER BY ?label'\n"
        f"  riskgraph stats --store {where}\n"
    )
    code = exit_code(summary)
    if code:
        raise typer.Exit(code)
