"""``riskgraph query``: SPARQL over the union of all document graphs."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors
from riskgraph.app.context import open_store
from riskgraph.graph.queries import list_queries, named_query
from riskgraph.ontology.errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Node

    from riskgraph.graph.store import Store

RESULT_FORMATS = ("json", "xml", "csv", "tsv", "table")
GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "ntriples", "jsonld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml"}


def _binding(db: Store, name: str, kind: str, value: str) -> Node:
    """The RDF term for ``--param name=value``; QueryError naming the parameter when it does not fit."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from riskgraph.graph.lookup import find_entity
    from riskgraph.graph.sparql_text import is_absolute_iri

    if kind == "iri":
        if not value.startswith(("http://", "https://")):
            return find_entity(db, value)
        if not is_absolute_iri(value):
            raise QueryError(f"--param {name}: {value!r} is not a valid IRI (no spaces or <>\"{{}}|^`\\ allowed)")
        return URIRef(value)
    if kind == "class":
        from riskgraph.ontology.namespace import RG

        try:
            return RG[value.removeprefix("rg:")]
        except (AttributeError, KeyError):
            raise QueryError(f"{value!r} is not a riskgraph class (e.g. Sanction, ExportControl, Company)") from None
    if kind == "date":
        try:
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"--param {name}: {value!r} is not a date; write it as YYYY-MM-DD") from None
    if kind == "int":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"--param {name}: {value!r} is not a whole number") from None
    return Literal(value)


def parse_params(db: Store, name: str, params: list[str]) -> dict[str, Node]:
    query = named_query(name)
    out: dict[str, Node] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param {item!r}: write it as name=value")
        if key not in query.param_kinds:
            raise QueryError(f"named query {name!r} has no parameter {key!r}; it takes: {', '.join(query.params)}")
        out[key] = _binding(db, key, query.param_kinds[key], value)
    return out


def _triple_rows(ntriples: bytes) -> tuple[list[dict[str, Node]], list[str]]:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return [{"subject": s, "predicate": p, "object": o} for s, p, o in sorted(graph)], ["subject", "predicate",
                                                                                     "object"]


def _table(rows: list[dict[str, Node]], variables: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for var in variables:
        table.add_column(var, overflow="fold")
    for row in rows:
        table.add_row(*(str(row.get(v, "")) for v in variables))
    Console().print(table)
    Console(stderr=True).print(f"{len(rows)} rows")


@app.command()
@handles_errors
def query(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="the SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)")] = None,
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | xml | csv | tsv | table; CONSTRUCT: turtle | "
                                     "ntriples | jsonld")] = "table",
    file: Annotated[Path | None, typer.Option("--file", help="read the query from a .rq file")] = None,
    named: Annotated[str | None, typer.Option("--named", help="run a named query (see --list)")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value for a named query")] = None,
    list_named: Annotated[bool, typer.Option("--list", help="list the named queries and their parameters")] = False,
) -> None:
    """Run SPARQL over the store; the default graph is the union of all document graphs."""
    if list_named:
        for name in list_queries(public_only=True):
            q = named_query(name)
            params = [p + ("?" if p in q.optional else "") for p in q.params]
            typer.echo(f"{name:28} {q.title}" + (f"  [{', '.join(params)}]" if params else ""))
        return
    from riskgraph.graph.sparql_guard import check_query

    sources = [x for x in (text, file, named) if x]
    if len(sources) != 1:
        raise QueryError("give exactly one of: a query text, --file Q.rq, --named NAME")
    db = open_store(config_of(ctx, store), read_only=True, must_exist=True)
    bindings: dict[str, Node] = {}
    if named:
        sparql = named_query(named).text
        bindings = parse_params(db, named, param or [])
        missing = [p for p in named_query(named).required if p not in bindings]
        if missing:
            raise QueryError(f"named query {named!r} needs --param for: {', '.join(missing)}")
    elif file:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read: {exc.strerror}") from None
    else:
        sparql = text or ""
    accepted = check_query(sparql)
    kind, sparql = accepted.kind, accepted.text  # run exactly the text the guard judged
    if kind in ("construct", "describe"):
        if fmt == "table":  # the triples, one row each
            _table(*_triple_rows(db.query_serialized(sparql, "ntriples", bindings)[1]))
            return
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"--format {fmt} does not fit a {kind.upper()} result; use turtle, ntriples or jsonld")
        _, body = db.query_serialized(sparql, GRAPH_FORMATS[fmt], bindings)
        sys.stdout.buffer.write(body)
        return
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"--format {fmt} does not fit a {kind.upper()} result; use {', '.join(RESULT_FORMATS)}")
    if fmt == "table":
        if kind == "ask":
            typer.echo("true" if db.ask(sparql, bindings) else "false")
            return
        rows, variables = db.select_with_variables(sparql, bindings)
        _table(rows, variables)
        return
    _, body = db.query_serialized(sparql, fmt, bindings)
    sys.stdout.buffer.write(body)
    if not body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
