"""What ``lexicons/instruments.yaml`` holds: the nouns of unnamed instruments, what they cover and
whom they bind, how a later mention refers back to one, and how an instrument's issuer is named."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from riskgraph.ingest.components.lexicon_types import EntityClass, EventType, GroupName, Rule, Strict, Words


class InstrumentNouns(Rule):
    """Nouns that name an instrument by themselves (``standalone``: "a bill") or only with a word of
    ``domain_words`` before them or in their complement (``modified``: "export restrictions")."""

    standalone: Words
    modified: Words
    referring: Words
    domain_words: Words
    kind: EntityClass
    named_by_reach: Words
    new_words: Words
    owned: Words = ()  # modified nouns that with an issuer alone are an instrument ("its export control list")


class Coverage(Rule):
    """"restrictions on X", "a requirement for exports of X", "the law requires X to ...": what an
    instrument covers and whom it binds."""

    prepositions: Words
    trade_nouns: Words
    binding_verbs: Words


class References(Rule):
    """A definite instrument noun ("the rules") refers back to the last instrument met within
    ``window`` sentences (one of the same noun first)."""

    determiners: Words
    window: Annotated[int, Field(ge=0)]


class Issuers(Rule):
    """The name of an instrument starts with its issuer's jurisdiction: an abbreviation of
    ``short_form_length`` capital letters where it has one ("US", "EU"), else its name ("China")."""

    short_form_length: Annotated[int, Field(ge=1)]
    framing_prepositions: tuple[str, ...]  # "In guidance issued Friday, the agency said": the agency's
    possessor_group: GroupName = "org"  # what "its" may stand for in "its rules", "its list"


class EventInstruments(Rule):
    """"Japan will restrict exports of X ... The rules take effect in July": a definite instrument
    noun with nothing met before it to refer to, within ``window`` sentences after a government's
    regulating event, names that event's instrument (``nouns``: the instrument noun of each event
    class, used when the text's own noun says no more than "the rules")."""

    nouns: dict[EventType, str]
    window: Annotated[int, Field(ge=0)]


class InstrumentsFile(Strict):
    instrument_nouns: InstrumentNouns
    coverage: Coverage
    references: References
    issuers: Issuers
    event_instruments: EventInstruments
