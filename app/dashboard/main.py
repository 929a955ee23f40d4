"""The riskgraph dashboard (run by ``riskgraph dashboard``; the store comes from RISKGRAPH_STORE)."""
from __future__ import annotations

import streamlit as st

from riskgraph.app.dashboard.nav import pages

# No ":material/…:" page_icon: Streamlit would fetch that favicon from fonts.gstatic.com.
st.set_page_config(page_title="riskgraph", layout="wide")
st.navigation(pages()).run()
