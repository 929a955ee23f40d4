"""spaCy components of the extraction pipeline. Each registers with ``Language.factory`` and says
what it assigns; ``riskgraph.ingest.pipeline`` builds them in the order of ``pipeline.toml``."""
