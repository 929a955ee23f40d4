#!/usr/bin/env python3
"""Validate the dev-news-3 gold files and print per-document counts.

Checks: keys and types as in ../shared/gold-format.md; every name used by a relation or an event
resolves to an entity; classes, properties and event types come from ontology-core.md; relation
domains/ranges; a Jurisdiction never acts; evidence is verbatim body text (title and dateline
excluded); dates are YYYY, YYYY-MM or YYYY-MM-DD and not after `published`; `published` and
`doc_id` agree with the stem; body length 250-550 words; aliases occur in the text (warning);
no two entities share a normalised name or alias (warning).
usage: check.py [DIR]   (exit status 1 on any error)
"""
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # data/gold_vocabulary.py
from gold_vocabulary import CLASSES as TYPES
from gold_vocabulary import EVENT_TYPES, ORG
from gold_vocabulary import PROPS as DOMAIN_RANGE
from gold_vocabulary import STATUSES as STATUS
from gold_vocabulary import TOP as DOC_KEYS

ENT_KEYS = {"name": str, "type": str, "aliases": list, "roles": list, "jurisdiction": str, "iso": str}
REL_KEYS = {"s": str, "p": str, "o": str, "evidence": str, "implicit": bool, "role": str}
EV_KEYS = {"type": str, "actor": str, "target": str, "concerns": list, "cause": str, "date": str,
           "status": str, "evidence": str}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATELINE = re.compile(r"^[A-Z][A-Za-z./ ,'-]*?(,\s*[A-Z][a-z]+\.? \d{1,2})?(,\s*\d{4})?"
                      r"\s*(\((Reuters|AP)\))?\s*[-–—]\s+"
                      r"(([A-Z][a-z]+ \d{1,2}, \d{4})\s*[-–—]\s+)?")


def norm(name):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = s.replace("u.s.", "us").replace("&", " and ")
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    s = re.sub(r"\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|plc|gmbh|ag|sa|nv)\b", " ", s)
    return " ".join(s.split())


def keys_ok(obj, spec, required, where, errs):
    for k, v in obj.items():
        if k not in spec:
            errs.append(f"{where}: unknown key {k!r}")
        elif not isinstance(v, spec[k]):
            errs.append(f"{where}: key {k!r} should be {spec[k].__name__}")
    for k in required:
        if k not in obj:
            errs.append(f"{where}: missing key {k!r}")


