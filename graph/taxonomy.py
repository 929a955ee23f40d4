"""The technology taxonomy (``ontology/technology.ttl``): kinds of technology as SKOS concepts, the
words that name them, and the knowledge base's kinds of known products and organisations.

Nothing here restates the taxonomy: concepts, labels and the broader/narrower tree come from the
Turtle file; the knowledge base's assignments come from ``kinds:`` in the gazetteer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from riskgraph.graph.identity import entity_iri
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.namespace import KIND, RG
from riskgraph.ontology.vocabulary import ontology_path


@dataclass(frozen=True)
class Kind:
    iri: str
    label: str  # skos:prefLabel
    labels: tuple[str, ...]  # every label that names it (pref and alt)
    broader: frozenset[str] = frozenset()  # transitively


@dataclass(frozen=True)
class Mention:
    """Where a kind's label is written in a text."""

    start: int
    end: int
    kind: str
    words: str


@dataclass
class Taxonomy:
    kinds: dict[str, Kind]
    _pattern: re.Pattern[str] | None = None
    _by_form: dict[str, str] = field(default_factory=dict)  # label as matched (casefolded unless capitals) -> kind
    _related: dict[str, frozenset[str]] = field(default_factory=dict)

    def label(self, kind: str) -> str:
        found = self.kinds.get(kind)
        return found.label if found else kind

    def related(self, kind: str) -> frozenset[str]:
        """The kinds that match ``kind``: itself, the kinds broader than it and those narrower."""
        if kind not in self._related:
            if kind not in self.kinds:
                return frozenset({kind})
            narrower = {k for k, v in self.kinds.items() if kind in v.broader}
            self._related[kind] = frozenset({kind, *self.kinds[kind].broader, *narrower})
        return self._related[kind]

    def mentions(self, text: str) -> list[Mention]:
        """Every kind label written in ``text`` (whole words; the longest label wins where they overlap)."""
        out = []
        for m in self._regex().finditer(text):
            words = m.group(1)
            kind = self._by_form.get(words) or self._by_form.get(words.casefold()) or \
                self._by_form.get(_singular(words)) or self._by_form.get(_singular(words).casefold())
            if kind:
                out.append(Mention(m.start(1), m.end(1), kind, words))
        return out

    def _regex(self) -> re.Pattern[str]:
        if self._pattern is None:
            forms: list[str] = []
            for kind in self.kinds.values():
                for text in kind.labels:
                    key = text if _capitals(text) else text.casefold()
                    self._by_form.setdefault(key, kind.iri)
                    forms.append(text)
            alternatives = []
            for text in sorted(set(forms), key=lambda t: (-len(t), t)):
                body = r"[\s-]+".join(re.escape(w) for w in text.split())
                alternatives.append(body if _capitals(text) else f"(?i:{body})")
            self._pattern = re.compile(r"(?<![\w-])((?:" + "|".join(alternatives) + r")(?:e?s)?)(?![\w-])")
        return self._pattern


def _capitals(text: str) -> bool:
    """A label written in capitals ("LLM", "GPU") matches only as written."""
    return text.isupper()


def _singular(words: str) -> str:
    for suffix in ("es", "s"):
        if words.endswith(suffix) and len(words) > len(suffix) + 1:
            return words[: -len(suffix)]
    return words


def technology_path() -> Path:
    return ontology_path().with_name("technology.ttl")


@cache
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The technology kinds of ``technology.ttl`` (cached)."""
    source = path or technology_path()
    graph = Graph()
    try:
        graph.parse(source, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ConfigError(f"{source}: cannot read the technology taxonomy ({exc})") from exc
    parents: dict[str, set[str]] = {}
    kinds: dict[str, Kind] = {}
    for concept in graph.subjects(RDF.type, RG.TechnologyKind):
        iri = str(concept)
        pref = [str(v) for v in graph.objects(concept, SKOS.prefLabel) if isinstance(v, Literal)]
        alts = sorted(str(v) for v in graph.objects(concept, SKOS.altLabel) if isinstance(v, Literal))
        if not pref:
            raise ConfigError(f"{source}: {iri} has no skos:prefLabel")
        parents[iri] = {str(b) for b in graph.objects(concept, SKOS.broader)}
        kinds[iri] = Kind(iri, pref[0], (pref[0], *alts))
    for iri, kind in list(kinds.items()):
        seen: set[str] = set()
        todo = list(parents.get(iri, ()))
        while todo:
            up = todo.pop()
            if up not in seen:
                seen.add(up)
                todo.extend(parents.get(up, ()))
        kinds[iri] = Kind(kind.iri, kind.label, kind.labels, frozenset(seen))
    return Taxonomy(kinds)


def kind_iri(short: str) -> str:
    """``llm`` -> the concept's IRI under ``https://w3id.org/riskgraph/kind/``."""
    return str(KIND[short])


