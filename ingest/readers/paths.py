"""Turning command-line paths into the list of sources to read."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from .kinds import EXTENSION_KINDS


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given; folders replaced by their supported files, recursively, in sorted order.

    Inside a folder, hidden files and folders are skipped, and so is every file without a supported
    extension (gold annotations, JSON, Python, SPARQL ...). ``"-"`` (standard input) is kept as is, and
    so is a path that does not exist, so that reading it reports the problem.
    """
    expanded: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            expanded.extend(_folder_sources(path))
        else:
            expanded.append(path)
    return expanded


def _folder_sources(folder: str) -> list[str]:
    found = sorted(_walk(folder), key=lambda rel: rel.split(os.sep))
    return [os.path.join(folder, rel) for rel in found]


def _walk(folder: str) -> Iterator[str]:
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        rel_root = os.path.relpath(root, folder)
        for name in filenames:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSION_KINDS:
                continue
            yield name if rel_root == "." else os.path.join(rel_root, name)