def check(gf: Path):
    errs, warns = [], []
    stem = gf.name[: -len(".gold.json")]
    g = json.loads(gf.read_text(encoding="utf-8"))
    txt = gf.with_name(stem + ".txt").read_text(encoding="utf-8")
    title, _, body = txt.partition("\n\n")
    keys_ok(g, DOC_KEYS, DOC_KEYS, "doc", errs)
    if g.get("doc_id") != stem:
        errs.append("doc_id differs from stem")
    if g.get("published") != stem[:10]:
        errs.append("published differs from the stem date")
    if g.get("title") != title:
        errs.append("title differs from the text's first line")
    if g.get("kind") not in ("news", "policy"):
        errs.append("kind must be news or policy")
    n = len(body.split())
    if not 250 <= n <= 550:
        errs.append(f"body has {n} words")
    body_nodl = DATELINE.sub("", body, count=1)
    ents = {}
    for i, e in enumerate(g["entities"]):
        keys_ok(e, ENT_KEYS, ("name", "type"), f"entity {i}", errs)
        if e["name"] in ents:
            errs.append(f"duplicate entity {e['name']}")
        ents[e["name"]] = e
        if e["type"] not in TYPES:
            errs.append(f"entity {e['name']}: type {e['type']}")
        if e["type"] == "Jurisdiction" and not e.get("iso"):
            errs.append(f"jurisdiction {e['name']} without iso")
        for r in e.get("roles", []):
            if r != "Provider":
                errs.append(f"entity {e['name']}: role {r}")
        for a in e.get("aliases", []):
            # "<place> government" entities carry the conventional altLabels of ontology-core.md
            if a.casefold() not in txt.casefold() and not e["name"].endswith(" government"):
                warns.append(f"alias not in text: {e['name']} / {a}")
    seen = {}
    for e in g["entities"]:
        for s in {norm(x) for x in [e["name"], *e.get("aliases", [])]}:
            if s in seen and seen[s] != e["name"]:
                warns.append(f"name/alias {s!r} shared by {seen[s]} and {e['name']}")
            seen.setdefault(s, e["name"])

    def ev_ok(ev, where):
        if ev not in body_nodl:
            errs.append(f"{where}: evidence not verbatim in body: {ev[:60]!r}")
        elif ev == title:
            errs.append(f"{where}: evidence is the title")

    for i, r in enumerate(g["relations"]):
        w = f"relation {i} ({r.get('s')} {r.get('p')} {r.get('o')})"
        keys_ok(r, REL_KEYS, ("s", "p", "o", "evidence"), w, errs)
        if r["p"] not in DOMAIN_RANGE:
            errs.append(f"{w}: unknown property")
            continue
        for end in ("s", "o"):
            if r[end] not in ents:
                errs.append(f"{w}: {end} not an entity")
        if r["s"] in ents and r["o"] in ents:
            dom, rng = DOMAIN_RANGE[r["p"]]
            if ents[r["s"]]["type"] not in dom or ents[r["o"]]["type"] not in rng:
                errs.append(f"{w}: domain/range {ents[r['s']]['type']} -> {ents[r['o']]['type']}")
        if r["p"] == "worksFor" and not r.get("role"):
            warns.append(f"{w}: worksFor without role")
        ev_ok(r["evidence"], w)
    for i, v in enumerate(g["events"]):
        w = f"event {i} ({v.get('type')} {v.get('actor')} -> {v.get('target')})"
        keys_ok(v, EV_KEYS, ("type", "actor", "date", "evidence"), w, errs)
        if v["type"] not in EVENT_TYPES:
            errs.append(f"{w}: unknown event type")
        for k in ("actor", "target", "cause"):
            if v.get(k) is not None and v[k] not in ents:
                errs.append(f"{w}: {k} {v[k]!r} not an entity")
        for c in v.get("concerns", []):
            if c not in ents:
                errs.append(f"{w}: concerns {c!r} not an entity")
        if v.get("actor") in ents and ents[v["actor"]]["type"] not in ORG | {"Person"}:
            errs.append(f"{w}: actor is a {ents[v['actor']]['type']}")
        if v.get("cause") in ents and ents[v["cause"]]["type"] not in ("Regulation", "License"):
            errs.append(f"{w}: cause is a {ents[v['cause']]['type']}")
        if not DATE.match(v.get("date", "")):
            errs.append(f"{w}: bad date {v.get('date')}")
        elif v["date"] > g["published"]:
            errs.append(f"{w}: date after publication")
        if "status" in v and v["status"] not in STATUS:
            errs.append(f"{w}: status {v['status']}")
        ev_ok(v["evidence"], w)
    counts = (len(g["entities"]), sum(not r.get("implicit") for r in g["relations"]),
              sum(bool(r.get("implicit")) for r in g["relations"]), len(g["events"]), n)
    return stem, counts, errs, warns


def main():
    d = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    rows, bad = [], 0
    for gf in sorted(d.glob("*.gold.json")):
        stem, c, errs, warns = check(gf)
        rows.append((stem, *c))
        for e in errs:
            print(f"ERROR {stem}: {e}")
        for w in warns:
            print(f"warn  {stem}: {w}")
        bad += len(errs)
    print()
    print("| document | words | entities | explicit relations | implicit relations | events |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    tot = [0] * 5
    for stem, ne, nr, ni, nv, nw in rows:
        print(f"| {stem} | {nw} | {ne} | {nr} | {ni} | {nv} |")
        for i, x in enumerate((ne, nr, ni, nv, nw)):
            tot[i] += x
    print(f"| **total ({len(rows)} documents)** | {tot[4]} | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} |")
    print("\nOK" if not bad else f"\n{bad} error(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
