"""Turning command-line paths into the list of sources to read."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ...ontology.errors import SourceError
from .kinds import EXTENSION_KINDS


@dataclass
class Expanded:
    """The sources to read, and the entries of folders that were refused (links leaving their folder)."""

    sources: list[str] = field(default_factory=list)
    refused: list[SourceError] = field(default_factory=list)


def expand_sources(paths: Sequence[str], follow_symlinks: bool = False) -> Expanded:
    """Files as given; folders replaced by their supported files, recursively, in sorted order.

    Inside a folder, hidden files and folders are skipped, and so is every file without a supported
    extension (gold annotations, JSON, Python, SPARQL ...). A symbolic link inside a folder is read
    only when it points inside that folder, unless ``follow_symlinks``; one that leaves it is refused
    (a link to /etc/passwd in a shared folder is not a document). Paths named on the command line are
    read as given. ``"-"`` (standard input) is kept as is, and so is a path that does not exist, so
    that reading it reports the problem.
    """
    expanded = Expanded()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            _folder_sources(path, follow_symlinks, expanded)
        else:
            expanded.sources.append(path)
    return expanded


def expand_paths(paths: Sequence[str], follow_symlinks: bool = False) -> list[str]:
    """The sources of ``expand_sources`` (refused links left out)."""
    return expand_sources(paths, follow_symlinks).sources


def _folder_sources(folder: str, follow_symlinks: bool, into: Expanded) -> None:
    root = os.path.realpath(folder)
    found = sorted(_walk(folder, follow_symlinks), key=lambda rel: rel.split(os.sep))
    for rel in found:
        path = os.path.join(folder, rel)
        target = os.path.realpath(path)
        if not follow_symlinks and os.path.commonpath([root, target]) != root:
            into.refused.append(SourceError(path, f"is a symbolic link to {target}, outside {folder}; not read "
                                                  "(pass --follow-symlinks to read what links point to)"))
        elif not os.path.isdir(path):  # a link to a folder inside is read where it really is
            into.sources.append(path)


def _walk(folder: str, follow_symlinks: bool) -> Iterator[str]:
    seen: set[str] = set()
    for root, dirnames, filenames in os.walk(folder, followlinks=follow_symlinks):
        real = os.path.realpath(root)
        if real in seen:  # a link back to a folder already read
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        if not follow_symlinks:
            for name in [d for d in dirnames if os.path.islink(os.path.join(root, d))]:
                dirnames.remove(name)  # os.walk would not enter it; say so like a linked file
                filenames.append(name)
        rel_root = os.path.relpath(root, folder)
        for name in filenames:
            is_link_dir = os.path.isdir(os.path.join(root, name))
            if name.startswith(".") or (not is_link_dir and os.path.splitext(name)[1].lower() not in EXTENSION_KINDS):
                continue
            yield name if rel_root == "." else os.path.join(rel_root, name)
