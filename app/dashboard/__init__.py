"""The Streamlit dashboard (``riskgraph dashboard``): ``main.py`` is the app, one module per page in
``views/``. It reads the store read-only and calls ``riskgraph.graph``; it holds no SPARQL of its own.

The page modules are not in a folder named ``pages/``: Streamlit treats a ``pages/`` folder next to the
main script as a version-1 multipage app, and a link straight to a page (``/exposure?entity=…``) would
then run that page's file on its own, without ``main.py`` (no ``st.navigation``, no page config)."""
