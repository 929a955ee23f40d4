"""Screenshots of the dashboard on the demo store, for the documentation: the Exposure page for
ByteDance (``--out``) and, in ``--pages DIR``, the Overview, Entity, Events and Map pages at a
laptop's 1440x900 (each cropped at ``--height``).

    python tests/benchmarks/screenshot.py [--out docs/exposure-bytedance.png] [--pages docs/screenshots]
                                          [--store DIR] [--height 3300]

Builds the demo store (``riskgraph demo``) in a temporary folder unless --store is given, starts the
real ``riskgraph dashboard`` and drives Debian's chromium with Playwright (the helpers of
tests/app/test_dashboard_browser.py). Prints the request hosts seen (only 127.0.0.1 expected).
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def browser_helpers() -> ModuleType:
    path = ROOT / "tests" / "app" / "test_dashboard_browser.py"
    spec = importlib.util.spec_from_file_location("dashboard_browser_helpers", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "exposure-bytedance.png")
    parser.add_argument("--store", type=Path, help="an existing store [default: a fresh demo store]")
    parser.add_argument("--pages", type=Path, default=ROOT / "docs" / "screenshots",
                        help="folder for the other pages' screenshots")
    parser.add_argument("--entity", default="ByteDance")
    parser.add_argument("--height", type=int, default=3300, help="crop the page at this height (pixels)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    helpers = browser_helpers()
    with tempfile.TemporaryDirectory(prefix="rg-screenshot-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            done = subprocess.run([sys.executable, "-m", "riskgraph.app", "demo", "--store", str(store)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"riskgraph demo failed: {done.stderr}")
        with helpers.running_dashboard(store, Path(tmp) / "dashboard.log") as url, sync_playwright() as playwright:
            browser = helpers.launch(playwright)
            page = browser.new_page(viewport=helpers.VIEWPORT)
            seen = helpers.watch(page)
            page.goto(f"{url}/")
            helpers.settle(page)
            helpers.open_page(page, "Exposure")
            box = page.get_by_label("Entity (name or alias)")
            box.fill(args.entity)
            box.press("Enter")
            helpers.settle(page)
            page.locator(".js-plotly-plot .sankey").first.wait_for()
            helpers.screenshot(page, args.out, max_height=args.height)
            print(f"wrote {args.out}")
            for name, path in (("overview", "/overview"), ("entity", f"/entity?entity={args.entity}"),
                               ("events", "/events"), ("map", "/map")):
                page.goto(url + path)
                helpers.settle(page)
                page.wait_for_timeout(2000)  # background sections fill in
                helpers.settle(page)
                out = args.pages / f"{name}.png"
                helpers.screenshot(page, out, max_height=min(args.height, 2400))
                print(f"wrote {out}")
            browser.close()
    print(f"hosts other than 127.0.0.1/localhost: {sorted(seen.foreign_hosts()) or 'none'}; "
          f"console errors: {len(seen.console_errors)}")
    for error in seen.console_errors:
        print(f"  {error}")


if __name__ == "__main__":
    main()
