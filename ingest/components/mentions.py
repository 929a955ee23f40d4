"""Which entity a token stands for: its own mention, a reference (``coref``), or, for a common
noun filling an argument, the name it introduces, the members it lists or its owner.

``DocIndex`` is built once per document (``index_of``) from the mentions the entity components
found; later components add the mentions they create (licences) and reuse it.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from riskgraph.ingest.components.coref import Coreference, CorefRules
from riskgraph.ingest.components.groups import Groups
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.state import DocState, doc_state, fire
from riskgraph.ingest.components.syntax import SUBJECT_DEPS

HOME_PREDICATES = ("headquarteredIn", "jurisdiction")
NAME_MODIFIER_DEPS = frozenset({"compound", "appos", "nmod", "npadvmod"})  # "the company ByteDance Ltd."


LIST_JOINERS = ("and", "or", ",")  # what joins the members of a list


@dataclass(frozen=True)
class MentionRules:
    """What argument resolution reads from the lexicon (``arguments.yaml``, ``coreference.yaml``)."""

    groups: Groups
    relational_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    listing_verbs: frozenset[str]
    example_prepositions: frozenset[str]
    exception_prepositions: frozenset[str]
    maker_prepositions: frozenset[str]
    maker_participles: frozenset[str]
    organisation_nouns: frozenset[str]  # a place on one of these places the organisation, it does not own it
    coref: CorefRules


@lru_cache(maxsize=4)
def mention_rules(lexicon: Lexicon) -> MentionRules:
    words = lexicon.arguments
    return MentionRules(groups=Groups(lexicon), relational_nouns=frozenset(words.relational_nouns.words),
                        collective_nouns=frozenset(words.collective_nouns.words),
                        naming_verbs=frozenset(words.naming_verbs.words),
                        listing_verbs=frozenset(words.listing_verbs.words),
                        example_prepositions=frozenset(words.example_prepositions.words),
                        exception_prepositions=frozenset(words.exception_prepositions.words),
                        maker_prepositions=frozenset(words.maker_prepositions.words),
                        maker_participles=frozenset(words.maker_participles.words),
                        organisation_nouns=frozenset(lexicon.patterns.nationality.nouns),
                        coref=CorefRules.of(lexicon))


def index_of(doc: Doc, lexicon: Lexicon) -> DocIndex:
    """The document's index, built on first use."""
    state = doc_state(doc)
    if state.index is None:
        state.index = DocIndex(doc, state, mention_rules(lexicon))
    return state.index


