"""The real ``riskgraph dashboard`` process in Debian's chromium: every page, the ByteDance search,
its exposure (Sankey and the Project Seed hop with its sentence), the offline map and a SPARQL
example. Fails on any console error and on any request to a host other than 127.0.0.1/localhost.
Screenshots go to ``test-artifacts/``.

The helpers (start the process, drive chromium, full-page screenshots) are also used by
``tests/benchmarks/screenshot.py``. No browser is downloaded: Playwright launches Debian's
``/usr/bin/chromium`` through ``executable_path``."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1440, "height": 900}  # a laptop screen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running_dashboard(store: Path, log: Path, port: int | None = None, timeout_s: float = 90,
                      options: tuple[str, ...] = ()) -> Iterator[str]:
    """Start ``riskgraph dashboard --store STORE --port P`` and yield its URL; stop it afterwards."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKGRAPH_")}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "riskgraph.app", "dashboard", "--store", str(store),
                                    "--port", str(port), *options], stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            deadline = time.monotonic() + timeout_s
            while not _healthy(url):
                if process.poll() is not None:
                    raise RuntimeError(f"riskgraph dashboard exited with {process.returncode}: "
                                       f"{log.read_text(errors='replace')}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the dashboard did not answer within {timeout_s:g} s")
                time.sleep(0.3)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)  # the command passes it on to Streamlit
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # the session this test started
                process.wait(5)


@dataclass
class Watched:
    """What a page did: every URL it asked for, console errors and uncaught page errors."""

    urls: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_hosts(self) -> set[str]:
        hosts = set()
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname not in LOCAL_HOSTS:
                hosts.add(parts.hostname or url)
        return hosts


def watch(page) -> Watched:
    seen = Watched()
    page.on("request", lambda request: seen.urls.append(request.url))
    page.on("websocket", lambda ws: seen.urls.append(ws.url))
    page.on("console", lambda msg: seen.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
            if msg.type == "error" else None)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    return seen


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def settle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the script run the last action started has finished and charts had time to draw."""
    page.wait_for_timeout(400)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_timeout(800)


def open_page(page, title: str) -> None:
    """Click a page in the sidebar menu (client-side navigation, as a user does)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    settle(page)


