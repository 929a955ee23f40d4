"""Checks a user's SPARQL before any engine sees it: read-only, no SERVICE, bounded length.

One parse decides. SPARQL processes ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes over the whole query text
before it is tokenised (the spec's "codepoint escape sequences"); rdflib's parser does that, while
Oxigraph expands them only inside strings. A text whose escapes hide a quote could therefore read
as a comment to one parser and as ``SERVICE`` to the other. So the guard expands the escapes once,
as the spec says, judges the expanded text, and hands that same text on: callers run
``CheckedQuery.text``, never what the user typed. A text that still holds an escape after one
expansion (``\\u005Cu0022``) is refused, because the parser would expand it a second time and judge
something other than what the engine runs.

rdflib's parser reads the query without executing or fetching anything. SERVICE (outbound
federation) is refused anywhere in the query; updates (including LOAD) are refused as not read-only.
"""
from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from riskgraph.ontology.errors import QueryError

KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}")
# rdflib's parser recurses about 40 Python frames per nesting level; a query nested deeper than the
# default limit allows is parsed again on a thread with room for this many frames.
_DEEP_RECURSION = 60000
_DEEP_STACK = 512 * 1024 * 1024
_deep_lock = threading.Lock()


class UpdateRefused(QueryError):
    """The text is a SPARQL update; the query interfaces are read-only."""


class ServiceRefused(QueryError):
    """The query uses SERVICE, which would make an outbound request."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query the guard accepted: its kind and the exact text an engine must run."""

    kind: str  # select | ask | construct | describe
    text: str


def _names(node: object) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list | tuple) or hasattr(node, "asList"):
        for value in node:  # type: ignore[union-attr]
            yield from _names(value)


def expand_escapes(text: str) -> str:
    """The query text with its codepoint escapes expanded once, as SPARQL defines them."""
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError as exc:
        raise QueryError(f"the query is not valid SPARQL: {exc}") from None
    if _ESCAPE.search(expanded):
        raise QueryError("the query holds an escape sequence that spells another escape (such as \\u005Cu0022); "
                         "write the character itself")
    return expanded


def _parse_deep(text: str) -> ParseResults:
    """Parse on a thread with a large stack and recursion limit (for deeply nested expressions)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["parsed"] = parseQuery(text)
        except BaseException as exc:  # handed back to the caller's thread
            outcome["error"] = exc

    with _deep_lock:
        old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
        sys.setrecursionlimit(max(old_limit, _DEEP_RECURSION))
        threading.stack_size(_DEEP_STACK)
        try:
            worker = threading.Thread(target=run, name="riskgraph-sparql-parse")
            worker.start()
        finally:
            threading.stack_size(old_stack)
        worker.join()
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["parsed"]  # type: ignore[return-value]


def _parse(text: str) -> ParseResults:
    try:
        return parseQuery(text)
    except RecursionError:
        try:
            return _parse_deep(text)
        except RecursionError:
            raise QueryError("the query is nested too deeply to parse") from None


def _refuse_update_or_report(text: str, exc: ParseException) -> QueryError:
    try:
        parseUpdate(text)
    except ParseException:
        where = f"line {exc.lineno}, column {exc.col}"
        return QueryError(f"the query is not valid SPARQL: {exc.msg} ({where})")
    except RecursionError:
        return QueryError("the query is nested too deeply to parse")
    return UpdateRefused("updates are not allowed: this interface is read-only")


def check_query(text: str, max_chars: int = 20000) -> CheckedQuery:
    """Accept a read-only query (returning its kind and the text to run) or raise QueryError."""
    if len(text) > max_chars:
        raise QueryError(f"the query is {len(text)} characters long, over the limit of {max_chars}")
    expanded = expand_escapes(text)
    try:
        parsed = _parse(expanded)
    except ParseException as exc:
        raise _refuse_update_or_report(expanded, exc) from None
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises assorted errors for bad prefixes, IRIs and literals
        raise QueryError(f"the query is not valid SPARQL: {exc}") from None
    names = set(_names(parsed))
    if "ServiceGraphPattern" in names:
        raise ServiceRefused("SERVICE is not allowed: riskgraph never makes outbound requests for a query")
    return CheckedQuery(KINDS.get(parsed[1].name, "select"), expanded)
