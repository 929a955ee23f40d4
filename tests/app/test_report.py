"""`riskgraph report` on the real demo store: sections, counts, citations, a self-contained HTML page
(checked in headless chromium), the PDF (pdftotext), reproducibility, and documents carrying markup."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markupsafe import escape
from plotly.offline import get_plotlyjs

from riskgraph.app.report_charts import figures
from riskgraph.app.report_pdf import DataOnlyFetcher, html_to_pdf
from riskgraph.app.report_render import external_loads, render_html, render_markdown, render_pdf
from riskgraph.app.windows import resolve_window
from riskgraph.graph.report import Charts, Report, SankeyLink, Window, build_report, iso_week
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist
from riskgraph.ontology.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "report" / "2024-01-10-hostile.md"
NOW = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
SECTIONS = ("1. Executive summary", "2. New risk events by severity", "3. Exposure changes of watched entities",
            "4. New entities and relations; contradictions", "5. Competitive moves", "6. Charts", "7. Appendix")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def build(store: Path, week: str, now: datetime = NOW) -> Report:
    w = iso_week(week)
    return build_report(Store(store, read_only=True), w.since, w.until, load_watchlist(), now=now)


def without_timestamp(text: str) -> str:
    text = re.sub(r'<span class="generated">[^<]*</span>', "", text)
    return re.sub(r"^Generated \S+ ", "Generated ", text, flags=re.MULTILINE)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture(scope="module")
def w51(demo_store: Path) -> Report:
    return build(demo_store, "2023-W51")


@pytest.fixture(scope="module")
def w52(demo_store: Path) -> Report:
    return build(demo_store, "2023-W52")


@pytest.fixture(scope="module")
def html51(w51: Report) -> str:
    return render_html(w51)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, rg_process: Callable[..., Any]) -> Path:
    store = tmp_path_factory.mktemp("hostile") / "store"
    result = rg_process("ingest", "-q", HOSTILE, "--store", store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def hostile(hostile_store: Path) -> Report:
    return build(hostile_store, "2024-W02")


# ---------------------------------------------------------------------- content
def test_sections_in_order(w51: Report, html51: str) -> None:
    markdown = render_markdown(w51)
    for text in (html51, markdown):
        positions = [text.find(title) for title in SECTIONS]
        assert -1 not in positions and positions == sorted(positions)
    assert "<h1>Risk report 2023-W51</h1>" in html51
    assert markdown.startswith("# Risk report 2023-W51\n")


def test_counts_follow_the_sample_dates(w51: Report, w52: Report, html51: str) -> None:
    for report in (w51, w52):
        assert report.counts.documents == len(report.documents) == 3  # three samples per week
        assert report.counts.events == len(report.events) > 0
        assert report.counts.entities == len(report.entities)
        assert report.counts.relations == len(report.relations)
    c = w51.counts
    assert (f"New in this window: <b>{c.documents}</b> documents, <b>{c.entities}</b> entities, "
            f"<b>{c.relations}</b> relations; <b>{c.new_happenings}</b> new risk events and "
            f"<b>{c.status_changes}</b> status changes") in html51
    assert [d.published for d in w51.documents] == ["2023-12-19", "2023-12-20", "2023-12-22"]
    assert [d.published for d in w52.documents] == ["2023-12-27", "2023-12-28", "2023-12-29"]
    assert 2 <= len(w51.highlights) <= 4  # what happened, then the largest exposure changes
    assert w51.highlights[0].startswith(f"{c.new_happenings} new risk event")
    for sentence in w51.highlights:
        assert str(escape(sentence)) in html51


def test_consecutive_weeks_differ_as_the_data_does(w51: Report, w52: Report) -> None:
    assert not {d.iri for d in w51.documents} & {d.iri for d in w52.documents}
    # a happening is new in one week only; later reports of it are updates
    assert not {e.iri for e in w51.events if e.new} & {e.iri for e in w52.events if e.new}
    assert all(not e.new for e in w52.events if e.iri in {x.iri for x in w51.events})
    assert not {e.iri for e in w51.entities} & {e.iri for e in w52.entities}
    assert w51.highlights != w52.highlights
    # one week's end is the next week's start
    before = {x.entity: x.before for x in w52.exposures}
    for x in w51.exposures:
        assert before[x.entity] == x.after, x.label
    assert {x.label for x in w51.exposures} >= {"ByteDance", "TikTok", "OpenAI", "Microsoft"}
    assert without_timestamp(render_html(w51)) != without_timestamp(render_html(w52))


def test_each_event_cites_its_sentence(w51: Report, w52: Report, html51: str) -> None:
    for report, html in ((w51, html51), (w52, render_html(w52))):
        for e in report.events:
            assert e.citation is not None and e.citation.text, e.label
            assert str(escape(e.citation.text)) in html, e.label
            assert str(escape(e.citation.title)) in html
            assert f"{escape(e.citation.title)}, {e.citation.published}" in html
    markdown = render_markdown(w51)
    assert "| Severity | Event | Actor | Target | Date | Status | Sources | Source |" in markdown
    assert markdown.count("\n| ") >= len(w51.events)


def test_exposure_section_shows_paths_with_evidence(w51: Report, html51: str) -> None:
    moved = [x for x in w51.exposures if x.appeared]
    assert moved
    for x in moved:
        assert f"<h3>{escape(x.label)}: {x.before:.3f} → {x.after:.3f}</h3>" in html51
        for path in x.appeared:
            for hop in path["hops"]:
                for cite in hop["evidence"]:
                    if cite["text"]:
                        assert str(escape(cite["text"])) in html51
                        break


def test_appendix(w51: Report, html51: str) -> None:
    for name in w51.queries:
        assert f"<code>{name}.rq</code>" in html51
        assert (ROOT / "graph" / "queries" / f"{name}.rq").is_file()
    assert {"report_documents", "report_doc_events", "report_doc_claims", "exposure_edges"} <= set(w51.queries)
    assert re.fullmatch(r"[0-9a-f]{20}", w51.store_hash)
    assert f"<code>{w51.store_hash}</code>" in html51 and w51.version in html51
    for d in w51.documents:
        assert str(escape(d.title)) in html51


# ---------------------------------------------------------------------- self-contained HTML
def test_html_loads_nothing_from_outside(html51: str) -> None:
    assert external_loads(html51) == []
    assert html51.count(get_plotlyjs()) == 1  # plotly.js inlined once
    rest = html51.replace(get_plotlyjs(), "")
    assert "https://cdn" not in rest and "<script src" not in rest and "<link" not in rest
    assert re.findall(r"https?://", rest) == []
    for name in ("events", "exposure", "sankey"):
        assert f'id="chart-{name}"' in html51


def open_in_chromium(path: Path) -> dict:
    """Open the page in headless chromium; return the requests made, errors, dialogs, plots drawn."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    seen: dict = {"requests": [], "errors": [], "dialogs": []}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
                                   timeout=30_000)
            page.wait_for_timeout(500)
            seen["plots"] = page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
            seen["scripts"] = page.evaluate("document.querySelectorAll('script[src]').length")
        finally:
            browser.close()
    return seen


