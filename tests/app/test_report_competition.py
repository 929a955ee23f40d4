"""The weekly report's "Competitive moves": for each watched entity, its competitors' moves of the week,
each with its source, the same as `riskgraph competition` lists for that window."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from riskgraph.app.report_render import render_html, render_markdown
from riskgraph.graph.report import build_report, iso_week
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist

NOW = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)


def test_competitive_moves_of_watched_entities(cli, demo_store: Path) -> None:
    week = iso_week("2023-W52")
    report = build_report(Store(demo_store, read_only=True), week.since, week.until, load_watchlist(), now=NOW)
    by_entity = {c.label: c for c in report.competitive_moves}
    assert "ByteDance" in by_entity and "OpenAI" in by_entity
    bytedance = by_entity["ByteDance"]
    cli_moves = json.loads(cli("competition", "ByteDance", "--store", demo_store, "--json", "--since",
                               "2023-12-25", "--as-of", "2023-12-31").stdout)
    assert bytedance.moves_total == cli_moves["moves_total"]
    newest = {m["label"] for m in cli_moves["moves"]}
    assert {m["label"] for m in bytedance.moves} <= newest
    markdown = render_markdown(report)
    section = markdown.split("## 5. Competitive moves")[1].split("## 6. Charts")[0]
    assert "### ByteDance:" in section
    assert "| 2023-12-28 | investment | Investment by Microsoft of OpenAI |" in section
    assert "Microsoft's investment in OpenAI" in section  # the source sentence
    assert "OpenAI (inferred)" in section
    html = render_html(report)
    assert '<section id="competition">' in html and "Investment by Microsoft of OpenAI" in html
