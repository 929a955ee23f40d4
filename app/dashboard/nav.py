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


DEFAULT_URL_PATH = "overview"  # Streamlit serves the default page at "/" only: the gate redirects this path there


def pages() -> list[StreamlitPage]:
    """The pages (no icons: the browser tab shows the page's icon, and Streamlit fetches a Material
    icon's favicon from fonts.gstatic.com)."""
    found = [
        st.Page("views/overview.py", title="Overview", url_path=DEFAULT_URL_PATH, default=True),
        st.Page("views/entity.py", title="Entity", url_path="entity"),
        st.Page("views/exposure.py", title="Exposure", url_path="exposure"),
        st.Page("views/events.py", title="Events", url_path="events"),
        st.Page("views/competition.py", title="Competition", url_path="competition"),
        st.Page("views/map.py", title="Map", url_path="map"),
        st.Page("views/documents.py", title="Documents", url_path="documents"),
        st.Page("views/sparql.py", title="SPARQL", url_path="sparql"),
    ]
    if report_module():
        found.append(st.Page("views/report.py", title="Report", url_path="report"))
    return found
