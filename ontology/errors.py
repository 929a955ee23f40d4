"""The project's exception tree. Every layer raises these; the CLI and dashboard turn them into one line.

``ontology`` is the bottom layer, so the exceptions live here where every package may import them.
"""
from __future__ import annotations


class RiskgraphError(Exception):
    """Root of every error riskgraph reports to a user. The message says what to do."""


class SourceError(RiskgraphError):
    """One document could not be read or parsed. The batch goes on; the store is untouched."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str]]:  # crosses process boundaries
        return (type(self), (self.source, self.reason))


class StoreError(RiskgraphError):
    """The store could not be opened, read or written."""


class QueryError(RiskgraphError):
    """A query is malformed, refused (SERVICE, LOAD, updates), too long or too slow."""


class ConfigError(RiskgraphError):
    """Configuration (TOML file, environment variable, command-line option) is invalid."""


class NotFoundError(RiskgraphError):
    """An entity, document or named query the user asked for does not exist."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
