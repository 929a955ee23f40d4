"""``riskgraph judge``: confirm or reject a statement, merge or split entities, list the judgements."""
from __future__ import annotations

import json
import os
from typing import Annotated

import typer

from riskgraph.app.cli import StoreOption, app, config_of, handles_errors, say
from riskgraph.app.context import open_store
from riskgraph.ontology.errors import QueryError

judge_app = typer.Typer(help="An analyst's judgements, kept apart from extraction and applied on top of it: "
                             "they survive re-ingest and extractor upgrades.", no_args_is_help=True)
app.add_typer(judge_app, name="judge")

WhyOption = Annotated[str, typer.Option("--why", help="the reason, kept with the judgement")]
WhoOption = Annotated[str | None, typer.Option("--who", help="who judges [default: $USER]")]
RG = "https://w3id.org/riskgraph#"


def _who(who: str | None) -> str:
    return who or os.environ.get("USER") or os.environ.get("LOGNAME") or "analyst"


def _statement(db, text: str):
    """'SUBJECT|PROPERTY|OBJECT' with names, aliases or IRIs, and an rg property name (or IRI)."""
    from rdflib import URIRef

    from riskgraph.graph.lookup import find_entity
    from riskgraph.ontology.vocabulary import relation_properties

    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise QueryError(f"{text!r}: write the statement as 'SUBJECT|PROPERTY|OBJECT', "
                         "e.g. 'ByteDance|parentOf|TikTok'")
    subject, prop, obj = parts
    name = prop.removeprefix(RG).removeprefix("rg:")
    if name not in relation_properties():
        raise QueryError(f"{prop!r} is not a relation property; use one of {', '.join(sorted(relation_properties()))}")
    return find_entity(db, subject), URIRef(RG + name), find_entity(db, obj)


def _statement_judgement(ctx: typer.Context, verdict: str, statement: str, store: str | None, why: str,
                         who: str | None) -> None:
    from riskgraph.graph.judgements import judge_statement

    with open_store(config_of(ctx, store), must_exist=True) as db:
        s, p, o = _statement(db, statement)
        judgement = judge_statement(db, verdict, (s, p, o), _who(who), why)
        db.flush()
    say(f"{verdict}ed: {statement} ({judgement.iri}, by {judgement.who} at {judgement.when})")


@judge_app.command()
@handles_errors
def confirm(ctx: typer.Context, statement: Annotated[str, typer.Argument(help="'SUBJECT|PROPERTY|OBJECT'")],
            store: StoreOption = None, why: WhyOption = "", who: WhoOption = None) -> None:
    """Confirm a statement: it is asserted with full confidence, whatever the documents say."""
    _statement_judgement(ctx, "confirm", statement, store, why, who)


@judge_app.command()
@handles_errors
def reject(ctx: typer.Context, statement: Annotated[str, typer.Argument(help="'SUBJECT|PROPERTY|OBJECT'")],
           store: StoreOption = None, why: WhyOption = "", who: WhoOption = None) -> None:
    """Reject a statement: it leaves the default graph, exposure, the report and the dashboard, and stays out
    after every re-ingest."""
    _statement_judgement(ctx, "reject", statement, store, why, who)


@judge_app.command()
@handles_errors
def merge(ctx: typer.Context, keep: Annotated[str, typer.Argument(help="the entity that stays (name or IRI)")],
          other: Annotated[str, typer.Argument(help="the entity merged into it")],
          store: StoreOption = None, why: WhyOption = "", who: WhoOption = None) -> None:
    """Merge OTHER into KEEP: one IRI for both from now on (owl:sameAs records OTHER)."""
    from riskgraph.graph.judgements import merge as merge_entities
    from riskgraph.graph.lookup import find_entity

    with open_store(config_of(ctx, store), must_exist=True) as db:
        kept, merged = find_entity(db, keep), find_entity(db, other)
        merge_entities(db, kept, merged, _who(who), why)
        db.flush()
    say(f"merged {other} <{merged}> into {keep} <{kept}>")


@judge_app.command()
@handles_errors
def split(ctx: typer.Context, entity: Annotated[str, typer.Argument(help="an entity others were merged into")],
          store: StoreOption = None) -> None:
    """Undo the merges into ENTITY; the documents that named it are read again by the next ingest of their files."""
    from riskgraph.graph.judgements import split as split_entity
    from riskgraph.graph.lookup import find_entity

    with open_store(config_of(ctx, store), must_exist=True) as db:
        documents = split_entity(db, find_entity(db, entity))
        db.flush()
    say(f"split {entity}: {len(documents)} document(s) will be extracted again by the next `riskgraph ingest` of "
        "their files")


@judge_app.command("list")
@handles_errors
def list_judgements(ctx: typer.Context, store: StoreOption = None,
                    as_json: Annotated[bool, typer.Option("--json", help="one JSON array")] = False) -> None:
    """The judgements in force, oldest first: what, who, when and why."""
    from riskgraph.graph.judgements import judgements

    db = open_store(config_of(ctx, store), read_only=True, must_exist=True)
    found = judgements(db)
    if as_json:
        typer.echo(json.dumps([j.as_dict() for j in found], indent=2))
        return
    if not found:
        typer.echo("no judgements")
    for j in found:
        what = f"{j.subject} {j.predicate} {j.object}" if j.predicate else f"{j.subject} into {j.object}"
        typer.echo(f"{j.when}  {j.verdict:7}  {what}  by {j.who}" + (f"  — {j.why}" if j.why else ""))
