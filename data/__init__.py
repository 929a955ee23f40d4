"""Data the project ships: the gazetteer (knowledge base) and sample documents."""
from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    """Folder holding ``gazetteer/`` and ``samples/`` (works for editable and regular installs)."""
    return Path(str(files(__name__)))
