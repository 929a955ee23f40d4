"""``riskgraph eval``: precision, recall and F1 of extraction against gold annotations."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskgraph.app.cli import app, config_of, handles_errors
from riskgraph.app.context import build_pipeline, read_limits
from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.evaluate import EvalReport

KINDS = ("entities", "relations", "events")


def _print(report: EvalReport, details: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=True)
    table = Table(title="extraction against gold")
    table.add_column("document")
    for kind in KINDS:
        table.add_column(f"{kind} P/R/F1", justify="right")
    for doc in report.documents:
        if doc.error:
            table.add_row(doc.doc, f"error: {doc.error}", "", "")
            continue
        table.add_row(doc.doc, *(f"{c.precision:.2f} {c.recall:.2f} {c.f1:.2f}" for c in
                                 (doc.entities, doc.relations, doc.events)))
    table.add_row("micro", *(f"{c.precision:.2f} {c.recall:.2f} {c.f1:.2f}" for c in
                             (report.total(k) for k in KINDS)), style="bold")
    console.print(table)
    if details:
        for doc in report.documents:
            for kind in KINDS:
                for item in doc.missed.get(kind, []):
                    console.print(f"{doc.doc}: missed {kind[:-1] if kind != 'entities' else 'entity'}: {item}",
                                  markup=False, highlight=False)
                for item in doc.spurious.get(kind, []):
                    console.print(f"{doc.doc}: spurious {kind[:-1] if kind != 'entities' else 'entity'}: {item}",
                                  markup=False, highlight=False)


@app.command("eval")
@handles_errors
def eval_command(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Argument(help="folder of documents with <stem>.gold.json beside each")],
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable report on stdout")] = False,
    details: Annotated[bool, typer.Option("--details/--summary", help="list what was missed and spurious")] = True,
    only: Annotated[str | None, typer.Option(help="score one document (its stem)")] = None,
) -> None:
    """Score extraction against gold annotations: per document and micro precision, recall, F1."""
    from riskgraph.graph.evaluate import evaluate

    if not corpus.is_dir():
        raise ConfigError(f"{corpus}: not a folder of documents with gold annotations")
    config = config_of(ctx)
    report = evaluate(corpus, build_pipeline(config), read_limits(config), only=only)
    if not report.documents:
        raise ConfigError(f"{corpus}: no *.gold.json files")
    if as_json:
        typer.echo(report.to_json())
    else:
        _print(report, details)
