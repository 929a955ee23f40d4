"""Turns spaCy entity spans into riskgraph entities: typed, keyed and resolved within the document.

Resolution inside one document: knowledge-base ids first; then acronyms the text defines
("Semiconductor Manufacturing International Corporation (SMIC)"); a surname alone to the full name
met earlier; a name's first word alone to the longer organisation name met earlier; corporate
suffixes and possessives by normalisation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.state import doc_state, evidence_for
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry
from riskgraph.ingest.model import Entity, Mention
from riskgraph.ingest.names import name_key

GROUP = {
    "Company": "org",
    "GovernmentBody": "org",
    "Organization": "org",
    "Person": "person",
    "Product": "product",
    "Project": "project",
    "License": "licence",
    "Regulation": "regulation",
    "Jurisdiction": "place",
}
ORG_CLASSES = {"Company", "GovernmentBody", "Organization"}
EXTRACTOR = "entities"
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s*['’]s?$")


@lru_cache(maxsize=4)
def load_lexicon(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def clean_name(text: str) -> str:
    """Strip a leading article, a trailing possessive and stray punctuation from a mention."""
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    name = _TRAILING.sub("", name)
    return name.strip(" ,;:\"“”()")


def name_offsets(span: Span) -> tuple[int, int]:
    """Character offsets of the name itself: without a trailing possessive, blank lines or punctuation."""
    end = span.end
    while end > span.start + 1 and (span.doc[end - 1].is_space or span.doc[end - 1].text in ("’s", "'s", "’", "'")):
        end -= 1
    text = span.doc[span.start : end].text  # (Doc.text would rebuild the whole document's text)
    start = span.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())


def kb_classes(entry: KBEntry) -> set[str]:
    classes = {entry.type, *entry.roles}
    if entry.type in ORG_CLASSES or "Provider" in entry.roles:
        classes.add("Organization")
    return classes


class EntityLinker:
    """Assigns ``doc._.rg_state.entities`` and ``.mentions`` (and ``.demonyms`` for NORP mentions)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: dict, roles: dict, version: str) -> None:
        self.gazetteer = gazetteer
        self.lex = lexicon
        self.version = version
        self.label_classes: dict[str, str] = lexicon["label_classes"]
        self.ignore = {s.casefold() for s in lexicon.get("ignore", [])}
        self.government_words = [w.casefold() for w in lexicon.get("government_words", [])]
        self.regulation_words = [w.casefold() for w in lexicon.get("regulation_words", [])]
        self.project_words = [w.casefold() for w in lexicon.get("project_words", [])]
        self.min_length = int(lexicon.get("min_length", 2))
        self.role_words = set(roles["role_words"])
        self.company_suffixes = set(lexicon.get("company_suffixes", []))
        self.product_suffixes = set(lexicon.get("product_suffixes", []))
        self.licence_words = [w.casefold() for w in lexicon.get("licence_words", [])]
        self.product_nouns = set(lexicon.get("product_nouns", []))
        self.not_product_labels = set(lexicon.get("not_product_labels", []))

    # ------------------------------------------------------------------ classification
    def classify(self, span: Span, name: str) -> str | None:
        label = span.label_
        cls = self.label_classes.get(label)
        folded = f" {name.casefold()} "
        if label in ("ORG", "PRODUCT", "LAW") and any(
            folded.startswith(f" {w} ") for w in self.project_words
        ):
            return "Project"
        last = name.split()[-1].strip(".,") if name.split() else ""
        if label in ("ORG", "PERSON", "PRODUCT", "GPE") and last in self.product_suffixes and len(name.split()) > 1:
            return "Product"  # "Osprey API"
        if label in ("ORG", "PERSON", "PRODUCT") and last in self.company_suffixes and len(name.split()) > 1:
            return "Company"  # "Yitu Limited", "Anthropic PBC", "Mingjing AI"
        if label in ("LAW", "ORG", "PRODUCT") and any(f" {w} " in folded for w in self.licence_words):
            return "License"
        if label == "ORG":
            if any(f" {w} " in folded for w in self.regulation_words):
                return "Regulation"
            if any(f" {w} " in folded for w in self.government_words):
                return "GovernmentBody"
        return cls

    def accept(self, name: str, cls: str, span: Span) -> bool:
        if len(name) < self.min_length or name.casefold() in self.ignore:
            return False
        words = name.split()
        if cls == "Person" and (words[-1] in self.role_words or words[0] in self.role_words):
            return False  # "Global Head", "President Biden": a title, not (only) a name
        if not any(ch.isalpha() for ch in name) or (not name[0].isupper() and not name[0].isdigit()):
            return False
        if cls == "Person" and len(span) < 2:
            return False  # a lone surname is resolved to a full name, never minted alone
        return True

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        acronyms: dict[str, str] = {}
        for span in self._titled_people(doc):
            key = self._resolve_local(state, clean_name(span.text), "Person", span)
            if key:
                self._add_mention(doc, span, key, 0.65, cls="Person", name=clean_name(span.text))
        claimed: set[int] = set()
        for span in self._suffixed_companies(doc):
            key = self._resolve_local(state, clean_name(span.text), "Company", span)
            if key:
                self._add_mention(doc, span, key, 0.65, cls="Company", name=clean_name(span.text))
                claimed.update(t.i for t in span)
        products = self._named_products(doc)
        in_products = {t.i for span in products for t in span} | claimed
        for span in products:
            key = self._resolve_local(state, span.text, "Product", span)
            if key:
                self._add_mention(doc, span, key, 0.65, cls="Product", name=span.text)
        for span in doc.ents:
            if self._is_dateline(span) or self._inside_title(span) or any(t.i in in_products for t in span):
                continue
            if span.kb_id_:
                entry = self.gazetteer.entries.get(span.kb_id_)
                if entry is not None:
                    self._add_kb(doc, span, entry)
                    continue
            if span.label_ == "NORP":
                entry = self.gazetteer.by_demonym(span.text)
                if entry is not None:
                    state.demonyms.append((span, f"kb:{entry.id}"))
                else:
                    state.unmatched[f"demonym:{span.text}"] += 1
                continue
            name = clean_name(span.text.split(" (")[0])
            if name in acronyms:
                self._add_mention(doc, span, acronyms[name], 0.8)
                continue
            cls = self.classify(span, name)
            if cls is None:
                if span.label_ in ("ORG", "PRODUCT", "LAW", "GPE", "PERSON"):
                    state.unmatched[f"{span.label_}:{name}"] += 1
                continue
            key = self._resolve_local(state, name, cls, span)
            if key is None:
                continue
            self._add_mention(doc, span, key, 0.7, cls=cls, name=name)
            defined = self._acronym_after(doc, span)
            if defined:
                acronyms[defined] = key
                state.entities[key].surfaces.add(defined)
        self._link_acronyms(doc, acronyms)
        self._link_repeated_names(doc)
        self._drop_headline_only(doc)
        return doc

    # ------------------------------------------------------------------ noise a news layout makes
    @staticmethod
    def _is_dateline(span: Span) -> bool:
        """"WASHINGTON, D.C. – Today ...": the city a release is datelined from is not a mention."""
        doc = span.doc
        at_start = span.start == 0 or doc[span.start - 1].is_space or "\n" in doc[span.start - 1].whitespace_
        if span.label_ != "GPE" or not at_start:
            return False
        i = span.end
        while i < len(doc) and i < span.end + 4 and (doc[i].text == "," or doc[i].ent_type_ == "GPE"
                                                     or doc[i].text.isupper()):
            i += 1
        # a dateline dash stands apart ("WASHINGTON –"); "Singapore-based" is a word
        return i < len(doc) and doc[i].text in ("–", "—", "-", "(", ":") and doc[i - 1].whitespace_ != ""

    def _inside_title(self, span: Span) -> bool:
        """Words of a job title, not an entity: "Under Secretary of the Treasury for Terrorism and ...",
        "Head of Corporate Communications at ByteDance" (but "Chief Executive of Globex" names the employer)."""
        if span.label_ not in ("ORG", "GPE", "PERSON") or span.kb_id_:
            return False
        doc = span.doc
        i = span.start - 1
        link = doc[i].lower_ if i >= 0 else ""
        if link not in ("of", "for"):
            return False
        j = i - 1
        steps = 0
        while j >= 0 and steps < 8 and (doc[j].lower_ in ("of", "for", "and", "the", "&") or doc[j].text[:1].isupper()):
            if doc[j].text in self.role_words:
                if link == "for":
                    return True
                after = [t.lower_ for t in doc[span.end : span.end + 2]]
                return "at" in after  # a department inside a title that names its employer next
            j -= 1
            steps += 1
        return False

    def _suffixed_companies(self, doc: Doc) -> list[Span]:
        """Company names NER missed that a legal suffix marks: "Globex Corporation", "Initech Inc."."""
        taken = {t.i for e in doc.ents for t in e}
        found: list[Span] = []
        for token in doc:
            if token.text.rstrip(".") not in self.company_suffixes or token.i in taken:
                continue
            start = token.i
            while start - 1 >= 0 and not doc[start].is_sent_start and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in taken and token.i - start < 4:
                start -= 1
            # a city that starts the name: "Shenzhen Yuanhang Electronics Co." (not "Shenzhen" + a company)
            while start - 1 >= 0 and start < token.i and not doc[start].is_sent_start and \
                    doc[start - 1].ent_type_ == "GPE" and doc[start - 1].pos_ == "PROPN" and token.i - start < 5:
                start -= 1
            end = token.i + 1
            if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text.rstrip(".") in self.company_suffixes:
                end += 2  # "Co., Ltd."
            if start < token.i and (not found or found[-1].end <= start):
                found.append(Span(doc, start, end, label="ORG"))
        return found

    def _named_products(self, doc: Doc) -> list[Span]:
        """Product names NER missed or took for people, marked by a product noun after them
        ("Kestrel's Osprey model", "the Falcon chip"), and the later bare uses of the same name
        ("Osprey is trained from scratch")."""
        names: set[tuple[str, ...]] = set()
        longer_orgs = [e.text for e in doc.ents if e.label_ == "ORG" and len(e) > 1]
        for token in doc:
            if token.pos_ != "NOUN" or not token.text.islower() or token.lemma_.lower() not in self.product_nouns:
                continue
            start = token.i
            while start - 1 >= 0 and token.i - start < 3 and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].dep_ == "compound" and doc[start - 1].text[:1].isupper():
                start -= 1
            name = doc[start:token.i]
            if not len(name) or any(t.ent_kb_id_ or (t.ent_type_ in self.not_product_labels and t.ent_type_ != "ORG")
                                    for t in name):
                continue
            if any(t.ent_type_ == "ORG" for t in name) and any(o.startswith(name.text + " ") for o in longer_orgs):
                continue  # "the Orbis model" after "Orbis Software Inc.": the company's name
            if name[-1].text.rstrip(".") in self.company_suffixes:
                continue  # "the Orbis Software Inc. chatbot": a company's name
            names.add(tuple(t.text for t in name))
        found: list[Span] = []
        for first in range(len(doc)):
            for name in names:
                end = first + len(name)
                if end <= len(doc) and tuple(t.text for t in doc[first:end]) == name and \
                        not any(t.ent_kb_id_ for t in doc[first:end]) and (not found or found[-1].end <= first) \
                        and not (end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper()):
                    found.append(Span(doc, first, end, label="PRODUCT"))
                    break
        return found

    def _titled_people(self, doc: Doc) -> list[Span]:
        """Names NER missed that a job title marks: "Jodi Seth, Global Head of ...", "Secretary Jane Roe"."""
        found: list[Span] = []
        taken = {t.i for e in doc.ents for t in e}
        i = 0
        while i < len(doc) - 1:
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].i not in taken \
                    and doc[j].text not in self.role_words and j - i < 3:
                j += 1
            if j - i >= 2:
                after = [t for t in doc[j + 1 : j + 5] if t.text[:1].isupper()] if j < len(doc) and doc[j].text == "," \
                    else []
                before = doc[i - 1] if i > 0 else None
                if any(t.text in self.role_words for t in after) or (
                        before is not None and before.text in self.role_words and before.i not in taken):
                    found.append(Span(doc, i, j, label="PERSON"))
                i = j
            else:
                i += 1
        return found

    def _drop_headline_only(self, doc: Doc) -> None:
        """A Title-Case headline makes spaCy see names everywhere: keep a non-KB entity met only in the
        headline when the body names it too."""
        state = doc_state(doc)
        cut = doc.text.find("\n\n")
        if cut < 0:
            return
        in_body = {m.key for m in state.mentions if m.start > cut}
        for key in [k for k, e in state.entities.items() if not e.kb_id and k not in in_body]:
            del state.entities[key]
        state.mentions = [m for m in state.mentions if m.key in state.entities]

    def _add_kb(self, doc: Doc, span: Span, entry: KBEntry) -> None:
        state = doc_state(doc)
        key = f"kb:{entry.id}"
        entity = state.entities.get(key)
        if entity is None:
            entity = Entity(key=key, name=entry.name, classes=kb_classes(entry), wikidata=entry.wikidata,
                            iso=entry.iso, kb_id=entry.id)
            state.entities[key] = entity
            home = self.gazetteer.by_iso(entry.country) if entry.country else None
            if entry.type == "Jurisdiction":
                state.homes[key] = key
            elif home is not None:
                state.homes[key] = f"kb:{home.id}"
        entity.surfaces.add(clean_name(span.text))
        state.mentions.append(Mention(key, *name_offsets(span), evidence_for(span, EXTRACTOR, 0.95, self.version)))

    def _add_mention(self, doc: Doc, span: Span, key: str, confidence: float, *, cls: str | None = None,
                     name: str | None = None) -> None:
        state = doc_state(doc)
        entity = state.entities.get(key)
        if entity is None:
            assert cls is not None and name is not None
            entity = Entity(key=key, name=name, classes={cls} | ({"Organization"} if cls in ORG_CLASSES else set()))
            state.entities[key] = entity
        entity.surfaces.add(clean_name(span.text))
        evidence = evidence_for(span, EXTRACTOR, confidence, self.version)
        state.mentions.append(Mention(key, *name_offsets(span), evidence))

    def _resolve_local(self, state, name: str, cls: str, span: Span) -> str | None:
        group = GROUP[cls]
        key = f"{group}:{name_key(name)}"
        if key in state.entities:
            return key
        for other in state.entities.values():  # "Tai Hang" after "Tai Hang Components Limited"
            if other.classes & ORG_CLASSES and not other.kb_id and other.name.startswith(name + " ") \
                    and len(name) >= 4:
                return other.key
        words = name.split()
        if (cls == "Person" and len(words) == 1) or (group == "org" and len(words) == 1):
            for other in state.entities.values():
                if GROUP.get(next(iter(other.classes & set(GROUP)), ""), "") != group:
                    continue
                other_words = other.name.split()
                if (cls == "Person" and other_words[-1] == name) or (group == "org" and other_words[0] == name):
                    return other.key
        if cls == "Person" and len(words) == 1:  # NER took "Kestrel" (for Kestrel Labs) for a person
            for other in state.entities.values():
                if other.classes & ORG_CLASSES and not other.kb_id and other.name.split()[0] == name \
                        and len(other.name.split()) > 1:
                    return other.key
        if not self.accept(name, cls, span):
            if cls == "Person" and len(words) == 1:
                state.unmatched[f"PERSON:{name}"] += 1
            return None
        return key

    @staticmethod
    def _acronym_after(doc: Doc, span: Span) -> str | None:
        """``Long Name (ABBR)``: the acronym the text defines right after a name."""
        i = span.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            candidate = doc[i + 1].text
            if candidate.isupper() and 2 <= len(candidate) <= 8:
                return candidate
        return None

    def _link_repeated_names(self, doc: Doc) -> None:
        """NER finds a new name once and misses it elsewhere ("Windsurf, a start-up ..." then "Windsurf
        relies on ..."): every other occurrence of an organisation's or product's name is a mention."""
        state = doc_state(doc)
        names: dict[tuple[str, ...], str] = {}
        for mention in state.mentions:
            entity = state.entities.get(mention.key)
            if entity is None or entity.kb_id or not entity.classes & (ORG_CLASSES | {"Product"}):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and len(span.text) >= 4 and span.text[0].isupper():
                names.setdefault(tuple(t.text for t in span), mention.key)
        if not names:
            return
        covered = {i for m in state.mentions for i in range(m.start, m.end)}
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for words in names:
            firsts.setdefault(words[0], []).append(words)
        for token in doc:
            for words in sorted(firsts.get(token.text, ()), key=len, reverse=True):
                end = token.i + len(words)
                if end > len(doc) or tuple(t.text for t in doc[token.i:end]) != words:
                    continue
                span = doc[token.i:end]
                if span.start_char in covered or (end < len(doc) and doc[end].pos_ == "PROPN"
                                                  and doc[end].text[:1].isupper()):
                    break  # already a mention, or the start of a longer name
                self._add_mention(doc, span, names[words], 0.7)
                covered.update(range(span.start_char, span.end_char))
                break

    def _link_acronyms(self, doc: Doc, acronyms: dict[str, str]) -> None:
        """Mentions of a defined acronym that NER missed still count as mentions."""
        if not acronyms:
            return
        state = doc_state(doc)
        seen = {(m.start, m.end) for m in state.mentions}
        for token in doc:
            key = acronyms.get(token.text)
            if key and (token.idx, token.idx + len(token.text)) not in seen and not token.ent_type_:
                state.mentions.append(Mention(key, token.idx, token.idx + len(token.text),
                                              evidence_for(token.sent, EXTRACTOR, 0.75, self.version)))


@Language.factory(
    "rg_entities",
    assigns=["doc._.rg_state"],
    requires=["doc.ents", "token.ent_kb_id", "doc.sents"],
    default_config={"gazetteer_dir": "", "lexicon": "", "roles": "", "version": "0"},
)
def make_entity_linker(nlp: Language, name: str, gazetteer_dir: str, lexicon: str, roles: str,
                       version: str) -> EntityLinker:
    return EntityLinker(cached_gazetteer(gazetteer_dir), load_lexicon(lexicon), load_lexicon(roles), version)
