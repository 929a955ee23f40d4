"""Where an organisation is based (``lexicons/patterns.yaml``): "the Chinese company X",
"Singapore-based X", "the Singapore start-up X", "U.S. Court of Appeals"."""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from riskgraph.ingest.components.coref import DETERMINERS
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.resolution import ensure_kb_entity
from riskgraph.ingest.gazetteer import Gazetteer

if TYPE_CHECKING:
    from riskgraph.ingest.components.patterns import Emitter

PLACE_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})


def home_predicate(index: DocIndex, org: str) -> str:
    """A government body answers to a jurisdiction; anything else is headquartered in it."""
    return "jurisdiction" if "GovernmentBody" in index.classes(org) else "headquarteredIn"


class PlacePatterns:
    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, emit: Emitter) -> None:
        rules = lexicon.patterns
        self.rules = rules
        self.gazetteer = gazetteer
        self.emit = emit
        self.located_nouns = frozenset(rules.nationality.nouns) | frozenset(lexicon.arguments.collective_nouns.words)
        self.based_words = frozenset(rules.place_based.words)
        self.negative_prefixes = frozenset(rules.place_modifier.negative_prefixes)
        self.surface_endings = tuple(rules.place_modifier.surface_endings)
        self.lemma_endings = tuple(rules.place_modifier.lemma_endings)
        self.place_forms = {form: entry.id for entry in gazetteer.entries.values()
                            if entry.type == "Jurisdiction" and entry.iso
                            for form in entry.surface_forms if len(form) >= 2}

    def at_token(self, index: DocIndex, token: Token) -> None:
        if token.lower_ in self.based_words and token.i >= 1:
            self._based(index, token)
        elif token.dep_ in PLACE_MODIFIER_DEPS and index.mention_root.get(token.i):
            self._place_modifier(index, token)
        elif token.text == "(" and token.i >= 1:
            self._in_parentheses(index, token)

    # ------------------------------------------------------------------ the Chinese company X
    def nationality(self, index: DocIndex, span: Span) -> None:
        entry = self.gazetteer.by_demonym(span.text)
        noun = span.root.head
        if entry is None or noun.lemma_.lower() not in self.located_nouns:
            return
        members = index.entities_for(noun, ("org",), owner_fallback=False)
        if not members and noun.dep_ == "compound":  # "the Chinese company ByteDance Ltd.": a compound inside the name
            members = index.entities_for(noun.head, ("org",), owner_fallback=False)
        if not members:
            return
        place = ensure_kb_entity(index.state, entry)
        for org in members:
            self.emit(index, org, home_predicate(index, org), place, span.root, 0.85, self.rules.nationality.name)

    # ------------------------------------------------------------------ Singapore-based X
    def _based(self, index: DocIndex, based: Token) -> None:
        """"Singapore-based Kestrel Labs", "a Seattle-based cloud reseller, Nimbus Compute"."""
        doc = based.doc
        i = based.i - 1
        if doc[i].text == "-" and i >= 1:
            i -= 1
        place = index.token_key.get(i)
        if not place or "Jurisdiction" not in index.classes(place):
            return
        while i > 0 and index.token_key.get(i - 1) == place:
            i -= 1
        city = index.token_key.get(i - 2) if i >= 2 and doc[i - 1].text == "," else None
        if city and city != place and "Jurisdiction" in index.classes(city):  # "Boise, Idaho-based": the city
            place = city
        noun = based.head if based.head.i != based.i else None
        orgs = index.entities_for(noun, ("org",)) if noun is not None else []
        if not orgs and noun is not None and city:  # "the Boise, Idaho-based company" (the article on the city)
            orgs = self._described(index, noun, i - 2)
        if not orgs:  # the name right after: "Beijing-based ByteDance"
            j = based.i + 1
            while j < len(doc) and j < based.i + 5 and not index.token_key.get(j):
                j += 1
            key = index.token_key.get(j)
            orgs = [key] if key and index.fits(key, ("org",)) else []
        for org in orgs:
            self.emit(index, org, home_predicate(index, org), place, based, 0.85, self.rules.place_based.name)

    @staticmethod
    def _described(index: DocIndex, noun: Token, city_end: int) -> list[str]:
        """"The Boise, Idaho-based company": the article before the city makes the noun a definite
        description, whatever the parse hangs it on."""
        doc = noun.doc
        start = city_end
        while start > 0 and index.token_key.get(start - 1) == index.token_key.get(city_end):
            start -= 1
        if start == 0 or doc[start - 1].lower_ not in DETERMINERS or noun.i < city_end:
            return []
        found = index.references.resolve(noun, definite=True)
        if found is None or not index.fits(found, ("org",)):
            return []
        index.coref[noun.i] = found  # later pronouns may refer back through it ("Its rivals")
        return [found]

    # ------------------------------------------------------------------ X (Shenzhen, China)
    def _in_parentheses(self, index: DocIndex, paren: Token) -> None:
        """"Hexagon Robotics Ltd. (Shenzhen, China)": places in parentheses right after an organisation's
        name, and nothing else in them, say where it is based: the countries among them (a city alone is
        an address, and "Beijing" there is no government)."""
        org = index.token_key.get(paren.i - 1)
        if org is None or paren.i in index.token_key or not index.fits(org, ("org",)):
            return
        places: list[str] = []
        for token in paren.doc[paren.i + 1 :]:
            if token.text == ")":
                break
            key = index.token_key.get(token.i)
            if key is not None and "Jurisdiction" in index.classes(key):
                if key not in places:
                    places.append(key)
            elif token.text != "," and token.lower_ != "and":
                return
        else:
            return
        rule = self.rules.place_in_parentheses.name
        for place in places:
            if place != org and index.state.entities[place].iso:
                self.emit(index, org, home_predicate(index, org), place, paren, 0.8, rule)

    # ------------------------------------------------------------------ the Singapore start-up X
    def _negated(self, token: Token) -> bool:
        """"its non-U.S. affiliates"."""
        doc = token.doc
        first = min(t.i for t in token.subtree)
        before = [doc[i].lower_ for i in range(max(0, first - 2), first) if doc[i].text != "-"]
        return bool(before) and before[-1].rstrip("-") in self.negative_prefixes

    def _organisation_noun(self, noun: Token) -> bool:
        word = noun.lemma_.lower().split("-")[-1]
        return noun.pos_ == "NOUN" and (word in self.located_nouns or noun.lower_.endswith(self.surface_endings)
                                        or word.endswith(self.lemma_endings))

    def _place_modifier(self, index: DocIndex, token: Token) -> None:
        place = index.mention_root[token.i]
        if "Jurisdiction" not in index.classes(place) or self._negated(token):
            return
        rule = self.rules.place_modifier.name
        noun = token.head
        named = index.token_key.get(noun.i)
        if named and named != place and index.fits(named, ("org",)):  # "Singapore start-up Kestrel Ltd."
            self.emit(index, named, home_predicate(index, named), place, token, 0.75, rule)
            return
        while noun.dep_ == "compound" and noun.head.i != noun.i:  # "Singapore AI start-up"
            noun = noun.head
        if not self._organisation_noun(noun):
            return
        orgs = index.entities_for(noun, ("org",), owner_fallback=False)
        if not orgs and noun.dep_ == "appos" and (head := index.key_of(noun.head)):
            orgs = [head]
        for org in orgs:
            if org != place and index.fits(org, ("org",)):
                self.emit(index, org, home_predicate(index, org), place, token, 0.75, rule)

    # ------------------------------------------------------------------ "U.S. Court of Appeals", "PRC Government"
    def _place_in_name(self, name: str) -> str | None:
        """The knowledge-base id of a country whose name is in ``name`` (longest phrase first)."""
        words = name.replace("’s", "").replace("'s", "").split()
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                found = self.place_forms.get(" ".join(words[k:k + n]))
                if found:
                    return found
        return None

    def names(self, index: DocIndex) -> None:
        """An organisation whose own name holds a country name is placed in that country."""
        state = index.state
        for key, entity in list(state.entities.items()):
            if entity.kb_id or not entity.classes & {"Company", "GovernmentBody", "Regulation"}:
                continue
            found = self._place_in_name(entity.name)
            mention = next((m for m in state.mentions if m.key == key), None) if found else None
            span = index.doc.char_span(mention.start, mention.end, alignment_mode="expand") if mention else None
            if found is None or span is None:
                continue
            place = ensure_kb_entity(state, self.gazetteer.entries[found])
            predicate = "headquarteredIn" if "Company" in entity.classes else "jurisdiction"
            self.emit(index, key, predicate, place, span.root, 0.8, self.rules.places_in_names.name)
