"""Plain SVG charts for the PDF when Kaleido (headless chromium) cannot run: stacked bars, grouped
bars and the exposure flows as labelled bars. Every text is XML-escaped."""
from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Protocol
from xml.sax.saxutils import escape

W, H = 900, 380
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 50, 90
COLOURS = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff",
           "#fecb52")


class Link(Protocol):
    source: int
    target: int
    value: float

    @property
    def arrow(self) -> str: ...


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _doc(body: list[str], title: str) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
            f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">'
            f'<rect width="{W}" height="{H}" fill="white"/>'
            f'<text x="{LEFT}" y="24" font-size="15">{escape(title)}</text>')
    return head + "".join(body) + "</svg>"


def _axis(top: float) -> tuple[list[str], float]:
    """Y axis from 0 to a round maximum >= top; returns the elements and the maximum."""
    nice = 1.0
    while nice < top:
        nice *= 2 if str(nice)[0] in "15" else 2.5
    plot_h = H - TOP - BOTTOM
    out = [f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" stroke="#444"/>']
    for i in range(5):
        value = nice * i / 4
        y = H - BOTTOM - plot_h * i / 4
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    return out, nice


def _legend(names: Sequence[str]) -> list[str]:
    out = []
    x = LEFT
    for i, name in enumerate(names):
        out.append(f'<rect x="{x}" y="{H - 28}" width="10" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>')
        out.append(f'<text x="{x + 14}" y="{H - 19}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return out


def _label(x: float, text: str) -> str:
    short = text if len(text) <= 18 else text[:17] + "…"
    return f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{escape(short)}</text>'


def stacked_bars(categories: Sequence[str], series: dict[str, list[int]], title: str) -> str:
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    body, top = _axis(max(totals, default=0))
    plot_h, step = H - TOP - BOTTOM, (W - LEFT - RIGHT) / max(len(categories), 1)
    for i, category in enumerate(categories):
        base = 0
        for k, values in enumerate(series.values()):
            if values[i]:
                h = plot_h * values[i] / top
                y = H - BOTTOM - plot_h * base / top - h
                x = LEFT + i * step + step * 0.2
                body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.6:.1f}" height="{h:.1f}" '
                            f'fill="{COLOURS[k % len(COLOURS)]}"/>')
                base += values[i]
        body.append(_label(LEFT + (i + 0.5) * step, category))
    return _doc(body + _legend(list(series)), title)


def grouped_bars(rows: Sequence[tuple[str, float, float]], title: str) -> str:
    body, top = _axis(max((max(b, a) for _, b, a in rows), default=0))
    plot_h, step = H - TOP - BOTTOM, (W - LEFT - RIGHT) / max(len(rows), 1)
    for i, (label, before, after) in enumerate(rows):
        for k, value in enumerate((before, after)):
            h = plot_h * value / top
            x = LEFT + i * step + step * (0.15 + 0.35 * k)
            body.append(f'<rect x="{x:.1f}" y="{H - BOTTOM - h:.1f}" width="{step * 0.33:.1f}" '
                        f'height="{h:.1f}" fill="{COLOURS[k]}"/>')
        body.append(_label(LEFT + (i + 0.5) * step, label))
    return _doc(body + _legend(["end of previous window", "end of this window"]), title)


def flows(nodes: Sequence[str], links: Sequence[Link], title: str) -> str:
    """The Sankey's links as rows: "from —property→ to" and a bar as long as the link's value."""
    body: list[str] = []
    top = max((link.value for link in links), default=0) or 1.0
    row = min(28.0, (H - TOP - 10) / max(len(links), 1))
    text_w = 520
    for i, link in enumerate(links):
        y = TOP + i * row
        text = f"{nodes[link.source]} {link.arrow} {nodes[link.target]}"
        short = text if len(text) <= 80 else text[:79] + "…"
        body.append(f'<text x="{LEFT}" y="{y + row * 0.6:.1f}">{escape(short)}</text>')
        width = (W - RIGHT - LEFT - text_w - 50) * link.value / top
        body.append(f'<rect x="{LEFT + text_w}" y="{y + row * 0.2:.1f}" width="{width:.1f}" '
                    f'height="{row * 0.6:.1f}" fill="{COLOURS[0]}"/>'
                    f'<text x="{LEFT + text_w + width + 4:.1f}" y="{y + row * 0.6:.1f}">'
                    f'{link.value:.3f}</text>')
    return _doc(body, title)
