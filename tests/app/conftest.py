"""Fixtures of the app tests."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def dashboard_env(monkeypatch: pytest.MonkeyPatch, demo_store: Path) -> None:
    """The dashboard reads the demo store, with no configuration or limits from the environment."""
    monkeypatch.setenv("RISKGRAPH_STORE", str(demo_store))
    for name in ("RISKGRAPH_CONFIG", "RISKGRAPH_QUERY_TIMEOUT_S", "RISKGRAPH_EXPOSURE_WATCHLIST"):
        monkeypatch.delenv(name, raising=False)
