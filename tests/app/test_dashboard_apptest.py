"""The dashboard's pages, run with Streamlit's AppTest against the demo store (data/samples).

Every page is checked for real content, computed independently through ``riskgraph.graph``, and
for the absence of exceptions and error boxes. Document text must reach the page as data: escaped
Markdown, or HTML built from escaped pieces.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from rdflib import URIRef
from streamlit.testing.v1 import AppTest

import riskgraph.app.dashboard as dashboard_package
from riskgraph.app.dashboard import nav
from riskgraph.app.dashboard.text import Span, highlighted_html, md_escape
from riskgraph.graph import browse, browse_events
from riskgraph.graph.alerts import alerts
from riskgraph.graph.contradictions import all_contradictions
from riskgraph.graph.explain import exposure_dict
from riskgraph.graph.exposure import analyse
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.projection import projection_for
from riskgraph.graph.queries import named_query
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist
from riskgraph.graph.whatif import parse_assumption, what_if

MAIN = Path(dashboard_package.__file__).parent / "main.py"
TOPOJSON = Path(dashboard_package.__file__).parent / "static" / "topojson" / "world_110m.json"


# ---------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def store(demo_store: Path) -> Store:
    return Store(demo_store, read_only=True)


@pytest.fixture(autouse=True)
def _reads_the_demo_store(dashboard_env: None) -> None:
    """Every test here runs the dashboard on the demo store (tests/app/conftest.py)."""


def plain(markdown: str) -> str:
    """Markdown escaped by md_escape, back to its text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    at.run()
    at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert_clean(at)
    return at


def charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def traces(chart: object) -> list[dict]:
    """The data traces of a plotly_chart element (its spec also holds a template naming every type)."""
    return json.loads(chart.proto.spec)["data"]  # type: ignore[attr-defined]