# ---------------------------------------------------------------------- the knowledge base's kinds
@dataclass(frozen=True)
class KnownKinds:
    """What the knowledge base says: the kinds of known products and organisations, and what each known
    organisation provides or owns (so that a rival's product counts even when no document names it)."""

    kinds: dict[str, tuple[str, ...]]  # entity IRI -> kind IRIs
    makes: dict[str, tuple[str, ...]]  # organisation IRI -> product IRIs (provider_of, and products it is parent of)
    labels: dict[str, str]  # entity IRI -> knowledge-base name


@cache
def known_kinds(gazetteer_dir: Path | None = None) -> KnownKinds:
    from riskgraph.data import data_dir
    from riskgraph.ingest.gazetteer import load_gazetteer

    folder = gazetteer_dir or data_dir() / "gazetteer"
    gazetteer = load_gazetteer(folder)
    taxonomy = load_taxonomy()
    kinds: dict[str, tuple[str, ...]] = {}
    makes: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for kb_id, entry in gazetteer.entries.items():
        iri = str(entity_iri(f"kb:{kb_id}"))
        labels[iri] = entry.name
        if entry.kinds:
            found = tuple(kind_iri(k) for k in entry.kinds)
            unknown = [k for k, i in zip(entry.kinds, found, strict=True) if i not in taxonomy.kinds]
            if unknown:
                raise ConfigError(f"{folder}: {kb_id!r} has kinds {unknown} that {technology_path().name} "
                                  "does not define")
            kinds[iri] = found
        for product in entry.provider_of:
            makes.setdefault(iri, []).append(str(entity_iri(f"kb:{product}")))
        if entry.type in ("Product", "Project") and entry.parent:
            makes.setdefault(str(entity_iri(f"kb:{entry.parent}")), []).append(iri)
    return KnownKinds(kinds, {k: tuple(dict.fromkeys(v)) for k, v in makes.items()}, labels)


def ground_of_name(taxonomy: Taxonomy, names: list[str]) -> list[tuple[str, str]]:
    """(kind, name) for each kind a thing's own names say it is ("TikTok app", "Azure cloud")."""
    found: dict[str, str] = {}
    for name in names:
        for m in taxonomy.mentions(name):
            found.setdefault(m.kind, name)
    return sorted(found.items())


def kinds_near(taxonomy: Taxonomy, sentence: str, names: list[str], window: int) -> list[Mention]:
    """The kind labels written nearest to one of ``names`` in ``sentence``, within ``window`` characters:
    the nearest, and any written right beside it ("chatbot app"). Empty when no name is in the sentence."""
    spans = _name_spans(sentence, names)
    if not spans:
        return []
    kinds = [m for m in taxonomy.mentions(sentence) if not any(m.start < e and s < m.end for s, e in spans)]
    gaps = [(min(_gap(m.start, m.end, s, e) for s, e in spans), m) for m in kinds]
    gaps = [(g, m) for g, m in gaps if g <= window]
    if not gaps:
        return []
    best = min(gaps, key=lambda gm: (gm[0], gm[1].start))[1]
    beside = [m for _, m in gaps if m is not best and _gap(m.start, m.end, best.start, best.end) <= 1]
    return sorted([best, *beside], key=lambda m: m.start)


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)


def _name_spans(sentence: str, names: list[str]) -> list[tuple[int, int]]:
    spans = []
    folded = sentence.casefold()
    for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
        start = folded.find(name.casefold())
        while start >= 0:
            end = start + len(name)
            before = folded[start - 1] if start > 0 else " "
            after = folded[end] if end < len(folded) else " "
            if not (before.isalnum() or after.isalnum()) and not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = folded.find(name.casefold(), end)
    return spans


__all__ = ["Kind", "KnownKinds", "Mention", "Taxonomy", "ground_of_name", "kind_iri", "kinds_near", "known_kinds",
           "load_taxonomy", "technology_path"]
