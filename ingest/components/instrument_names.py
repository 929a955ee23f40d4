"""The words of an unnamed instrument and its canonical name: issuer + instrument + scope ("US export
restrictions on advanced AI chips"), with the noun phrases of the text as aliases
(``lexicons/instruments.yaml``)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from riskgraph.ingest.components.mentions import DocIndex
from riskgraph.ingest.components.syntax import is_passive, verb_subjects
from riskgraph.ingest.gazetteer import Gazetteer, KBEntry

MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "npadvmod", "quantmod"})
SKIPPED_DEPS = frozenset({"det", "poss", "case", "punct", "predet", "cc", "prep"})


@dataclass(frozen=True)
class Named:
    name: str
    aliases: tuple[str, ...]
    place: str | None  # the jurisdiction a modifier names ("U.S. export controls", "China's ban")
    issuer: str | None  # the body a modifier names ("BIS rules", "Washington's curbs")
    prefixed: bool  # the name starts with its issuer's jurisdiction or name


def noun_phrase(index: DocIndex, token: Token) -> Span:
    """The instrument's own words: the noun and the modifiers before it that name no entity ("the
    U.S. export restrictions" -> "export restrictions")."""
    doc = token.doc
    start = token.i
    lefts = {t.i for c in token.lefts if c.dep_ in MODIFIER_DEPS for t in c.subtree}
    while start - 1 in lefts and start - 1 not in index.token_key and (
            doc[start - 1].dep_ not in SKIPPED_DEPS or (doc[start - 1].text == "-" and start - 2 in lefts)):
        start -= 1  # "its 20-year licence" -> "20-year licence"
    return doc[start : token.i + 1]


