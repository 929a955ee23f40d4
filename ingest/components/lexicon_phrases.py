"""What the rule files about names and phrases hold: ``entities.yaml``, ``roles.yaml``,
``patterns.yaml``, ``licences.yaml`` and ``modality.yaml`` (see ``lexicon_schema`` for the others)."""
from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from riskgraph.ingest.components.lexicon_types import (
    EntityClass,
    GroupName,
    NerLabel,
    Predicate,
    Rule,
    Status,
    Strict,
    WordClass,
    Words,
)


# ---------------------------------------------------------------------- entities.yaml, roles.yaml
class NameTest(StrEnum):
    label = "label"  # any name with the label
    first_words = "first_words"  # the name starts with one of the words (case folded)
    contains = "contains"  # the name holds one of the words (case folded)
    last_word = "last_word"  # the name's last word is one of the words (exact case), and it has two words or more
    last_word_shape = "last_word_shape"  # the name's last word has one of the shapes (regular expressions)


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
        if self.test is NameTest.last_word_shape:
            for shape in self.words:
                try:
                    re.compile(shape)
                except re.error as exc:
                    raise ValueError(f"shape {shape!r} is no regular expression: {exc}") from None
        return self


class MissedCompanies(Rule):
    """Company names NER missed that a legal suffix marks ("Globex Corporation")."""

    suffix_rule: str  # the typing rule whose words are the suffixes
    legal_forms: Words = ()  # suffixes that end a subsidiary's name after a known name ("Globex Labs Limited")
    legal_prefixes: Words = ()  # legal forms written before the name ("OOO Globex Group")


class MissedProducts(Rule):
    """Names right before a product noun ("Kestrel's Osprey model")."""

    nouns: Words
    not_labels: tuple[NerLabel, ...] = ()


class SeatsRule(Rule):
    """A seat of government ("Washington", "Beijing") that heads an argument stands for the government
    it hosts; after one of ``place_prepositions`` ("in Tokyo") it is the city."""

    place_prepositions: Words


class CitiesBeforePlaces(Rule):
    """"the Boise, Idaho-based company": a name right before a comma and a place that one of
    ``words`` follows ("-based") is a city, whatever NER took it for."""

    words: Words


class CoordinatedBodies(Rule):
    """"the Commerce, Defense and State departments": each word before a plural body noun with it."""

    nouns: Words


class PortfolioTitles(Rule):
    """"Trade Minister Jane Roe": the portfolio words before a title of ``titles`` (title -> the body's
    first words: "Minister" -> "Ministry of") name the ministry; ``title_nouns`` make the forms the
    knowledge base knows titles by ("trade ministry"); ``names``: portfolio words whose ministry is
    named otherwise ("Foreign" -> "Foreign Affairs")."""

    titles: dict[str, str]
    title_nouns: Words
    not_portfolio_words: Words = ()
    stop_labels: Words = ()  # NER labels of words that end the portfolio ("Japan", "Dutch")
    names: dict[str, str] = Field(default_factory=dict)


class BareTitles(Rule):
    """"the President": an office's bare title after one of ``determiners``, with no name or "of" after
    it, is the office of the country the document is about (offices list their titles in the gazetteer)."""

    determiners: Words


class CitationsRule(Rule):
    """Legal citations NER misses ("15 C.F.R. § 744.21", "47 CFR Part 54"), by their shape: a
    Regulation named as written."""

    shapes: Words


class LawParts(Rule):
    """"Section 2 of the Sherman Act": a part of a law (``words``) is a part of the law it names, which
    is then an entity too; who violates or is bound by the part (``predicates``) is by the law."""

    words: Words
    predicates: tuple[Predicate, ...]


class EntitiesFile(Strict):
    min_name_length: Annotated[int, Field(ge=1)] = 2
    typing: tuple[TypingRule, ...]
    ignored_names: WordClass
    dangling_ends: WordClass
    missed_companies: MissedCompanies
    missed_products: MissedProducts
    titled_people: Rule
    seats_of_government: SeatsRule
    cities_before_places: CitiesBeforePlaces
    dateline_names: Rule
    inner_names: Rule
    legal_form_spellings: Rule
    bare_titles: BareTitles
    portfolio_titles: PortfolioTitles
    coordinated_bodies: CoordinatedBodies
    citations: CitationsRule
    law_parts: LawParts

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
    """"Its customers include A and B", "customers such as A": A and B stand in ``predicate`` to the
    possessor (forward: member predicate possessor; reverse: possessor predicate member)."""

    nouns: Words
    list_verbs: Words
    list_preps: Words
    predicate: Predicate = "dependsOn"
    direction: Direction = Direction.forward
    # with no possessor ("Competitors like A and B offered ..."), the company the document names most
    principal_owner: bool = False


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
    members: tuple[CustomersRule, ...] = ()
    job_titles: Rule
    title_organisations: TitleOrganisations
    places_in_names: Rule
    place_in_parentheses: Rule
    bound_under: WordClass
    rival_titles: WordClass
    described_as: WordClass

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


class OwnLicenceRule(Rule):
    """Relations a licensor cannot have with its own licence."""

    grant: Predicate
    from_licence: tuple[Predicate, ...] = ()
    to_licence: tuple[Predicate, ...] = ()


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
    party_verbs: WordClass
    breach_verbs: WordClass
    grantor_verbs: WordClass
    breach_nouns: WordClass  # "X suspended Y over breaches of its agreement": X grants it, Y holds it
    prohibitions: ProhibitionRule
    named_licences: Rule
    own_licence: OwnLicenceRule


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


class NegationRule(Rule):
    """"does not control", "no direct relationship", "is not a customer": the text says it is not so."""

    determiners: Words
    preventing_verbs: Words = ()  # "barred X from offering Y": X does not offer Y


class HypotheticalRule(Rule):
    """"could face fines", "may ban", "if X bans Y": a trigger under one of these modals or
    conditional marks names no event."""

    modals: Words
    marks: Words
    aim_verbs: Words = ()  # "sued to block the deal": the "to" clause is what the suit seeks
    aim_nouns: Words = ()  # "its campaign to cut X off": the "to" clause is what the campaign seeks


class ModalityFile(Strict):
    factors: dict[str, Annotated[float, Field(gt=0, le=1)]]
    default_status: Status
    denial: DenialRule
    negation: NegationRule
    hedging: HedgeRule
    reported_speech: CueRule
    status: tuple[StatusRule, ...]
    advocacy: WordClass
    hypothetical: HypotheticalRule

    @field_validator("factors")
    @classmethod
    def _modalities(cls, factors: dict[str, float]) -> dict[str, float]:
        from riskgraph.ontology.vocabulary import allowed_values

        missing = set(allowed_values("modality")) ^ set(factors)
        if missing:
            raise ValueError(f"factors must list exactly {', '.join(allowed_values('modality'))}")
        return factors
