"""``python -m riskgraph.app`` runs the CLI (the same as the ``riskgraph`` command)."""
from riskgraph.app.cli import main

main()