class InstrumentNamer:
    def __init__(self, gazetteer: Gazetteer, short_form_length: int, framing: frozenset[str] = frozenset(),
                 issuer_group: str = "org", owned: frozenset[str] = frozenset()) -> None:
        self.gazetteer = gazetteer
        self.short_length = short_form_length
        self.framing = framing
        self.issuer_group = issuer_group
        self.owned = owned

    def name(self, index: DocIndex, token: Token, span: Span, cover_preps: tuple[str, ...],
             fresh: frozenset[str], issuing_verbs: frozenset[str], standalone: bool) -> Named | None:
        place, issuer = self._modifiers(index, token)
        issuer = issuer or self._framing_subject(index, token)
        acting = self._issuing_subject(index, token, issuing_verbs)
        named = place or issuer or acting
        prefix = self.short(index, named) if named else ""
        core = " ".join(t.text for t in span if t.lower_ not in fresh)
        scope = self._scope(token, cover_preps) or self._clause(token)
        if not scope and (not prefix or (not standalone and not acting)):
            return None  # "the measure", "U.S. export controls" in general: no instrument of its own
        name = " ".join(p for p in (prefix, core, scope) if p)
        nouns = " ".join(t.text for t in span if t.i == token.i or (t.dep_ == "compound" and t.head.i == token.i))
        aliases = {span.text, core, nouns, token.text}  # "earlier export restrictions", "export restrictions"
        for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            aliases.add(f"{span.text} {phrase_text(of)}")  # "package of sanctions"
        holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if holder is not None and holder.pos_ == "NOUN":  # "update of its rules on advanced chips"
            words = token.doc[holder.i : token.i + 1].text
            aliases.add(f"{words} {scope}".strip())
        return Named(name, tuple(sorted(a for a in aliases if a)), place, issuer, bool(prefix))

    # ------------------------------------------------------------------ who and where
    def _modifiers(self, index: DocIndex, token: Token) -> tuple[str | None, str | None]:
        """The place and the issuing body the noun's modifiers and possessor name."""
        place = issuer = None
        tokens = [t for c in token.lefts if c.dep_ in MODIFIER_DEPS | {"poss"} for t in c.subtree]
        for tok in tokens:
            key = index.token_key.get(tok.i) or (self._possessor(index, tok) if tok.dep_ == "poss" else None)
            if key is None:
                key = next((p for span, p in index.state.demonyms if span.start <= tok.i < span.end), None)
            if key is None:
                continue
            if "Jurisdiction" in index.classes(key):
                place = place or key
            elif index.fits(key, ("org",)):
                issuer = issuer or key
        return place, issuer

    def _possessor(self, index: DocIndex, tok: Token) -> str | None:
        """"its export control list": a pronoun that owns a list stands for a body that issues
        instruments ("The FCC added Globex to its list": the FCC's, not Globex's)."""
        if tok.pos_ == "PRON" and tok.head.lemma_.lower() in self.owned:
            return index.references.resolve(tok, group=self.issuer_group)
        return index.key_of(tok)

    def _issuing_subject(self, index: DocIndex, token: Token, issuing_verbs: frozenset[str]) -> str | None:
        """"The Commerce Department imposed new export restrictions": who the verb's subject is."""
        if token.dep_ not in ("dobj", "nsubjpass") or token.head.lemma_.lower() not in issuing_verbs:
            return None
        found = [k for t in verb_subjects(token.head) for k in index.entities_for(t, ("org", "place"))]
        return found[0] if found else None

    def _framing_subject(self, index: DocIndex, token: Token) -> str | None:
        """"In guidance issued on Friday, the agency said ...": the instrument that frames a clause is the
        clause subject's (a named body's) own."""
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in self.framing or prep.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = prep.head
        if verb.tag_ == "VBN" and verb.dep_ in ("ccomp", "advcl") and not any(c.dep_.startswith("nsubj")
                                                                              for c in verb.children):
            verb = verb.head  # the parser may hang "In guidance" on "issued" inside the frame
        if verb.pos_ not in ("VERB", "AUX") or is_passive(verb):
            return None  # "Under the bill, an app operated by X ...": X is bound by it, not its issuer
        found = [k for t in verb.children if t.dep_ == "nsubj" for k in index.entities_for(t, ("org",))]
        return found[0] if found else None

    def short(self, index: DocIndex, key: str) -> str:
        """"US", "EU", "China", "BIS": how an instrument's name starts."""
        entity = index.state.entities.get(key)
        if entity is None:
            return ""
        entry = self.gazetteer.entries.get(entity.kb_id or "")
        if entry is not None and entry.government_of:  # "United States government" -> "US"
            entry = self.gazetteer.entries.get(entry.government_of, entry)
        if entry is None:
            return entity.name
        home = self.gazetteer.by_iso(entry.country) if entry.type != "Jurisdiction" and entry.country else None
        if home is not None and not self._abbreviation(entry):  # "U.S. Department of Commerce" -> "US"
            entry = home
        return self._abbreviation(entry) or entry.name

    def _abbreviation(self, entry: KBEntry) -> str | None:
        if entry.type == "Jurisdiction":
            return next((a for a in entry.abbreviations if len(a) == self.short_length and a.isupper()), None)
        return next((a for a in entry.abbreviations if a.isupper() and a.isalpha()), None)

    @staticmethod
    def _clause(token: Token) -> str:
        """"a bill that would ban TikTok": what a standalone instrument does, when no complement says it."""
        clause = next((c for c in token.rights if c.dep_ in ("relcl", "acl")), None)
        return "".join(t.text_with_ws for t in clause.subtree).strip() if clause is not None else ""

    @staticmethod
    def _scope(token: Token, cover_preps: tuple[str, ...]) -> str:
        """"on advanced AI chips": the first complement that says what the instrument covers."""
        prep = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in cover_preps), None)
        return phrase_text(prep) if prep is not None else ""


def phrase_text(prep: Token) -> str:
    """A prepositional phrase up to the first comma or relative clause."""
    words: list[str] = []
    clause = {t.i for c in prep.subtree if c.dep_ in ("relcl", "acl") and c.head.i != prep.i for t in c.subtree}
    for t in prep.subtree:
        if t.text in (",", ";", "(") or t.i in clause:
            break
        words.append(t.text_with_ws)
    return "".join(words).strip()