@pytest.mark.browser
def test_browser_makes_no_request_outside_the_file(html51: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html51, encoding="utf-8")
    seen = open_in_chromium(page)
    outside = [u for u in seen["requests"] if u != page.as_uri() and not u.startswith("data:")]
    assert outside == []
    assert seen["requests"][0] == page.as_uri()
    assert seen["errors"] == [] and seen["dialogs"] == []
    assert seen["plots"] == 3 and seen["scripts"] == 0


# ---------------------------------------------------------------------- PDF
def test_pdf_renders_the_report(w51: Report, tmp_path: Path) -> None:
    fetcher = DataOnlyFetcher()
    pdf = render_pdf(w51, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "Risk report 2023-W51" in text and "1. Executive summary" in text
    c = w51.counts
    assert (f"New in this window: {c.documents} documents, {c.entities} entities, {c.relations} relations; "
            f"{c.new_happenings} new risk events and {c.status_changes} status changes") in " ".join(text.split())
    assert "7. Appendix" in text and w51.store_hash in text
    assert len(fetcher.requested) == 3  # the three charts, as data: images
    assert all(url.startswith("data:image/") for url in fetcher.requested)
    assert fetcher.refused == []


def test_pdf_with_svg_charts(w51: Report, tmp_path: Path) -> None:
    fetcher = DataOnlyFetcher()
    pdf = render_pdf(w51, engine="svg", fetcher=fetcher)
    assert "1. Executive summary" in pdf_text(pdf, tmp_path)
    assert [u[:26] for u in fetcher.requested] == ["data:image/svg+xml;base64,"] * 3


def test_pdf_fetcher_refuses_everything_but_data_urls(tmp_path: Path) -> None:
    fetcher = DataOnlyFetcher()
    html = ('<p>before</p><img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            '<img src="https://example.org/x.png"><p>after</p>')
    pdf = html_to_pdf(html, fetcher)
    assert fetcher.refused == fetcher.requested
    assert set(fetcher.refused) == {"file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/x.png"}
    text = pdf_text(pdf, tmp_path)
    assert "before" in text and "after" in text and "root:" not in text
    with pytest.raises(ValueError):
        DataOnlyFetcher().fetch("file:///etc/passwd")


# ---------------------------------------------------------------------- reproducible
def test_same_store_and_window_give_the_same_report(demo_store: Path, w52: Report, cli: Callable[..., Any],
                                                    tmp_path: Path) -> None:
    again = build(demo_store, "2023-W52", now=datetime(2030, 1, 1, tzinfo=UTC))
    assert again.generated_at != w52.generated_at
    assert without_timestamp(render_html(again)) == without_timestamp(render_html(w52))
    assert without_timestamp(render_markdown(again)) == without_timestamp(render_markdown(w52))
    assert dataclasses.replace(again, generated_at="") == dataclasses.replace(w52, generated_at="")
    outputs = []
    for run in ("a", "b"):
        result = cli("report", "--store", demo_store, "--week", "2023-W52", "--out", tmp_path / run,
                     "--format", "md,html")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.split() == [str(tmp_path / run / f"riskgraph-report-2023-W52.{f}") for f in ("html", "md")]
        outputs.append([without_timestamp((tmp_path / run / f"riskgraph-report-2023-W52.{f}").read_text())
                        for f in ("html", "md")])
    assert outputs[0] == outputs[1]
    assert outputs[0][1] == without_timestamp(render_markdown(w52))


def test_markdown_shows_an_ampersand_as_written(w51: Report) -> None:
    markdown = render_markdown(w51)
    assert "&amp;" not in markdown
    assert "Global Head of Corporate & Policy Communications" in markdown


# ---------------------------------------------------------------------- hostile documents
def test_markup_in_a_document_is_shown_never_interpreted(hostile: Report, tmp_path: Path) -> None:
    assert hostile.counts.documents == 1 and hostile.events
    html = render_html(hostile)
    markdown = render_markdown(hostile)
    raw = ("<script>alert(1)</script>", '<img src="file:///etc/passwd">', '<link rel="stylesheet"')
    for markup in raw:
        assert markup not in html.replace(get_plotlyjs(), "")
    assert re.search(r"(?<!\\)<", markdown) is None  # every angle bracket of a document is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "\\<script\\>alert(1)\\</script\\>" in markdown  # escaped as Markdown, readable as text
    rendered = MarkdownIt("commonmark").render(markdown)  # what a Markdown viewer makes of it
    for markup in raw:
        assert markup not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert external_loads(html) == []
    # the PDF: the fetcher is only ever asked for the charts' data: URLs
    fetcher = DataOnlyFetcher()
    text = pdf_text(render_pdf(hostile, engine="svg", fetcher=fetcher), tmp_path)
    assert fetcher.requested and all(u.startswith("data:") for u in fetcher.requested)
    assert fetcher.refused == []
    assert "<script>alert(1)</script>" in text and "root:x:0:0" not in text


@pytest.mark.browser
def test_markup_in_a_document_runs_nothing_in_the_browser(hostile: Report, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render_html(hostile), encoding="utf-8")
    seen = open_in_chromium(page)
    assert [u for u in seen["requests"] if u != page.as_uri() and not u.startswith("data:")] == []
    assert seen["dialogs"] == [] and seen["errors"] == []


def test_chart_labels_are_escaped_for_plotly(w51: Report) -> None:
    charts = Charts(weeks=["2023-W51"], events_by_week={"Ban": [1]},
                    exposure=[('<img src="file:///etc/passwd">', 0.1, 0.2)], sankey_title="<b>x</b>",
                    sankey_nodes=["<script>a</script>", "b"], sankey_links=[SankeyLink(0, 1, 0.5, "target", False)])
    figs = figures(dataclasses.replace(w51, charts=charts))
    dumped = " ".join(str(f.to_dict()) for f in figs.values())
    assert "file:///etc/passwd" in dumped and "<img" not in dumped and "<script>" not in dumped
    assert '&lt;img src="file:///etc/passwd"&gt;' in dumped and "&lt;script&gt;a&lt;/script&gt;" in dumped


# ---------------------------------------------------------------------- the command
def test_cli_writes_the_files_and_reports_errors_in_one_line(cli: Callable[..., Any], demo_store: Path,
                                                             tmp_path: Path) -> None:
    result = cli("report", "--store", demo_store, "--since", "2023-12-18", "--until", "2023-12-31",
                 "--out", tmp_path, "--format", "md")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "riskgraph-report-2023-12-18_2023-12-31.md"
    assert result.stdout.strip() == str(path) and path.is_file()
    assert "New in this window: **6** documents" in path.read_text()
    for args, message in ((["--week", "2023-W60"], "2023 has no week 60"),
                          (["--week", "2023-W51", "--since", "2023-12-01"], "either --week or --since"),
                          (["--format", "docx"], "--format docx"),
                          (["--since", "2023-12-31", "--until", "2023-12-01"], "starts (2023-12-31) after")):
        bad = cli("report", "--store", demo_store, "--out", tmp_path, *args)
        assert bad.exit_code == 1
        assert bad.stderr.startswith("error: ") and message in bad.stderr and bad.stderr.count("\n") == 1
    missing = cli("report", "--store", tmp_path / "nothing-here", "--out", tmp_path)
    assert missing.exit_code == 1 and "no riskgraph store" in missing.stderr


def test_default_window_is_the_last_complete_iso_week() -> None:
    assert resolve_window(None, None, None, date(2024, 1, 3)) == Window(date(2023, 12, 25), date(2023, 12, 31))
    assert resolve_window("2023-W51", None, None, date(2024, 1, 3)) == iso_week("2023-W51")
    assert resolve_window(None, "2023-12-20", None, date(2024, 1, 3)) == Window(date(2023, 12, 20), date(2024, 1, 3))
    with pytest.raises(ConfigError):
        resolve_window(None, None, "2023-12-31", date(2024, 1, 3))
    with pytest.raises(ConfigError):
        resolve_window(None, "20-12-2023", None, date(2024, 1, 3))


def test_watchlist_names_not_in_the_store_are_listed(cli: Callable[..., Any], demo_store: Path,
                                                      tmp_path: Path) -> None:
    watchlist = tmp_path / "watch.toml"
    watchlist.write_text('[watch]\nentities = ["ByteDance", "No Such Company Ltd"]\n', encoding="utf-8")
    result = cli("report", "--store", demo_store, "--week", "2023-W51", "--watchlist", watchlist, "--out", tmp_path,
                 "--format", "md")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "riskgraph-report-2023-W51.md").read_text()
    assert "| ByteDance | " in text and "| TikTok | " not in text
    assert "Watchlist names not found in the store (or naming several entities): No Such Company Ltd." in text
    bad = cli("report", "--store", demo_store, "--watchlist", tmp_path / "nope.toml", "--out", tmp_path)
    assert bad.exit_code == 1 and "watchlist file not found" in bad.stderr


def test_the_command_line_says_when_the_pdf_charts_fall_back_to_svg(rg_process, demo_store: Path,
                                                                    tmp_path: Path) -> None:
    result = rg_process("report", "--store", demo_store, "--week", "2023-W51", "--out", tmp_path, "--format", "pdf",
                        env={"BROWSER_PATH": str(tmp_path / "no-chromium-here")}, timeout=300)
    assert result.returncode == 0, result.stderr
    [note] = [line for line in result.stderr.splitlines() if line.startswith("note: Kaleido could not draw")]
    assert note.endswith("the PDF has plain SVG charts instead (Kaleido needs Debian's chromium: "
                         "apt-get install chromium)")
    assert (tmp_path / "riskgraph-report-2023-W51.pdf").is_file()


def test_the_path_chart_says_how_many_paths_and_entities_it_draws(w51: Report) -> None:
    charts = w51.charts
    drawn = next(x for x in w51.exposures if x.top_paths)
    assert charts.sankey_title.startswith(f"The {len(drawn.top_paths)} strongest exposure paths of {drawn.label}")
    assert charts.sankey_title.endswith(f"through {len(charts.sankey_nodes)} entities and events")
