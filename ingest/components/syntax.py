"""Readings of the dependency parse shared by the components: subjects and objects of a verb
(through passives, conjunctions, relative clauses), prepositional objects, possessors.

Grammar only: the words that matter (verbs of judging, prepositions of grounds ...) are passed in
by callers from ``ingest/lexicons/``.
"""
from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
GOVERNED_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})  # a noun a verb takes as subject or object
RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
RELATIVE_OBJECTS = frozenset({"which", "whom"})


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i and d < 50:
        token = token.head
        d += 1
    return d


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
                if grand.dep_ == "pobj" and grand.lower_ in RELATIVE_OBJECTS and token.dep_ == "relcl":
                    out.append(token.head)  # "Y, in which X has invested": the noun the clause is about
                elif grand.dep_ in ("pobj", "pcomp"):
                    out.append(grand)
                elif grand.dep_ == "prep":  # "pursuant to", "due to", "according to"
                    out.extend(g for g in grand.children if g.dep_ == "pobj")
    return out


def _implicit_subjects(verb: Token) -> list[Token]:
    """Subjects of a verb that has none of its own: its head verb's ("X said and did"), the owner
    of a decision ("OpenAI's decision to suspend"), the noun a clause modifies ("firms that use Y"); the
    complement of a passive verb is said of the passive's subject ("X was found to have breached Y",
    "X was ordered to pay"), not of its agent."""
    head = verb.head
    if verb.dep_ == "conj" and is_verb(head):
        return verb_subjects(_parallel_complement(verb, head) or head)
    if verb.dep_ == "xcomp" and is_verb(head) and is_passive(head):
        return [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]  # "X was found to have breached"
    if verb.dep_ in ("xcomp", "advcl") and is_verb(head):
        return verb_subjects(head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and is_verb(head.head):
        kept = [c for c in head.head.children if c.dep_ == "dobj"] if head.lower_ == "from" else []
        return kept or verb_subjects(head.head)  # "retaliated by banning", "barred X from using"
    if verb.dep_ == "acl" and verb.tag_ == "VB":
        noun = verb.head
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if owners:
            return owners  # "OpenAI's decision to suspend ..."
        if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "into") and is_verb(noun.head.head):
            return verb_subjects(noun.head.head)  # "X is in talks to acquire Y"
    if verb.dep_ in ("relcl", "acl"):  # "the stages of X using Y", "firms that use Y"
        return [verb.head]
    return []


def _auxiliaries(verb: Token) -> set[str]:
    return {c.lemma_.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _parallel_complement(verb: Token, head: Token) -> Token | None:
    """"X said Y had done A and had done B": the parser may coordinate "had done B" with "said";
    a conjunct with an auxiliary its head lacks goes with the head's complement that has it."""
    auxiliaries = _auxiliaries(verb)
    if not auxiliaries or _auxiliaries(head):
        return None
    return next((c for c in head.children if c.dep_ == "ccomp" and c.i < verb.i and _auxiliaries(c) & auxiliaries),
                None)


def verb_subjects(verb: Token) -> list[Token]:
    if is_passive(verb):
        return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return _implicit_subjects(verb)
    relative = verb.dep_ == "relcl"
    return [verb.head if relative and s.lower_ in RELATIVE_PRONOUNS else s for s in subjects]


def verb_objects(verb: Token) -> list[Token]:
    if is_passive(verb):
        objs = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if not objs and verb.dep_ in ("acl", "relcl", "amod"):
            objs = [verb.head]
        return objs
    objs = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if not objs and verb.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS
                                                 for c in verb.children):
        objs = [verb.head]  # "the 4.34 billion euros the EU imposed on X": what the clause acts on is its head
    return objs


def noun_possessors(noun: Token) -> list[Token]:
    return [c for c in noun.children
            if c.dep_ == "poss" or (c.dep_ == "nmod" and any(g.dep_ == "case" for g in c.children))]


def acted_on(trigger: Token) -> list[Token]:
    """What a verb acts on (its objects) or a noun acts on (its "of"/"on" objects)."""
    if is_verb(trigger):
        return verb_objects(trigger)
    return [o for prep in ("of", "on") for o in prep_objects(trigger, prep)]


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun hangs from as subject or object (through one preposition at most)."""
    head = noun.head
    if noun.dep_ in GOVERNED_DEPS and is_verb(head):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and is_verb(head.head):
        return head.head
    return None


def sentence_subject(token: Token, judging_verbs: frozenset[str]) -> list[Token]:
    """Subjects of the clauses ``token`` sits in, nearest first ("Osprey told users that their data
    was used, in breach of Y" -> data, Osprey). A verb of judging or reporting ends the search: in
    "The agency said that the practice was in breach of Y" the agency is not the one in breach."""
    found: list[Token] = []
    all_subjects = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
    for verb in token.ancestors:
        if not is_verb(verb):
            continue
        judging = verb.lemma_.lower() in judging_verbs
        if judging and (found or verb.i != token.head.i or is_verb(token)):
            return found
        subjects = [c for c in verb.children if c.dep_ in all_subjects]
        found += [t for t in subjects or verb_subjects(verb) if t not in found]
    if found:
        return found
    root = token.sent.root
    return [c for c in root.children if c.dep_ in all_subjects]


def phrase_prep_objects(noun: Token, word: str, clause_deps: frozenset[str], *, verbs_end: bool = False
                        ) -> list[Token]:
    """Objects of the preposition ``word`` anywhere in ``noun``'s phrase (the parser may hang it on any
    word of the phrase), not inside a clause of its own: no link up to the noun has a dependency of
    ``clause_deps`` (or, with ``verbs_end``, is a verb)."""
    found: list[Token] = []
    for prep in noun.subtree:
        if prep.dep_ != "prep" or prep.lower_ != word:
            continue
        link = prep.head
        while link.i != noun.i and link.dep_ not in clause_deps and not (verbs_end and is_verb(link)):
            link = link.head
        if link.i == noun.i:
            found += [o for o in prep.children if o.dep_ == "pobj"]
    return found

