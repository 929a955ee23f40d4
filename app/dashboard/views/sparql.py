"""SPARQL: a read-only query editor with the named queries as examples, results as a table and CSV.

Every query is checked first (read-only, no SERVICE, bounded length) and runs in a worker process
that is stopped at the time limit ([query] timeout_s; at most [query] max_rows rows)."""
from __future__ import annotations

import csv
import io

import streamlit as st

from riskgraph.app.commands.query import parse_params
from riskgraph.app.dashboard import state
from riskgraph.graph.queries import list_queries, named_query
from riskgraph.graph.sparql_guard import check_query
from riskgraph.graph.timed_query import run_select
from riskgraph.ontology.errors import QueryError

TEXT_KEY = "sparql_text"
EXAMPLE_KEY = "sparql_example"
RESULT_KEY = "sparql_result"
NO_EXAMPLE = ""
STARTER = """PREFIX rg: <https://w3id.org/riskgraph#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?company ?label WHERE { ?company a rg:Company ; rdfs:label ?label }
ORDER BY ?label
LIMIT 100
"""


def _load_example() -> None:
    name = st.session_state.get(EXAMPLE_KEY)
    st.session_state[TEXT_KEY] = named_query(name).text if name else STARTER
    st.session_state.pop(RESULT_KEY, None)


def _param_inputs(name: str) -> list[str]:
    """Inputs for the example's parameters; returns ``name=value`` items for parse_params."""
    query = named_query(name)
    items = []
    for param in query.params:
        kind = query.param_kinds[param]
        hint = {"iri": "entity name, alias or IRI", "class": "class, e.g. Sanction", "date": "YYYY-MM-DD",
                "int": "number"}.get(kind, "text")
        optional = " (optional)" if param in query.optional else ""
        value = st.text_input(f"{param}: {hint}{optional}", key=f"sparql_param_{name}_{param}").strip()
        if value:
            items.append(f"{param}={value}")
    return items


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _run(ctx: state.Ctx, text: str, example: str, items: list[str]) -> None:
    accepted = check_query(text, ctx.settings.max_chars)
    if accepted.kind != "select":
        raise QueryError(f"this page runs SELECT queries; run {accepted.kind.upper()} queries with `riskgraph query`")
    bindings = {}
    if example and text.strip() == named_query(example).text.strip():
        bindings = parse_params(ctx.store, example, items)
        missing = [p for p in named_query(example).required if p not in bindings]
        if missing:
            raise QueryError(f"fill in the parameter(s): {', '.join(missing)}")
    settings = ctx.settings
    columns, rows, truncated = run_select(ctx.path, accepted.text, settings.timeout_s, settings.max_rows, bindings,
                                          settings.memory_mb)
    st.session_state[RESULT_KEY] = (columns, rows, truncated)


def _results() -> None:
    found = st.session_state.get(RESULT_KEY)
    if not found:
        return
    columns, rows, truncated = found
    capped = " (the first ones only: the limit was reached)" if truncated else ""
    st.markdown(f"**{len(rows)}** rows{capped}")
    st.dataframe([dict(zip(columns, row, strict=False)) for row in rows], hide_index=True)
    st.download_button("Download CSV", _csv(columns, rows), file_name="riskgraph-query.csv", mime="text/csv")


def render() -> None:
    st.title("SPARQL")
    with state.reported_errors():
        ctx = state.context()
        st.caption(f"Read-only; the default graph is the union of all documents. Queries stop after "
                   f"{ctx.settings.timeout_s:g} s and return at most {ctx.settings.max_rows:,} rows.")
        example = st.selectbox("Example (a named query)", [NO_EXAMPLE, *list_queries(public_only=True)],
                               key=EXAMPLE_KEY, on_change=_load_example,
                               format_func=lambda n: f"{n}: {named_query(n).title}" if n else "(write your own)")
        if TEXT_KEY not in st.session_state:
            st.session_state[TEXT_KEY] = STARTER
        items = _param_inputs(example) if example else []
        text = st.text_area("Query", key=TEXT_KEY, height=260)
        if example and text.strip() != named_query(example).text.strip():
            st.caption("The text differs from the example, so its parameters are not bound.")
        if st.button("Run query", type="primary", key="sparql_run"):
            st.session_state.pop(RESULT_KEY, None)
            _run(ctx, text, example, items)
    with state.reported_errors():
        _results()


if __name__ == "__main__":
    render()
