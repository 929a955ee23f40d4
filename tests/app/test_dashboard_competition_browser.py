"""The Competition page in Debian's chromium, against the real ``riskgraph dashboard`` process on the demo
store: ByteDance's rivals, its dependence on OpenAI's GPT API with each hop's sentence and the Microsoft
licence as a mitigation, the moves timeline and the exposure bars drawn. Fails on any console error and on
any request to a host other than 127.0.0.1/localhost. The screenshot goes to ``test-artifacts/``.
(Helpers: ``test_dashboard_browser.py``.)"""
from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.browser


def _helpers() -> ModuleType:
    path = Path(__file__).with_name("test_dashboard_browser.py")
    spec = importlib.util.spec_from_file_location("dashboard_browser_helpers_competition", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


browser = _helpers()


@pytest.fixture(scope="module")
def page_and_log(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, object]]:
    if not browser.CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    log = tmp_path_factory.mktemp("dashboard") / "dashboard.log"
    with browser.running_dashboard(demo_store, log) as url, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page(viewport=browser.VIEWPORT)
        seen = browser.watch(page)
        page.goto(url + "/")
        browser.settle(page)
        try:
            yield page, seen
        finally:
            chromium.close()


def test_competition_page_in_chromium(page_and_log: tuple) -> None:
    page, seen = page_and_log
    browser.open_page(page, "Competition")
    box = page.get_by_label("Entity (name or alias)")
    box.fill("ByteDance")
    box.press("Enter")
    browser.settle(page, timeout_ms=120_000)
    page.get_by_role("heading", name="ByteDance").wait_for()
    assert page.get_by_text(re.compile(r"^Competitors \(\d+, \d+ asserted\)$")).is_visible()
    page.get_by_text(re.compile(r"^On OpenAI: GPT API$")).first.wait_for()
    assert page.get_by_text(re.compile(r"While ByteDance’s use of OpenAI’s API was minimal")).first.is_visible()
    assert page.get_by_text(re.compile(r"Mitigation, licence through a third party: Microsoft licence for GPT APIs"))\
        .first.is_visible()
    page.locator(".js-plotly-plot .scatterlayer .point").first.wait_for()  # rivals' moves
    page.locator(".js-plotly-plot .barlayer .point").first.wait_for()  # exposure beside rivals
    assert page.locator(".js-plotly-plot .barlayer .point").count() >= 3
    browser.screenshot(page, browser.ARTIFACTS / "dashboard-competition.png")
    page.set_viewport_size({"width": 1440, "height": 900})  # a laptop: every cell and table fits
    browser.settle(page)
    assert page.locator("table.rg-table").count() >= 3
    assert page.evaluate(browser.OVERFLOWING_CELLS) == []
    assert page.evaluate(browser.OVERFLOWING_TABLES) == []
    assert not page.locator('[data-testid="stException"]').count()
    assert not seen.page_errors, seen.page_errors
    assert not seen.console_errors, seen.console_errors
    assert not seen.foreign_hosts(), seen.foreign_hosts()
