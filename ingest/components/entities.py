"""Turns spaCy entity spans into riskgraph entities: typed (``entity_types``), keyed and resolved
within the document (``resolution``), with the names NER missed (``mention_finders``)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from riskgraph.ingest.components.entity_types import EntityTyper
from riskgraph.ingest.components.gazetteer_matcher import cached_gazetteer
from riskgraph.ingest.components.layout import dateline_names, inside_title, is_dateline
from riskgraph.ingest.components.lexicon import Lexicon, load_lexicon
from riskgraph.ingest.components.lexicon_phrases import NameTest
from riskgraph.ingest.components.mention_finders import MentionFinders
from riskgraph.ingest.components.metonymy import stands_for_government
from riskgraph.ingest.components.portfolio_titles import Portfolios
from riskgraph.ingest.components.resolution import (
    Mentions,
    acronym_after,
    clean_name,
    drop_headline_only,
    ensure_kb_entity,
    link_acronyms,
    link_repeated_names,
    resolve_local,
)
from riskgraph.ingest.components.state import DocState, fire
from riskgraph.ingest.components.titled_offices import TitledOffices
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry
from riskgraph.ingest.model import Entity
from riskgraph.ingest.names import name_key


class EntityLinker:
    """Assigns ``doc._.rg_state.entities`` and ``.mentions`` (and ``.demonyms`` for NORP mentions)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon, version: str) -> None:
        self.gazetteer = gazetteer
        self.version = version
        self.typer = EntityTyper(lexicon)
        self.finders = MentionFinders(lexicon)
        self.role_words = frozenset(lexicon.roles.role_words.words)
        self.title_glue = frozenset(lexicon.roles.title_glue.words)
        self.seats = lexicon.entities.seats_of_government
        self.place_prepositions = frozenset(self.seats.place_prepositions)
        self.cities = lexicon.entities.cities_before_places
        self.datelines = lexicon.entities.dateline_names
        self.city_words = frozenset(self.cities.words)
        parts = lexicon.entities.law_parts
        self.parts_rule = parts.name
        self.law_part = re.compile(rf"^(?:{'|'.join(map(re.escape, parts.words))})\s+\S+(?:\s*\(\w+\))*\s+of\s+"
                                   r"(?:the\s+)?(?P<law>[A-Z].+)$")
        self.laws = {form.casefold(): entry for entry in gazetteer.entries.values() if entry.type == "Regulation"
                     for form in (entry.name, *entry.aliases)}
        bare = lexicon.entities.bare_titles
        coordinated = lexicon.entities.coordinated_bodies
        self.portfolios = Portfolios(gazetteer, lexicon.entities.portfolio_titles)
        self.offices = TitledOffices(nlp, gazetteer, frozenset(bare.determiners), bare.name,
                                     frozenset(coordinated.nouns), coordinated.name)

    def __call__(self, doc: Doc) -> Doc:
        for name in dateline_names(doc):
            fire(name, self.datelines.name)
        mentions = Mentions(doc, self.version)
        claimed = self._missed_names(mentions) | self.offices.coordinated(mentions)
        claimed |= self.portfolios(mentions, self._add_found)
        acronyms: dict[str, str] = {}
        for span in doc.ents:
            while span.label_ == "PERSON" and len(span) > 2 and span[0].text in self.role_words:
                span = Span(doc, span.start + 1, span.end, label=span.label_)  # "Chairperson Jane Roe"
            if any(t.i in claimed for t in span):
                span = _owner_before(span, claimed)  # "Globex's Orion X2" with the product claimed: Globex
            if span is None or is_dateline(span) or inside_title(span, self.role_words, self.title_glue):
                continue
            self._entity(mentions, span, acronyms)
        link_acronyms(mentions, acronyms)
        self.offices(mentions)
        link_repeated_names(mentions)
        drop_headline_only(mentions)
        self._law_parts(mentions.state)
        return doc

    def _law_parts(self, state: DocState) -> None:
        """"Section 2 of the Sherman Act": the law a part of a law names is an entity too (the knowledge
        base's, when it knows the name), and the part is recorded as its part."""
        for key, entity in list(state.entities.items()):
            found = self.law_part.match(entity.name) if "Regulation" in entity.classes else None
            if found is None:
                continue
            name = found.group("law")
            entry = self.laws.get(name.casefold())
            law = ensure_kb_entity(state, entry) if entry is not None else f"regulation:{name_key(name)}"
            if law not in state.entities:
                state.entities[law] = Entity(key=law, name=name, classes={"Regulation"})
            if law != key:
                state.part_of[key] = law
                state.fired[self.parts_rule] += 1

    def _missed_names(self, mentions: Mentions) -> set[int]:
        """People, companies and products NER missed; the tokens they claim."""
        doc, state = mentions.doc, mentions.state
        finders = self.finders
        for span in finders.people(doc):
            self._add_found(mentions, state, span, clean_name(span.text), "Person", finders.people_rule)
        claimed: set[int] = set()
        for span in finders.companies(doc):
            if self._add_found(mentions, state, span, clean_name(span.text), "Company", finders.companies_rule):
                claimed.update(t.i for t in span)
        for span in finders.citations(doc):
            if self._add_found(mentions, state, span, span.text, "Regulation", finders.citations_rule):
                claimed.update(t.i for t in span)
        products = finders.products(doc)
        claimed |= {t.i for span in products for t in span}
        for span in products:
            self._add_found(mentions, state, span, span.text, "Product", finders.products_rule)
        return claimed

    def _add_found(self, mentions: Mentions, state: DocState, span: Span, name: str, cls: str, rule: str) -> bool:
        key = resolve_local(state, self.typer, name, cls, span)
        if key:
            mentions.add(span, key, 0.65, cls=cls, name=name, rule=rule)
        return key is not None

    def _entity(self, mentions: Mentions, span: Span, acronyms: dict[str, str]) -> None:
        """One NER (or knowledge-base) span: a known entity, a nationality, an acronym, or a new name."""
        state = mentions.state
        entry = self.gazetteer.entries.get(span.kb_id_) if span.kb_id_ else None
        if entry is not None:
            government = self._government_for_seat(span, entry)
            if government is not None:  # "Washington curbed ...": the government, not the city
                mentions.add_kb(span, government, self.gazetteer)
                fire(span, self.seats.name)
                return
            mentions.add_kb(span, entry, self.gazetteer)
            return
        if span.label_ == "NORP" and not self._typed_name(span):
            self._nationality(state, span)
            return
        name = clean_name(span.text.split(" (")[0])
        if name in acronyms:
            mentions.add(span, acronyms[name], 0.8)
            return
        self._new_name(mentions, span, name, acronyms)

    def _typed_name(self, span: Span) -> bool:
        """A name that a rule of its words types ("Silex Microsystems", which NER may take for a nationality)."""
        rule = self.typer.classify(span, clean_name(span.text))
        return rule is not None and rule.test is not NameTest.label

    def _new_name(self, mentions: Mentions, span: Span, name: str, acronyms: dict[str, str]) -> None:
        """A name the knowledge base does not know, typed by its words, its label or where it stands."""
        state = mentions.state
        if self.gazetteer.by_title(name):
            return  # "the Ministry of Commerce": an office's title, for the titled offices to place
        rule = self.typer.classify(span, name)
        if (rule is None or rule.test is NameTest.label) and self._city_before_place(span):
            key = resolve_local(state, self.typer, name, "Jurisdiction", span)
            if key is not None:
                mentions.add(span, key, 0.7, cls="Jurisdiction", name=name, rule=self.cities.name)
            return
        if rule is None:
            if span.label_ in self.typer.typed_labels:
                state.unmatched[f"{span.label_}:{name}"] += 1
            return
        key = resolve_local(state, self.typer, name, rule.cls, span)
        if key is None:
            return
        mentions.add(span, key, 0.7, cls=rule.cls, name=name, rule=rule.name)
        defined = acronym_after(span.doc, span)
        if defined:
            acronyms[defined] = key
            state.entities[key].surfaces.add(defined)

    def _city_before_place(self, span: Span) -> bool:
        """"the Boise, Idaho-based company": a name, a comma, a place, then "-based"."""
        doc = span.doc
        i = span.end + 1
        if i >= len(doc) or doc[span.end].text != "," or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != "GPE":
            return False
        i += 1
        while i < len(doc) and doc[i].ent_iob_ == "I":
            i += 1
        if i < len(doc) and doc[i].text == "-":
            i += 1
        return i < len(doc) and doc[i].lower_ in self.city_words

    def _government_for_seat(self, span: Span, entry: KBEntry) -> KBEntry | None:
        if not entry.seat_of or not stands_for_government(span, self.place_prepositions):
            return None
        return self.gazetteer.government_of(entry.id)

    def _nationality(self, state: DocState, span: Span) -> None:
        entry = self.gazetteer.by_demonym(span.text)
        if entry is not None:
            state.demonyms.append((span, f"kb:{entry.id}"))
        else:
            state.unmatched[f"demonym:{span.text}"] += 1


@Language.factory(
    "rg_entities",
    assigns=["doc._.rg_state"],
    requires=["doc.ents", "token.ent_kb_id", "doc.sents"],
    default_config={"gazetteer_dir": "", "lexicon": "", "version": "0"},
)
def make_entity_linker(nlp: Language, name: str, gazetteer_dir: str, lexicon: str, version: str) -> EntityLinker:
    return EntityLinker(nlp, cached_gazetteer(gazetteer_dir), load_lexicon(lexicon), version)


def _owner_before(span: Span, claimed: set[int]) -> Span | None:
    """The possessor at the start of a name NER ran on into a name claimed apart ("Globex
    Corporation's" in "Globex Corporation's Orion X2 chips"), if any."""
    first = next(t.i for t in span if t.i in claimed)
    if first - 2 < span.start or span.doc[first - 1].text not in ("'s", "’s"):
        return None
    return Span(span.doc, span.start, first - 1, label=span.label_)
