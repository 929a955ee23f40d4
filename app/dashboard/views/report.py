"""Report: the weekly report of one ISO week (registered only when the report module is installed;
see ``nav.report_module``). Minimal on purpose: headline figures, highlights and downloads."""
from __future__ import annotations

import importlib

import streamlit as st

from riskgraph.app.dashboard import data, nav, state
from riskgraph.app.dashboard.text import md_escape


def render() -> None:
    st.title("Weekly report")
    with state.reported_errors():
        module = nav.report_module()
        if module is None:
            st.info("The weekly report is not installed.")
            return
        report = importlib.import_module(module)
        ctx = state.context()
        latest = data.overview(ctx).latest
        default = "" if latest is None else "{}-W{:02d}".format(*latest.isocalendar()[:2])
        week = st.text_input("ISO week", value=default, key="report_week", placeholder="e.g. 2023-W51")
        if not week:
            return
        window = report.iso_week(week)
        built = report.build_report(ctx.store, window.since, window.until, ctx.watchlist,
                                    projection=data.projection(ctx))
        c = built.counts
        a, b, d, e = st.columns(4)
        a.metric("Documents", c.documents)
        b.metric("New entities", c.entities)
        d.metric("New relations", c.relations)
        e.metric("Risk events", c.events)
        st.markdown("\n".join(f"- {md_escape(line)}" for line in built.highlights))
        from riskgraph.app.report_render import render_html, render_markdown

        stem = f"riskgraph-{window.slug}"
        st.download_button("Download HTML", render_html(built), file_name=f"{stem}.html", mime="text/html")
        st.download_button("Download Markdown", render_markdown(built), file_name=f"{stem}.md",
                           mime="text/markdown")


if __name__ == "__main__":
    render()
