"""The shipped knowledge base: entities known by name, read from YAML files (see data/gazetteer/README.md).

Countries missing from the YAML files are added from pycountry (ISO 3166-1), so every country name
resolves to a Jurisdiction with its ISO code.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.vocabulary import entity_classes

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader when installed (~10x faster)

# the entity classes of the ontology; Provider is a role (``roles:``), not a type
ENTITY_TYPES = entity_classes() - {"Provider"}


@dataclass(frozen=True)
class KBEntry:
    id: str
    name: str
    type: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    iso: str | None = None
    demonyms: tuple[str, ...] = ()
    parent: str | None = None
    provider_of: tuple[str, ...] = ()
    employer: str | None = None
    role: str | None = None
    issued_by: str | None = None
    seat_of: str | None = None  # a seat of government: the id of the jurisdiction it stands for ("Beijing" -> china)
    government_of: str | None = None  # a government: the id of the jurisdiction it governs
    source: str | None = None  # where the entry's facts come from (see data/gazetteer/README.md)
    titles: tuple[str, ...] = ()  # an office's bare title: "the President" in a document about its country
    provided_by: str | None = None  # a product: the id of the organisation that makes or supplies it
    kinds: tuple[str, ...] = ()  # technology kinds (ids of ontology/technology.ttl concepts)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.abbreviations)


@dataclass
class Gazetteer:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    version: str = "empty"

    def by_iso(self, iso: str) -> KBEntry | None:
        return self._iso_index().get(iso.upper())

    def by_demonym(self, word: str) -> KBEntry | None:
        return self._demonym_index().get(word)

    def government_of(self, place_id: str) -> KBEntry | None:
        """The government of a jurisdiction ("United States government"); for a seat of government
        ("Washington", "Beijing"), the government of the country it is the seat of."""
        if not hasattr(self, "_governments"):
            self._governments = {e.government_of: e for e in self.entries.values() if e.government_of}
        place = self.entries.get(place_id)
        if place is not None and place.seat_of:
            place_id = place.seat_of
        return self._governments.get(place_id)

    def by_title(self, title: str) -> list[KBEntry]:
        """Offices whose bare title is ``title`` ("President")."""
        if not hasattr(self, "_titles"):
            self._titles: dict[str, list[KBEntry]] = {}
            for entry in self.entries.values():
                for t in entry.titles:
                    self._titles.setdefault(t, []).append(entry)
        return self._titles.get(title, [])

    def by_title_folded(self, title: str) -> list[KBEntry]:
        """Offices whose bare title is ``title`` in any case ("foreign ministry")."""
        if not hasattr(self, "_folded_titles"):
            self._folded_titles: dict[str, list[KBEntry]] = {}
            for entry in self.entries.values():
                for t in entry.titles:
                    self._folded_titles.setdefault(t.lower(), []).append(entry)
        return self._folded_titles.get(title, [])

    def _iso_index(self) -> dict[str, KBEntry]:
        if not hasattr(self, "_iso"):
            self._iso = {e.iso: e for e in self.entries.values() if e.iso}
        return self._iso

    def _demonym_index(self) -> dict[str, KBEntry]:
        if not hasattr(self, "_demonyms"):
            self._demonyms = {d: e for e in self.entries.values() for d in e.demonyms}
        return self._demonyms


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[union-attr]


def _entry(raw: dict, where: str) -> KBEntry:
    try:
        entry = KBEntry(
            id=str(raw["id"]),
            name=str(raw["name"]),
            type=str(raw["type"]),
            roles=_tuple(raw.get("roles")),
            aliases=_tuple(raw.get("aliases")),
            abbreviations=_tuple(raw.get("abbreviations")),
            wikidata=raw.get("wikidata"),
            country=raw.get("country"),
            iso=raw.get("iso"),
            demonyms=_tuple(raw.get("demonyms")),
            parent=raw.get("parent"),
            provider_of=_tuple(raw.get("provider_of")),
            employer=raw.get("employer"),
            role=raw.get("role"),
            issued_by=raw.get("issued_by"),
            seat_of=raw.get("seat_of"),
            government_of=raw.get("government_of"),
            source=raw.get("source"),
            titles=_tuple(raw.get("titles")),
            provided_by=raw.get("provided_by"),
            kinds=_tuple(raw.get("kinds")),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{where}: gazetteer entry {raw!r} lacks {exc}; every entry needs id, name, type") from exc
    if entry.type not in ENTITY_TYPES:
        raise ConfigError(f"{where}: entry {entry.id!r} has unknown type {entry.type!r}")
    return entry


def load_gazetteer(folder: Path) -> Gazetteer:
    """Read every ``*.yaml`` in ``folder``; add the remaining ISO 3166 countries from pycountry."""
    entries: dict[str, KBEntry] = {}
    digest = hashlib.sha256()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in files:
        text = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + text)
        try:
            items = yaml.load(text, Loader=SAFE_LOADER) or []
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(items, list):
            raise ConfigError(f"{path}: expected a list of entries")
        for raw in items:
            entry = _entry(raw, str(path))
            if entry.id in entries:
                raise ConfigError(f"{path}: duplicate gazetteer id {entry.id!r}")
            entries[entry.id] = entry
    for entry in _countries(entries.values()):
        entries[entry.id] = entry
    return Gazetteer(entries=entries, version=digest.hexdigest()[:12])


def _countries(known: Iterable[KBEntry]) -> list[KBEntry]:
    have = {e.iso for e in known if e.iso}
    extra = []
    for country in pycountry.countries:
        if country.alpha_2 in have:
            continue
        names = {country.name, getattr(country, "common_name", country.name)}
        official = getattr(country, "official_name", None)
        if official:
            names.add(official)
        name = getattr(country, "common_name", country.name)
        extra.append(
            KBEntry(
                id=f"country-{country.alpha_2.lower()}",
                name=name,
                type="Jurisdiction",
                aliases=tuple(sorted(n for n in names if n != name)),
                iso=country.alpha_2,
            )
        )
    return extra
