"""Tables an analyst reads: every cell wraps (no evidence or name cut off at the cell's edge), long
names are shortened with the full name on hover, and long tables come a page at a time.

Streamlit's data grid draws on a canvas and clips what does not fit, so the reading tables are
plain HTML built from ``html.escape``d values (cell text is data, never markup). The SPARQL page
keeps the grid: its results are data to sort and copy, not prose to read.
"""
from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

import streamlit as st

PAGE_SIZE = 15
#: A name longer than this is shortened to it, with the full name on hover.
NAME_CHARS = 48
#: A value without spaces up to this long (a date, an ISO code, a relation) stays on one line.
WORD_CHARS = 16
STYLE = """<style>
table.rg-table { width: 100%; table-layout: auto; border-collapse: collapse; font-size: 0.9rem; }
table.rg-table th, table.rg-table td { text-align: left; vertical-align: top; padding: 4px 8px;
  border-bottom: 1px solid rgba(128,128,128,0.25); overflow-wrap: break-word; }
table.rg-table th { font-weight: 600; overflow-wrap: normal; }
table.rg-table td.rg-num { text-align: right; white-space: nowrap; }
table.rg-table td.rg-long { min-width: 9rem; }
table.rg-table td.rg-word { white-space: nowrap; }
</style>"""


def shorten(text: str, limit: int = NAME_CHARS) -> str:
    """``text`` cut to ``limit`` characters (ending in "…") when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(value: object, column: str, long: Sequence[str]) -> str:
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | float):
        return f'<td class="rg-num">{html.escape(str(value))}</td>'
    text = "" if value is None else str(value)
    if column in long:
        return f'<td class="rg-long">{html.escape(text)}</td>'
    if len(text) <= WORD_CHARS and " " not in text:  # a date, a code, one word: never broken at a hyphen
        return f'<td class="rg-word">{html.escape(text)}</td>'
    short = shorten(text)
    if short != text:
        return f'<td title="{html.escape(text, quote=True)}">{html.escape(short)}</td>'
    return f"<td>{html.escape(text)}</td>"


def table_html(rows: Sequence[Mapping[str, object]], long: Sequence[str] = ()) -> str:
    """An HTML table of ``rows`` (the first row's keys are the columns); ``long`` columns (sentences)
    wrap at full length, other text longer than NAME_CHARS is shortened with its full text on hover."""
    columns = list(rows[0]) if rows else []
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(row.get(c), c, long) for c in columns) + "</tr>" for row in rows)
    return f'{STYLE}<table class="rg-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table(rows: Sequence[Mapping[str, object]], key: str, *, long: Sequence[str] = (),
          page_size: int = PAGE_SIZE) -> None:
    """Show ``rows`` as a wrapped table, ``page_size`` rows at a time with a page chooser below."""
    if not rows:
        return
    pages = math.ceil(len(rows) / page_size)
    chooser = f"{key}__page"
    page = min(max(int(st.session_state.get(chooser, 1)), 1), pages)
    if pages > 1 and st.session_state.get(chooser, 1) != page:
        st.session_state[chooser] = page  # the filters left fewer pages than the one chosen
    first = (page - 1) * page_size
    shown = rows[first:first + page_size]
    st.html(table_html(shown, long))
    if pages > 1:
        left, right = st.columns([1, 3])
        left.number_input("Page", min_value=1, max_value=pages, step=1, key=chooser)
        right.caption(f"rows {first + 1}–{first + len(shown)} of {len(rows)}")
