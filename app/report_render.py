"""Render a ``riskgraph.graph.report.Report`` as self-contained HTML, Markdown and PDF.

Safety: the Jinja2 environment autoescapes every template (HTML and Markdown), so text from a
document (``<script>``, ``<img src="file:///…">``) is shown, never interpreted. The HTML has its CSS
inline and plotly.js inlined (no CDN); the PDF is drawn by WeasyPrint with a URL fetcher that only
accepts ``data:`` URLs (its default one would read ``file://`` and loopback URLs).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from riskgraph.app.report_charts import figures, html_divs, static_images
from riskgraph.app.report_formats import FORMATS, parse_formats
from riskgraph.graph.report import Report
from riskgraph.ontology.errors import ConfigError, RiskgraphError

if TYPE_CHECKING:
    from riskgraph.app.report_pdf import DataOnlyFetcher

TEMPLATES = Path(__file__).parent / "templates"
ROW_LIMIT = 200  # rows shown per table of new entities / relations (all are counted)
CAPTIONS = {
    "events": "Risk events per ISO week and class, by the publication date of the document reporting them.",
    "exposure": "Exposure index of each watched entity at the end of the previous window and of this one.",
    "sankey": "The strongest current exposure paths of the entity whose exposure changed most; a link's "
              "width is the summed score of the paths through it.",
}
CHART_NOTES = {
    "html": "interactive Plotly figures, plotly.js inlined",
    "kaleido": "static PNG images rendered by Kaleido",
    "svg": "static SVG images (Kaleido unavailable)",
}
# Where a page would load something from: src/href/action attributes, CSS url() and @import.
_LOADS = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])"""
                    r"""\s*((?:https?:)?//[^"'\s)>]+)""", re.IGNORECASE)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>]|&(?=#?[A-Za-z0-9]+;))")


def md_text(value: object) -> Markup:
    """Document text for Markdown: one line, with Markdown's ``\\ ` * _ [ ] |``, the angle brackets and an
    ``&`` that would start an entity backslash-escaped (CommonMark shows each as itself): no link, image,
    emphasis, table cell or HTML gets through, and "Policy & Communications" reads as written."""
    text = " ".join(str(value).split())
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))  # escaped just above


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = md_text
    return env


def _render(template: str, **context: object) -> str:
    try:
        return environment().get_template(template).render(limit=ROW_LIMIT, captions=CAPTIONS, **context)
    except TemplateError as exc:
        raise RiskgraphError(f"cannot render {template}: {exc}") from exc


def render_html(report: Report) -> str:
    """The interactive, self-contained HTML report."""
    html = _render("report.html.j2", report=report, mode="html", charts=html_divs(figures(report)),
                   chart_note=CHART_NOTES["html"])
    outside = external_loads(html)
    if outside:  # the templates never produce one; refuse to write a report that would phone home
        raise RiskgraphError(f"the HTML report would load {outside[0]}; refusing to write it")
    return html


def render_print_html(report: Report, images: dict[str, str], engine: str) -> str:
    """The HTML WeasyPrint turns into the PDF: charts as data: images, print CSS, no script."""
    return _render("report.html.j2", report=report, mode="pdf", charts=images, chart_note=CHART_NOTES[engine])


def render_markdown(report: Report) -> str:
    return _render("report.md.j2", report=report)


def external_loads(html: str) -> list[str]:
    """Absolute or protocol-relative URLs the page would load (attributes, CSS); [] for a safe page.

    The inlined plotly.js bundle is left out: it holds attribution links and tile-server URLs for map
    traces, which the report never draws (the browser test checks that nothing is requested)."""
    from plotly.offline import get_plotlyjs

    return sorted(set(_LOADS.findall(html.replace(get_plotlyjs(), ""))))


# ---------------------------------------------------------------------- PDF
def render_pdf(report: Report, *, engine: str = "auto", fetcher: DataOnlyFetcher | None = None,
               warn: Callable[[str], None] | None = None) -> bytes:
    """The PDF report. ``engine`` draws the charts: "kaleido", "svg" or "auto" (Kaleido, else SVG, said
    through ``warn``). ``fetcher`` (default: a new ``DataOnlyFetcher``) is the only way WeasyPrint can
    load anything."""
    from riskgraph.app.report_pdf import html_to_pdf

    images, used = static_images(report, engine, warn)
    return html_to_pdf(render_print_html(report, images, used), fetcher)


# ---------------------------------------------------------------------- files
def report_stem(report: Report) -> str:
    return f"riskgraph-report-{report.window.slug}"


def write_report(report: Report, out_dir: Path, formats: Iterable[str] = FORMATS, *,
                 chart_engine: str = "auto", warn: Callable[[str], None] | None = None) -> list[Path]:
    """Write the report in each format to ``out_dir`` (created); return the files written."""
    renderers = {"html": lambda: render_html(report).encode("utf-8"),
                 "md": lambda: render_markdown(report).encode("utf-8"),
                 "pdf": lambda: render_pdf(report, engine=chart_engine, warn=warn)}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out {out_dir}: cannot create the folder: {exc.strerror}") from None
    written = []
    for fmt in parse_formats(formats):
        path = out_dir / f"{report_stem(report)}.{fmt}"
        data = renderers[fmt]()
        try:
            tmp = path.with_suffix(f".{fmt}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written