class DocIndex:
    """Token -> entity key for every mention, plus coreference for pronouns and definite nouns."""

    def __init__(self, doc: Doc, state: DocState, rules: MentionRules) -> None:
        self.doc = doc
        self.state = state
        self.rules = rules
        self.groups = rules.groups
        self.token_key: dict[int, str] = {}
        self.mention_root: dict[int, str] = {}
        for m in sorted(state.mentions, key=lambda m: m.start):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.token_key.setdefault(tok.i, m.key)
            self.mention_root[span.root.i] = m.key
        self.coref: dict[int, str] = state.coref  # shared by every component of this document
        self.references = Coreference(self, rules.coref)
        self.tokens: list[Token] = list(doc)  # made once: every component walks the same Token objects
        self._sentences: list[Span] | None = None  # the document's sentences, listed on first need
        self._sentence_starts: list[int] = []
        self._lowered: dict[int, str] = {}

    # ------------------------------------------------------------------ entity lookup
    def classes(self, key: str) -> set[str]:
        entity = self.state.entities.get(key)
        return entity.classes if entity else set()

    def fits(self, key: str, groups: Iterable[str]) -> bool:
        return self.groups.fits(self.classes(key), groups)

    def add_mention(self, span: Span, key: str) -> None:
        for tok in span:
            self.token_key[tok.i] = key
        self.mention_root[span.root.i] = key

    def key_of(self, token: Token) -> str | None:
        key = self.token_key.get(token.i)
        if key:
            return key
        if token.i not in self.coref:
            found = self.references.resolve(token)
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

    def keys_near(self, token: Token, sentences: int) -> set[str]:
        """Entities named in the token's sentence or the ``sentences`` before it."""
        start = token.sent.start
        for _ in range(sentences):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        return set(self.mentions_in(self.doc[start : token.sent.end]))

    def home_of(self, key: str) -> set[str]:
        """The places an entity is based in or answers to, as known so far in this document."""
        homes = {self.state.homes[key]} if key in self.state.homes else set()
        homes.update(r.object for r in self.state.relations if r.subject == key and r.predicate in HOME_PREDICATES)
        return homes

    # ------------------------------------------------------------------ arguments -> entities
    def entities_for(self, token: Token, groups: Iterable[str], *, owner_fallback: bool = True) -> list[str]:
        """Entity keys a syntactic argument stands for: the token's entity, its list (conj), the
        members of a collective noun ("11 entities, including A and B"), or its possessor."""
        groups = tuple(groups)
        found: list[str] = []
        for tok in [token, *token.conjuncts]:
            for key in [*self._listed_inside(tok), *self._entities_of_token(tok, owner_fallback),
                        *self._address(tok)]:
                if key not in found and self.fits(key, groups):
                    found.append(key)
        return found

    def _address(self, tok: Token) -> list[str]:
        """"based in Shenzhen, China": the country a place is set in, written after it."""
        key = self.token_key.get(tok.i)
        if key is None or "Jurisdiction" not in self.classes(key):
            return []
        return [k for c in tok.children if c.dep_ == "appos" and (k := self.token_key.get(c.i)) and k != key
                and self.state.entities[k].iso]

    def _listed_inside(self, tok: Token) -> list[str]:
        """"added Hexagon Technology and Vertex Threads Ltd.": names listed before the token's own name that the
        parser took for modifiers of it (inside its phrase, joined by "and", "or" or commas)."""
        key = self.token_key.get(tok.i)
        if key is None:
            return []
        doc, first = self.doc, tok.left_edge.i  # the phrase's first word (spaCy's trees are projective)
        i = tok.i
        while i > 0 and self.token_key.get(i - 1) == key:
            i -= 1
        listed: list[str] = []
        while i >= 2 and doc[i - 1].lower_ in LIST_JOINERS:
            j = i - 1
            while j > 0 and doc[j].lower_ in LIST_JOINERS:
                j -= 1
            other = self.token_key.get(j)
            if other is None or other == key or j < first:
                break
            listed.insert(0, other)
            i = j
            while i > 0 and self.token_key.get(i - 1) == other:
                i -= 1
        return listed

    def _entities_of_token(self, tok: Token, owner_fallback: bool) -> list[str]:
        for reader in (self._own_entity, self._named_entity, self._apposed_name, self._modifier_name,
                       self._name_after_noun, self._members, self._examples, self._listed_before):
            found = reader(tok)
            if found:
                return found
        if owner_fallback and tok.lemma_.lower() not in self.rules.relational_nouns:
            return self._owner(tok)
        return []

    def _own_entity(self, tok: Token) -> list[str]:
        key = self.key_of(tok)
        return [key] if key else []

    def _named_entity(self, tok: Token) -> list[str]:
        named = self.named_after(tok)
        return [named] if named else []

    def _apposed_name(self, tok: Token) -> list[str]:
        """"Nimbus Compute, the Seattle reseller": the description stands for the name."""
        key = self.key_of(tok.head) if tok.dep_ == "appos" else None
        return [key] if key else []

    def _modifier_name(self, tok: Token) -> list[str]:
        """"the Chinese company ByteDance Ltd.", "app TikTok"; "a Hong Kong trader" is a trader."""
        for child in tok.children:
            if child.dep_ in NAME_MODIFIER_DEPS and (k := self.key_of(child)):
                if tok.pos_ == "NOUN" and child.dep_ == "compound" and "Jurisdiction" in self.classes(k):
                    continue
                if child.dep_ != "appos":
                    return [k]
                # "the messaging apps A and B": a list in apposition
                return list(dict.fromkeys([k, *(c for t in child.conjuncts if (c := self.key_of(t)))]))
        return []

    def _name_after_noun(self, tok: Token) -> list[str]:
        """"the messaging app Chatterly": a name right after a common noun."""
        nxt = tok.i + 1
        if tok.pos_ == "NOUN" and nxt < len(self.doc) and (k := self.token_key.get(nxt)) and \
                self.mention_root.get(nxt, k) == k:
            return [k]
        return []

    def _members(self, tok: Token) -> list[str]:
        """"three companies, including A and B" -> A, B; not what a relative clause mentions
        ("companies that build servers for Alibaba Cloud") nor their owner ("ByteDance's entities")."""
        if tok.lemma_.lower() not in self.rules.collective_nouns or tok.pos_ not in ("NOUN", "PROPN"):
            return []
        clauses = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        clauses |= {t.i for x in tok.subtree if x.dep_ == "poss" for t in x.subtree}
        clauses |= self.excepted(tok.subtree)
        # "11 U.S. companies, including A": the place says where they are, it is no member
        clauses |= {t.i for c in tok.children if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree
                    if (k := self.token_key.get(t.i)) and "Jurisdiction" in self.classes(k)}
        members = self.mentions_in(t for t in tok.subtree if t.i != tok.i and t.i not in clauses)
        if members:
            return members
        members = self._listed_after_colon(tok) or self._listed_next(tok)
        if members:
            return members
        head = tok.head
        if tok.dep_ in SUBJECT_DEPS and head.lemma_.lower() in self.rules.listing_verbs:
            return self.mentions_in(t for t in head.subtree if t.i > head.i)  # "The entities ... are A; B; C"
        if tok.dep_ in SUBJECT_DEPS | {"nsubjpass", "dobj"}:  # "140 companies were added to the list by X, including A"
            # the parser may hang the list on the verb, on a name after it, which has no members, or on a
            # share of the noun ("added 12 entities, ten of them in China, including A")
            lists = [c for c in head.subtree if c.dep_ == "prep" and c.i > tok.i and c.lower_ != "as"
                     and c.lower_ in self.rules.example_prepositions
                     and (c.head.i == head.i or (c.head.tag_ in ("NNP", "NN") and c.head.i in self.token_key)
                          or _share_of(c.head, head))]
            listed = [t for p in lists for t in p.subtree]
            return self.mentions_in(t for t in listed if t.i not in self._owners_of_collectives(listed))
        return []

    def _owners_of_collectives(self, tokens: list[Token]) -> set[int]:
        """"six subsidiaries of Globex", "dozens in China": in a list, the owner of a collective noun and
        where members are based are no members."""
        return {t.i for x in tokens if x.dep_ == "prep" and x.i != tokens[0].i and (
            (x.lower_ == "of" and x.head.lemma_.lower() in self.rules.collective_nouns) or x.lower_ == "in")
            for t in x.subtree}

    def _listed_after_colon(self, tok: Token) -> list[str]:
        """"added three entities to the Entity List: A and B (Russia), and C": the names after a colon
        that closes the clause of a collective noun, without the places in parentheses after them
        (the parser may hang the first name on the verb)."""
        colon = next((t for t in tok.sent if t.i > tok.i and t.text == ":"), None)
        if colon is None or colon.head.i not in (tok.i, tok.head.i):
            return []
        depth, listed = 0, []
        for t in self.doc[colon.i + 1 : tok.sent.end]:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth = max(0, depth - 1)
            elif depth == 0:
                listed.append(t)
        return self.mentions_in(listed)

    def _listed_next(self, tok: Token) -> list[str]:
        """"added 16 U.S. entities to its list. They include A, B and C": the names the next sentence
        lists, when its subject is a plural pronoun or the same noun ("The entities include ...") and its
        verb one of listing (not "be": "They are based in ...")."""
        if tok.tag_ not in ("NNS", "NNPS"):
            return []
        sentences = self.sentences()
        here = bisect_right(self._sentence_starts, tok.i) - 1
        if here + 1 >= len(sentences):
            return []
        verb = sentences[here + 1].root
        if verb.lemma_.lower() not in self.rules.listing_verbs or verb.lemma_.lower() == "be":
            return []
        lemma, coref = tok.lemma_.lower(), self.rules.coref
        pronouns = coref.plural_pronouns | frozenset(coref.plurals.determiners)  # "They include", "These include"
        if not any(c.dep_ in SUBJECT_DEPS and (c.lower_ in pronouns or c.lemma_.lower() == lemma)
                   for c in verb.children):
            return []
        return self.mentions_in(t for t in verb.subtree if t.i > verb.i)

    def _listed_before(self, tok: Token) -> list[str]:
        """"India banned 59 apps, including A and B. ... to block the apps": a definite plural noun
        stands for the members an earlier noun of the same word listed (``coreference.yaml``)."""
        rule = self.rules.coref.plurals
        if tok.tag_ not in ("NNS", "NNPS") or not any(c.dep_ == "det" and c.lower_ in rule.determiners
                                                      for c in tok.children):
            return []
        sentences = self.sentences()
        here = bisect_right(self._sentence_starts, tok.i) - 1
        lemma = tok.lemma_.lower()
        for sent in reversed(sentences[max(0, here - rule.window) : here + 1]):
            for earlier in reversed([t for t in sent if t.i < tok.i and t.lemma_.lower() == lemma]):
                found = self._members(earlier) or self._examples(earlier)
                if found:
                    fire(tok, rule.name)
                    return found
        return []

    def sentences(self) -> list[Span]:
        """The document's sentences, listed once."""
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
            self._sentence_starts = [s.start for s in self._sentences]
        return self._sentences

    def lowered_sentence(self, token: Token) -> str:
        """The lower-cased text of the token's sentence, computed once per sentence."""
        sentences = self.sentences()
        here = bisect_right(self._sentence_starts, token.i) - 1
        text = self._lowered.get(here)
        if text is None:
            text = self._lowered[here] = sentences[here].text.lower()
        return text

    def excepted(self, tokens: Iterable[Token]) -> set[int]:
        """The tokens an exception leaves out: "all countries except A and B", "other than A"."""
        return {t.i for x in tokens if x.dep_ == "prep" and x.lower_ in self.rules.exception_prepositions
                for t in x.subtree}

    def _examples(self, tok: Token) -> list[str]:
        """"generative AI tools such as ChatGPT", "Chinese software, including the apps Douyin and X":
        the names a noun's list of examples gives."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        lists = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in self.rules.example_prepositions
                 and (c.lower_ != "as" or any(g.lower_ == "such" for g in c.children))]  # "such as"
        return self.mentions_in(t for p in lists for t in p.subtree)

    def _owner(self, tok: Token) -> list[str]:
        """The owner a noun stands for: "whose" status, "X's account", "GPT-generated data", "the
        initial stages of Project Seed"; a place is where an organisation noun is based, not its
        owner ("Russia's biggest chip maker", "U.S. companies")."""
        found = self._owners(tok)
        if tok.lemma_.lower() in self.rules.organisation_nouns:
            return [k for k in found if "Jurisdiction" not in self.classes(k)]
        return found

    def _owners(self, tok: Token) -> list[str]:
        for child in tok.children:
            if child.dep_ == "poss" and child.lower_ == "whose":  # "the reseller whose status X suspended"
                clause = next((a for a in child.ancestors if a.dep_ == "relcl"), None)
                if clause is not None:
                    return self._entities_of_token(clause.head, owner_fallback=False)
            if child.dep_ == "poss" and (k := self.key_of(child)):
                return [k]
        inner = self.mentions_in(t for left in tok.lefts for t in left.subtree)
        if inner:
            return inner
        made = [g for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"
                and c.lemma_.lower() in self.rules.maker_participles
                for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        found = [k for g in made for o in (g, *g.conjuncts) for k in self._entities_of_token(o, owner_fallback=False)]
        if found:
            return list(dict.fromkeys(found))  # "chips made by Globex and Initech"
        makers = self.rules.maker_prepositions  # "products from Baidu"
        for obj in (g for c in tok.children if c.dep_ == "prep" and (c.lower_ == "of" or c.lower_ in makers)
                    for g in c.children if g.dep_ == "pobj"):  # "the service of Chinese start-up DeepSeek"
            found = [k for o in (obj, *obj.conjuncts) for k in self._entities_of_token(o, owner_fallback=False)]
            if found:
                return list(dict.fromkeys(found))
        return []

    # ------------------------------------------------------------------ "its project, codenamed Y"
    def _is_naming_verb(self, token: Token) -> bool:
        return token.lemma_.lower() in self.rules.naming_verbs

    def named_after(self, tok: Token) -> str | None:
        """"its AI project, codenamed Project Seed" -> the entity the noun is named as."""
        doc = self.doc
        i = tok.i + 1
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and self._is_naming_verb(doc[i]):
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
        if i >= 0 and doc[i].lower_ == "as":
            i -= 1
        if i < 0 or not self._is_naming_verb(doc[i]):
            return None
        i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        return doc[i] if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") else None


def _share_of(token: Token, verb: Token) -> bool:
    """"added 12 entities, ten of them in China and two in Japan": a share of the verb's object."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "npadvmod" and token.head.i == verb.i
