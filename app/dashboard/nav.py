"""The dashboard's pages, in menu order. The Report page is there only when the weekly report module
is installed (``riskgraph.graph.report`` or ``riskgraph.app.report``)."""
from __future__ import annotations

import importlib.util

import streamlit as st
from streamlit.navigation.page import StreamlitPage

REPORT_MODULES = ("riskgraph.graph.report", "riskgraph.app.report")


def report_module() -> str | None:
    """The name of the weekly report module, or None when it is not installed."""
    for name in REPORT_MODULES:
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except ModuleNotFoundError:
            continue
    return None


def pages() -> list[StreamlitPage]:
    found = [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview",
                default=True),
        st.Page("pages/entity.py", title="Entity", icon=":material/apartment:", url_path="entity"),
        st.Page("pages/exposure.py", title="Exposure", icon=":material/share:", url_path="exposure"),
        st.Page("pages/events.py", title="Events", icon=":material/event:", url_path="events"),
        st.Page("pages/map.py", title="Map", icon=":material/public:", url_path="map"),
        st.Page("pages/documents.py", title="Documents", icon=":material/description:", url_path="documents"),
        st.Page("pages/sparql.py", title="SPARQL", icon=":material/terminal:", url_path="sparql"),
    ]
    if report_module():
        found.append(st.Page("pages/report.py", title="Report", icon=":material/summarize:",
                             url_path="report"))
    return found
