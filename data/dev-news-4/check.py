#!/usr/bin/env python3
"""Validate the dev-news-4 gold files and print counts per document.

usage: python3 check.py [DIR]        (DIR defaults to the folder of this script)

Checks, for every <stem>.gold.json beside a <stem>.txt:
  - top-level keys and types as in ../shared/gold-format.md; doc_id == stem; published == the stem's date;
    title == the text's first line; the text is "title, blank line, body"; body length 250-500 words
  - entities: allowed keys, ontology-core class, unique names, no alias that normalises (as score.py does)
    to another entity's name or alias; Jurisdictions carry an iso code; aliases occur in the text
    (government "<place> government" labels excepted)
  - relations: known property, both ends are listed entities, domain/range of ontology-core.md,
    role only on worksFor, implicit is true when present, evidence is one full body sentence
  - events: RiskEvent subclass, actor/target/concerns/cause are listed entities, a Jurisdiction never acts,
    cause is a Regulation or License, date is YYYY-MM or YYYY-MM-DD and not after publication,
    status in the allowed set, evidence is one full body sentence
Exit status 1 if any error was found.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # data/gold_vocabulary.py
from gold_vocabulary import CLASSES, EVENT_TYPES, PROPS, STATUSES, TOP

ENTITY_KEYS = {"name", "type", "aliases", "roles", "jurisdiction", "iso"}
REL_KEYS = {"s", "p", "o", "evidence", "implicit", "role"}
EVENT_KEYS = {"type", "actor", "target", "concerns", "cause", "date", "status", "evidence"}
DATELINE = re.compile(r"^[A-Z][A-Za-z .'/-]*, [A-Z][a-z]+\.? \d{1,2} \((?:Reuters|AP|Bloomberg)\) [-–] ")
SUFFIXES = r"\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|plc|gmbh|ag|sa|nv)\b"


def norm(name: str) -> str:  # same normalisation as ../shared/tools/score.py
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = s.replace("u.s.", "us").replace("u.k.", "uk").replace("&", " and ")
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    s = re.sub(SUFFIXES, " ", s)
    return " ".join(s.split())


def body_paragraphs(text: str) -> list[str]:
    paras = []
    for p in text.split("\n")[2:]:
        p = p.strip()
        if p:
            paras.append(DATELINE.sub("", p))
    return paras


def is_full_sentence(ev: str, paras: list[str]) -> bool:
    for p in paras:
        i = p.find(ev)
        while i >= 0:
            start_ok = i == 0 or (p[i - 1] == " " and re.search(r"[.!?:][\"”’']?$", p[:i - 1]) is not None)
            j = i + len(ev)
            end_ok = re.search(r"[.!?:][\"”’']?$", ev) is not None and (j == len(p) or p[j] == " ")
            if start_ok and end_ok:
                return True
            i = p.find(ev, i + 1)
    return False


def check(gold_path: Path) -> tuple[list[str], dict]:
    errs: list[str] = []
    stem = gold_path.name[: -len(".gold.json")]
    txt_path = gold_path.with_name(stem + ".txt")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if not txt_path.exists():
        return [f"missing {txt_path.name}"], {}
    text = txt_path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if len(lines) < 3 or lines[1] != "" or not lines[0].strip():
        errs.append("text is not 'title, blank line, body'")
    paras = body_paragraphs(text)
    words = len(" ".join(lines[2:]).split())
    if not 250 <= words <= 500:
        errs.append(f"body has {words} words (want 250-500)")

    for k, t in TOP.items():
        if k not in gold:
            errs.append(f"missing key {k}")
        elif not isinstance(gold[k], t):
            errs.append(f"{k} is not {t.__name__}")
    for k in gold:
        if k not in TOP:
            errs.append(f"unexpected key {k}")
    if gold.get("doc_id") != stem:
        errs.append("doc_id != stem")
    if gold.get("published") != stem[:10] or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold.get("published", "")):
        errs.append("published must be the stem's YYYY-MM-DD")
    if gold.get("title") != lines[0]:
        errs.append("title differs from the text's first line")
    if gold.get("kind") not in ("news", "policy"):
        errs.append("kind must be news or policy")

    ents: dict[str, dict] = {}
    seen_norm: dict[str, str] = {}
    lower_text = text.casefold()
    for e in gold.get("entities", []):
        extra = set(e) - ENTITY_KEYS
        if extra:
            errs.append(f"entity {e.get('name')}: unexpected keys {sorted(extra)}")
        name, typ = e.get("name"), e.get("type")
        if not isinstance(name, str) or not name:
            errs.append(f"entity without name: {e}")
            continue
        if name in ents:
            errs.append(f"duplicate entity {name}")
        ents[name] = e
        if typ not in CLASSES:
            errs.append(f"entity {name}: type {typ!r} not in ontology-core")
        if "roles" in e and (not isinstance(e["roles"], list) or set(e["roles"]) - {"Provider"}):
            errs.append(f"entity {name}: roles must be a list drawn from ['Provider']")
        if typ == "Jurisdiction" and not re.fullmatch(r"[A-Z]{2}", e.get("iso", "")):
            errs.append(f"Jurisdiction {name} needs an ISO 3166-1 alpha-2 (or EU) iso")
        if "jurisdiction" in e and not re.fullmatch(r"[A-Z]{2}", e["jurisdiction"]):
            errs.append(f"entity {name}: jurisdiction must be a 2-letter code")
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errs.append(f"entity {name}: aliases must be a list of strings")
            aliases = []
        for n in [name, *aliases]:
            k = norm(n)
            if k in seen_norm and seen_norm[k] != name:
                errs.append(f"surface form {n!r} of {name} collides with {seen_norm[k]} after normalisation")
            seen_norm.setdefault(k, name)
        for a in aliases:
            gov_label = typ == "GovernmentBody" and re.search(r"(?i)government", a)
            if a.casefold() not in lower_text and not gov_label:
                errs.append(f"entity {name}: alias {a!r} does not occur in the text")

    def typ(n):
        return ents[n]["type"] if n in ents else None

    n_exp = n_imp = 0
    keys = set()
    for r in gold.get("relations", []):
        extra = set(r) - REL_KEYS
        if extra:
            errs.append(f"relation {r}: unexpected keys {sorted(extra)}")
        s, p, o = r.get("s"), r.get("p"), r.get("o")
        label = f"relation {s} {p} {o}"
        if p not in PROPS:
            errs.append(f"{label}: unknown property")
            continue
        for end in (s, o):
            if end not in ents:
                errs.append(f"{label}: {end!r} is not a listed entity")
        if s in ents and typ(s) not in PROPS[p][0]:
            errs.append(f"{label}: subject type {typ(s)} outside the domain of {p}")
        if o in ents and typ(o) not in PROPS[p][1]:
            errs.append(f"{label}: object type {typ(o)} outside the range of {p}")
        if "role" in r and p != "worksFor":
            errs.append(f"{label}: role only on worksFor")
        if "implicit" in r and r["implicit"] is not True:
            errs.append(f"{label}: implicit must be true when present")
        if not isinstance(r.get("evidence"), str) or not is_full_sentence(r["evidence"], paras):
            errs.append(f"{label}: evidence is not a full body sentence")
        k = (s, p, o) if p not in ("competesWith", "partnerOf") else (min(s, o), p, max(s, o))
        if k in keys:
            errs.append(f"{label}: duplicate")
        keys.add(k)
        if r.get("implicit"):
            n_imp += 1
        else:
            n_exp += 1

    pub = gold.get("published", "9999-99-99")
    for ev in gold.get("events", []):
        extra = set(ev) - EVENT_KEYS
        label = f"event {ev.get('type')} {ev.get('actor')}->{ev.get('target')}"
        if extra:
            errs.append(f"{label}: unexpected keys {sorted(extra)}")
        if ev.get("type") not in EVENT_TYPES:
            errs.append(f"{label}: type not a RiskEvent subclass")
        actor = ev.get("actor")
        if actor not in ents:
            errs.append(f"{label}: actor is not a listed entity")
        elif typ(actor) == "Jurisdiction":
            errs.append(f"{label}: a Jurisdiction never acts")
        if "target" in ev and ev["target"] not in ents:
            errs.append(f"{label}: target is not a listed entity")
        conc = ev.get("concerns", [])
        if not isinstance(conc, list):
            errs.append(f"{label}: concerns must be a list")
            conc = []
        for c in conc:
            if c not in ents:
                errs.append(f"{label}: concerns {c!r} is not a listed entity")
        if "cause" in ev and (ev["cause"] not in ents or typ(ev["cause"]) not in ("Regulation", "License")):
            errs.append(f"{label}: cause must be a listed Regulation or License")
        d = ev.get("date", "")
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d):
            errs.append(f"{label}: date {d!r} not YYYY-MM or YYYY-MM-DD")
        elif d > pub:
            errs.append(f"{label}: date after publication")
        if "status" in ev and ev["status"] not in STATUSES:
            errs.append(f"{label}: status {ev['status']!r} not in {sorted(STATUSES)}")
        if not isinstance(ev.get("evidence"), str) or not is_full_sentence(ev["evidence"], paras):
            errs.append(f"{label}: evidence is not a full body sentence")

    counts = {"words": words, "entities": len(ents), "explicit": n_exp, "implicit": n_imp,
              "events": len(gold.get("events", []))}
    return errs, counts


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    golds = sorted(root.glob("*.gold.json"))
    stems_txt = {p.stem for p in root.glob("*.txt")}
    bad = 0
    tot = {"words": 0, "entities": 0, "explicit": 0, "implicit": 0, "events": 0}
    print(f"{'document':<58} {'words':>5} {'ent':>4} {'rel':>4} {'impl':>4} {'ev':>3}")
    for g in golds:
        stem = g.name[: -len(".gold.json")]
        stems_txt.discard(stem)
        errs, c = check(g)
        if c:
            for k in tot:
                tot[k] += c[k]
            print(f"{stem:<58} {c['words']:>5} {c['entities']:>4} {c['explicit']:>4} {c['implicit']:>4} "
                  f"{c['events']:>3}")
        for e in errs:
            print(f"  ERROR {e}")
        bad += len(errs)
    for s in sorted(stems_txt):
        print(f"  ERROR {s}.txt has no gold file")
        bad += 1
    print(f"{'TOTAL (' + str(len(golds)) + ' documents)':<58} {tot['words']:>5} {tot['entities']:>4} "
          f"{tot['explicit']:>4} {tot['implicit']:>4} {tot['events']:>3}")
    print("ok" if not bad else f"{bad} error(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
