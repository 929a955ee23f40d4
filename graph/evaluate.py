"""``riskgraph eval``: score extraction against gold annotations (../shared/gold-format.md).

Each document is ingested alone into a fresh in-memory store and read back through SPARQL by the
core IRIs, exactly as an outside tool would; names are matched to the gold after normalisation.
Entities match by name and type, relations by (subject, property, object) with symmetric
properties in either order, events by type, actor and target. Relations the gold marks implicit
are not counted as missed, nor as spurious when found.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from riskgraph.graph.ingestion import ingest_sources
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ingest.names import fold_name
from riskgraph.ingest.pipeline import Pipeline
from riskgraph.ingest.readers import ReadLimits
from riskgraph.ontology.errors import SourceError
from riskgraph.ontology.vocabulary import event_classes, relation_properties, symmetric_properties

RG = "https://w3id.org/riskgraph#"
SCORED_TYPES = {"Company", "GovernmentBody", "Project", "Product", "License", "Jurisdiction", "Regulation", "Person"}
_SUFFIXES = re.compile(r"\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|plc|gmbh|ag|sa|nv)\b")


def gold_norm(name: str) -> str:
    """The matching key of names against gold (the same folding as ../shared/tools/score.py)."""
    return fold_name(name, _SUFFIXES, keep_suffix_only=False)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class DocScore:
    doc: str
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict:
        return {"doc": self.doc, "entities": self.entities.as_dict(), "relations": self.relations.as_dict(),
                "events": self.events.as_dict(), "missed": self.missed, "spurious": self.spurious,
                "error": self.error}


@dataclass
class EvalReport:
    documents: list[DocScore]

    def total(self, kind: str) -> Counts:
        out = Counts()
        for d in self.documents:
            out.add(getattr(d, kind))
        return out

    def as_dict(self) -> dict:
        return {"documents": [d.as_dict() for d in self.documents],
                "micro": {k: self.total(k).as_dict() for k in ("entities", "relations", "events")}}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=1)


def _local(iri: str) -> str:
    return iri[len(RG):] if iri.startswith(RG) else iri


def _key(s: str, p: str, o: str, symmetric: frozenset[str]) -> tuple[str, str, str]:
    if p in symmetric and o < s:
        s, o = o, s
    return (s, p, o)


def score_store(store: Store, gold: dict, name: str) -> DocScore:
    """Compare what ``store`` holds with one gold annotation."""
    symmetric = symmetric_properties()
    relations = relation_properties()
    events = event_classes()
    result = DocScore(doc=name)
    ents = store.select(load_query("eval_entities"))
    rels = store.select(load_query("eval_relations"))
    evs = store.select(load_query("eval_events"))

    gname: dict[str, str] = {}
    gtype: dict[str, str] = {}
    giso: dict[str, str] = {}
    for e in gold["entities"]:
        gtype[e["name"]] = e["type"]
        for n in [e["name"], *e.get("aliases", [])]:
            gname.setdefault(gold_norm(n), e["name"])
        if e.get("iso"):
            giso[e["iso"].upper()] = e["name"]

    xtypes: dict[str, set[str]] = {}
    xlabels: dict[str, set[str]] = {}
    xiso: dict[str, str] = {}
    for b in ents:
        iri = str(b["e"])
        xtypes.setdefault(iri, set()).add(_local(str(b["type"])))
        xlabels.setdefault(iri, set()).add(str(b["label"]))
        if "iso" in b:
            xiso[iri] = str(b["iso"]).upper()

    def gold_of(iri: str) -> str | None:
        if iri in xiso and xiso[iri] in giso:
            return giso[xiso[iri]]
        for label in sorted(xlabels.get(iri, ())):
            g = gname.get(gold_norm(label))
            if g:
                return g
        return None

    iri_gold = {iri: gold_of(iri) for iri in xtypes}
    found: set[str] = set()
    spurious_entities: list[str] = []
    for iri, types in xtypes.items():
        t = types & SCORED_TYPES
        if not t or types & events or "Document" in types:
            continue
        g = iri_gold[iri]
        if g and gtype[g] in t:
            found.add(g)
        else:
            result.entities.fp += 1
            spurious_entities.append(sorted(xlabels[iri])[0])
    scored_gold = {e["name"] for e in gold["entities"] if e["type"] in SCORED_TYPES}
    result.entities.tp = len(found & scored_gold)
    result.entities.fn = len(scored_gold - found)

    gold_rel = {_key(r["s"], r["p"], r["o"], symmetric) for r in gold["relations"] if not r.get("implicit")}
    gold_all = {_key(r["s"], r["p"], r["o"], symmetric) for r in gold["relations"]}
    got: set[tuple[str, str, str]] = set()
    spurious_relations: list[str] = []
    for b in rels:
        p = _local(str(b["p"]))
        if p not in relations:
            continue
        s, o = iri_gold.get(str(b["s"])), iri_gold.get(str(b["o"]))
        if s and o and _key(s, p, o, symmetric) in gold_all:
            got.add(_key(s, p, o, symmetric))
            continue
        result.relations.fp += 1
        spurious_relations.append(f"{s or b['s']} {p} {o or b['o']}")
    result.relations.tp = len(got & gold_rel)
    result.relations.fn = len(gold_rel - got)

    nodes: dict[str, tuple[set[str], set[str | None], set[str | None]]] = {}
    for b in evs:
        t = _local(str(b["type"]))
        if t not in events:
            continue
        types, actors, targets = nodes.setdefault(str(b["ev"]), (set(), set(), set()))
        types.add(t)
        if "actor" in b:
            actors.add(iri_gold.get(str(b["actor"])))
        if "target" in b:
            targets.add(iri_gold.get(str(b["target"])))
    node_list = list(nodes.values())
    matched: set[int] = set()
    missed_events = []
    for ev in gold.get("events", []):
        t, a, g = ev["type"], ev.get("actor"), ev.get("target")
        for j, (xt, xa, xg) in enumerate(node_list):
            if j not in matched and t in xt and (a is None or a in xa) and (g is None or g in xg):
                matched.add(j)
                result.events.tp += 1
                break
        else:
            missed_events.append(f"{t} {a} -> {g}")
    result.events.fp = len(node_list) - len(matched)
    result.events.fn = len(gold.get("events", [])) - result.events.tp
    result.missed = {"entities": sorted(scored_gold - found),
                     "relations": sorted(" ".join(k) for k in gold_rel - got), "events": missed_events}
    result.spurious = {"entities": spurious_entities, "relations": spurious_relations,
                       "events": [f"{sorted(t)} {sorted(map(str, a))} -> {sorted(map(str, g))}"
                                  for j, (t, a, g) in enumerate(node_list) if j not in matched]}
    return result


def evaluate(corpus: Path, pipeline: Pipeline, limits: ReadLimits | None = None, only: str | None = None
             ) -> EvalReport:
    """Score every ``<stem>.gold.json`` in ``corpus`` against its ``<stem>`` document."""
    scores = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        if only and stem != only:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = next((p for p in sorted(corpus.glob(stem + ".*")) if not p.name.endswith(".gold.json")), None)
        if text is None:
            scores.append(DocScore(doc=stem, error="no document beside the gold file"))
            continue
        store = Store()
        summary = ingest_sources(store, [str(text)], pipeline, limits, now=datetime(2000, 1, 1, tzinfo=UTC))
        if summary.failures:
            failure: SourceError = summary.failures[0]
            score = DocScore(doc=stem, error=failure.reason)
            score.entities.fn = len([e for e in gold["entities"] if e["type"] in SCORED_TYPES])
            score.relations.fn = len([r for r in gold["relations"] if not r.get("implicit")])
            score.events.fn = len(gold.get("events", []))
            scores.append(score)
            continue
        scores.append(score_store(store, gold, stem))
    return EvalReport(scores)

