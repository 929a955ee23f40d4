"""Shared reading of the dependency parse: which entity a token stands for, argument structure of
verbs and nouns, coreference of "the company" / "its", and entity groups.

Used by the relation, licence and event components; holds no lexicon of its own (callers pass the
words that matter from their YAML files).
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.state import DocState

GROUPS: dict[str, set[str]] = {
    "org": {"Company", "GovernmentBody", "Organization", "Provider"},
    "gov": {"GovernmentBody"},
    "authority": {"GovernmentBody", "Provider"},  # who can ban or suspend by name alone: "the OpenAI ban"
    "company": {"Company", "Provider"},
    "person": {"Person"},
    "product": {"Product"},
    "project": {"Project"},
    "asset": {"Product", "Project"},
    "licence": {"License"},
    "regulation": {"Regulation"},
    "instrument": {"License", "Regulation"},
    "place": {"Jurisdiction"},
    "any": {"Company", "GovernmentBody", "Organization", "Provider", "Person", "Product", "Project", "License",
            "Regulation", "Jurisdiction"},
}
PRONOUNS_ORG = {"it", "its", "they", "their", "them", "itself", "themselves"}
PLURAL_PRONOUNS = {"they", "their", "them", "themselves"}
# nouns for other parties of an owner: "its customers used X" is not the owner using X
RELATIONAL_NOUNS = {"customer", "user", "client", "employee", "staff", "engineer", "partner", "supplier", "rival",
                    "competitor", "investor", "shareholder", "buyer", "seller", "reseller", "distributor", "vendor",
                    "critic", "lawyer", "regulator", "worker", "developer", "researcher", "executive"}
DEFINITE_ORG_NOUNS = {"company", "firm", "group", "startup", "business", "giant", "maker", "developer", "provider",
                      "conglomerate", "corporation", "lab", "laboratory"}
DEFINITE_GOV_NOUNS = {"department", "commission", "bureau", "agency", "administration", "ministry", "office",
                      "regulator", "government", "court", "authority", "council", "committee", "watchdog"}
# descriptions that name no part of the body's name: "the regulator", "Italy's privacy watchdog"
GENERIC_GOV_NOUNS = {"regulator", "government", "authority", "watchdog", "agency"}
HOME_PREDICATES = ("headquarteredIn", "jurisdiction")
# whoever says or finds that something is in breach is not the one in breach
JUDGING_VERBS = {"say", "state", "announce", "find", "conclude", "allege", "claim", "rule", "determine", "accuse",
                 "argue", "add", "note", "warn", "believe"}
COLLECTIVE_NOUNS = {"entity", "firm", "company", "organization", "organisation", "person", "affiliate", "subsidiary",
                    "party", "individual", "business", "supplier", "operator", "developer", "maker", "provider",
                    "group", "corporation", "lab", "country", "nation", "destination", "jurisdiction", "state"}
NAMING_VERBS = {"codename", "codenamed", "call", "called", "name", "named", "dub", "dubbed", "brand", "branded"}
SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}


def in_group(classes: Iterable[str], groups: Iterable[str]) -> bool:
    wanted = set().union(*(GROUPS[g] for g in groups))
    return bool(wanted & set(classes))


class DocIndex:
    """Token -> entity key for every mention, plus coreference for pronouns and definite nouns."""

    def __init__(self, doc: Doc, state: DocState) -> None:
        self.doc = doc
        self.state = state
        self.token_key: dict[int, str] = {}
        self.mention_root: dict[int, str] = {}
        spans = sorted(state.mentions, key=lambda m: m.start)
        for m in spans:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.token_key.setdefault(tok.i, m.key)
            self.mention_root[span.root.i] = m.key
        self.coref: dict[int, str] = state.coref  # shared by every component of this document

    # ------------------------------------------------------------------ entity lookup
    def classes(self, key: str) -> set[str]:
        entity = self.state.entities.get(key)
        return entity.classes if entity else set()

    def key_of(self, token: Token) -> str | None:
        key = self.token_key.get(token.i)
        if key:
            return key
        if token.i not in self.coref:
            found = self.resolve_reference(token)
            if found is None:
                return None
            self.coref[token.i] = found
        return self.coref[token.i]

    def mentions_in(self, tokens: Iterable[Token]) -> list[str]:
        out: list[str] = []
        for tok in tokens:
            key = self.token_key.get(tok.i)
            if key and key not in out:
                out.append(key)
        return out

    def entities_for(self, token: Token, groups: Iterable[str], *, owner_fallback: bool = True) -> list[str]:
        """Entity keys a syntactic argument stands for: the token's entity, its list (conj), the
        members of a collective noun ("11 entities, including A and B"), or its possessor."""
        groups = list(groups)
        found: list[str] = []
        for tok in [token, *token.conjuncts]:
            for key in self._entities_of_token(tok, owner_fallback):
                if key not in found and in_group(self.classes(key), groups):
                    found.append(key)
        return found

    def _entities_of_token(self, tok: Token, owner_fallback: bool) -> list[str]:
        key = self.key_of(tok)
        if key:
            return [key]
        named = self.named_after(tok)
        if named:
            return [named]
        if tok.dep_ == "appos" and (k := self.key_of(tok.head)):  # "Nimbus Compute, the Seattle reseller"
            return [k]
        for child in tok.children:  # "the Chinese company ByteDance Ltd." / "app TikTok"
            if child.dep_ in ("compound", "appos", "nmod", "npadvmod") and (k := self.key_of(child)):
                if tok.pos_ == "NOUN" and child.dep_ == "compound" and "Jurisdiction" in self.classes(k):
                    continue  # "a Hong Kong trader" is a trader, not Hong Kong
                return [k]
        nxt = tok.i + 1  # "the messaging app Chatterly": a name right after a common noun
        if tok.pos_ == "NOUN" and nxt < len(self.doc) and (k := self.token_key.get(nxt)) and \
                self.mention_root.get(nxt, k) == k:
            return [k]
        if tok.lemma_.lower() in COLLECTIVE_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
            members = self._collective_members(tok)
            if members:
                return members
        if owner_fallback and tok.lemma_.lower() not in RELATIONAL_NOUNS:
            for child in tok.children:
                if child.dep_ == "poss" and child.lower_ == "whose":  # "the reseller whose status X suspended"
                    clause = next((a for a in child.ancestors if a.dep_ == "relcl"), None)
                    if clause is not None:
                        return self._entities_of_token(clause.head, owner_fallback=False)
                if child.dep_ in ("poss",) and (k := self.key_of(child)):
                    return [k]
            # premodifiers inside the noun phrase: "GPT-generated data", "OpenAI's model outputs"
            inner = self.mentions_in(t for left in tok.lefts for t in left.subtree)
            if inner:
                return inner
            for obj in (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                        if g.dep_ == "pobj"):  # "the initial stages of Project Seed"
                if k := self.key_of(obj):
                    return [k]
        return []

    def named_after(self, tok: Token) -> str | None:
        """"its AI project, codenamed Project Seed" -> the entity the noun is named as."""
        doc = self.doc
        i = tok.i + 1
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].lower_ in NAMING_VERBS:
            i += 1
            if i < len(doc) and doc[i].lower_ in ("as", "simply"):
                i += 1
            if i < len(doc):
                return self.token_key.get(i)
        return None

    def named_owner(self, tok: Token) -> Token | None:
        """For a name token preceded by "<noun>, codenamed": that noun (whose possessor owns it)."""
        doc = self.doc
        i = tok.i - 1
        if i >= 0 and doc[i].lower_ in ("as",):
            i -= 1
        if i < 0 or doc[i].lower_ not in NAMING_VERBS:
            return None
        i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        return doc[i] if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") else None

    def _collective_members(self, tok: Token) -> list[str]:
        # "three companies, including A and B" -> A, B; not what a relative clause mentions
        # ("companies that build servers for Alibaba Cloud") nor their owner ("ByteDance's entities")
        clauses = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        clauses |= {t.i for x in tok.subtree if x.dep_ == "poss" for t in x.subtree}
        members = self.mentions_in(t for t in tok.subtree if t.i != tok.i and t.i not in clauses)
        if members:
            return members
        head = tok.head
        if tok.dep_ in SUBJECT_DEPS and head.lemma_ == "be":  # "The entities ... are A; B; C"
            right = [t for t in head.subtree if t.i > head.i]
            return self.mentions_in(right)
        return []

    # ------------------------------------------------------------------ coreference
    def resolve_reference(self, token: Token) -> str | None:
        """Pronoun or definite description ("the company", "the Department", "the Chinese company",
        "Italy's privacy regulator") -> the entity it stands for."""
        lower = token.lower_
        if token.pos_ == "PRON" and lower in PRONOUNS_ORG:
            return self._antecedent(token, "org", None)
        if token.dep_ == "appos" and (named := self.token_key.get(token.head.i)):
            return named  # "Kestrel Labs, the Singapore AI developer": the description is the name beside it
        lemma = token.lemma_.lower()
        if token.pos_ not in ("NOUN", "PROPN") or lemma not in DEFINITE_ORG_NOUNS | DEFINITE_GOV_NOUNS:
            return None
        definite = any(c.lower_ in ("the", "this", "that") for c in token.children)
        place = self.place_of_description(token)
        if token.tag_ in ("NNS", "NNPS") or not (definite or (place and self._possessed_by_place(token))):
            return None  # "three Chinese companies", "a Chinese company": no one in particular
        # two different descriptions in one sentence ("the firm violated the company's terms") are
        # two different entities
        taken = {k for i, k in self.coref.items() if token.sent.start <= i < token.sent.end and i != token.i
                 and self.doc[i].pos_ != "PRON" and self.doc[i].lemma_.lower() != lemma}
        if lemma in DEFINITE_ORG_NOUNS:
            return self._antecedent(token, "company", None, taken, place)
        word = None if place is not None and lemma in GENERIC_GOV_NOUNS else token.text
        return self._antecedent(token, "gov", word, taken, place)

    def place_of_description(self, token: Token) -> str | None:
        """The place a description is tied to: "the Chinese company" (a nationality adjective),
        "Italy's regulator" (a possessive place)."""
        for child in token.children:
            if child.dep_ == "amod":
                for span, place in self.state.demonyms:
                    if span.start <= child.i < span.end:
                        return place
            if child.dep_ in ("poss", "compound"):
                key = self.token_key.get(child.i)
                if key and "Jurisdiction" in self.classes(key):
                    return key
        return None

    def _possessed_by_place(self, token: Token) -> bool:
        """"Italy's regulator": the place is the possessor (definite without an article)."""
        return any(c.dep_ == "poss" and (k := self.token_key.get(c.i)) and "Jurisdiction" in self.classes(k)
                   for c in token.children)

    def home_of(self, key: str) -> set[str]:
        """The places an entity is based in or answers to, as known so far in this document."""
        homes = {self.state.homes[key]} if key in self.state.homes else set()
        homes.update(r.object for r in self.state.relations if r.subject == key and r.predicate in HOME_PREDICATES)
        return homes

    def _antecedent(self, token: Token, group: str, word: str | None, taken: set[str] | None = None,
                    place: str | None = None) -> str | None:
        """The nearest fitting mention before ``token`` (this or the previous sentence); a description
        tied to a place ("the Chinese company") looks through the whole document for an entity of
        that place, nearest first."""
        sent = token.sent
        sentences = [sent]
        prev = self._previous_sentence(sent)
        if prev is not None:
            sentences.append(prev)
        near = [(distance, s) for distance, s in enumerate(sentences)]
        # nearby, an entity whose home is not known yet may be the one ("a letter to Mingjing ... the
        # Chinese company"); further away only one known to be of that place
        found = self._candidates(token, near, group, word, taken, place, unknown_home_ok=True, before_only=True)
        if found is None and place is not None:
            anywhere = [(abs(s.start - sent.start), s) for s in self.doc.sents]
            found = self._candidates(token, anywhere, group, word, taken, place, unknown_home_ok=False,
                                     before_only=False)
        return found

    def _candidates(self, token: Token, spans: list[tuple[int, Span]], group: str, word: str | None,
                    taken: set[str] | None, place: str | None, *, unknown_home_ok: bool,
                    before_only: bool) -> str | None:
        sent = token.sent
        candidates: list[tuple[int, int, int, str]] = []  # (sentence distance, depth, -position, key)
        for distance, s in spans:
            for i in range(s.start, s.end):
                if s.start == sent.start and i >= token.i and before_only:
                    break
                if i == token.i:
                    continue
                key = self.mention_root.get(i)
                if not key or not in_group(self.classes(key), [group]):
                    continue
                if word and word.lower() not in self.state.entities[key].name.lower():
                    continue
                if taken and key in taken:
                    continue
                if place is not None:
                    homes = self.home_of(key)
                    if place not in homes and (homes or not unknown_home_ok):
                        continue
                if token.lower_ in PLURAL_PRONOUNS and self._plural_noun_between(i, token.i):
                    continue  # "OpenAI told users that their data ...": "their" is the users
                candidates.append((distance, depth(self.doc[i]), -i, key))
        if not candidates:
            return None
        candidates.sort()
        return candidates[0][-1]

    def keys_near(self, token: Token, sentences: int) -> set[str]:
        """Entities named in the token's sentence or the ``sentences`` before it."""
        start = token.sent.start
        for _ in range(sentences):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        return set(self.mentions_in(self.doc[start : token.sent.end]))

    def _plural_noun_between(self, start: int, end: int) -> bool:
        return any(self.doc[j].tag_ == "NNS" and j not in self.token_key for j in range(start + 1, end))

    def _previous_sentence(self, sent: Span) -> Span | None:
        if sent.start == 0:
            return None
        return self.doc[sent.start - 1].sent


def depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i and d < 50:
        token = token.head
        d += 1
    return d


# ---------------------------------------------------------------------- argument structure
def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")
    )


def prep_objects(token: Token, word: str) -> list[Token]:
    """Objects of the preposition ``word`` attached to ``token`` ("pursuant to X" works too)."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    out.append(grand)
                elif grand.dep_ == "prep":  # "pursuant to", "due to", "according to"
                    out.extend(g for g in grand.children if g.dep_ == "pobj")
    return out


def verb_subjects(verb: Token) -> list[Token]:
    if is_passive(verb):
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return agents
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return verb_subjects(verb.head)
    if not subjects and verb.dep_ == "acl" and verb.tag_ == "VB":
        noun = verb.head
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if owners:
            return owners  # "OpenAI's decision to suspend ..."
        if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "into") and noun.head.head.pos_ in ("VERB", "AUX"):
            return verb_subjects(noun.head.head)  # "X is in talks to acquire Y"
    if not subjects and verb.dep_ in ("relcl", "acl"):  # "the stages of X using Y", "firms that use Y"
        return [verb.head]
    out = []
    for s in subjects:
        if s.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            out.append(verb.head)
        else:
            out.append(s)
    return out


def verb_objects(verb: Token) -> list[Token]:
    if is_passive(verb):
        objs = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if not objs and verb.dep_ in ("acl", "relcl", "amod"):
            objs = [verb.head]
        return objs
    return [c for c in verb.children if c.dep_ in ("dobj", "obj", "attr", "oprd")]


def noun_possessors(noun: Token) -> list[Token]:
    return [c for c in noun.children
            if c.dep_ == "poss" or (c.dep_ == "nmod" and any(g.dep_ == "case" for g in c.children))]


def acted_on(trigger: Token) -> list[Token]:
    """What a verb acts on (its objects) or a noun acts on (its "of"/"on" objects)."""
    if trigger.pos_ in ("VERB", "AUX"):
        return verb_objects(trigger)
    return [o for prep in ("of", "on") for o in prep_objects(trigger, prep)]


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun hangs from as subject or object (through one preposition at most)."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def sentence_subject(token: Token) -> list[Token]:
    """Subjects of the clauses ``token`` sits in, nearest first ("Osprey told users that their data
    was used, in breach of Y" -> data, Osprey). A verb of judging or reporting ends the search: in
    "The agency said that the practice was in breach of Y" the agency is not the one in breach."""
    found: list[Token] = []
    for verb in token.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() in JUDGING_VERBS and found:
            break
        if verb.lemma_.lower() in JUDGING_VERBS and verb.i != token.head.i:
            break
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        found += [t for t in subjects or verb_subjects(verb) if t not in found]
    if found:
        return found
    root = token.sent.root
    return [c for c in root.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
