"""Offices named by a bare title ("the President", "the commerce ministry", "China's foreign
ministry"): the office of that title (``titles`` in the gazetteer) of the country the title is tied to
(a possessive place or an adjective of nationality before it), else of the country the document is
about (``lexicons/entities.yaml`` bare_titles)."""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.resolution import Mentions, is_possessive_mark
from riskgraph.ingest.components.state import DocState, fire
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry


class TitledOffices:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, determiners: frozenset[str], rule: str,
                 coordinated: frozenset[str] = frozenset(), coordinated_rule: str = "") -> None:
        self.gazetteer = gazetteer
        self.determiners = determiners
        self.rule = rule
        self.body_nouns = coordinated
        self.coordinated_rule = coordinated_rule
        self.forms = {f.lower(): e for e in gazetteer.entries.values() if e.type == "GovernmentBody"
                      for f in (e.name, *e.aliases)}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        titles = {t for e in gazetteer.entries.values() for t in e.titles}
        for title in sorted(titles):
            self.matcher.add(title.lower(), [nlp.make_doc(title)])

    def __call__(self, mentions: Mentions) -> None:
        self._titles(mentions)

    def coordinated(self, mentions: Mentions) -> set[int]:
        """"the Commerce, Defense and State departments": each word before a plural body noun with it is
        a body ("Defense Department"), when the knowledge base knows it by that name or title; the
        tokens it claims (before NER's names are read)."""
        doc, state = mentions.doc, mentions.state
        taken = {i for m in state.mentions for i in range(m.start, m.end)}
        claimed: set[int] = set()
        for noun in doc:
            if noun.tag_ not in ("NNS", "NNPS") or noun.lemma_.lower() not in self.body_nouns:
                continue
            words = [c for c in noun.children if c.dep_ in ("nmod", "compound", "amod")]
            words += [w for c in words for w in c.conjuncts]
            for word in words:
                if word.idx in taken:
                    continue
                entry = self._body(state, noun, f"{word.text} {noun.lemma_}")
                if entry is not None and not word.ent_kb_id_:
                    mentions.add_kb(doc[word.i : word.i + 1], entry, self.gazetteer)
                    claimed.add(word.i)
                    fire(word, self.coordinated_rule)
        return claimed

    def _body(self, state: DocState, noun: Token, form: str) -> KBEntry | None:
        """A body the knowledge base names ``form`` ("defense department"), or whose title it is, of
        the country the phrase is tied to."""
        entry = self.forms.get(form.lower())
        if entry is not None:
            return entry
        country = self._country_of_phrase(state, noun)
        return next((o for o in self.gazetteer.by_title_folded(form.lower()) if country
                     and self._home_key(o) == country), None)

    def _country_of_phrase(self, state: DocState, noun: Token) -> str | None:
        for child in noun.children:
            if child.dep_ == "poss":
                return self._place_at(state, child.idx)
        return main_country(state)

    def _titles(self, mentions: Mentions) -> None:
        doc, state = mentions.doc, mentions.state
        taken = {i for m in state.mentions for i in range(m.start, m.end)}
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if start == 0 or span.start_char in taken or self._named_after(span):
                continue
            country = self._country(state, span)
            office = next((o for o in self.gazetteer.by_title(self._title(doc, match_id)) if country
                           and self._home_key(o) == country), None)
            if office is not None:
                mentions.add_kb(span, office, self.gazetteer)
                taken.update(range(span.start_char, span.end_char))
                fire(span, self.rule)

    def _title(self, doc: Doc, match_id: int) -> str:
        folded = doc.vocab.strings[match_id]
        return next(t for e in self.gazetteer.entries.values() for t in e.titles if t.lower() == folded)

    @staticmethod
    def _named_after(span: Span) -> bool:
        """"the President of Globex", "President Jane Roe": someone else's office, or a name."""
        doc = span.doc
        after = doc[span.end] if span.end < len(doc) else None
        return after is not None and (after.lower_ == "of" or (after.pos_ == "PROPN" and after.text[:1].isupper()))

    def _country(self, state: DocState, span: Span) -> str | None:
        """"China's foreign ministry", "the Chinese commerce ministry", else "the ..." in a document
        about a country."""
        doc = span.doc
        before = doc[span.start - 1]
        if is_possessive_mark(before.text) and span.start >= 2:
            return self._place_at(state, doc[span.start - 2].idx)
        for demonym, place in state.demonyms:
            if demonym.end == span.start or (demonym.end == span.start - 1 and before.lower_ in self.determiners):
                return place
        if before.lower_ in self.determiners:
            return main_country(state)
        return None

    @staticmethod
    def _place_at(state: DocState, char: int) -> str | None:
        for m in state.mentions:
            entity = state.entities.get(m.key)
            if m.start <= char < m.end and entity is not None and "Jurisdiction" in entity.classes:
                return m.key
        return None

    def _home_key(self, entry: KBEntry) -> str | None:
        home = self.gazetteer.by_iso(entry.country) if entry.country else None
        return f"kb:{home.id}" if home is not None else None


def main_country(state: DocState) -> str | None:
    """The jurisdiction the document names most, directly or as the home of what it names."""
    counts = Counter(state.homes.get(m.key) for m in state.mentions if state.homes.get(m.key))
    return counts.most_common(1)[0][0] if counts else None
