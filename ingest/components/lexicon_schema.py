"""What each rule file under ``ingest/lexicons/`` holds: one model per file, one per kind of rule
(the files about names and phrases in ``lexicon_phrases``).

Unknown keys, wrong types, unknown ontology terms, unknown argument kinds or groups and duplicate
names are errors at load time (``lexicon.load_lexicon``), reported with the file, the rule and the key.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, ValidationInfo, field_validator, model_validator

from riskgraph.ingest.components import arguments
from riskgraph.ingest.components.lexicon_instruments import InstrumentsFile
from riskgraph.ingest.components.lexicon_phrases import (
    EntitiesFile,
    LicencesFile,
    ModalityFile,
    PatternsFile,
    RolesFile,
)
from riskgraph.ingest.components.lexicon_types import (
    Confidence,
    EntityClass,
    EventType,
    GroupName,
    GroupNames,
    ModalityName,
    Pos,
    Predicate,
    Rule,
    Status,
    Strict,
    WordClass,
    Words,
    check_groups,
)


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
                check_groups((word,), info)
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
    """An event trigger. A frame with conditions (requires_...) that holds on a trigger, with an actor,
    wins over a frame without conditions on the same word ("revoked export licences" is an export
    control, not a suspension)."""

    type: EventType
    actor: ArgSpec
    target: ArgSpec | None = None  # None: completion finds it (the licensor of a breached licence)
    cause: ArgSpec | None = None
    status: Status | None = None
    requires_word: str | None = None  # a word the sentence must hold
    requires_any_word: tuple[str, ...] = ()  # one of these words (or word beginnings) the sentence must hold
    requires_head_lemma: tuple[str, ...] = ()  # the verb the trigger complements ("stopped shipping")
    requires_modifier_lemma: tuple[str, ...] = ()  # a word before the noun ("licence requirement")
    requires_adverb_lemma: tuple[str, ...] = ()  # an adverb of the trigger, as written ("will no longer supply")
    unnamed_object: bool = False  # the object word must name no instrument ("signed a licence agreement": a licence)
    requires_actor: bool = False  # no event unless the text names who acts ("the app was removed": none)
    requires_target: bool = False  # no event without a party it hits ("identified three categories": none)
    no_target: bool = False  # a finding about the actor alone ("X abused its dominance"): no one it is against
    requires_object_lemma: tuple[str, ...] = ()  # what the trigger acts on must be one of these
    or_named_object: bool = False  # ... or a named organisation
    forbids_arg: tuple[str, ...] = ()  # argument kinds that must find nothing ("destination": no "to X")
    requires_arg: tuple[str, ...] = ()  # argument kinds one of which must find something
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
    accusing_verbs: WordClass
    grounds_nouns: WordClass
    complex_preposition_nouns: WordClass
    generic_actor_nouns: WordClass
    relational_nouns: WordClass
    collective_nouns: WordClass
    naming_verbs: WordClass
    control_verbs: WordClass
    compelling_verbs: WordClass
    business_nouns: WordClass
    supplying_verbs: WordClass
    using_verbs: WordClass
    share_words: WordClass
    listing_verbs: WordClass
    example_prepositions: WordClass
    exception_prepositions: WordClass
    maker_prepositions: WordClass
    maker_participles: WordClass


# ---------------------------------------------------------------------- coreference.yaml
class PronounRule(Rule):
    words: Words
    plural: Words
    reflexive: Words  # the only object pronouns that may be their own verb's subject
    group: GroupName

    @model_validator(mode="after")
    def _plural_listed(self) -> PronounRule:
        extra = (set(self.plural) | set(self.reflexive)) - set(self.words)
        if extra:
            raise ValueError(f"plural or reflexive pronouns not in words: {', '.join(sorted(extra))}")
        return self


class DescriptionRule(Rule):
    """"the company", "the Department": a definite noun that refers back to an entity of ``group``."""

    nouns: Words
    group: GroupName
    match_name: bool = False  # the noun must be a word of the entity's name ("the Department")
    generic_nouns: tuple[str, ...] = ()  # ... except these, when tied to a place ("Italy's regulator")
    same_noun: bool = False  # the antecedent was named with this noun ("the Nova chatbot" ... "the chatbot")


class PluralRule(Rule):
    """"the apps" after "59 apps, including A and B": a definite plural noun stands for the members
    an earlier noun of the same word listed, within ``window`` sentences."""

    determiners: Words
    window: Annotated[int, Field(ge=0)]


class SpeakerRule(Rule):
    """"'... our partnership ...,' said Jane Roe, Globex's chief executive": a first-person pronoun
    (``words``) stands for the organisation of the one a verb of ``verbs`` says spoke."""

    words: Words
    verbs: Words


class CoreferenceFile(Strict):
    pronouns: PronounRule
    company_descriptions: DescriptionRule
    government_descriptions: DescriptionRule
    instrument_descriptions: DescriptionRule
    product_descriptions: DescriptionRule
    place_descriptions: DescriptionRule
    plural_descriptions: PluralRule
    speakers: SpeakerRule


# ---------------------------------------------------------------------- events.yaml
class EventKind(Rule):
    """Event classes completion treats alike (see events.yaml)."""

    traced: ClassVar[bool] = False
    events: Annotated[tuple[EventType, ...], Field(min_length=1)]


class DealNouns(Rule):
    """"blocked the deal": a definite noun for a deal an action falls on stands for the party that
    makes the deal, the actor of the latest happening of ``events`` before it."""

    traced: ClassVar[bool] = False
    words: Words
    events: Annotated[tuple[EventType, ...], Field(min_length=1)]
    dating_verbs: tuple[str, ...] = ()  # "the deal, announced in September 2020": its date is the deal's


class EventKinds(Strict):
    government_actions: EventKind
    provider_actions: EventKind
    shared_actions: EventKind
    provider_probes: EventKind
    sibling_actor_events: EventKind
    breaches: EventKind
    answers: EventKind
    continued_probes: EventKind
    party_actions: EventKind


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
    described: tuple[EventRole, ...] = ()  # roles filled by an entity the text describes, not one it names
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
    government_nouns: WordClass
    event_references: WordClass
    instrument_subjects: Rule  # "those controls restricted exports": no actor named
    similar_events: WordClass
    conduct_nouns: WordClass
    deal_nouns: DealNouns
    appealed_acts: WordClass  # "X's appeal against its designation": the story's body designated X
    government_and_body: Rule  # "Turkey lifted its block ... blocked by the telecoms authority": one happening
    summary_first: Rule  # "Commerce on Monday added three companies ... A, B and C were added by BIS"
    implied_relations: tuple[ImpliedRelation, ...]
    relation_implications: tuple[RelationImplication, ...]


# ---------------------------------------------------------------------- dates.yaml
class RelativeDays(Rule):
    traced: ClassVar[bool] = False
    offsets: dict[str, int]


class TimeAgo(Rule):
    traced: ClassVar[bool] = False
    word: str
    units: dict[str, Annotated[int, Field(gt=0)]]
    numbers: dict[str, Annotated[int, Field(gt=0)]]


class LeadDay(Rule):
    max_days: Annotated[int, Field(gt=0)]
    paragraphs: Annotated[int, Field(gt=0)] = 1  # how many paragraphs after the title make the lead


class PartsOfYear(Rule):
    traced: ClassVar[bool] = False
    months: dict[str, Annotated[int, Field(ge=1, le=12)]]


class RelativeYears(Rule):
    traced: ClassVar[bool] = False
    offsets: dict[str, int]


class DatesFile(Strict):
    months: WordClass
    weekdays: WordClass  # Monday first
    relative_days: RelativeDays
    relative_years: RelativeYears
    anaphoric_years: WordClass  # "later that year": the year the text last named
    time_ago: TimeAgo
    parts_of_year: PartsOfYear
    deadlines: WordClass
    start_words: WordClass  # "blocked X from April 2017": a start in the past is when it took effect
    report_verbs: WordClass
    beginning_verbs: WordClass  # "the investigation began in March": a re-mention that dates the happening
    nested_events: Rule  # "today blocked the proposed acquisition": today dates the block, not the acquisition
    subject_participles: Rule  # "rules issued last October restricted exports": October dates the restriction
    own_clause: Rule  # "fined X in January 2018, a decision X is appealing": January 2018 is no date of the appeal
    noun_modifiers: Rule  # "after the October rules took effect": October dates the rules
    lead_day: LeadDay  # a happening the text gives no date of takes its lead's day

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, weekdays: WordClass) -> WordClass:
        if len(weekdays.words) != 7:
            raise ValueError("weekdays lists the seven days, Monday first")
        return weekdays


FILES: dict[str, type[Strict]] = {
    "groups.yaml": GroupsFile,
    "arguments.yaml": ArgumentsFile,
    "coreference.yaml": CoreferenceFile,
    "roles.yaml": RolesFile,
    "entities.yaml": EntitiesFile,
    "frames.yaml": FramesFile,
    "patterns.yaml": PatternsFile,
    "licences.yaml": LicencesFile,
    "instruments.yaml": InstrumentsFile,
    "modality.yaml": ModalityFile,
    "events.yaml": EventsFile,
    "dates.yaml": DatesFile,
}