def screenshot(page, path: Path, max_height: int = 12_000) -> None:
    """The whole page: the viewport is stretched to the height of Streamlit's scrolling container."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
                           ".map(e => e.scrollHeight), window.innerHeight)")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, max_height)})
    page.wait_for_timeout(1200)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)


pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One chromium for the module (Playwright's sync API runs one instance per thread)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def session(browser: object, demo_store: Path, tmp_path_factory: pytest.TempPathFactory,
            ) -> Iterator[tuple[object, Watched, str]]:
    log = tmp_path_factory.mktemp("dashboard") / "dashboard.log"
    with running_dashboard(demo_store, log) as url:
        page = browser.new_page(viewport=VIEWPORT)  # type: ignore[attr-defined]
        seen = watch(page)
        page.goto(url + "/")
        settle(page)
        try:
            yield page, seen, url
        finally:
            page.close()


def test_pages_search_exposure_map_and_sparql(session: tuple) -> None:
    page, seen, _url = session
    # Overview (the default page)
    page.get_by_role("heading", name="Overview").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.get_by_text("Most exposed watched entities").is_visible()
    screenshot(page, ARTIFACTS / "dashboard-overview.png")

    # Entity: search ByteDance
    open_page(page, "Entity")
    box = page.get_by_label("Entity (name or alias)")
    box.fill("ByteDance")
    box.press("Enter")
    settle(page)
    page.get_by_role("heading", name="ByteDance").wait_for()
    assert page.get_by_text("Headquartered in:").is_visible()
    screenshot(page, ARTIFACTS / "dashboard-entity.png")

    # ... and follow it to its exposure
    page.get_by_role("link", name=re.compile(r"^Exposure of ByteDance")).click()
    settle(page)
    page.locator(".js-plotly-plot .sankey").first.wait_for()
    assert "ByteDance" in (page.locator(".js-plotly-plot .sankey").first.text_content() or "")
    route = page.locator("p", has_text=re.compile(r"ByteDance\s*—develops→\s*Project Seed")).first
    route.wait_for()  # a route to a risk source, listed under its best one; its evidence opens below it
    route.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]").get_by_text(
        "evidence of this route").first.click()
    settle(page)
    assert page.get_by_text("codenamed Project Seed").first.is_visible()
    screenshot(page, ARTIFACTS / "dashboard-exposure.png")

    # Map: drawn from the vendored topojson
    open_page(page, "Map")
    page.locator(".js-plotly-plot .choroplethlocation").first.wait_for()
    assert page.locator(".js-plotly-plot .choroplethlocation").count() >= 2
    assert any(u.endswith("/app/static/topojson/world_110m.json") for u in seen.urls)
    screenshot(page, ARTIFACTS / "dashboard-map.png")

    # Events and Documents
    open_page(page, "Events")
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.get_by_text(re.compile(r"^\d+ risk events")).is_visible()
    screenshot(page, ARTIFACTS / "dashboard-events.png")
    open_page(page, "Documents")
    page.locator("mark").first.wait_for()
    screenshot(page, ARTIFACTS / "dashboard-documents.png")

    # SPARQL: a named query with its parameter
    open_page(page, "SPARQL")
    page.get_by_test_id("stSelectbox").filter(has_text="Example (a named query)").click()
    page.keyboard.type("claims_about")
    page.keyboard.press("Enter")
    settle(page)
    entity = page.get_by_label(re.compile(r"^entity: "))
    entity.fill("ByteDance")
    entity.press("Enter")
    settle(page)
    page.get_by_role("button", name="Run query").click()
    settle(page)
    found = page.get_by_text(re.compile(r"^\d+ rows"))
    found.wait_for()
    assert int(found.inner_text().split()[0]) > 0
    screenshot(page, ARTIFACTS / "dashboard-sparql.png")

    if page.locator('[data-testid="stSidebarNav"]').get_by_text("Report", exact=True).count():
        open_page(page, "Report")
        page.get_by_text("ISO week").wait_for()
        screenshot(page, ARTIFACTS / "dashboard-report.png")

    assert not page.locator('[data-testid="stException"]').count()
    assert not seen.page_errors, seen.page_errors
    assert not seen.console_errors, seen.console_errors
    assert not seen.foreign_hosts(), seen.foreign_hosts()


@pytest.mark.parametrize("edits", [False, True])
def test_edit_controls_only_with_allow_edits(browser: object, demo_store: Path, tmp_path: Path,
                                             edits: bool) -> None:
    options = ("--allow-edits",) if edits else ()
    with running_dashboard(demo_store, tmp_path / "dashboard.log", options=options) as url:
        page = browser.new_page(viewport=VIEWPORT)  # type: ignore[attr-defined]
        page.goto(url + "/entity?entity=ByteDance")
        settle(page)
        page.get_by_role("heading", name="ByteDance").wait_for()
        assert page.get_by_role("button", name="Reject").count() == (1 if edits else 0)
        assert page.get_by_role("heading", name="Judge").count() == (1 if edits else 0)
        page.close()


def test_pages_open_by_their_url_and_unknown_documents_say_so(session: tuple) -> None:
    page, _seen, url = session
    page.goto(url + "/overview")
    settle(page)
    page.get_by_role("heading", name="Overview").wait_for()
    assert not page.get_by_text("Page not found").count()
    page.goto(url + "/documents?doc=no-such-document")
    settle(page)
    page.get_by_text(re.compile("No document 'no-such-document' in this store")).wait_for()


#: Every reading-table cell whose text is wider than the cell (it would be cut off or spill over).
OVERFLOWING_CELLS = """() => [...document.querySelectorAll('table.rg-table th, table.rg-table td')]
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.slice(0, 60))"""
#: Reading tables wider than the column they are in.
OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table.rg-table')]
  .filter(table => table.getBoundingClientRect().right > table.parentElement.getBoundingClientRect().right + 1)
  .map(table => table.querySelector('th') && table.querySelector('th').textContent)"""
#: [trace name, marker colour] of every Plotly trace drawn on the page.
TRACE_COLOURS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot =>
  (plot.data || []).map(trace => [trace.name || '', trace.marker ? trace.marker.color : null]))"""
PAGES_AT_LAPTOP_SIZE = ("/overview", "/entity?entity=ByteDance", "/exposure?entity=ByteDance", "/events", "/map",
                        "/documents", "/sparql")


def test_every_page_fits_its_cells_and_colours_each_status_alike(session: tuple) -> None:
    from riskgraph.app.palette import STATUS_COLOURS

    page, seen, url = session
    page.set_viewport_size({"width": 1440, "height": 900})
    tables_seen = 0
    status_colours: dict[str, set[str]] = {}
    for path in PAGES_AT_LAPTOP_SIZE:
        page.goto(url + path)
        settle(page)
        page.wait_for_timeout(1500)  # background sections (the Overview's watchlist) fill in
        settle(page)
        tables_seen += page.locator("table.rg-table").count()
        assert page.evaluate(OVERFLOWING_CELLS) == [], path
        assert page.evaluate(OVERFLOWING_TABLES) == [], path
        for name, colour in page.evaluate(TRACE_COLOURS):
            if name in STATUS_COLOURS and isinstance(colour, str):
                status_colours.setdefault(name, set()).add(colour)
    # the Events page filtered to one type draws its statuses in the same colours
    page.goto(url + "/events")
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Type").click()
    page.keyboard.type("Sanction")
    page.keyboard.press("Enter")
    settle(page)
    for name, colour in page.evaluate(TRACE_COLOURS):
        if name in STATUS_COLOURS and isinstance(colour, str):
            status_colours.setdefault(name, set()).add(colour)
    assert tables_seen >= 5
    assert len(status_colours) >= 2, status_colours
    assert status_colours == {name: {STATUS_COLOURS[name]} for name in status_colours}
    assert not seen.page_errors, seen.page_errors
