"""Ministries named only by a minister's title ("Culture and Tourism Minister Jane
Roe", "Japan's Trade Minister Jane Roe"): the portfolio words before the title name
the minister's ministry, the knowledge base's when it knows one by that title in the country the
title is tied to, else a ministry of that name (``lexicons/entities.yaml`` portfolio_titles)."""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.lexicon_phrases import PortfolioTitles
from riskgraph.ingest.components.resolution import Mentions, clean_name, is_possessive_mark
from riskgraph.ingest.components.state import DocState, fire
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry

AddFound = Callable[[Mentions, DocState, Span, str, str, str], bool]  # EntityLinker._add_found


class Portfolios:
    def __init__(self, gazetteer: Gazetteer, rule: PortfolioTitles) -> None:
        self.gazetteer = gazetteer
        self.rule = rule
        self.bodies = dict(rule.titles)
        self.body_words = {body.split()[0].lower() for body in rule.titles.values()}  # ministry, department
        self.not_portfolio = frozenset(rule.not_portfolio_words)
        self.stop_labels = frozenset(rule.stop_labels)
        self.iso = {e.id: e.iso.upper() for e in gazetteer.entries.values() if e.type == "Jurisdiction" and e.iso}

    def __call__(self, mentions: Mentions, add_found: AddFound) -> set[int]:
        """Claims the portfolio words of each minister's title; returns the tokens claimed."""
        doc = mentions.doc
        claimed: set[int] = set()
        for title in doc:
            body = self.bodies.get(title.text)
            if body is None or title.i + 1 >= len(doc) or not _name_after(doc[title.i + 1]):
                continue
            words = self._portfolio(doc, title)
            if words is None:
                continue
            portfolio = words.text
            named = self._named_before(doc, words)
            entry = self.gazetteer.entries.get(named.kb_id_) if named is not None and named.kb_id_ else \
                (self._known(doc, words, portfolio) if named is None else None)
            name = clean_name(named.text) if named is not None else \
                f"{body} {self.rule.names.get(portfolio, portfolio)}"
            if entry is not None:
                mentions.add_kb(words, entry, self.gazetteer)
            elif not add_found(mentions, mentions.state, words, name, "GovernmentBody", self.rule.name):
                continue
            fire(title, self.rule.name)
            claimed.update(t.i for t in words)
        return claimed

    def _portfolio(self, doc: Doc, title: Token) -> Span | None:
        """The capitalised words right before the title ("Transport and Infrastructure")."""
        start = title.i
        while start - 1 >= 0 and not doc[start].is_sent_start:
            before = doc[start - 1]
            if before.text[:1].isupper() and before.pos_ in ("PROPN", "NOUN", "ADJ") \
                    and before.ent_type_ not in self.stop_labels:
                start -= 1
            elif before.lower_ in ("and", "&") and start - 2 >= 0 and doc[start - 2].text[:1].isupper() \
                    and start < title.i:
                start -= 1
            else:
                break
        if start == title.i or doc[start].lower_ in ("and", "&"):
            return None
        words = doc[start:title.i]
        if any(w.text in self.not_portfolio for w in words):
            return None
        return words

    def _named_before(self, doc: Doc, words: Span) -> Span | None:
        """"the Ministry of Digital Transformation said ... Digital Transformation Minister Jane Roe
        said": the nearest ministry named before whose name holds the portfolio words."""
        wanted = {w.lower_ for w in words if w.lower_ not in ("and", "&")}
        found = [e for e in doc.ents if e.end <= words.start and e.label_ == "ORG"
                 and wanted <= {t.lower_ for t in e} and self.body_words & {t.lower_ for t in e}]
        return found[-1] if found else None

    def _known(self, doc: Doc, words: Span, portfolio: str) -> KBEntry | None:
        """The ministry the knowledge base knows by this title ("trade ministry"): the only one, else the
        one of the title's country (a possessive place before it, else the only country the document
        names)."""
        country = self._country_before(doc, words) or self._only_country(doc)
        for form in (f"{portfolio} {noun}" for noun in self.rule.title_nouns):
            offices = self.gazetteer.by_title_folded(form.lower())
            if len(offices) == 1 and (country is None or (offices[0].country or "").upper() == country):
                return offices[0]
            found = [o for o in offices if country and (o.country or "").upper() == country]
            if found:
                return found[0]
        return None

    def _country_before(self, doc: Doc, words: Span) -> str | None:
        """"Japan's Trade Minister", "the Dutch Trade Minister": the ISO code of the place before the title."""
        if words.start >= 2 and is_possessive_mark(doc[words.start - 1].text):
            return self.iso.get(doc[words.start - 2].ent_kb_id_)
        if words.start >= 1 and doc[words.start - 1].ent_type_ == "NORP":
            place = self.gazetteer.by_demonym(doc[words.start - 1].text)
            return place.iso.upper() if place is not None and place.iso else None
        return None

    def _only_country(self, doc: Doc) -> str | None:
        """The country the document's place names and nationalities name, if they name only one."""
        found = {self.iso[e.kb_id_] for e in doc.ents if e.kb_id_ in self.iso}
        for e in doc.ents:
            if e.label_ == "NORP" and (place := self.gazetteer.by_demonym(e.text)) is not None and place.iso:
                found.add(place.iso.upper())
        return next(iter(found)) if len(found) == 1 else None


def _name_after(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.text[:1].isupper())
