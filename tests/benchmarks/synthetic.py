"""A synthetic store shaped like real riskgraph output, for benchmarks (not a test).

Every statement sits in a document graph with its claim node (subject, predicate, object, document,
sentence, offsets, extractor, confidence, modality) and in the union default graph, as ingest writes
it; entities carry labels, aliases and types; events carry type, label, date, status, actor, target,
concerns and cause. ``generate(target_triples)`` returns N-Quads bytes and the IRIs of the first companies.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

RG = "https://w3id.org/riskgraph#"
ID = "https://w3id.org/riskgraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SUBJ = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
PRED = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>"
OBJ = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_TYPES = ["Sanction", "ExportControl", "Ban", "Suspension", "Investigation", "Lawsuit", "Violation",
               "Partnership", "Investment", "Acquisition"]


def _lit(text: str, dtype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"^^<{XSD}{dtype}>' if dtype else f'"{escaped}"'


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.claims = 0

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"{s} {p} {o} {g} .")

    def both(self, s: str, p: str, o: str, g: str) -> None:
        """In the document's graph and in the union default graph."""
        self.quad(s, p, o, g)
        self.lines.append(f"{s} {p} {o} .")

    def fact(self, s: str, p: str, o: str, doc: str, confidence: float = 0.75) -> None:
        self.quad(s, p, o, doc)
        self.lines.append(f"{s} {p} {o} .")
        self.claims += 1
        c = f"<https://w3id.org/riskgraph/claim/{self.claims:012x}>"
        self.quad(c, RDF_TYPE, f"<{RG}Claim>", doc)
        self.quad(c, SUBJ, s, doc)
        self.quad(c, PRED, p, doc)
        self.quad(c, OBJ, o, doc)
        self.quad(c, DERIVED, doc, doc)
        self.quad(c, f"<{RG}evidenceText>", _lit(f"Sentence number {self.claims} says so."), doc)
        self.quad(c, f"<{RG}charStart>", _lit(str(self.claims % 5000), "integer"), doc)
        self.quad(c, f"<{RG}charEnd>", _lit(str(self.claims % 5000 + 80), "integer"), doc)
        self.quad(c, f"<{RG}extractor>", _lit("frames/0.1.0+synthetic"), doc)
        self.quad(c, f"<{RG}confidence>", _lit(f"{confidence:.3f}", "decimal"), doc)
        self.quad(c, f"<{RG}modality>", _lit("asserted"), doc)


def generate(target_triples: int = 1_000_000, seed: int = 7) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    w = Writer()
    per_company = 95  # rough number of quads a company brings with its facts and events
    n_companies = max(50, target_triples // per_company)
    companies = [f"<{ID}org/company-{i}>" for i in range(n_companies)]
    products = [f"<{ID}product/product-{i}>" for i in range(n_companies // 2)]
    jurisdictions = [f"<{ID}place/country-{i}>" for i in range(60)]
    regulations = [f"<{ID}regulation/rule-{i}>" for i in range(300)]
    docs = [f"<https://w3id.org/riskgraph/doc/{i:016x}>" for i in range(max(10, n_companies // 4))]
    start = date(2023, 1, 1)

    def doc() -> str:
        return rng.choice(docs)

    for i, d in enumerate(docs):
        published = start + timedelta(days=i % 365)
        w.quad(d, RDF_TYPE, f"<{RG}Document>", d)
        w.quad(d, f"<{RG}published>", _lit(published.isoformat(), "date"), d)
        w.quad(d, f"<{RG}title>", _lit(f"Document {i}"), d)
        w.quad(d, f"<{RG}contentHash>", _lit(f"{i:064x}"), d)
        w.quad(d, f"<{RG}extractorVersion>", _lit("0.1.0+synthetic"), d)
    for kind, items in (("Company", companies), ("Product", products), ("Jurisdiction", jurisdictions),
                        ("Regulation", regulations)):
        for i, iri in enumerate(items):
            g = doc()
            w.fact(iri, RDF_TYPE, f"<{RG}{kind}>", g)
            w.quad(iri, LABEL, _lit(f"{kind} {i}"), g)
            w.lines.append(f"{iri} {LABEL} {_lit(f'{kind} {i}')} .")
            w.quad(iri, ALT, _lit(f"{kind} number {i}"), g)
    for i, iri in enumerate(companies):
        w.fact(iri, f"<{RG}headquarteredIn>", rng.choice(jurisdictions), doc(), 0.9)
        for _ in range(rng.randint(0, 2)):
            w.fact(iri, f"<{RG}provides>", rng.choice(products), doc())
        for _ in range(rng.randint(1, 4)):
            target = rng.choice(products) if rng.random() < 0.6 else rng.choice(companies)
            w.fact(iri, f"<{RG}dependsOn>", target, doc(), 0.65)
        if rng.random() < 0.2:
            w.fact(iri, f"<{RG}subjectTo>", rng.choice(regulations), doc())
        if rng.random() < 0.1:
            w.fact(rng.choice(companies), f"<{RG}parentOf>", iri, doc(), 0.8)
        if rng.random() < 0.3:
            ev = f"<https://w3id.org/riskgraph/event/{i:016x}>"
            g = doc()
            cls = rng.choice(EVENT_TYPES)
            w.fact(ev, RDF_TYPE, f"<{RG}{cls}>", g)
            w.both(ev, RDF_TYPE, f"<{RG}RiskEvent>", g)
            w.both(ev, LABEL, _lit(f"{cls} {i}"), g)
            when = start + timedelta(days=rng.randint(0, 364))
            w.both(ev, f"<{RG}date>", _lit(when.isoformat(), "date"), g)
            w.both(ev, f"<{RG}status>", _lit("announced"), g)
            w.both(ev, f"<{RG}actor>", rng.choice(companies), g)
            w.both(ev, f"<{RG}target>", iri if rng.random() < 0.8 else rng.choice(jurisdictions), g)
            w.both(ev, f"<{RG}concerns>", rng.choice(products), g)
            w.both(ev, f"<{RG}cause>", rng.choice(regulations), g)
        if len(w.lines) >= target_triples:
            break
    return "\n".join(w.lines).encode() + b"\n", companies[:3]
