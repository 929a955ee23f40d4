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

Most queries never need that parser (whose import costs a tenth of a second of every command): a
text in which no word that could start SERVICE or an update appears anywhere, even inside a string
or a comment, cannot be either, whatever its grammar; its kind is its first keyword after the
prologue, and the engine parses it for real. Any other text gets the full parse.
"""
from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from riskgraph.ontology.errors import QueryError

if TYPE_CHECKING:
    from pyparsing import ParseException, ParseResults

KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
# the spec's codepoint escapes; what is left after one expansion is refused if rdflib's (case-blind,
# four-or-eight-digit) reading could still see an escape in it
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")
_ANY_ESCAPE = re.compile(r"\\u[0-9a-f]{4}", re.IGNORECASE)
# words with which SERVICE or an update could begin; their absence anywhere makes the full parse moot
_RISKY = re.compile(r"service|insert|delete|load|clear|drop|create|add|move|copy|with", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# rdflib's parser recurses about 40 Python frames per nesting level; a query nested deeper than the
# default limit allows is parsed again on a thread with room for this many frames.
_DEEP_RECURSION = 60000
_DEEP_STACK = 512 * 1024 * 1024
_deep_lock = threading.Lock()
FAST_NESTING = 64  # deeper texts get the full parse
MAX_NESTING = 1000  # the engine's own parser overflows its stack a few thousand levels down


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
    """The names of every part of a parse tree (walked with a stack: trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or hasattr(item, "asList"):
            stack.extend(item)  # type: ignore[arg-type]


def expand_escapes(text: str) -> str:
    """The query text with its codepoint escapes expanded once, as SPARQL defines them."""

    def expand(match: re.Match[str]) -> str:
        digits = match.group(1) or match.group(2)
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            raise QueryError(f"the query is not valid SPARQL: \\U{digits} is not a Unicode code point") from None

    expanded = _ESCAPE.sub(expand, text)
    if _ANY_ESCAPE.search(expanded):
        raise QueryError("the query holds an escape sequence that spells another escape (such as \\u005Cu0022); "
                         "write the character itself")
    return expanded


def _nesting(text: str) -> int:
    """The deepest nesting of brackets in ``text`` (strings and comments included: an upper bound)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(0, depth - 1)
    return deepest


def _fast_kind(text: str) -> str | None:
    """The kind of a query that cannot be SERVICE or an update, read from its first keyword; None: parse it."""
    if _RISKY.search(text) or _nesting(text) > FAST_NESTING:
        return None
    position = 0
    while match := _PROLOGUE.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    form = _FORM.match(text, position)
    return form.group(1).lower() if form else None


def _parse_deep(text: str) -> ParseResults:
    """Parse on a thread with a large stack and recursion limit (for deeply nested expressions)."""
    outcome: dict[str, object] = {}

    from rdflib.plugins.sparql.parser import parseQuery

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
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except RecursionError:
        try:
            return _parse_deep(text)
        except RecursionError:
            raise QueryError("the query is nested too deeply to parse") from None


def _refuse_update_or_report(text: str, exc: ParseException) -> QueryError:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

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
    if _nesting(expanded) > MAX_NESTING:
        raise QueryError(f"the query is nested too deeply (over {MAX_NESTING} levels of brackets)")
    kind = _fast_kind(expanded)
    if kind is not None:
        return CheckedQuery(kind, expanded)
    from pyparsing import ParseException

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