def _cell(td: object) -> object:
    text = td.get("title") or td.text_content()  # type: ignore[attr-defined]
    if "rg-num" in (td.get("class") or ""):  # type: ignore[attr-defined]
        return float(text) if "." in text or "e" in text else int(text)
    return text


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The reading tables on the page (app/dashboard/tables.py), the page shown of each, as frames."""
    out = []
    for element in at.get("html"):
        if 'class="rg-table"' not in element.proto.body:
            continue
        [table] = lxml.html.fromstring(element.proto.body).xpath("//table")
        columns = [th.text_content() for th in table.xpath(".//thead//th")]
        rows = [[_cell(td) for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
        out.append(pd.DataFrame(rows, columns=columns))
    return out


def every_row(at: AppTest, index: int, key: str) -> pd.DataFrame:
    """Every row of the ``index``-th reading table, paging through it (``key`` is the table's key)."""
    frames = [tables(at)[index]]
    chooser = [n for n in at.number_input if n.key == f"{key}__page"]
    if chooser:
        for page in range(2, int(chooser[0].max) + 1):
            at.number_input(key=f"{key}__page").set_value(page).run()
            assert_clean(at)
            frames.append(tables(at)[index])
        at.number_input(key=f"{key}__page").set_value(1).run()
    return pd.concat(frames, ignore_index=True)


def markdown(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown]


def iri_of(store: Store, name: str) -> str:
    return str(find_entity(store, name))


# ---------------------------------------------------------------------- navigation
def test_every_page_is_registered_and_the_report_only_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_file(str(MAIN), default_timeout=120).run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Overview"]  # the default page
    for page in ("overview", "entity", "exposure", "events", "map", "documents", "sparql"):
        at.switch_page(f"views/{page}.py")
    if nav.report_module() is not None:
        at.switch_page("views/report.py")
    monkeypatch.setattr(nav, "REPORT_MODULES", ("riskgraph.graph.no_such_report",))
    at = AppTest.from_file(str(MAIN), default_timeout=120).run()
    with pytest.raises(ValueError):
        at.switch_page("views/report.py")


def test_a_missing_store_is_one_error_line_on_every_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RISKGRAPH_STORE", str(tmp_path / "nothing"))
    for page in ("overview", "entity", "exposure", "events", "map", "documents", "sparql"):
        at = AppTest.from_file(str(MAIN), default_timeout=120).run()
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception
        assert [plain(e.value) for e in at.error] == [
            f"no riskgraph store at {tmp_path / 'nothing'}: run `riskgraph ingest PATH --store "
            f"{tmp_path / 'nothing'}` first"]


# ---------------------------------------------------------------------- overview
def test_overview_counts_watchlist_and_timeline(store: Store) -> None:
    at = open_page("overview")
    info = browse.overview(store)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "15" == f"{info.documents:,}"
    assert metrics["Entities"] == f"{info.entities:,}"
    assert metrics["Risk events"] == f"{info.events:,}"
    assert metrics["New events in 2024-W01"] == f"{info.new_events:,}"
    projection = projection_for(store)
    expected = {}
    for name in load_watchlist().entities:
        result = analyse(projection, iri_of(store, name), top=1, watchlist=load_watchlist())
        expected[result.label] = round(result.score, 3)
    table = tables(at)[0]
    assert list(table["entity"]) == sorted(expected, key=lambda label: -expected[label])
    assert dict(zip(table["entity"], table["exposure index"], strict=True)) == expected
    assert table["entity"].iloc[0] == "ByteDance"
    [timeline] = charts(at)
    assert {t["type"] for t in traces(timeline)} == {"scatter"}


def test_overview_opens_with_what_to_look_at_first(store: Store) -> None:
    at = open_page("overview")
    assert_clean(at)
    assert "Look at these first (2024-W01)" in [s.value for s in at.subheader]
    found = alerts(store, projection_for(store), load_watchlist(), date(2024, 1, 1), date(2024, 1, 5))
    assert found
    shown = " ".join(m.value for m in at.markdown)
    for alert in found[:8]:
        assert md_escape(alert.title) in shown


# ---------------------------------------------------------------------- entity
def test_entity_profile_of_bytedance(store: Store) -> None:
    at = open_page("entity", entity="ByteDance")
    assert [h.value for h in at.header] == ["ByteDance"]
    facts = "\n".join(markdown(at))
    assert "**Types:** Company, Organization" in facts
    relations = every_row(at, 0, "entity_relations")
    rows = set(zip(relations["subject"], relations["relation"], relations["object"], strict=True))
    assert ("ByteDance", "parentOf", "TikTok") in rows
    assert ("ByteDance", "develops", "Project Seed") in rows
    profile = browse.entity_profile(store, iri_of(store, "ByteDance"))
    homes = [label for how, _, label in profile.jurisdictions if how == "headquarteredIn"]
    assert "China" in homes
    assert facts.count("**Headquartered in:**") == 1  # one line for all of them
    assert f"**Headquartered in:** {', '.join(homes)}" in facts
    assert len(relations) == len(profile.relations)
    seed = relations[relations["object"] == "Project Seed"].iloc[0]
    assert "codenamed Project Seed" in seed["evidence"] or "Project Seed" in seed["evidence"]
    events = every_row(at, 1, "entity_events")
    assert "Ban by OpenAI of ByteDance" in set(events["event"])
    links = {(link.proto.page, link.proto.query_string) for link in at.get("page_link")}
    assert ("exposure", "entity=ByteDance") in links
    assert sum(1 for page, _ in links if page == "documents") == len(profile.documents)


def test_entity_profile_shows_aliases_and_the_wikidata_link() -> None:
    at = open_page("entity", entity="TikTok")
    facts = "\n".join(m.value for m in at.markdown)
    assert "[Q48938223](https://www.wikidata.org/wiki/Q48938223)" in facts
    assert "**Also known as:** TikTok app" in plain(facts)


def test_entity_search_suggests_names_for_a_misspelling() -> None:
    at = open_page("entity")
    at.text_input(key="entity_search").input("Bytedanse").run()
    assert_clean(at)
    assert "no entity named 'Bytedanse'" in plain(at.warning[0].value)
    suggestion = next(b for b in at.button if plain(b.label) == "ByteDance")
    suggestion.click().run()
    assert_clean(at)
    assert [h.value for h in at.header] == ["ByteDance"]


# ---------------------------------------------------------------------- exposure
def test_exposure_of_bytedance_with_sankey_and_a_path_through_project_seed(store: Store) -> None:
    at = open_page("exposure", entity="ByteDance")
    projection = projection_for(store)
    result = analyse(projection, iri_of(store, "ByteDance"), max_hops=4, top=10, watchlist=load_watchlist())
    expected = exposure_dict(store, projection, result)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Exposure index"] == f"{expected['score']:.3f}"
    lo, hi = expected["band"]
    assert metrics["Band (10th–90th percentile)"] == f"{lo:.3f} – {hi:.3f}"
    drawn = [traces(c) for c in charts(at)]
    [sankey] = [t for data in drawn for t in data if t["type"] == "sankey"]
    assert "Project Seed" in sankey["node"]["label"] and sankey["node"]["label"][0] == "ByteDance"
    network = next(data for data in drawn if any(t.get("name") == "entity" for t in data))
    assert [t["text"] for t in network if t.get("name") == "entity"] == [["ByteDance"]]
    hop = next(h for p in expected["paths"] for r in (p, *p["other_routes"]) for h in r["hops"]
               if h["to_label"] == "Project Seed")
    lines = markdown(at)
    assert (f"**ByteDance** —develops→ **Project Seed**  (weight 0.9, confidence {hop['confidence']:.2f}, "
            "since 2023-12-22)") in lines
    sentence = hop["evidence"][0]["text"]
    assert "codenamed Project Seed" in sentence
    assert f"> {md_escape(sentence)}" in [m.value for m in at.markdown]  # escaped, shown as text
    links = [link.proto for link in at.get("page_link") if link.proto.page == "documents"]
    start, end = hop["evidence"][0]["start"], hop["evidence"][0]["end"]
    assert any(link.query_string.endswith(f"at={start}-{end}") for link in links)


def test_what_if_removing_project_seed_lowers_bytedance(store: Store) -> None:
    at = open_page("exposure", entity="ByteDance")
    at.text_area(key="whatif_text").input("remove:ByteDance|develops|Project Seed")
    at.button(key="whatif_run").click().run()
    assert_clean(at)
    changes = every_row(at, -1, "whatif_changes")
    projection = projection_for(store)
    assumption = parse_assumption("remove:ByteDance|develops|Project Seed", lambda n: iri_of(store, n))
    expected = what_if(projection, [assumption], watchlist=load_watchlist())
    assert list(changes["entity"]) == [c.label for c in expected]
    bytedance = changes[changes["entity"] == "ByteDance"].iloc[0]
    assert bytedance["change"] < 0


def test_a_bad_what_if_assumption_is_one_error_line() -> None:
    at = AppTest.from_file(str(MAIN), default_timeout=120).run()
    at.switch_page("views/exposure.py")
    at.query_params["entity"] = "ByteDance"
    at.run()
    at.text_area(key="whatif_text").input("remove:ByteDance|likes|Project Seed")
    at.button(key="whatif_run").click().run()
    assert not at.exception
    assert "'likes' carries no exposure" in plain(at.error[0].value)


# ---------------------------------------------------------------------- events
def test_events_filters(store: Store) -> None:
    at = open_page("events")
    assert (f"**{len(browse_events.events(store))}** risk events, each listed once however many documents report "
            "it") in [m.value for m in at.markdown]
    at.selectbox(key="events_type").select("Ban").run()
    assert_clean(at)
    table = every_row(at, 0, "events_table")
    assert set(table["type"]) == {"Ban"}
    assert len(table) == len(browse_events.events(store, type_="Ban")) > 0
    at.selectbox(key="events_type").select("(any)")
    at.text_input(key="events_target").input("ByteDance").run()
    assert_clean(at)
    expected = browse_events.events(store, target=iri_of(store, "ByteDance"))
    assert sorted(every_row(at, 0, "events_table")["event"]) == sorted(e.label for e in expected)
    assert len(charts(at)) == 1
    at.text_input(key="events_actor").input("Nobody Corp").run()
    assert not at.exception
    assert "no entity named 'Nobody Corp'" in plain(at.warning[0].value)


def test_events_list_happenings_with_their_sources_and_contradictions(store: Store) -> None:
    at = open_page("events")
    assert_clean(at)
    table = every_row(at, 0, "events_table")
    listed = browse_events.events(store)
    assert len({e.event for e in listed}) == len(listed) == len(table)  # each happening once
    assert sorted(zip(table["event"], table["sources"], strict=True)) == sorted((e.label, e.sources) for e in listed)
    assert max(e.sources for e in listed) > 1
    found = all_contradictions(store)
    assert found
    assert "Contradictions between sources" in [s.value for s in at.subheader]
    texts = [m.value for m in at.markdown]
    assert any(c.denied is not None and md_escape(c.denied.text) in t for c in found for t in texts)


# ---------------------------------------------------------------------- map
def test_map_is_a_choropleth_drawn_from_the_vendored_topojson(store: Store) -> None:
    at = open_page("map")
    [chart] = charts(at)
    trace, *points = traces(chart)
    assert trace["type"] == "choropleth" and trace["locationmode"] == "ISO-3"
    assert json.loads(chart.proto.config)["topojsonURL"] == "app/static/topojson/"
    counts = {v.jurisdiction.iso3: v.value for v in browse_events.events_by_jurisdiction(store) if v.jurisdiction.iso3}
    drawn = dict(zip(trace["locations"], trace["z"], strict=True))
    assert {"CHN", "USA"} <= set(drawn)
    small = {iso3: value for iso3, value in counts.items() if iso3 not in drawn}
    if small:  # countries without a shape are points of the same colour scale, named on hover
        [dots] = points
        assert dots["type"] == "scattergeo" and sorted(dots["customdata"]) == sorted(small.values())
    assert {**drawn, **small} == counts
    topojson = TOPOJSON.read_text(encoding="utf-8")
    assert '"id":"CHN"' in topojson and '"coastlines"' in topojson
    at.radio(key="map_measure").set_value("Exposure of an entity, by the risk source's jurisdiction").run()
    assert_clean(at)
    trace, *points = traces(charts(at)[0])
    assert trace["type"] == "choropleth" and "USA" in trace["locations"]
    assert all(p["type"] == "scattergeo" for p in points)  # countries without a shape, as points


# ---------------------------------------------------------------------- documents
def test_document_text_with_mentions_facts_and_a_linked_sentence(store: Store) -> None:
    ref = next(r for r in browse.documents(store) if r.title == "ByteDance banned from OpenAI over Project Seed")
    view = browse.document_view(store, ref.document)
    fact = next(f for f in view.facts if f.property == "develops" and f.object_label == "Project Seed")
    doc_id = ref.document.rsplit("/", 1)[-1]
    at = open_page("documents", doc=doc_id, at=f"{fact.start}-{fact.end}")
    assert [plain(h.value) for h in at.header] == [ref.title]
    assert [plain(i.value) for i in at.info] == [view.text[fact.start:fact.end]]
    assert view.text[fact.start:fact.end] == fact.sentence
    [body] = [h.proto.body for h in at.get("html") if 'class="rg-table"' not in h.proto.body]
    assert body.count("<mark ") >= len({(m.start, m.end) for m in view.mentions}) - 2  # overlaps dropped
    assert '<a id="sentence"></a>' in body
    facts = every_row(at, 0, "document_facts")
    assert len(facts) == len(view.facts)
    other = next(i for i, f in enumerate(view.facts) if f.start is not None and f.start != fact.start)
    at.selectbox(key=f"fact_pick_{doc_id}").select(other).run()
    assert_clean(at)
    assert [plain(i.value) for i in at.info] == [" ".join(view.facts[other].sentence.split())]


def test_document_text_is_never_markup() -> None:
    text = 'Hello <script>alert(1)</script> [x](javascript:alert(1)) **b** $x$ :red[y] & "q"'
    html = highlighted_html(text, [Span(0, 5, 'Acme <img src=x onerror=alert(1)>')], (6, 31))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<mark ") == 1 and html.count("<span ") == 1
    escaped = md_escape(text)
    assert plain(escaped) == text
    assert not re.search(r"(?<!\\)[\[\]()*$:<>&`]", escaped)


# ---------------------------------------------------------------------- SPARQL
def test_sparql_named_query_runs_with_its_parameter(store: Store) -> None:
    at = open_page("sparql")
    at.selectbox(key="sparql_example").select("claims_about").run()
    assert at.text_area(key="sparql_text").value == named_query("claims_about").text
    at.text_input(key="sparql_param_claims_about_entity").input("ByteDance")
    at.button(key="sparql_run").click().run()
    assert_clean(at)
    table = at.dataframe[0].value
    expected = store.select(named_query("claims_about").text, {"entity": URIRef(iri_of(store, "ByteDance"))})
    assert len(table) == len(expected) > 0
    assert list(table.columns)[:4] == ["entity", "subjectLabel", "property", "objectLabel"]
    assert at.get("download_button")


@pytest.mark.parametrize(("query", "message"), [
    ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed: this interface is read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("SELECT ?x WHERE { ?x", "the query is not valid SPARQL"),
])
def test_sparql_refuses_what_is_not_a_read_only_query(query: str, message: str) -> None:
    at = open_page("sparql")
    at.text_area(key="sparql_text").input(query)
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert message in plain(at.error[0].value)


def test_sparql_smuggled_service_makes_no_connection(listener, smuggled) -> None:
    for text in smuggled:
        at = open_page("sparql")
        at.text_area(key="sparql_text").input(text)
        at.button(key="sparql_run").click().run()
        assert not at.exception
    assert listener.connections == 0


def test_sparql_query_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKGRAPH_QUERY_TIMEOUT_S", "2")
    at = open_page("sparql")
    at.text_area(key="sparql_text").input("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == ["the query took longer than 2 s and was stopped"]


# ---------------------------------------------------------------------- report
@pytest.mark.skipif(nav.report_module() is None, reason="the weekly report module is not installed")
def test_report_page_builds_the_report_of_the_newest_week() -> None:
    at = open_page("report")
    assert at.text_input(key="report_week").value == "2024-W01"
    assert {m.label for m in at.metric} == {"Documents", "New entities", "New relations", "Risk events"}


# ---------------------------------------------------------------------- following ingests
def test_the_overview_shows_documents_ingested_while_the_dashboard_runs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_files: list[Path], cli) -> None:
    live = tmp_path / "store"
    assert cli("ingest", "-q", str(sample_files[0]), "--store", str(live)).exit_code == 0
    monkeypatch.setenv("RISKGRAPH_STORE", str(live))
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    at.run()
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Documents"] == "1"
    result = subprocess.run([sys.executable, "-m", "riskgraph.app", "ingest", "-q", str(sample_files[1]),
                             "--store", str(live)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    at.run()  # the next page view, no restart
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Documents"] == "2"
