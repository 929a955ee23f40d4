"""Argument kinds: the named ways a frame finds the tokens that fill one of a trigger's roles.

A frame in ``lexicons/frames.yaml`` names its arguments by kind (``subject``, ``poss``,
``prep:on``, ``noun_prep:against`` ...); each kind is one small function here, registered with
``@kind``. A kind written ``name:word`` takes a parameter (a preposition, a group). The loader
refuses a frame that names a kind not registered here; ``tests/ingest/test_argument_kinds.py``
tests each kind on its own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from riskgraph.ingest.components.syntax import (
    governing_verb,
    is_passive,
    noun_possessors,
    phrase_prep_objects,
    prep_objects,
    sentence_subject,
    verb_objects,
    verb_subjects,
)


@dataclass(frozen=True)
class ArgContext:
    """The words argument kinds read (from ``lexicons/arguments.yaml``) and the role being filled.

    ``support_verbs``: for an event noun's actor, the verbs whose subject carries the event out
    ("X imposed a ban"); None: any verb (roles other than the actor)."""

    bearer_verbs: frozenset[str] = frozenset()
    support_verbs: frozenset[str] | None = None
    judging_verbs: frozenset[str] = frozenset()
    grounds_prepositions: frozenset[str] = frozenset()
    accusing_verbs: frozenset[str] = frozenset()  # "accused X of violating": X is the one said to violate
    grounds_nouns: frozenset[str] = frozenset()
    complex_preposition_nouns: frozenset[str] = frozenset()
    control_verbs: frozenset[str] = frozenset()
    compelling_verbs: frozenset[str] = frozenset()
    business_nouns: frozenset[str] = frozenset()
    supplying_verbs: frozenset[str] = frozenset()
    using_verbs: frozenset[str] = frozenset()

    def for_role(self, actor: bool, support_verbs: frozenset[str]) -> ArgContext:
        return replace(self, support_verbs=support_verbs if actor else None)


KindFunction = Callable[[Token, ArgContext, str], list[Token]]


@dataclass(frozen=True)
class Kind:
    name: str
    function: KindFunction
    takes_word: bool  # written "name:word"
    doc: str
    word_is_group: bool = False  # the word names the group the filler must be in (instead of the frame's)
    owner_fallback: bool = True  # a noun filler may stand for its possessor ("X's account" -> X)


KINDS: dict[str, Kind] = {}


def kind(name: str, *, takes_word: bool = False, word_is_group: bool = False,
         owner_fallback: bool = True) -> Callable[[KindFunction], KindFunction]:
    """Register an argument kind under ``name``."""

    def register(function: KindFunction) -> KindFunction:
        KINDS[name] = Kind(name, function, takes_word, (function.__doc__ or "").strip(), word_is_group,
                           owner_fallback)
        return function

    return register


def parse(spec: str) -> tuple[Kind, str]:
    """``"prep:on"`` -> (the ``prep`` kind, ``"on"``). Raises ValueError for an unknown kind."""
    name, _, word = spec.partition(":")
    found = KINDS.get(name)
    if found is None:
        raise ValueError(f"{spec!r}: no argument kind {name!r} (known: {', '.join(sorted(KINDS))})")
    if found.takes_word != bool(word):
        form = f"{name}:<word>" if found.takes_word else name
        raise ValueError(f"{spec!r}: argument kind {name!r} is written {form!r}")
    return found, word


def fill(spec: str, token: Token, ctx: ArgContext) -> list[Token]:
    found, word = parse(spec)
    return found.function(token, ctx, word)


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def bearer_verb(token: Token, bearer_verbs: frozenset[str]) -> Token | None:
    """For an event noun, the verb whose subject undergoes it: "X faces an investigation by Y",
    "X came under scrutiny", "X is under review"."""
    if _is_verb(token):
        return None
    head = token.head
    if token.dep_ == "dobj" and head.lemma_.lower() in bearer_verbs:
        return head
    if token.dep_ == "pobj" and head.lower_ == "under" and _is_verb(head.head):
        return head.head
    return None


# ---------------------------------------------------------------------- the kinds
@kind("subject")
def subject(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """A verb's subject (the agent of a passive; for an actor, of a participle on the object of a verb
    of carrying out, that verb's subject too: "the court granted an injunction barring X"); for an
    event noun, the subject of the verb it is the object of ("X imposed a ban"), unless that verb only
    undergoes it ("X faces a review") or, for an actor, is no verb of carrying out ("X criticised the
    ban"); for an actor, also the subject of a non-restrictive relative clause of carrying out on the
    noun ("the acquisition, which X announced"; a restrictive one, "the restrictions that X imposed",
    names an instrument)."""
    if _is_verb(token):
        found = verb_subjects(token)
        noun = token.head
        if ctx.support_verbs and token.dep_ == "acl" and found == [noun] and noun.dep_ == "dobj" \
                and noun.head.lemma_.lower() in ctx.support_verbs:
            found += verb_subjects(noun.head)  # "the court granted an injunction barring X": the court bars
        return found
    if ctx.support_verbs is not None:  # "the acquisition, which X announced in April"
        nouns = [token, *prep_objects(token, "of")]  # the parser may hang the clause on "of X"
        relative = [s for n in nouns for c in n.children if c.dep_ == "relcl" and c.lemma_.lower() in ctx.support_verbs
                    and any(o.lower_ == "which" for o in c.children if o.dep_ == "dobj")
                    for s in c.children if s.dep_ == "nsubj"]
        if relative:
            return relative
    verb = governing_verb(token)
    if verb is None or token.dep_ not in ("dobj", "attr") or bearer_verb(token, ctx.bearer_verbs) is not None:
        return []
    if ctx.support_verbs is not None and verb.lemma_.lower() not in ctx.support_verbs:
        return []
    return verb_subjects(verb)


@kind("object")
def object_(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """A verb's direct object (the subject of a passive, or the noun a participle modifies)."""
    return verb_objects(token) if _is_verb(token) else []


@kind("bearer")
def bearer(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Who undergoes an event noun: the subject of "face", "undergo" ... or of "be under" ("X faces
    an investigation by Y", "X is under review")."""
    verb = bearer_verb(token, ctx.bearer_verbs)
    return verb_subjects(verb) if verb is not None else []


@kind("sanctioned")
def sanctioned(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """For a noun or a gerund after "over", "for" ...: whom the governing action hit ("suspended X's
    account over breaches of ...", "fined X for breaching ...", "charged X with violating ...",
    "accused X of infringing ...",
    "opened an investigation into X on suspicion of violating ..." -> X)."""
    grounds = _grounds_noun(token, ctx)  # "on suspicion of violating": any preposition before the noun
    if grounds is not None:
        token = grounds
    head = token.head
    accused = head.lower_ == "of" and head.head.lemma_.lower() in ctx.accusing_verbs
    if token.dep_ not in ("pobj", "pcomp") or (_is_verb(token) and token.dep_ != "pcomp") \
            or (grounds is None and head.lower_ not in ctx.grounds_prepositions and not accused) \
            or head.head.i == token.i:
        return []
    acted = head.head
    if not _is_verb(acted) and acted.dep_ == "dobj" and _is_verb(acted.head):
        acted = acted.head  # "fined X 15 million euros for breaching"
    if _is_verb(acted):  # "fined X 500 million euros for breaching": X may be parsed as the dative
        objects = [c for c in acted.children if c.dep_ == "dative"] + verb_objects(acted)
        return objects + [o for n in objects for o in prep_objects(n, "into")]  # "opened an inquiry into X"
    return noun_possessors(acted) or prep_objects(acted, "of") or prep_objects(acted, "on") \
        or prep_objects(acted, "into")


@kind("breacher")
def breacher(token: Token, ctx: ArgContext, arg: str) -> list[Token]:
    """Who the grounds of an action say did it ("fined X for breaching Y" -> X), not what a suspicion
    or a charge says ("on suspicion of violating Y" is no statement that X violated Y)."""
    return [] if _grounds_noun(token, ctx) is not None else sanctioned(token, ctx, arg)


def _grounds_noun(token: Token, ctx: ArgContext) -> Token | None:
    """"suspicion" in "on suspicion of violating", "charges" in "on charges of breaching"."""
    prep = token.head
    if token.dep_ not in ("pobj", "pcomp") or prep.lower_ != "of" or prep.head.i == prep.i:
        return None
    noun = prep.head
    return noun if noun.lemma_.lower() in ctx.grounds_nouns and noun.dep_ == "pobj" else None


@kind("recipient")
def recipient(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """For a noun with a "from" complement that a verb takes, the verb's subject: who receives it
    ("X took a $400 million investment from Y", "X secured funding from Y" -> X)."""
    if _is_verb(token) or token.dep_ != "dobj" or not _is_verb(token.head):
        return []
    if not (prep_objects(token, "from") or prep_objects(token.head, "from")):  # the parser hangs it on either
        return []
    return verb_subjects(token.head)


@kind("adj_subject")
def adj_subject(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Whom an adjective is said of: "X is dependent on Y", "leaves X dependent on Y"."""
    if token.pos_ != "ADJ":
        return []
    head = token.head
    if token.dep_ == "acomp":
        return verb_subjects(head)
    if token.dep_ in ("oprd", "advmod", "ccomp", "xcomp") and _is_verb(head):
        return [c for c in head.children if c.dep_ == "dobj"] or [c for c in token.children if c.dep_ == "nsubj"]
    return [head] if token.dep_ == "amod" else []


@kind("passive_subject")
def passive_subject(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """The subject of a passive verb: "X is built on Y" -> X (the one built, not the builder)."""
    return verb_objects(token) if _is_verb(token) and is_passive(token) else []


@kind("head")
def head(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """The noun a participle or relative clause modifies: "TikTok, owned by ByteDance" -> TikTok."""
    return [token.head] if token.dep_ in ("acl", "relcl", "amod") and token.head.i != token.i else []


@kind("poss")
def poss(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """A noun's possessor: "OpenAI's suspension" -> OpenAI."""
    return noun_possessors(token)


@kind("sentence_subject")
def sentence_subject_(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Subjects of the clauses the trigger sits in, nearest first, up to a verb of judging ("the
    agency said that ... was in breach": not the agency)."""
    return sentence_subject(token, ctx.judging_verbs)


@kind("dative")
def dative(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """A verb's indirect object: "sent Globex an order" -> Globex."""
    return [c for c in token.children if c.dep_ == "dative"]


@kind("purpose")
def purpose(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """What a use serves: "using X for Y", "using X as a foundation for Y" -> Y."""
    found = prep_objects(token, "for")
    for as_obj in prep_objects(token, "as"):
        found += prep_objects(as_obj, "for")
    return found


@kind("appos_of")
def appos_of(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """The name a noun stands in apposition to: "Initech, a rival of X" -> Initech."""
    return [token.head] if token.dep_ == "appos" else []


@kind("prep", takes_word=True)
def prep(token: Token, ctx: ArgContext, word: str) -> list[Token]:
    """The object of the preposition ``word`` on the trigger ("invested in X"), looking through "on
    top of"; for a verb, also on its object ("invested $10 billion in X")."""
    found = prep_objects(token, word)
    for filler in [f for f in found if f.lower_ in ctx.complex_preposition_nouns]:
        found = [f for f in found if f is not filler] + prep_objects(filler, "of")
    if not found and _is_verb(token):
        found = [t for obj in verb_objects(token) for t in prep_objects(obj, word)]
    return found


@kind("inner_prep", takes_word=True)
def inner_prep(token: Token, ctx: ArgContext, word: str) -> list[Token]:
    """As ``prep``, and for a verb also on the phrase inside its object ("block access to its
    technology from X": the parser may hang "from X" on "technology")."""
    found = prep(token, ctx, word)
    if not found and _is_verb(token):
        found = [t for obj in verb_objects(token) for p in obj.children if p.dep_ == "prep"
                 for inner in p.children if inner.dep_ == "pobj" for t in prep_objects(inner, word)]
    return found


@kind("noun_prep", takes_word=True)
def noun_prep(token: Token, ctx: ArgContext, word: str) -> list[Token]:
    """For a noun trigger, the object of the preposition ``word`` on it, or on the verb it is the
    object of ("filed a lawsuit ... against X")."""
    if _is_verb(token):
        return []
    found = prep_objects(token, word)
    verb = governing_verb(token)
    if not found and verb is not None and token.dep_ in ("dobj", "nsubjpass"):
        found = prep_objects(verb, word)
    if not found:  # "a penalty imposed by X"
        found = [o for c in token.children if c.dep_ == "acl" for o in prep_objects(c, word)]
    if not found:  # "a package of sanctions against X"
        found = [o for of in prep_objects(token, "of") for o in prep_objects(of, word)]
    return found


@kind("phrase_prep", takes_word=True)
def phrase_prep(token: Token, ctx: ArgContext, word: str) -> list[Token]:
    """For a noun trigger, the object of the preposition ``word`` anywhere in its phrase, outside
    any clause in it: "the limitation of the processing of users' data by X" -> X."""
    if _is_verb(token):
        return []
    return phrase_prep_objects(token, word, PHRASE_ENDS, verbs_end=True)


PHRASE_ENDS = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})


@kind("used")
def used(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """What a party is kept from doing something with: "barred staff from using X", "banned users from
    downloading X" -> X."""
    found: list[Token] = []
    for act in prep_objects(token, "from"):
        if _is_verb(act):
            found += verb_objects(act) + prep_objects(act, "of")
    return found


@kind("forbidden_use")
def forbidden_use(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """What a verb of ordering tells someone not to use: "ordered officials not to use X" -> X."""
    acts = [c for c in token.children if c.dep_ in ("xcomp", "ccomp") and _is_verb(c)
            and c.lemma_.lower() in ctx.using_verbs and any(n.dep_ == "neg" for n in c.children)]
    return [o for act in acts for o in verb_objects(act) + prep_objects(act, "of")]


@kind("instructed")
def instructed(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Whom a verb of ordering tells to do the trigger: "ordered X to stop shipping", "told X to
    suspend" -> X (the one who does it, not the one who orders)."""
    verb = token
    while verb.dep_ == "xcomp" and _is_verb(verb.head) and verb.head.i != verb.i:
        verb = verb.head
        if verb.lemma_.lower() in ctx.control_verbs:
            return [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    return []


@kind("compeller")
def compeller(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Who compels the trigger: "the regulator ordered X to sell Y", "X was forced by the court to
    sell Y" -> the regulator, the court (the one who orders, where the order is the measure)."""
    verb = token
    while verb.dep_ == "xcomp" and _is_verb(verb.head) and verb.head.i != verb.i:
        verb = verb.head
        if verb.lemma_.lower() in ctx.compelling_verbs:
            return verb_subjects(verb)
    return []


@kind("business_sold")
def business_sold(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """A business whose sale the trigger acts on: "blocked the sale of X's factory to Y", "the sale of
    Initech Inc." -> the factory, Initech (an organisation or a business noun, not goods)."""
    sales = [o for o in (verb_objects(token) if _is_verb(token) else [token]) if o.lemma_.lower() == "sale"]
    sold = [o for s in sales for o in prep_objects(s, "of")]
    return [o for o in sold if o.lemma_.lower() in ctx.business_nouns or o.ent_type_ == "ORG"]


@kind("barred_recipient")
def barred_recipient(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Whom those a trigger bars may not supply: "banned American companies from selling parts to X",
    "barred firms from supplying X" -> X."""
    supplies = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children if p.dep_ == "pcomp" and p.lemma_.lower() in ctx.supplying_verbs]
    parties = [c for verb in supplies for c in verb.children
               if (c.dep_ == "dative" and c.pos_ != "ADP") or (c.dep_ == "dobj" and c.ent_type_ == "ORG")]
    return [o for verb in supplies for o in prep_objects(verb, "to")] + parties


@kind("destination")
def destination(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """Where exports go: "to X" on the trigger, on its object or on a noun the object governs
    ("revoked licences for shipments to X", "restricted exports of chips to X")."""
    found = prep_objects(token, "to")
    near = verb_objects(token) + verb_subjects(token) if _is_verb(token) else []  # "exports to X will require"
    near += [o for n in [token, *near] for p in ("for", "of", "on") for o in prep_objects(n, p)]
    for noun in near:
        found += prep_objects(noun, "to")
    return found


@kind("self", owner_fallback=False)
def self_(token: Token, ctx: ArgContext, _: str) -> list[Token]:
    """The trigger word itself, when it names an entity: "the export restrictions" is the ExportControl's
    trigger and the instrument it is taken under."""
    return [token]


@kind("compound", takes_word=True, word_is_group=True, owner_fallback=False)
def compound(token: Token, ctx: ArgContext, word: str) -> list[Token]:
    """A name before the noun ("the OpenAI ban"); ``word`` is the group it must belong to, whatever
    the argument's own groups."""
    return [c for c in token.children if c.dep_ == "compound"]
