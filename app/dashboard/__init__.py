"""The Streamlit dashboard (``riskgraph dashboard``): ``main.py`` is the app, one module per page in
``pages/``. It reads the store read-only and calls ``riskgraph.graph``; it holds no SPARQL of its own."""
