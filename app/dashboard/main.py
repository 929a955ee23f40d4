"""The riskgraph dashboard (run by ``riskgraph dashboard``; the store comes from RISKGRAPH_STORE)."""
from __future__ import annotations

import streamlit as st

from riskgraph.app.dashboard.nav import pages

st.set_page_config(page_title="riskgraph", page_icon=":material/hub:", layout="wide")
st.navigation(pages()).run()
