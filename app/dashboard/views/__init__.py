"""One module per dashboard page; ``st.navigation`` runs each as a script (``render()`` under
``__main__``). Not named ``pages/``: see ``riskgraph.app.dashboard``."""
