"""No query reaches outside: the CLI (text, --file, --named) runs only what the guard judged."""
from __future__ import annotations

import os
from pathlib import Path

from riskgraph.graph import queries as named_queries


def _one_line_at_most(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_smuggled_service_makes_no_connection_from_query_text_or_file(small_store: Path, listener, smuggled,
                                                                    rg_process, tmp_path: Path) -> None:
    for index, text in enumerate(smuggled):
        result = rg_process("query", "--store", small_store, "--format", "json", text, timeout=60)
        _one_line_at_most(result)
        query_file = tmp_path / f"q{index}.rq"
        query_file.write_text(text, encoding="utf-8")
        result = rg_process("query", "--store", small_store, "--format", "json", "--file", query_file,
                                 timeout=60)
        _one_line_at_most(result)
    assert listener.connections == 0


def test_named_queries_resolve_only_names_from_the_query_folder(small_store: Path, listener, rg_process,
                                                                tmp_path: Path) -> None:
    outside = tmp_path / "x.rq"
    outside.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}", encoding="utf-8")
    relative = os.path.relpath(outside.with_suffix(""), named_queries.QUERY_DIR)
    for name in (relative, str(outside.with_suffix("")), "../queries/claims_about"):
        result = rg_process("query", "--store", small_store, "--named", name, timeout=60)
        assert result.returncode == 1
        assert result.stderr.startswith("error: no named query"), result.stderr
        assert "claims_about" in result.stderr  # the analyst queries are listed ...
        assert "browse_counts" not in result.stderr  # ... not the internal ones
    assert listener.connections == 0


def test_parameter_values_are_checked_before_they_are_bound(small_store: Path, rg_process) -> None:
    cases = [
        (("--named", "claims_about", "--param", "entity=http://a>b"),
         "error: --param entity: 'http://a>b' is not a valid IRI (no spaces or <>\"{}|^`\\ allowed)"),
        (("--named", "events_in_range", "--param", "from=not-a-date", "--param", "to=2024-01-01"),
         "error: --param from: 'not-a-date' is not a date; write it as YYYY-MM-DD"),
    ]
    for args, message in cases:
        result = rg_process("query", "--store", small_store, *args, timeout=60)
        assert result.returncode == 1
        assert result.stderr.strip() == message
