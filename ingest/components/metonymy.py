"""A seat of government that stands for the government it hosts ("Washington curbed ...", "pressure
from Beijing"): a name that heads an argument of the sentence, not a place phrase or a modifier
(``lexicons/entities.yaml`` seats_of_government)."""
from __future__ import annotations

from spacy.tokens import Span

# dependency labels of a noun that heads an argument: a subject, an object, a possessor, an agent
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "attr", "appos", "ROOT"})


def stands_for_government(span: Span, place_prepositions: frozenset[str]) -> bool:
    """Whether a seat-of-government name is used for its government rather than for the city."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "Washington and Beijing"
        root = root.head
    if root.dep_ not in ARGUMENT_DEPS:
        return False  # "Beijing-based", "a Tokyo court", "the Beijing office"
    if root.dep_ == "pobj" and root.head.lower_ in place_prepositions:
        return False  # "an office in Tokyo"
    if span.start > 0 and span.doc[span.start - 1].text == "(":
        return False  # "Hexagon Robotics Ltd. (Beijing)": where a company is
    end = span.end
    return not (end < len(span.doc) and span.doc[end].text == "-")  # "Beijing-based"
