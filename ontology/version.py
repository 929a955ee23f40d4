"""The installed riskgraph version (cheap to import: every command's start-up reads it)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    try:
        return version("riskgraph")
    except PackageNotFoundError:
        return "0+unknown"
