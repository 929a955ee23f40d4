"""The building blocks of every rule file: a named rule with its examples, a word class, and the
ontology terms a rule may name (checked against ``ontology/riskgraph.ttl`` when a file is loaded).

A rule file is YAML under ``ingest/lexicons/``; ``lexicon_schema`` says what each file holds and
``lexicon`` loads and validates them all. Every rule carries ``examples`` (sentences written for the
project with what they must yield) and may carry ``counter_examples`` (sentences on which the rule
must yield nothing); ``tests/ingest/test_rule_examples.py`` runs them all.
"""
from __future__ import annotations

from functools import cache
from typing import Annotated, Any, ClassVar

import spacy.glossary
import spacy.parts_of_speech
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from riskgraph.ontology.vocabulary import (
    allowed_values,
    domain_of,
    entity_classes,
    event_classes,
    range_of,
    terms,
)


class Strict(BaseModel):
    """A mapping in a rule file: unknown keys are errors, values must be of the declared types."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------- ontology terms
@cache
def relation_terms() -> frozenset[str]:
    """Properties that link two entities: the ``rg:`` terms whose domain and range are entity classes."""
    classes = entity_classes()
    return frozenset(t for t in terms() if set(domain_of(t)) & classes and set(range_of(t)) & classes)


def _member(kind: str, values: frozenset[str] | tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"{value!r} is not {kind} of the riskgraph ontology (known: {', '.join(sorted(values))})")
        return value

    return AfterValidator(check)


EntityClass = Annotated[str, _member("an entity class", entity_classes())]
EventType = Annotated[str, _member("a risk event class", event_classes())]
Predicate = Annotated[str, _member("a relation property", relation_terms())]
Status = Annotated[str, _member("an event status", allowed_values("status"))]
ModalityName = Annotated[str, _member("a modality", allowed_values("modality"))]
Words = Annotated[tuple[str, ...], Field(min_length=1)]


# ---------------------------------------------------------------------- spaCy labels, groups
def _pos(value: str) -> str:
    if value not in spacy.parts_of_speech.IDS or not value:
        raise ValueError(f"{value!r} is not a universal part-of-speech tag (VERB, NOUN, ADJ ...)")
    return value


def _ner_label(value: str) -> str:
    if value not in spacy.glossary.GLOSSARY or not value.isupper():
        raise ValueError(f"{value!r} is not a spaCy entity label (ORG, GPE, PERSON ...)")
    return value


Pos = Annotated[str, AfterValidator(_pos)]
NerLabel = Annotated[str, AfterValidator(_ner_label)]
Confidence = Annotated[float, Field(gt=0, le=1)]


def known(info: ValidationInfo, what: str) -> frozenset[str]:
    """Names defined elsewhere in the lexicon (argument groups), passed as validation context."""
    context = info.context or {}
    return frozenset(context.get(what, ()))


def check_groups(names: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    groups = known(info, "groups")
    unknown = [g for g in names if g not in groups]
    if unknown:
        raise ValueError(f"unknown argument group {', '.join(unknown)} (groups.yaml defines: "
                         f"{', '.join(sorted(groups))})")
    return names


def _group_name(name: str, info: ValidationInfo) -> str:
    check_groups((name,), info)
    return name


GroupName = Annotated[str, AfterValidator(_group_name)]
GroupNames = Annotated[tuple[GroupName, ...], Field(min_length=1)]


# ---------------------------------------------------------------------- examples
class RelationSpec(Strict):
    """A relation an example must (or must not) yield: ``[subject, property, object]`` or a mapping
    that also states the modality or the role."""

    s: str
    p: Predicate
    o: str
    modality: ModalityName | None = None
    role: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            if len(value) != 3:
                raise ValueError("a relation is [subject, property, object]")
            return {"s": value[0], "p": value[1], "o": value[2]}
        return value


class EventSpec(Strict):
    """An event an example must (or must not) yield; fields left out are not checked."""

    type: EventType
    actor: str | None = None
    target: str | None = None
    cause: str | None = None
    concerns: tuple[str, ...] = ()
    date: str | None = None
    status: Status | None = None
    modality: ModalityName | None = None


class EntitySpec(Strict):
    """An entity an example must yield: ``[name, class]``."""

    name: str
    cls: EntityClass

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise ValueError("an entity is [name, class]")
            return {"name": value[0], "cls": value[1]}
        return value


class Absent(Strict):
    """What an example must not yield."""

    entities: tuple[str, ...] = ()
    relations: tuple[RelationSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()


class Example(Strict):
    text: str = Field(min_length=1)
    published: str | None = None  # YYYY-MM-DD; the examples' default is in the example runner
    entities: tuple[EntitySpec, ...] = ()
    relations: tuple[RelationSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()
    absent: Absent = Absent()

    @model_validator(mode="after")
    def _says_something(self) -> Example:
        absent = self.absent
        if not (self.entities or self.relations or self.events or absent.entities or absent.relations
                or absent.events):
            raise ValueError("an example states what it must yield (entities, relations, events) or not (absent)")
        return self


# ---------------------------------------------------------------------- rules
class Rule(Strict):
    """A named rule with its examples. ``traced``: the extraction records when the rule fires, so an
    example also checks that this rule (not another) did the work."""

    traced: ClassVar[bool] = True
    name: str = Field(default="", pattern=r"^$|^[a-z][a-z0-9_]*$")
    note: str = ""
    examples: tuple[Example, ...] = Field(min_length=1)
    counter_examples: tuple[Example, ...] = ()


class WordClass(Rule):
    """A named list of words that a rule or an argument kind reads (lemmas unless said otherwise).
    Its examples show the words at work; the words are not traced one by one."""

    traced: ClassVar[bool] = False
    words: Words

    @field_validator("words")
    @classmethod
    def _unique(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        seen = [w for i, w in enumerate(words) if w in words[:i]]
        if seen:
            raise ValueError(f"listed twice: {', '.join(seen)}")
        return words


