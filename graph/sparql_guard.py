"""Checks a user's SPARQL before any engine sees it: read-only, no SERVICE, bounded length.

rdflib's parser reads the query without executing or fetching anything; the engine then runs the
original text. SERVICE (outbound federation) is refused anywhere in the query; updates (including
LOAD) are refused as not read-only.
"""
from __future__ import annotations

from collections.abc import Iterator

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from riskgraph.ontology.errors import QueryError

KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class UpdateRefused(QueryError):
    """The text is a SPARQL update; the query interfaces are read-only."""


class ServiceRefused(QueryError):
    """The query uses SERVICE, which would make an outbound request."""


def _names(node: object) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list | tuple) or hasattr(node, "asList"):
        for value in node:  # type: ignore[union-attr]
            yield from _names(value)


def check_query(text: str, max_chars: int = 20000) -> str:
    """Return the query kind (select, ask, construct, describe) or raise QueryError."""
    if len(text) > max_chars:
        raise QueryError(f"the query is {len(text)} characters long, over the limit of {max_chars}")
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            where = f"line {exc.lineno}, column {exc.col}"
            raise QueryError(f"the query is not valid SPARQL: {exc.msg} ({where})") from None
        raise UpdateRefused("updates are not allowed: this interface is read-only") from None
    except Exception as exc:  # rdflib raises assorted errors for bad prefixes, IRIs and literals
        raise QueryError(f"the query is not valid SPARQL: {exc}") from None
    names = set(_names(parsed))
    if "ServiceGraphPattern" in names:
        raise ServiceRefused("SERVICE is not allowed: riskgraph never makes outbound requests for a query")
    return KINDS.get(parsed[1].name, "select")
