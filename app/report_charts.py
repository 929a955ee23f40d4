"""The report's charts: Plotly figures built from ``Report.charts``, as offline HTML (plotly.js
inlined, fixed div ids) for the HTML report and as static images (data: URIs) for the PDF.

Static images come from Kaleido (headless chromium, local plotly.js, MathJax off: it would load from
a CDN); when Kaleido cannot run, ``riskgraph.app.report_svg`` draws plain SVG charts instead.
Every label that comes from a document is HTML-escaped before Plotly sees it: Plotly renders a
subset of HTML tags in text (links among them).
"""
from __future__ import annotations

import asyncio
import base64
import html
from collections.abc import Callable
from pathlib import Path

import plotly
import plotly.graph_objects as go
from markupsafe import Markup

from riskgraph.app import report_svg
from riskgraph.app.palette import event_colour
from riskgraph.graph.report import Charts, Report

WIDTH, HEIGHT = 900, 380
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
EVENTS_TITLE = "Risk events reported per week"
EXPOSURE_TITLE = "Exposure of watched entities"


def plot_text(text: str) -> str:
    """A label for Plotly: tags shown as text, never interpreted."""
    return html.escape(text, quote=False)


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(title={"text": plot_text(title), "x": 0.01}, template="plotly_white", height=HEIGHT,
                      margin={"l": 60, "r": 20, "t": 60, "b": 60}, legend={"orientation": "h", "y": -0.2})
    return fig


def events_figure(charts: Charts) -> go.Figure:
    fig = go.Figure()
    for cls, counts in charts.events_by_week.items():
        fig.add_trace(go.Bar(name=plot_text(cls), x=charts.weeks, y=counts, marker_color=event_colour(cls)))
    fig.update_layout(barmode="stack", yaxis_title="risk events reported", xaxis={"type": "category"})
    return _layout(fig, EVENTS_TITLE)


def exposure_figure(charts: Charts) -> go.Figure:
    labels = [plot_text(label) for label, _, _ in charts.exposure]
    fig = go.Figure([
        go.Bar(name="end of previous window", x=labels, y=[before for _, before, _ in charts.exposure]),
        go.Bar(name="end of this window", x=labels, y=[after for _, _, after in charts.exposure]),
    ])
    fig.update_layout(barmode="group", yaxis_title="exposure index", xaxis={"type": "category"})
    return _layout(fig, EXPOSURE_TITLE)


def sankey_figure(charts: Charts) -> go.Figure | None:
    if not charts.sankey_links:
        return None
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node={"label": [plot_text(n) for n in charts.sankey_nodes], "pad": 18, "thickness": 14},
        link={"source": [link.source for link in charts.sankey_links],
              "target": [link.target for link in charts.sankey_links],
              "value": [link.value for link in charts.sankey_links],
              "label": [plot_text(link.arrow) for link in charts.sankey_links]},
    ))
    return _layout(fig, charts.sankey_title)


def figures(report: Report) -> dict[str, go.Figure]:
    """The report's figures by name, in display order (the Sankey only when there is a path)."""
    out = {"events": events_figure(report.charts), "exposure": exposure_figure(report.charts)}
    sankey = sankey_figure(report.charts)
    if sankey is not None:
        out["sankey"] = sankey
    return out


def html_divs(figs: dict[str, go.Figure]) -> dict[str, Markup]:
    """Offline HTML for each figure; plotly.js is inlined once, with the first figure."""
    out: dict[str, Markup] = {}
    for i, (name, fig) in enumerate(figs.items()):
        out[name] = Markup(fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=f"chart-{name}",
                                       config=PLOTLY_CONFIG, default_height=f"{HEIGHT}px"))
    return out


# ---------------------------------------------------------------------- static images (PDF)
def plotly_js_path() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


async def _kaleido_png(figs: dict[str, go.Figure], timeout: float) -> dict[str, bytes]:
    import kaleido

    out: dict[str, bytes] = {}
    async with kaleido.Kaleido(n=1, timeout=timeout, mathjax=False, plotlyjs=str(plotly_js_path())) as k:
        for name, fig in figs.items():
            opts = {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": 2}
            out[name] = await k.calc_fig(fig, opts=opts)
    return out


def kaleido_images(figs: dict[str, go.Figure], timeout: float = 60) -> dict[str, str]:
    """PNG data: URIs rendered by Kaleido (raises whatever Kaleido raises when it cannot run)."""
    images = asyncio.run(_kaleido_png(figs, timeout))
    return {name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
            for name, data in images.items()}


def svg_images(report: Report) -> dict[str, str]:
    charts = report.charts
    out = {"events": report_svg.stacked_bars(charts.weeks, charts.events_by_week, EVENTS_TITLE),
           "exposure": report_svg.grouped_bars(charts.exposure, EXPOSURE_TITLE)}
    if charts.sankey_links:
        out["sankey"] = report_svg.flows(charts.sankey_nodes, charts.sankey_links, charts.sankey_title)
    return {name: report_svg.data_uri(svg) for name, svg in out.items()}


def static_images(report: Report, engine: str = "auto",
                  warn: Callable[[str], None] | None = None) -> tuple[dict[str, str], str]:
    """(name -> data: URI, engine used). ``engine``: "kaleido", "svg", or "auto" (Kaleido, else SVG,
    saying why through ``warn``)."""
    if engine == "svg":
        return svg_images(report), "svg"
    try:
        return kaleido_images(figures(report)), "kaleido"
    except Exception as exc:  # Kaleido's failures are many (no chromium, timeouts, protocol errors)
        if engine == "kaleido":
            raise
        if warn is not None:
            reason = " ".join(str(exc).split())[:160] or type(exc).__name__
            warn(f"note: Kaleido could not draw the PDF's charts ({reason}); the PDF has plain SVG charts instead "
                 "(Kaleido needs Debian's chromium: apt-get install chromium)")
        return svg_images(report), "svg"
