"""Phrase-level relations (lexicons/patterns.yaml): appositions ("X, the parent company of Y"),
possessives ("Commerce's BIS", "OpenAI's API"), "Y of X", job titles around a person's name, and
nationality adjectives ("the Chinese company X")."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.entities import load_lexicon
from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.modality import Modality, load_modality
from riskgraph.ingest.components.state import DocState, doc_state, evidence_for
from riskgraph.ingest.components.syntax import COLLECTIVE_NOUNS, DocIndex, in_group, prep_objects
from riskgraph.ingest.gazetteer import Gazetteer
from riskgraph.ingest.model import Entity, Relation

EXTRACTOR = "patterns"


class PatternExtractor:
    def __init__(self, lexicon: dict, roles: dict, gazetteer: Gazetteer, modality: Modality, version: str) -> None:
        self.lex = lexicon
        self.gazetteer = gazetteer
        self.modality = modality
        self.version = version
        self.appositions: dict[str, dict] = lexicon["appositions"]
        self.possessives: list[dict] = lexicon["possessives"]
        self.of_preps: set[str] = set(lexicon["of_phrases"]["preps"])
        self.of_pairs: list[dict] = lexicon["of_phrases"]["pairs"]
        self.role_words = set(roles["role_words"])
        self.naming_verbs = set(lexicon["naming_verbs"])
        self.role_glue = set(lexicon["role_lowercase_words"])
        by_name = {e.name: e for e in gazetteer.entries.values()}
        self.title_orgs = {t: by_name[n].id for t, n in lexicon["title_organisations"].items() if n in by_name}
        self.located_nouns = set(lexicon["located_nouns"]) | COLLECTIVE_NOUNS
        self.hyphen_participles: dict[str, str] = {
            word: rule["predicate"] for word, rule in lexicon.get("hyphen_participles", {}).items()}
        self.customer_nouns = set(lexicon.get("customer_nouns", []))

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        index = state.index or DocIndex(doc, state)
        state.index = index
        for token in doc:
            key = index.token_key.get(token.i)
            if key is None or index.mention_root.get(token.i) != key:
                continue
            self._apposition(index, token, key)
            self._possessive(index, token, key)
            self._of_phrase(index, token, key)
            self._naming(index, token, key)
        for span in doc.ents:
            if span.label_ == "NORP":
                self._nationality(index, span)
        for token in doc:
            if token.lower_ == "based" and token.i >= 1:
                self._based(index, token)
            elif token.dep_ in ("compound", "nmod", "amod") and index.mention_root.get(token.i):
                self._place_modifier(index, token)
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.customer_nouns:
                self._customers(index, token)
            if token.lower_ in self.hyphen_participles and token.i >= 2 and token.doc[token.i - 1].text == "-":
                self._hyphen_participle(index, token)
        for mention in list(state.mentions):
            if "Person" in index.classes(mention.key):
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    self._titles(index, span, mention.key)
        self._name_places(state, doc)
        return doc

    # ------------------------------------------------------------------ helpers
    def _emit(self, index: DocIndex, s: str, p: str, o: str, token: Token, confidence: float,
              role: str | None = None) -> None:
        if s == o:
            return
        modality = self.modality.of(token)
        ev = evidence_for(token.sent, EXTRACTOR, confidence * modality.factor, self.version, modality.name)
        index.state.relations.append(Relation(s, p, o, ev, role=role))

    @staticmethod
    def _oriented(rule: dict, owner: str, owned: str) -> tuple[str, str]:
        return (owner, owned) if rule["direction"] == "forward" else (owned, owner)

    # ------------------------------------------------------------------ X, the parent company of Y
    def _apposition(self, index: DocIndex, token: Token, key: str) -> None:
        nouns = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos":
            nouns.append(token.head)
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":  # "X is a customer of Y", "X is one of Y's rivals"
            for attr in (c for c in token.head.children if c.dep_ == "attr"):
                nouns += prep_objects(attr, "of") if attr.lower_ == "one" else [attr]
        for noun in nouns:
            words = [noun.lemma_.lower()] + [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")]
            rule = next((self.appositions[w] for w in words if w in self.appositions), None)
            if rule is None:
                continue
            # "X, the parent company of Y" and "Y's parent company, X"
            objects = [obj for prep in rule["preps"] for obj in prep_objects(noun, prep)]
            if "of" in rule["preps"]:
                objects += [c for c in noun.children if c.dep_ == "poss"]
            for obj in objects:
                for other in index.entities_for(obj, ["any"], owner_fallback=False):
                    s, o = (key, other) if rule["direction"] == "forward" else (other, key)
                    self._emit(index, s, rule["predicate"], o, token, 0.85)

    # ------------------------------------------------------------------ X's Y
    def _possessive(self, index: DocIndex, token: Token, key: str) -> None:
        if token.dep_ not in ("poss", "nmod") or not any(c.dep_ == "case" for c in token.children):
            return
        owned = index.entities_for(token.head, ["any"], owner_fallback=False)
        for other in owned:
            self._pair(index, token, key, other, self.possessives, 0.8)

    def _pair(self, index: DocIndex, token: Token, owner: str, owned: str, rules: list[dict], conf: float) -> None:
        if owner == owned:
            return
        for rule in rules:
            if in_group(index.classes(owner), [rule["owner"]]) and in_group(index.classes(owned), [rule["owned"]]):
                s, o = self._oriented(rule, owner, owned)
                predicate = rule["predicate"]
                if predicate == "licensor" and self._granted_by_another(index, owned, owner):
                    s, predicate, o = owned, "licensee", owner  # "Huawei's licence", granted by Google
                self._emit(index, s, predicate, o, token, conf)
                return

    @staticmethod
    def _granted_by_another(index: DocIndex, licence: str, owner: str) -> bool:
        return any(r.subject == licence and r.predicate == "licensor" and r.object != owner
                   for r in index.state.relations)

    # ------------------------------------------------------------------ Y of X
    def _of_phrase(self, index: DocIndex, token: Token, key: str) -> None:
        span = [t for t in token.subtree if index.token_key.get(t.i) == key] or [token]
        inside = {t.i for t in span}
        for part in span:  # the preposition may hang from any word of the name
            for prep in self.of_preps:
                for obj in prep_objects(part, prep):
                    if obj.i in inside:
                        continue
                    for owner in index.entities_for(obj, ["any"], owner_fallback=False):
                        self._pair(index, token, owner, key, self.of_pairs, 0.8)

    # ------------------------------------------------------------------ its project, codenamed Y
    def _naming(self, index: DocIndex, token: Token, key: str) -> None:
        if not index.classes(key) & {"Project", "Product"}:
            return
        span_start = next((m.start for m in index.state.mentions
                           if m.key == key and m.start <= token.idx < m.end), None)
        first = None if span_start is None else index.doc.char_span(span_start, span_start + 1, alignment_mode="expand")
        noun = index.named_owner(first[0]) if first is not None else None
        if noun is None:
            verb = token.head
            if verb.lemma_.lower() not in self.naming_verbs or verb.dep_ not in ("acl", "amod", "relcl", "appos"):
                return
            noun = verb.head
        for owner_token in (c for c in noun.children if c.dep_ == "poss"):
            for owner in index.entities_for(owner_token, ["org"], owner_fallback=False):
                self._emit(index, owner, "develops", key, token, 0.8)

    # ------------------------------------------------------------------ nationality
    def _nationality(self, index: DocIndex, span: Span) -> None:
        entry = self.gazetteer.by_demonym(span.text)
        if entry is None:
            return
        place = f"kb:{entry.id}"
        noun = span.root.head
        if noun.lemma_.lower() not in self.located_nouns:
            return
        members = index.entities_for(noun, ["org"], owner_fallback=False)
        if not members:  # "the Chinese company ByteDance Ltd.": the noun is a compound inside the name
            head = noun.head
            members = index.entities_for(head, ["org"], owner_fallback=False) if noun.dep_ == "compound" else []
        if not members:
            return
        self._ensure_place(index.state, entry.id)
        for org in members:
            predicate = "jurisdiction" if "GovernmentBody" in index.classes(org) else "headquarteredIn"
            self._emit(index, org, predicate, place, span.root, 0.85)

    def _based(self, index: DocIndex, based: Token) -> None:
        """"Singapore-based Kestrel Labs", "a Seattle-based cloud reseller, Nimbus Compute"."""
        doc = based.doc
        i = based.i - 1
        if doc[i].text == "-" and i >= 1:
            i -= 1
        place = index.token_key.get(i)
        if not place or "Jurisdiction" not in index.classes(place):
            return
        noun = based.head if based.head.i != based.i else None
        orgs = index.entities_for(noun, ["org"]) if noun is not None else []
        if not orgs:  # the name right after: "Beijing-based ByteDance"
            j = based.i + 1
            while j < len(doc) and j < based.i + 5 and not index.token_key.get(j):
                j += 1
            key = index.token_key.get(j)
            orgs = [key] if key and in_group(index.classes(key), ["org"]) else []
        for org in orgs:
            predicate = "jurisdiction" if "GovernmentBody" in index.classes(org) else "headquarteredIn"
            self._emit(index, org, predicate, place, based, 0.85)

    def _customers(self, index: DocIndex, noun: Token) -> None:
        """"Its customers include A, among them B", "customers such as A": A and B depend on its owner."""
        owners = [k for t in noun.children if t.dep_ == "poss" for k in index.entities_for(t, ["org"])]
        if not owners:
            return
        members: list[str] = []
        head = noun.head
        if noun.dep_ == "nsubj" and head.lemma_.lower() in ("include", "comprise", "be"):
            members += index.mentions_in(t for c in head.children if c.i > noun.i for t in c.subtree)
        for prep in ("including", "like", "such"):
            members += [k for obj in prep_objects(noun, prep) for k in index.entities_for(obj, ["org"])]
        for member in dict.fromkeys(members):
            if member not in owners and in_group(index.classes(member), ["org"]):
                for owner in owners:
                    self._emit(index, member, "dependsOn", owner, noun, 0.7)

    def _place_modifier(self, index: DocIndex, token: Token) -> None:
        place = index.mention_root[token.i]
        if "Jurisdiction" not in index.classes(place):
            return
        doc = token.doc
        first = min(t.i for t in token.subtree)
        before = [doc[i].lower_ for i in range(max(0, first - 2), first) if doc[i].text != "-"]
        if before and before[-1].rstrip("-") in ("non", "ex", "anti"):
            return  # "its non-U.S. affiliates"
        noun = token.head
        named = index.token_key.get(noun.i)
        if named and named != place and in_group(index.classes(named), ["org"]):  # "Singapore start-up Kestrel Ltd."
            predicate = "jurisdiction" if "GovernmentBody" in index.classes(named) else "headquarteredIn"
            self._emit(index, named, predicate, place, token, 0.75)
            return
        while noun.dep_ == "compound" and noun.head.i != noun.i:  # "Singapore AI start-up"
            noun = noun.head
        word = noun.lemma_.lower().split("-")[-1]
        if noun.pos_ != "NOUN" or not (word in self.located_nouns or noun.lower_.endswith(("-up", "startup"))
                                       or word.endswith(("er", "or"))):
            return
        orgs = index.entities_for(noun, ["org"], owner_fallback=False)
        if not orgs and noun.dep_ == "appos" and index.key_of(noun.head):
            orgs = [index.key_of(noun.head)]
        for org in orgs:
            if org == place or not in_group(index.classes(org), ["org"]):
                continue
            predicate = "jurisdiction" if "GovernmentBody" in index.classes(org) else "headquarteredIn"
            self._emit(index, org, predicate, place, token, 0.75)

    def _hyphen_participle(self, index: DocIndex, participle: Token) -> None:
        """"ByteDance-owned TikTok", "SoftBank-backed Arm": X <relation> the noun the participle modifies."""
        doc = participle.doc
        agent = index.token_key.get(participle.i - 2)
        if not agent or not in_group(index.classes(agent), ["org"]):
            return
        noun = participle.head if participle.head.i != participle.i else None
        if noun is None:
            return
        owned = index.entities_for(noun, ["any"], owner_fallback=False)
        if not owned and noun.dep_ != "ROOT":
            owned = []
        if not owned:  # "the SoftBank-backed startup Arm": the name right after the noun
            nxt = noun.i + 1
            key = index.token_key.get(nxt) if nxt < len(doc) else None
            owned = [key] if key else []
        for other in owned:
            if other != agent:
                self._emit(index, agent, self.hyphen_participles[participle.lower_], other, participle, 0.8)

    def _ensure_place(self, state: DocState, kb_id: str) -> None:
        from riskgraph.ingest.components.entities import kb_classes

        key = f"kb:{kb_id}"
        if key not in state.entities:
            entry = self.gazetteer.entries[kb_id]
            state.entities[key] = Entity(key=key, name=entry.name, classes=kb_classes(entry), wikidata=entry.wikidata,
                                         iso=entry.iso, kb_id=entry.id)

    # ------------------------------------------------------------------ titles
    def _title_run(self, tokens: list[Token]) -> list[Token]:
        """Trim a token run to a title: capitalised words joined by of/for/and/&; must hold a role word."""
        run = [t for t in tokens]
        while run and (run[0].lower_ in self.role_glue or not run[0].text[:1].isupper()):
            run = run[1:]
        while run and run[-1].lower_ in self.role_glue:
            run = run[:-1]
        if not run or not any(t.text in self.role_words for t in run):
            return []
        if any(not (t.text[:1].isupper() or t.lower_ in self.role_glue or t.text in ("-", "’s", "'s")) for t in run):
            return []
        return run

    def _titles(self, index: DocIndex, person: Span, key: str) -> None:
        doc = person.doc
        sent = person.sent
        # before the name: "said Secretary of Commerce Wilbur Ross", "FTC Chair Lina M. Khan"
        i = person.start - 1
        before: list[Token] = []
        while i >= sent.start and (doc[i].text[:1].isupper() or doc[i].lower_ in self.role_glue) \
                and doc[i].text not in ("“", '"', ",") and len(before) < 12:
            before.insert(0, doc[i])
            i -= 1
        run = self._title_run(before)
        if run:
            self._role(index, person, key, run)
            return
        if person.start - 1 >= sent.start and doc[person.start - 1].text == ",":
            i = person.start - 2
            phrase: list[Token] = []
            while i >= sent.start and doc[i].text not in (",", ";", "“", '"', "”", ".") and len(phrase) < 10:
                phrase.insert(0, doc[i])
                i -= 1
            orgs = [t for t in phrase if index.token_key.get(t.i) and
                    in_group(index.classes(index.token_key[t.i]), ["org"])]
            if orgs:
                org_key = index.token_key[orgs[0].i]
                title = self._trim_title([t for t in phrase if t.i > orgs[-1].i])
                if title and self._has_role(title) and all(not t.is_sent_start or t.i == phrase[0].i for t in phrase):
                    self._emit(index, key, "worksFor", org_key, person.root, 0.8, role=_text(title))
                    return
        # after the name: "Jodi Seth, Global Head of Corporate & Policy Communications at ByteDance",
        # "Dana Whitfield, Nimbus's chief executive", "Helen Cho, an analyst at Ridgeline Research"
        j = person.end
        if j < sent.end and doc[j].text == ",":
            after: list[Token] = []
            j += 1
            while j < sent.end and doc[j].text not in (",", ";", ".", "“", '"', "”") and len(after) < 16:
                after.append(doc[j])
                j += 1
            orgs = [t for t in after if index.token_key.get(t.i)
                    and in_group(index.classes(index.token_key[t.i]), ["org"])]
            if orgs:
                org_key = index.token_key[orgs[0].i]
                org_tokens = [t for t in after if index.token_key.get(t.i) == org_key]
                before_org = [t for t in after if t.i < org_tokens[0].i]
                after_org = [t for t in after if t.i > org_tokens[-1].i and t.text not in ("’s", "'s")]
                possessive = any(t.text in ("’s", "'s") for t in after if t.i > org_tokens[0].i)
                title = after_org if (possessive or not self._has_role(before_org)) else before_org
                title = self._trim_title(title)
                if title and self._has_role(title):
                    self._emit(index, key, "worksFor", org_key, person.root, 0.85, role=_text(title))
            elif after and self._title_run(after):
                self._role(index, person, key, self._title_run(after))

    def _has_role(self, tokens: list[Token]) -> bool:
        return any(t.text in self.role_words or t.text.capitalize() in self.role_words for t in tokens)

    @staticmethod
    def _trim_title(tokens: list[Token]) -> list[Token]:
        """Drop articles and linking words at either end: "an analyst at" -> "analyst"."""
        edge = ("a", "an", "the", "at", "of", "for", "with", "’s", "'s", "and", "who", "which", "is")
        while tokens and tokens[0].lower_ in edge:
            tokens = tokens[1:]
        while tokens and tokens[-1].lower_ in edge:
            tokens = tokens[:-1]
        return tokens

    def _role(self, index: DocIndex, person: Span, key: str, run: list[Token]) -> None:
        role = _text(run)
        orgs = [index.token_key[t.i] for t in run if t.i in index.token_key]
        orgs = [o for o in orgs if in_group(index.classes(o), ["org"])]
        kb_org = next((v for t, v in self.title_orgs.items() if t in role), None)
        if kb_org and not orgs:
            self._ensure_org(index.state, kb_org)
            orgs = [f"kb:{kb_org}"]
        for org in dict.fromkeys(orgs):
            self._emit(index, key, "worksFor", org, person.root, 0.85, role=role)

    def _ensure_org(self, state: DocState, kb_id: str) -> None:
        self._ensure_place(state, kb_id)

    # ------------------------------------------------------------------ "U.S. Court of Appeals", "PRC Government"
    def _name_places(self, state: DocState, doc: Doc) -> None:
        """An organisation whose own name holds a country name is placed in that country."""
        places = {}
        for entry in self.gazetteer.entries.values():
            if entry.type == "Jurisdiction" and entry.iso:
                for form in entry.surface_forms:
                    if len(form) >= 2:
                        places[form] = entry.id
        for key, entity in list(state.entities.items()):
            if entity.kb_id or not entity.classes & {"Company", "GovernmentBody", "Regulation"}:
                continue
            words = entity.name.replace("’s", "").replace("'s", "").split()
            found = None
            for n in (3, 2, 1):
                for k in range(len(words) - n + 1):
                    phrase = " ".join(words[k:k + n])
                    if phrase in places:
                        found = places[phrase]
                        break
                if found:
                    break
            if not found:
                continue
            mention = next((m for m in state.mentions if m.key == key), None)
            if mention is None:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            self._ensure_place(state, found)
            predicate = "headquarteredIn" if "Company" in entity.classes else "jurisdiction"
            index = state.index
            self._emit(index, key, predicate, f"kb:{found}", span.root, 0.8)


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


@Language.factory(
    "rg_patterns",
    assigns=["doc._.rg_state"],
    requires=["doc._.rg_state", "token.dep"],
    default_config={"patterns": "", "roles": "", "modality": "", "gazetteer_dir": "", "version": "0"},
)
def make_patterns(nlp: Language, name: str, patterns: str, roles: str, modality: str, gazetteer_dir: str,
                  version: str) -> PatternExtractor:
    return PatternExtractor(load_lexicon(patterns), load_lexicon(roles), cached_gazetteer(gazetteer_dir),
                            load_modality(modality), version)
