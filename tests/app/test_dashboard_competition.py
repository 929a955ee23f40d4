"""The Competition page, run with Streamlit's AppTest against the demo store: what it shows is what
``riskgraph.graph.competition`` computes, with no exception and no error box."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import riskgraph.app.dashboard as dashboard_package
from riskgraph.graph.competition import analyse_competition, competition_dict
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist

MAIN = Path(dashboard_package.__file__).parent / "main.py"


@pytest.fixture(autouse=True)
def _reads_the_demo_store(dashboard_env: None) -> None:
    """Every test here runs the dashboard on the demo store (tests/app/conftest.py)."""


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=180)
    at.run()
    at.switch_page("views/competition.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The reading tables on the page (app/dashboard/tables.py), as frames of their text."""
    out = []
    for element in at.get("html"):
        if 'class="rg-table"' in element.proto.body:
            [table] = lxml.html.fromstring(element.proto.body).xpath("//table")
            columns = [th.text_content() for th in table.xpath(".//thead//th")]
            rows = [[td.get("title") or td.text_content() for td in tr.xpath("./td")]
                    for tr in table.xpath(".//tbody/tr")]
            out.append(pd.DataFrame(rows, columns=columns))
    return out


def expected(store_path: Path, name: str, as_of: date | None = None, since: date | None = None) -> dict:
    store = Store(store_path, read_only=True)
    result, walker = analyse_competition(store, str(find_entity(store, name)), as_of=as_of, since=since,
                                         watchlist=load_watchlist())
    return competition_dict(store, result, walker)


def test_competition_page_shows_rivals_dependences_moves_and_exposure(demo_store: Path) -> None:
    at = open_page(entity="ByteDance")
    assert not at.error, [e.value for e in at.error]
    want = expected(demo_store, "ByteDance")
    assert [plain(h.value) for h in at.header] == ["ByteDance"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Competitors": str(want["competitors_total"]),
                       "Dependences on rivals": str(want["dependencies_total"]),
                       "Single sources": str(len(want["single_source"])), "Rivals' moves": str(want["moves_total"])}
    rivals = tables(at)[0]
    assert list(rivals["competitor"]) == [c["label"] for c in want["competitors"]]
    assert set(rivals["rivalry"]) <= {"asserted", "inferred"} and "OpenAI" in set(rivals["competitor"])
    text = " ".join(plain(m.value) for m in at.markdown)
    assert "codenamed Project Seed" in " ".join(plain(c.value) for c in at.caption)
    assert "On **OpenAI**: GPT API" in text
    assert any("Microsoft licence for GPT APIs" in plain(s.value) for s in at.success)
    charts = [json.loads(c.proto.spec)["data"] for c in at.get("plotly_chart")]
    assert len(charts) == 2
    bars = charts[1]
    assert {t["type"] for t in bars} == {"bar"}
    assert len(bars[0]["x"]) == len(want["relative_exposure"]) >= 3


def test_a_week_of_rivals_moves_with_their_sources(demo_store: Path) -> None:
    at = open_page(entity="ByteDance")
    at.date_input(key="competition_as_of").set_value(date(2023, 12, 24))
    at.date_input(key="competition_since").set_value(date(2023, 12, 18)).run()
    assert not at.exception and not at.error
    want = expected(demo_store, "ByteDance", date(2023, 12, 24), date(2023, 12, 18))
    moves = next(t for t in tables(at) if "move" in t.columns)
    assert list(moves["what"]) == [m["label"] for m in want["moves"]]
    assert all(s != "–" for s in moves["source"]) and all(int(n) >= 1 for n in moves["sources"])
    [timeline] = [c for c in at.get("plotly_chart") if json.loads(c.proto.spec)["data"][0]["type"] == "scatter"]
    assert timeline is not None


def test_a_start_after_the_as_of_date_is_one_error_line() -> None:
    at = open_page(entity="ByteDance")
    at.date_input(key="competition_as_of").set_value(date(2023, 12, 1))
    at.date_input(key="competition_since").set_value(date(2023, 12, 20)).run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "the window of rivals' moves starts (2023-12-20) after the as-of date (2023-12-01)"]


def test_a_missing_store_is_one_error_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RISKGRAPH_STORE", str(tmp_path / "nothing"))
    at = AppTest.from_file(str(MAIN), default_timeout=120).run()
    at.switch_page("views/competition.py").run()
    assert not at.exception
    assert len(at.error) == 1 and "no riskgraph store at" in plain(at.error[0].value)
