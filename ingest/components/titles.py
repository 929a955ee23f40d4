"""Job titles around a person's name (``lexicons/patterns.yaml`` job_titles, ``roles.yaml``):
"said Secretary of Commerce Jane Roe", "Jane Roe, Globex's chief executive", "Jane Roe, Head of
Policy at Globex", "a Globex spokesperson, Jane Roe" -> Jane Roe worksFor the organisation, with
the title as the role."""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from riskgraph.ingest.components.lexicon import Lexicon, LexiconError
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.resolution import ensure_kb_entity
from riskgraph.ingest.gazetteer import Gazetteer

if TYPE_CHECKING:
    from riskgraph.ingest.components.patterns import Emitter

QUOTES_AND_COMMA = frozenset('“",')  # a title before a name stops at these
CLAUSE_STOPS = frozenset(',;.“"”')  # a title after a name ends at these


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


class TitlePatterns:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, emit: Emitter) -> None:
        roles = lexicon.roles
        self.emit = emit
        self.rule = lexicon.patterns.job_titles.name
        self.title_rule = lexicon.patterns.title_organisations
        self.role_words = frozenset(roles.role_words.words)
        self.glue = frozenset(roles.title_glue.words)
        self.edges = frozenset(roles.title_edges.words)
        self.gazetteer = gazetteer
        unknown = [t for t, kb_id in self.title_rule.titles.items() if kb_id not in gazetteer.entries]
        if unknown:
            raise LexiconError(lexicon.folder / "patterns.yaml", f"no knowledge-base entry has the id "
                               f"{self.title_rule.titles[unknown[0]]!r} (see the gazetteer's YAML files)",
                               self.title_rule.name, f"titles.{unknown[0]}")

    def __call__(self, index: DocIndex) -> None:
        doc = index.doc
        for mention in list(index.state.mentions):
            if "Person" in index.classes(mention.key):
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    self._titles(index, span, mention.key)

    def _titles(self, index: DocIndex, person: Span, key: str) -> None:
        if not self._title_before(index, person, key) and not self._owned_title_before(index, person, key) \
                and not self._org_title_before(index, person, key) and not self._title_after_comma(index, person, key):
            self._title_after(index, person, key)

    # ------------------------------------------------------------------ title runs
    def _title_run(self, tokens: list[Token]) -> list[Token]:
        """Trim a token run to a title: capitalised words joined by of/for/and/&; must hold a role word."""
        run = list(tokens)
        while run and (run[0].lower_ in self.glue or not run[0].text[:1].isupper()):
            run = run[1:]
        while run and run[-1].lower_ in self.glue:
            run = run[:-1]
        if not run or not any(t.text in self.role_words for t in run):
            return []
        if any(not (t.text[:1].isupper() or t.lower_ in self.glue or t.text in ("-", "’s", "'s")) for t in run):
            return []
        return run

    def _has_role(self, tokens: list[Token]) -> bool:
        return any(t.text in self.role_words or t.text.capitalize() in self.role_words for t in tokens)

    def _trim(self, tokens: list[Token]) -> list[Token]:
        """Drop articles and linking words at either end: "an analyst at" -> "analyst"."""
        while tokens and tokens[0].lower_ in self.edges:
            tokens = tokens[1:]
        while tokens and tokens[-1].lower_ in self.edges:
            tokens = tokens[:-1]
        return tokens

    def _orgs(self, index: DocIndex, tokens: list[Token]) -> list[Token]:
        """Tokens that name an organisation, or a possessive pronoun that refers to one ("its chief
        legal officer")."""
        return [t for t in tokens if self._org_of(index, t)]

    def _org_of(self, index: DocIndex, token: Token) -> str | None:
        key = index.token_key.get(token.i)
        if key is None and token.pos_ == "PRON" and token.dep_ == "poss":
            key = index.key_of(token)
        return self._employer(index, key) if key else None

    def _employer(self, index: DocIndex, key: str) -> str | None:
        """An organisation, or for an app or product ("TikTok's India head") the organisation the
        knowledge base says owns it, when the document names that organisation too."""
        if index.fits(key, ("org",)):
            return key
        entity = index.state.entities.get(key)
        entry = self.gazetteer.entries.get(entity.kb_id or "") if entity is not None else None
        owner = f"kb:{entry.parent or entry.provided_by}" if entry is not None and (
            entry.parent or entry.provided_by) else None
        return owner if owner in index.state.entities and index.fits(owner, ("org",)) else None

    # ------------------------------------------------------------------ where the title is
    def _title_before(self, index: DocIndex, person: Span, key: str) -> bool:
        """"said Secretary of Commerce Wilbur Ross", "FTC Chair Lina M. Khan"."""
        doc, sent = person.doc, person.sent
        i = person.start - 1
        before: list[Token] = []
        while i >= sent.start and (doc[i].text[:1].isupper() or doc[i].lower_ in self.glue) \
                and doc[i].text not in QUOTES_AND_COMMA and len(before) < 12:
            before.insert(0, doc[i])
            i -= 1
        run = self._title_run(before)
        if run:
            self._role(index, person, key, run)
        return bool(run)

    def _owned_title_before(self, index: DocIndex, person: Span, key: str) -> bool:
        """"Globex's chief executive Jane Roe", "TikTok's India head Jane Roe": an organisation's title,
        in any case, right before the name."""
        doc, sent = person.doc, person.sent
        i = person.start - 1
        title: list[Token] = []
        while i > sent.start and doc[i].text not in ("’s", "'s") and doc[i].text not in CLAUSE_STOPS \
                and len(title) < 6:
            title.insert(0, doc[i])
            i -= 1
        if i <= sent.start or doc[i].text not in ("’s", "'s") or not title or not self._has_role(title):
            return False
        org = self._org_of(index, doc[i - 1])
        if not org:
            return False
        self.emit(index, key, "worksFor", org, person.root, 0.8, self.rule, role=_text(title))
        return True

    def _org_title_before(self, index: DocIndex, person: Span, key: str) -> bool:
        """"Globex spokesperson Jane Roe", "Globex chief executive Jane Roe": an organisation's name, then
        a title in any case, right before the name."""
        doc, sent = person.doc, person.sent
        i = person.start - 1
        title: list[Token] = []
        while i > sent.start and not index.token_key.get(doc[i].i) and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") \
                and len(title) < 4:
            title.insert(0, doc[i])
            i -= 1
        org = self._org_of(index, doc[i]) if title and i >= sent.start else None
        if not org or not self._has_role(title) or doc[i].pos_ == "PRON":
            return False
        self.emit(index, key, "worksFor", org, person.root, 0.8, self.rule, role=_text(title))
        return True

    def _title_after_comma(self, index: DocIndex, person: Span, key: str) -> bool:
        """"a Globex spokesperson, Jane Roe": the phrase before the name, set off by a comma."""
        doc, sent = person.doc, person.sent
        if person.start - 1 < sent.start or doc[person.start - 1].text != ",":
            return False
        i = person.start - 2
        phrase: list[Token] = []
        while i >= sent.start and doc[i].text not in CLAUSE_STOPS and len(phrase) < 10:
            phrase.insert(0, doc[i])
            i -= 1
        orgs = self._orgs(index, phrase)
        if not orgs:
            return False
        title = self._trim([t for t in phrase if t.i > orgs[-1].i])
        if title and self._has_role(title) and all(not t.is_sent_start or t.i == phrase[0].i for t in phrase):
            self.emit(index, key, "worksFor", self._org_of(index, orgs[0]) or "", person.root, 0.8, self.rule,
                      role=_text(title))
            return True
        return False

    def _title_after(self, index: DocIndex, person: Span, key: str) -> None:
        """"Jodi Seth, Global Head of Corporate & Policy Communications at ByteDance", "Dana Whitfield,
        Nimbus's chief executive", "Helen Cho, an analyst at Ridgeline Research"."""
        doc, sent = person.doc, person.sent
        j = person.end
        if j >= sent.end or doc[j].text != ",":
            return
        after: list[Token] = []
        j += 1
        while j < sent.end and doc[j].text not in CLAUSE_STOPS and len(after) < 16:
            after.append(doc[j])
            j += 1
        orgs = self._orgs(index, after)
        if not orgs:
            if after and self._title_run(after):
                self._role(index, person, key, self._title_run(after))
            return
        org_key = self._org_of(index, orgs[0]) or ""
        named = index.token_key.get(orgs[0].i)
        org_tokens = [t for t in after if t.i == orgs[0].i or (named and index.token_key.get(t.i) == named)]
        before_org = [t for t in after if t.i < org_tokens[0].i]
        after_org = [t for t in after if t.i > org_tokens[-1].i and t.text not in ("’s", "'s")]
        possessive = orgs[0].pos_ == "PRON" or any(t.text in ("’s", "'s") for t in after if t.i > org_tokens[0].i)
        # "Jane Roe, Globex's chief executive"; "Jane Roe, head of Globex's cloud business in India"
        owned_title = possessive and self._has_role(after_org)
        title = self._trim(after_org if (owned_title or not self._has_role(before_org)) else before_org)
        if title and self._has_role(title):
            self.emit(index, key, "worksFor", org_key, person.root, 0.85, self.rule, role=_text(title))

    def _role(self, index: DocIndex, person: Span, key: str, run: list[Token]) -> None:
        role = _text(run)
        orgs = [k for t in run if (k := index.token_key.get(t.i)) and index.fits(k, ("org",))]
        rule = self.rule
        if not orgs:  # "Commerce Secretary": a title that names its organisation
            kb_id = next((v for t, v in self.title_rule.titles.items() if t in role), None)
            if kb_id:
                orgs = [ensure_kb_entity(index.state, self.gazetteer.entries[kb_id])]
                rule = self.title_rule.name
        for org in dict.fromkeys(orgs):
            self.emit(index, key, "worksFor", org, person.root, 0.85, rule, role=role)
