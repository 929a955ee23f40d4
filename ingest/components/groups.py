"""Argument groups (``lexicons/groups.yaml``): whether an entity's classes fit the groups an
argument or a pattern asks for."""
from __future__ import annotations

from collections.abc import Iterable

from riskgraph.ingest.components.lexicon import Lexicon, LexiconError


class Groups:
    def __init__(self, lexicon: Lexicon) -> None:
        self._classes = lexicon.group_classes()
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}
        self._path = lexicon.folder / "groups.yaml"

    def require(self, *names: str) -> None:
        """Fail at start-up, not on the first document, when a group the code names is not defined."""
        missing = [n for n in names if n not in self._classes]
        if missing:
            raise LexiconError(self._path, f"groups {', '.join(missing)} are used by the extraction code and must "
                               "be defined")

    def classes(self, groups: Iterable[str]) -> frozenset[str]:
        """The entity classes of the union of ``groups``."""
        names = tuple(groups)
        found = self._unions.get(names)
        if found is None:
            found = frozenset().union(*(self._classes[g] for g in names))
            self._unions[names] = found
        return found

    def fits(self, classes: Iterable[str], groups: Iterable[str]) -> bool:
        """Whether an entity of ``classes`` belongs to one of ``groups``."""
        return not self.classes(groups).isdisjoint(classes)
