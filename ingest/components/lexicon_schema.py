"""What each rule file under ``ingest/lexicons/`` holds: one model per file, one per kind of rule.

Unknown keys, wrong types, unknown ontology terms, unknown argument kinds or groups and duplicate
names are errors at load time (``lexicon.load_lexicon``), reported with the file, the rule and the key.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

import spacy.glossary
import spacy.parts_of_speech
from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from riskgraph.ingest.components import arguments
from riskgraph.ingest.components.lexicon_types import (
    EntityClass,
    EventType,
    ModalityName,
    Predicate,
    Rule,
    Status,
    Strict,
    WordClass,
    Words,
    known,
)


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


def _check_groups(names: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    groups = known(info, "groups")
    unknown = [g for g in names if g not in groups]
    if unknown:
        raise ValueError(f"unknown argument group {', '.join(unknown)} (groups.yaml defines: "
                         f"{', '.join(sorted(groups))})")
    return names


def _group_name(name: str, info: ValidationInfo) -> str:
    _check_groups((name,), info)
    return name


GroupName = Annotated[str, AfterValidator(_group_name)]
GroupNames = Annotated[tuple[GroupName, ...], Field(min_length=1)]


# ---------------------------------------------------------------------- groups.yaml
class Group(Rule):
    """An argument group: the entity classes an argument may be filled with."""

    traced: ClassVar[bool] = False
    classes: Annotated[tuple[EntityClass, ...], Field(min_length=1)]


class GroupsFile(Strict):
    groups: tuple[Group, ...]


# ---------------------------------------------------------------------- frames.yaml
class ArgSpec(Strict):
    """Which tokens fill a role (argument kinds, tried in order until one gives an entity) and the
    groups the entity must belong to."""

    arg: Annotated[tuple[str, ...], Field(min_length=1)]
    group: GroupNames = ("any",)

    @field_validator("arg")
    @classmethod
    def _kinds(cls, specs: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        for spec in specs:
            kind, word = arguments.parse(spec)
            if kind.word_is_group:
                _check_groups((word,), info)
        return specs


class Frame(Rule):
    """A trigger word (lemma) of the given parts of speech."""

    lemmas: Words
    pos: Annotated[tuple[Pos, ...], Field(min_length=1)]
    confidence: Confidence = 0.7


class RelationFrame(Frame):
    predicate: Predicate
    subject: ArgSpec
    object: ArgSpec
    inverse: bool = False  # the object is the relation's subject ("X issued Y": Y issuedBy X)
    pair_conjoined_subjects: bool = False  # "Meta and Microsoft teamed up": no object, pair the subjects


class EventFrame(Frame):
    type: EventType
    actor: ArgSpec
    target: ArgSpec | None = None  # None: completion finds it (the licensor of a breached licence)
    cause: ArgSpec | None = None
    status: Status | None = None
    requires_word: str | None = None  # a word the sentence must hold
    requires_object_lemma: tuple[str, ...] = ()  # what the trigger acts on must be one of these
    or_named_object: bool = False  # ... or a named organisation
    requires_doc_word: tuple[str, ...] = ()  # one of these must be in the document
    actor_list: str | None = None  # the actor must be on this named list
    cause_list: str | None = None  # the cause must be on this named list (else one named nearby)
    cause_in_sentence: bool = False  # ... named in the trigger's sentence, not nearby


class NamedList(Rule):
    """Entities named by knowledge-base id or by words of their name (a sanctions authority, the
    lists whose additions are export controls)."""

    traced: ClassVar[bool] = False
    kb_ids: tuple[str, ...] = ()
    name_words: tuple[str, ...] = ()


class FramesSettings(Strict):
    list_window_sentences: Annotated[int, Field(ge=0)] = 3


class FramesFile(Strict):
    settings: FramesSettings = FramesSettings()
    relations: tuple[RelationFrame, ...]
    events: tuple[EventFrame, ...]
    named_lists: tuple[NamedList, ...]

    @model_validator(mode="after")
    def _lists_known(self) -> FramesFile:
        names = {n.name for n in self.named_lists}
        for frame in self.events:
            for key in ("actor_list", "cause_list"):
                value = getattr(frame, key)
                if value is not None and value not in names:
                    raise ValueError(f"event frame {frame.name!r}: {key} {value!r} is not in named_lists "
                                     f"({', '.join(sorted(names))})")
        return self


# ---------------------------------------------------------------------- arguments.yaml
class ArgumentsFile(Strict):
    """Words the argument kinds and argument resolution read."""

    bearer_verbs: WordClass
    support_verbs: WordClass
    judging_verbs: WordClass
    grounds_prepositions: WordClass
    complex_preposition_nouns: WordClass
    generic_actor_nouns: WordClass
    relational_nouns: WordClass
    collective_nouns: WordClass
    naming_verbs: WordClass


# ---------------------------------------------------------------------- coreference.yaml
class PronounRule(Rule):
    words: Words
    plural: Words
    group: GroupName

    @model_validator(mode="after")
    def _plural_listed(self) -> PronounRule:
        extra = set(self.plural) - set(self.words)
        if extra:
            raise ValueError(f"plural pronouns not in words: {', '.join(sorted(extra))}")
        return self


class DescriptionRule(Rule):
    """"the company", "the Department": a definite noun that refers back to an entity of ``group``."""

    nouns: Words
    group: GroupName
    match_name: bool = False  # the noun must be a word of the entity's name ("the Department")
    generic_nouns: tuple[str, ...] = ()  # ... except these, when tied to a place ("Italy's regulator")


class CoreferenceFile(Strict):
    pronouns: PronounRule
    company_descriptions: DescriptionRule
    government_descriptions: DescriptionRule


# ---------------------------------------------------------------------- entities.yaml, roles.yaml
class NameTest(StrEnum):
    label = "label"  # any name with the label
    first_words = "first_words"  # the name starts with one of the words (case folded)
    contains = "contains"  # the name holds one of the words (case folded)
    last_word = "last_word"  # the name's last word is one of the words (exact case), and it has two words or more


class TypingRule(Rule):
    """A name NER labelled ``labels`` is of class ``class`` when ``test`` holds (first rule wins)."""

    labels: Annotated[tuple[NerLabel, ...], Field(min_length=1)]
    test: NameTest
    words: tuple[str, ...] = ()
    cls: EntityClass = Field(alias="class")

    @model_validator(mode="after")
    def _words_needed(self) -> TypingRule:
        if (self.test is NameTest.label) == bool(self.words):
            raise ValueError("a 'label' rule lists no words; every other test lists them")
        return self


class MissedCompanies(Rule):
    """Company names NER missed that a legal suffix marks ("Globex Corporation")."""

    suffix_rule: str  # the typing rule whose words are the suffixes


class MissedProducts(Rule):
    """Names right before a product noun ("Kestrel's Osprey model")."""

    nouns: Words
    not_labels: tuple[NerLabel, ...] = ()


class EntitiesFile(Strict):
    min_name_length: Annotated[int, Field(ge=1)] = 2
    typing: tuple[TypingRule, ...]
    ignored_names: WordClass
    missed_companies: MissedCompanies
    missed_products: MissedProducts
    titled_people: Rule

    @model_validator(mode="after")
    def _suffix_rule(self) -> EntitiesFile:
        rule = next((r for r in self.typing if r.name == self.missed_companies.suffix_rule), None)
        if rule is None or rule.test is not NameTest.last_word:
            raise ValueError(f"missed_companies: suffix_rule {self.missed_companies.suffix_rule!r} is no "
                             "'last_word' rule of typing")
        return self

    def typing_rule(self, name: str) -> TypingRule:
        return next(r for r in self.typing if r.name == name)


class RolesFile(Strict):
    role_words: WordClass  # capitalised, as in a title
    title_glue: WordClass  # small words inside a title ("Secretary of Commerce")
    title_edges: WordClass  # words trimmed from either end of a title ("an analyst at" -> analyst)


# ---------------------------------------------------------------------- patterns.yaml
class Direction(StrEnum):
    forward = "forward"  # the owner (X of "X's Y", the named X of "X, the parent of Y") is the subject
    reverse = "reverse"


class Apposition(Rule):
    """"X, the <noun> of Y", "Y's <noun>, X", "X is a <noun> of Y"."""

    nouns: Words
    predicate: Predicate
    direction: Direction
    preps: Words


class PairRule(Rule):
    """"X's Y" (or "Y of X") between an owner of group ``owner`` and an owned entity of group ``owned``."""

    owner: GroupName
    owned: GroupName
    predicate: Predicate
    direction: Direction
    when_other_licensor: Predicate | None = None  # "Huawei's licence" granted by another: licensee instead


class OfPhrase(PairRule):
    preps: Words


class HyphenRule(Rule):
    """"X-owned Y", "X-backed Y": X <predicate> Y."""

    participles: Words
    predicate: Predicate


class NationalityRule(Rule):
    """"the Chinese company X": a nationality adjective on one of these nouns places the entity."""

    nouns: Words


class PlaceModifierRule(Rule):
    """"the Singapore start-up X": a place before a noun of an organisation places it."""

    negative_prefixes: Words  # "its non-U.S. affiliates"
    surface_endings: Words  # nouns of an organisation beyond the nationality nouns, by their ending ("start-up")
    lemma_endings: Words  # ... and by the ending of their lemma ("reseller", "operator")


class CustomersRule(Rule):
    """"Its customers include A and B", "customers such as A": A and B depend on the possessor."""

    nouns: Words
    list_verbs: Words
    list_preps: Words


class TitleOrganisations(Rule):
    """A title alone that names its organisation ("Commerce Secretary") -> knowledge-base id."""

    titles: dict[str, str]


class PatternsFile(Strict):
    appositions: tuple[Apposition, ...]
    possessives: tuple[PairRule, ...]
    of_phrases: tuple[OfPhrase, ...]
    hyphen_participles: tuple[HyphenRule, ...]
    named_after: Rule
    nationality: NationalityRule
    place_based: WordClass
    place_modifier: PlaceModifierRule
    customers: CustomersRule
    job_titles: Rule
    title_organisations: TitleOrganisations
    places_in_names: Rule

    @model_validator(mode="after")
    def _nouns_once(self) -> PatternsFile:
        seen: dict[str, str] = {}
        for rule in self.appositions:
            for noun in rule.nouns:
                if noun in seen:
                    raise ValueError(f"apposition noun {noun!r} is in both {seen[noun]!r} and {rule.name!r}")
                seen[noun] = rule.name
        return self


# ---------------------------------------------------------------------- licences.yaml
class TermsRule(Rule):
    phrases: Words
    canonical: str  # "<licensor> <canonical>" names the instrument


class LicenceNouns(Rule):
    nouns: Words
    canonical: str


class ProhibitionRule(Rule):
    verbs: Words
    forbidden: GroupName  # the group of what a licence can forbid


class LicencesFile(Strict):
    terms: TermsRule
    licence_nouns: LicenceNouns
    agreements: WordClass  # a licence only with a licence kind before it ("reseller agreement")
    licence_kinds: WordClass
    licence_verbs: WordClass
    licensor_prepositions: WordClass
    covered_prepositions: WordClass
    use_verbs: WordClass
    holder_verbs: WordClass
    grantor_verbs: WordClass
    prohibitions: ProhibitionRule
    named_licences: Rule


# ---------------------------------------------------------------------- modality.yaml
class DenialRule(Rule):
    lemmas: Words
    negation: bool = True


class HedgeRule(Rule):
    lemmas: Words
    words: tuple[str, ...] = ()  # surface forms anywhere in the sentence


class CueRule(Rule):
    lemmas: Words


class StatusRule(Rule):
    status: Status
    words: Words


class ModalityFile(Strict):
    factors: dict[str, Annotated[float, Field(gt=0, le=1)]]
    default_status: Status
    denial: DenialRule
    hedging: HedgeRule
    reported_speech: CueRule
    status: tuple[StatusRule, ...]
    advocacy: WordClass

    @field_validator("factors")
    @classmethod
    def _modalities(cls, factors: dict[str, float]) -> dict[str, float]:
        from riskgraph.ontology.vocabulary import allowed_values

        missing = set(allowed_values("modality")) ^ set(factors)
        if missing:
            raise ValueError(f"factors must list exactly {', '.join(allowed_values('modality'))}")
        return factors


# ---------------------------------------------------------------------- events.yaml
class EventKind(Rule):
    """Event classes completion treats alike (see events.yaml)."""

    traced: ClassVar[bool] = False
    events: Annotated[tuple[EventType, ...], Field(min_length=1)]


class EventKinds(Strict):
    government_actions: EventKind
    provider_actions: EventKind
    shared_actions: EventKind
    provider_probes: EventKind
    sibling_actor_events: EventKind
    breaches: EventKind


class EventRole(StrEnum):
    actor = "actor"
    target = "target"
    cause = "cause"


class ImpliedRelation(Rule):
    """An event of one of ``events`` whose roles are filled by entities of the given groups implies
    each of ``relations`` (``[role, property, role]``)."""

    events: Annotated[tuple[EventType, ...], Field(min_length=1)]
    where: dict[EventRole, GroupNames] = Field(default_factory=dict)
    unless_status: tuple[Status, ...] = ()
    unless_modality: tuple[ModalityName, ...] = ()
    relations: Annotated[tuple[tuple[EventRole, Predicate, EventRole], ...], Field(min_length=1)]
    confidence_factor: Confidence = 0.9


class RelationEnd(StrEnum):
    subject = "subject"
    object = "object"


class RelationImplication(Rule):
    """A relation ``predicate`` whose object is of ``object_group`` implies each of ``relations``."""

    predicate: Predicate
    object_group: GroupName
    relations: Annotated[tuple[tuple[RelationEnd, Predicate, RelationEnd], ...], Field(min_length=1)]


class EventsFile(Strict):
    event_kinds: EventKinds
    access_nouns: WordClass
    implied_relations: tuple[ImpliedRelation, ...]
    relation_implications: tuple[RelationImplication, ...]


FILES: dict[str, type[Strict]] = {
    "groups.yaml": GroupsFile,
    "arguments.yaml": ArgumentsFile,
    "coreference.yaml": CoreferenceFile,
    "roles.yaml": RolesFile,
    "entities.yaml": EntitiesFile,
    "frames.yaml": FramesFile,
    "patterns.yaml": PatternsFile,
    "licences.yaml": LicencesFile,
    "modality.yaml": ModalityFile,
    "events.yaml": EventsFile,
}
